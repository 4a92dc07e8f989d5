// `--watch` in a process of its own, as `npm run content -- --watch --cache C` runs it: the archive index of
// an earlier build opened, a first build (which finds nothing changed), then the folder watched; each change
// is written and timed from the write until its rebuild has finished (the watcher's event and the wait
// for a burst of saves to end included). Prints one JSON line: per change, those seconds, the build's own,
// posts parsed and files written; and the process's peak memory (its maximum resident set, threads included).
//   build-child.ts POSTS CATEGORIES OUT CACHE_DIR CHANGES_JSON
// CHANGES_JSON names a file holding [{ label, file, text }]: `file` (absolute) is written with `text`.
import { readFileSync, writeFileSync } from 'node:fs'
import { openIndex, type ContentResult } from '../../src/pipeline/build-content.ts'
import { ContentRebuilds } from '../../src/pipeline/watch/content-watch.ts'

interface Change {
  label: string
  file: string
  text: string
}

export interface WatchRun {
  label: string
  /** From the write to the end of its rebuild. */
  seconds: number
  /** The rebuild alone. */
  buildSeconds: number
  parsed: number
  filesWritten: number
}

export interface WatchResult {
  firstBuild: { seconds: number; parsed: number }
  changes: WatchRun[]
  peakMB: number
}

const [posts, categories, out, cacheDir, changesFile] = process.argv.slice(2)
if (!posts || !out || !cacheDir || !changesFile) {
  console.error('usage: build-child.ts POSTS CATEGORIES OUT CACHE_DIR CHANGES_JSON')
  process.exit(2)
}
const changes = JSON.parse(readFileSync(changesFile, 'utf8')) as Change[]

const content = { posts, categories: categories || null, out }
const index = openIndex(cacheDir, posts, out)
/** The build the bench waits for: settled by the next build's end. */
let waiting: { resolve: (result: ContentResult) => void; reject: (error: unknown) => void } | null = null
const nextBuild = (): Promise<ContentResult> => new Promise((resolve, reject) => (waiting = { resolve, reject }))
const rebuilds = new ContentRebuilds(content, index, {
  built(result) {
    waiting?.resolve(result)
  },
  failed(error) {
    waiting?.reject(error)
  },
})

try {
  const started = performance.now()
  const first = nextBuild()
  await rebuilds.build(true)
  const firstResult = await first
  const result: WatchResult = {
    firstBuild: { seconds: (performance.now() - started) / 1000, parsed: firstResult.stats.parsed },
    changes: [],
    peakMB: 0,
  }
  const stop = rebuilds.follow()
  for (const change of changes) {
    const rebuilt = nextBuild()
    const at = performance.now()
    writeFileSync(change.file, change.text)
    const r = await rebuilt
    result.changes.push({
      label: change.label,
      seconds: (performance.now() - at) / 1000,
      buildSeconds: r.stats.seconds.total ?? 0,
      parsed: r.stats.parsed,
      filesWritten: r.stats.filesWritten,
    })
  }
  stop()
  await rebuilds.stop()
  result.peakMB = process.resourceUsage().maxRSS / 1024
  console.log(JSON.stringify(result))
} finally {
  index.close()
}
