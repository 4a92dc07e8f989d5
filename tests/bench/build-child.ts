// One pipeline build in its own process, reporting wall time and peak memory (the process's maximum
// resident set, worker threads included) as one JSON line on stdout.
//   build-child.ts cold POSTS CATEGORIES OUT CACHE_DIR   a CLI-style build (reads and writes the cache file)
//   build-child.ts warm POSTS CATEGORIES OUT EDIT_FILE   the dev server's case: a build, then EDIT_FILE is
//                                                        changed and the data rebuilt with the cache in memory
import { appendFileSync } from 'node:fs'
import { buildContent } from '../../src/pipeline/build-content.ts'
import { PostCache } from '../../src/pipeline/post-cache.ts'

const [mode, posts, categories, out, extra] = process.argv.slice(2)
if ((mode !== 'cold' && mode !== 'warm') || !posts || !out || !extra) {
  console.error('usage: build-child.ts cold|warm POSTS CATEGORIES OUT CACHE_DIR|EDIT_FILE')
  process.exit(2)
}
const options = { posts, categories: categories || null, out }
let seconds: number
let parsed: number
let phases: Record<string, number>
if (mode === 'cold') {
  const started = performance.now()
  const result = await buildContent({ ...options, cacheDir: extra })
  seconds = (performance.now() - started) / 1000
  parsed = result.stats.parsed
  phases = result.stats.seconds
} else {
  const cache = PostCache.open(null, posts, '')
  await buildContent({ ...options, cacheDir: null, cache })
  appendFileSync(extra, '\n<p>（基准测试修改了这一段。）</p>\n')
  const started = performance.now()
  const result = await buildContent({ ...options, cacheDir: null, cache })
  seconds = (performance.now() - started) / 1000
  parsed = result.stats.parsed
  phases = result.stats.seconds
}
console.log(JSON.stringify({ seconds, parsed, phases, peakMB: process.resourceUsage().maxRSS / 1024 }))
