// `npm run bench [-- --sizes 1000,10000,100000] [--no-others] [--jekyll-max N]`
// Prints, for generated archives of each size: posts per second, wall time and peak memory of a full
// build (with its phases, and the time the disk alone takes to write the same files), with the posts on the
// disk (the page cache emptied first, where the bench runs as root) and in memory, and of a one-post
// rebuild (from the CLI, and in a warm dev server); Hugo's and Jekyll's times on
// the same posts where they are installed; the gzipped JavaScript of each route; and the data the
// first screen of a feed needs, for a 100-post and the largest archive. Each timed run starts with the disk
// flushed (`sync`), and none follows a large deletion: finished folders are deleted at the end (scratch.ts).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildSite } from '../../src/pipeline/build-site.ts'
import { firstScreenData, routeScripts, formatKB } from './bundle-size.ts'
import { generateArchive } from './generate-archive.ts'
import { buildWithHugo, buildWithJekyll, installed, type GeneratorRun } from './other-generators.ts'
import { Scratch } from './scratch.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const WORK = join(ROOT, 'node_modules', '.cache', 'finews-bench')
const GENERATOR_VERSION = '1'
const scratch = new Scratch(WORK)

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    'no-others': { type: 'boolean', default: false },
    'jekyll-max': { type: 'string', default: '2000' },
  },
})
const sizes = values.sizes.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0)
const jekyllMax = Number(values['jekyll-max'])

interface ChildResult {
  seconds: number
  parsed: number
  /** Seconds per phase of the build: list, parse, plan, feeds and articles (writing), finish. */
  phases: Record<string, number>
  filesWritten: number
  bytesWritten: number
  peakMB: number
}

/**
 * Flushes what earlier steps wrote (`sync`) before a measurement, so that a build is not timed while the
 * disk is still writing out the last one: a build that starts a while after the previous one finds the
 * disk quiet. Every timed run (ours, Hugo's, Jekyll's, the disk probe) starts this way.
 */
function quietDisk(): void {
  execFileSync('sync')
}

/** Empties the operating system's page cache (root only), so the next build reads the posts from the disk. */
function dropPageCache(): boolean {
  try {
    execFileSync('sync')
    writeFileSync('/proc/sys/vm/drop_caches', '1')
    return true
  } catch {
    return false
  }
}

/** Reads every file under `dir` once, so that the next build finds them in the page cache. */
function readEveryFile(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) readFileSync(join(entry.parentPath, entry.name))
}

function child(...args: string[]): ChildResult {
  quietDisk()
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx')
  const out = execFileSync(tsx, [join(ROOT, 'tests', 'bench', 'build-child.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
  const line = out.trim().split('\n').pop() ?? '{}'
  return JSON.parse(line) as ChildResult
}

function archive(size: number): { posts: string; categories: string } {
  const dir = join(WORK, `archive-${size}`)
  const marker = join(dir, `generated-v${GENERATOR_VERSION}`)
  if (!existsSync(marker)) {
    process.stdout.write(`  generating ${size} posts… `)
    const started = performance.now()
    generateArchive(dir, size)
    writeFileSync(marker, '')
    console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  return { posts: join(dir, '_posts'), categories: join(dir, 'category') }
}

/** The two one-post changes a live archive sees: an old post edited (the middle one) and a new post added. */
function onePostChanges(posts: string): { label: string; file: string; text: string; restore: () => void }[] {
  const files = readdirSync(posts).sort()
  const middle = join(posts, files[Math.floor(files.length / 2)] ?? '')
  const original = readFileSync(middle, 'utf8')
  const newest = files[files.length - 1] ?? ''
  const added = join(posts, '2099-12-31-NW209912312359599999.md')
  const newText = readFileSync(join(posts, newest), 'utf8')
    .replace(/^title: .*$/m, 'title: "基准测试新增的一篇"')
    .replace(/^date: .*$/m, 'date: 2099-12-31 23:59:59 +0800')
  return [
    { label: 'old post edited', file: middle, text: `${original}\n<p>（基准测试修改了这一段。）</p>\n`, restore: () => writeFileSync(middle, original) },
    { label: 'new post added', file: added, text: newText, restore: () => rmSync(added, { force: true }) },
  ]
}

/**
 * The disk alone: the seconds it takes to write as many files of the same total size as a full build wrote,
 * into one folder, with nothing else to do. Printed beside the build, it tells the pipeline's time from the
 * disk's.
 */
function diskAlone(files: number, bytes: number): number {
  const dir = join(WORK, 'disk-probe')
  scratch.discard(dir)
  mkdirSync(dir, { recursive: true })
  const text = 'x'.repeat(Math.max(1, Math.round(bytes / Math.max(files, 1))))
  quietDisk()
  const started = performance.now()
  for (let i = 0; i < files; i++) writeFileSync(join(dir, `${i.toString(36)}.json`), text)
  const seconds = (performance.now() - started) / 1000
  scratch.discard(dir)
  return seconds
}

const phaseNote = (r: ChildResult): string =>
  ['parse', 'plan', 'feeds and articles'].map((p) => `${p === 'feeds and articles' ? 'write' : p} ${(r.phases[p] ?? 0).toFixed(1)}`).join(', ')

const row = (cells: (string | number)[], widths: number[]): string =>
  cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join('  ')

console.log('finews bench: npm run bench -- --sizes ' + sizes.join(','))
console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}\n`)

const widths = [8, 26, 10, 10, 10]
const lines: string[] = [row(['posts', 'build', 'seconds', 'posts/s', 'peak MB'], widths)]
const others: string[] = []
let largestData: string | null = null

for (const size of sizes) {
  console.log(`${size} posts`)
  const { posts, categories } = archive(size)
  const out = join(WORK, `data-${size}`)
  const cache = join(WORK, `cache-${size}`)
  scratch.discard(out)
  scratch.discard(cache)

  // A first build finds the posts on the disk, not in the page cache (where other work may have pushed them).
  if (dropPageCache()) {
    const cold = child('cold', posts, categories, join(WORK, `data-${size}-uncached`), join(WORK, `cache-${size}-uncached`))
    lines.push(row([size, 'full, posts on disk', cold.seconds.toFixed(2), Math.round(size / cold.seconds), cold.peakMB.toFixed(0)], widths) + `  (${phaseNote(cold)} s)`)
    scratch.discard(join(WORK, `data-${size}-uncached`))
    scratch.discard(join(WORK, `cache-${size}-uncached`))
  } else lines.push(row([size, 'full, posts on disk', 'skipped', '', ''], widths) + '  (emptying the page cache needs root)')
  readEveryFile(posts)
  const full = child('cold', posts, categories, out, cache)
  lines.push(row([size, 'full, posts in memory', full.seconds.toFixed(2), Math.round(size / full.seconds), full.peakMB.toFixed(0)], widths) + `  (${phaseNote(full)} s)`)
  const again = child('cold', posts, categories, out, cache)
  lines.push(row([size, 'no change (CLI)', again.seconds.toFixed(2), '', again.peakMB.toFixed(0)], widths))
  for (const change of onePostChanges(posts)) {
    try {
      writeFileSync(change.file, change.text)
      const cli = child('cold', posts, categories, out, cache)
      lines.push(row([size, `${change.label} (CLI)`, cli.seconds.toFixed(2), '', cli.peakMB.toFixed(0)], widths))
    } finally {
      change.restore()
    }
    child('cold', posts, categories, out, cache) // back to the archive as generated
    const textFile = join(WORK, 'change.md')
    writeFileSync(textFile, change.text)
    try {
      const warm = child('warm', posts, categories, join(WORK, `data-${size}-warm`), change.file, textFile)
      lines.push(row([size, `${change.label} (dev)`, warm.seconds.toFixed(2), '', warm.peakMB.toFixed(0)], widths))
    } finally {
      change.restore()
      scratch.discard(join(WORK, `data-${size}-warm`))
    }
  }
  const disk = diskAlone(full.filesWritten, full.bytesWritten)
  lines.push(row([size, `disk alone: ${full.filesWritten} files`, disk.toFixed(2), '', ''], widths) + `  (${(full.bytesWritten / 1e6).toFixed(0)} MB, what the full build wrote)`)
  largestData = out

  if (!values['no-others']) {
    const runs: GeneratorRun[] = []
    if (installed('hugo')) {
      quietDisk()
      runs.push(buildWithHugo(posts, WORK, scratch, 30 * 60_000))
    }
    if (installed('jekyll') && size <= jekyllMax) {
      quietDisk()
      runs.push(buildWithJekyll(posts, WORK, scratch, 30 * 60_000))
    }
    for (const r of runs) {
      others.push(
        r.seconds === null
          ? `${String(size).padStart(8)}  ${r.name}: ${r.note}`
          : `${String(size).padStart(8)}  ${r.name} ${r.seconds.toFixed(2)} s (${r.note}); finews full build ${full.seconds.toFixed(2)} s: ${r.name} time / finews time = ${(r.seconds / full.seconds).toFixed(2)}`,
      )
    }
    if (!installed('hugo')) others.push(`${String(size).padStart(8)}  hugo: not installed (apt-get install hugo)`)
    if (!installed('jekyll')) others.push(`${String(size).padStart(8)}  jekyll: not installed (apt-get install jekyll)`)
    else if (size > jekyllMax) others.push(`${String(size).padStart(8)}  jekyll: skipped above --jekyll-max ${jekyllMax}`)
  }
}

console.log(`\nPipeline (wall time of a fresh process, peak resident memory with worker threads):`)
console.log(lines.join('\n'))
if (others.length > 0) console.log(`\nOther generators on the same posts (minimal site with post, category and tag pages):\n${others.join('\n')}`)

// The reader's weight: a production build of a 100-post archive.
const small = archive(100)
const site = join(WORK, 'site-100')
await buildSite({ posts: small.posts, categories: small.categories, outDir: site, base: '/', siteUrl: 'http://localhost', quiet: true })
console.log('\nJavaScript per route (first load, gzipped):')
for (const r of routeScripts(site)) console.log(`  ${r.route.padEnd(44)} ${formatKB(r.gzip).padStart(22)}  (${r.files} files)`)
console.log('\nData for the first screen (gzipped):')
for (const [label, dir] of [['100 posts', join(site, 'data')], [`${sizes[sizes.length - 1] ?? ''} posts`, largestData]] as const) {
  if (!dir) continue
  const d = firstScreenData(dir)
  console.log(`  ${label.padEnd(14)} home ${formatKB(d.home)}, all-articles feed ${formatKB(d.feed)}, largest category feed ${formatKB(d.category)} (manifest ${formatKB(d.manifest)} included in each)`)
}

scratch.empty()
