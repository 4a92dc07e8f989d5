// One pipeline build in its own process, reporting wall time and peak memory (the process's maximum
// resident set, worker threads included), the time of each phase and what it wrote, as one JSON line on
// stdout.
//   build-child.ts cold POSTS CATEGORIES OUT CACHE_DIR   a CLI-style build (reads and writes the cache file)
//   build-child.ts warm POSTS CATEGORIES OUT FILE TEXT   the dev server's case: a build, then FILE is written
//                                                        with the text in TEXT (an edit, or a new post) and the
//                                                        data rebuilt with the cache in memory
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { buildContent } from '../../src/pipeline/build-content.ts'
import { PostCache } from '../../src/pipeline/index/post-cache.ts'

const [mode, posts, categories, out, extra, textFile] = process.argv.slice(2)
if ((mode !== 'cold' && mode !== 'warm') || !posts || !out || !extra) {
  console.error('usage: build-child.ts cold POSTS CATEGORIES OUT CACHE_DIR | warm POSTS CATEGORIES OUT FILE TEXT')
  process.exit(2)
}
const options = { posts, categories: categories || null, out }
let seconds: number
let parsed: number
let phases: Record<string, number>
let filesWritten: number
let bytesWritten: number
if (mode === 'cold') {
  const started = performance.now()
  const result = await buildContent({ ...options, cacheDir: extra })
  seconds = (performance.now() - started) / 1000
  parsed = result.stats.parsed
  phases = result.stats.seconds
  filesWritten = result.stats.filesWritten
  bytesWritten = result.stats.bytesWritten
} else {
  const cache = PostCache.open(null, posts, '')
  await buildContent({ ...options, cacheDir: null, cache })
  // The author edits a while after the server started: by then the first build's files are on disk.
  execFileSync('sync')
  writeFileSync(extra, readFileSync(textFile ?? '', 'utf8'))
  const started = performance.now()
  // The dev server's watcher names the changed file; the build looks again only at that one.
  const result = await buildContent({ ...options, cacheDir: null, cache, changed: [extra] })
  seconds = (performance.now() - started) / 1000
  parsed = result.stats.parsed
  phases = result.stats.seconds
  filesWritten = result.stats.filesWritten
  bytesWritten = result.stats.bytesWritten
}
console.log(JSON.stringify({ seconds, parsed, phases, filesWritten, bytesWritten, peakMB: process.resourceUsage().maxRSS / 1024 }))
