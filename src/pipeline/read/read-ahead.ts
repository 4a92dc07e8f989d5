// Reading the posts ahead of the parsers. When the posts are not in the operating system's page cache
// (a first build after a reboot, or after other work pushed them out), each parser thread waits on the
// disk for every small file it opens: 66 µs a file here, one read at a time, with the CPU idle meanwhile.
// A few reader threads read the files first, in the order they will be parsed, several at a time, so
// the parsers find them in the cache. The readers wait on the disk and take little CPU; once the files
// they read come back quickly (already cached), they stop.
import { Worker } from 'node:worker_threads'

/** Plain JavaScript, so a reader starts without the TypeScript loader. */
const READER = `
const { workerData } = require('node:worker_threads')
const { closeSync, openSync, readSync } = require('node:fs')
const { join } = require('node:path')
const buffer = Buffer.allocUnsafe(1 << 16)
const { dir, chunks, cachedMicros } = workerData
for (const chunk of chunks) {
  const started = process.hrtime.bigint()
  for (const file of chunk) {
    try {
      const fd = openSync(join(dir, file), 'r')
      try {
        while (readSync(fd, buffer, 0, buffer.length, null) === buffer.length);
      } finally {
        closeSync(fd)
      }
    } catch {
      // the parser reports a file it cannot read
    }
  }
  if (Number(process.hrtime.bigint() - started) / 1000 / chunk.length < cachedMicros) break
}
`

const CHUNK = 64
/**
 * Fewer files than this are read without readers. Each reader thread costs about 0.4 s of CPU to start (8
 * of them: 3.2 s, on two cores), while 500 new posts, just written by the scraper, are in the cache
 * anyway: starting the readers took a cron run of 500 posts from 2.6 to 3.3 s at 100,000 posts.
 */
export const READ_AHEAD_FROM = 20_000
/** Reads that return faster than this (µs a file) come from the page cache: nothing to read ahead. */
const CACHED_MICROS = 20

/**
 * Starts `threads` readers over `files` (relative to `dir`), in order: reader i takes chunks i, i +
 * threads, …, so together they move through the list front to back. Returns a function that stops them.
 */
export function readAhead(dir: string, files: readonly string[], threads = 8): () => Promise<void> {
  const chunks: string[][] = []
  for (let i = 0; i < files.length; i += CHUNK) chunks.push(files.slice(i, i + CHUNK))
  const readers: Worker[] = []
  for (let t = 0; t < threads && t < chunks.length; t++) {
    const own = chunks.filter((_, i) => i % threads === t)
    const reader = new Worker(READER, { eval: true, workerData: { dir, chunks: own, cachedMicros: CACHED_MICROS } })
    // A reader that fails only means less reading ahead.
    reader.on('error', () => undefined)
    readers.push(reader)
  }
  return async () => {
    await Promise.all(readers.map((r) => r.terminate()))
  }
}
