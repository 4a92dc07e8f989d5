// `npm run bench [-- --sizes 10000,100000,1000000] [--archive corpus|generated] [--no-others] [--hugo-max N] [--jekyll-max N] [--pages-max N] [--search-share-max N]`
// For archives of each size (by default the real corpus's posts multiplied, as the issue measured: see
// multiply-corpus.ts; `--archive generated` for generate-archive.ts's longer made-up posts), what an operator's cron job and an author see, each step timed as a
// fresh process of the operator's command (`node src/pipeline/finews.mjs content`, what `npm run content` runs,
// start-up included) with the peak memory of its whole process tree:
//   - the cold full build: a new archive index, an empty data folder, the posts on the disk (the page cache
//     is emptied first where the bench runs as root); up to --search-share-max posts, the same without the
//     search index (`--no-search`) and with it again, in turns, and what the index adds;
//   - a build with nothing changed, +500 new posts, and one old post edited;
//   - one post in `--watch` (an old post edited, a new post added: from the save to the rebuilt folder);
//   - the data folder's size and file count;
//   - up to --pages-max posts, the whole site (`npm run build`: data, reader, prerendered pages, feeds), cold and
//     after one old post edited, with the time its pages took;
// then Hugo's and Jekyll's times on the same posts where they are installed (Hugo up to --hugo-max posts,
// Jekyll up to --jekyll-max), the gzipped JavaScript of each route, the data the first screen of a feed
// needs, and each size's search in Chromium (search-browser.ts). Each timed run starts with the disk
// flushed (`sync`), and none follows a large deletion: finished folders are deleted at the end (scratch.ts).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildSite } from '../../src/pipeline/build-site.ts'
import type { WatchResult } from './build-child.ts'
import { budgetLine, firstScreenData, routeScripts, formatKB } from './bundle-size.ts'
import { addNewerPosts, generateArchive, generatedPost, type GeneratedPost } from './generate-archive.ts'
import { addNewerMultiplied, multipliedPost, multiplyCorpus } from './multiply-corpus.ts'
import { buildWithHugo, buildWithJekyll, installed, type GeneratorRun } from './other-generators.ts'
import { Scratch } from './scratch.ts'
import { searchInBrowser } from './search-browser.ts'
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../e2e/support/chromium.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const WORK = join(ROOT, 'node_modules', '.cache', 'finews-bench')
const GENERATOR_VERSION = '3'
const NEW_POSTS = 500
const scratch = new Scratch(WORK)

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    archive: { type: 'string' },
    'no-others': { type: 'boolean', default: false },
    'hugo-max': { type: 'string', default: '100000' },
    'jekyll-max': { type: 'string', default: '2000' },
    'pages-max': { type: 'string', default: '100000' },
    'search-share-max': { type: 'string', default: '100000' },
  },
})
const sizes = values.sizes.split(',').map(Number)
if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(`--sizes: whole numbers above 0, comma-separated (got "${values.sizes}")`)
  process.exit(2)
}
const CORPUS = resolve(ROOT, process.env.FINEWS_CORPUS ?? join('..', 'shared', 'corpus'))
const archiveKind = values.archive ?? (existsSync(join(CORPUS, '_posts')) ? 'corpus' : 'generated')
if (archiveKind !== 'corpus' && archiveKind !== 'generated') {
  console.error(`--archive: corpus or generated (got "${archiveKind}")`)
  process.exit(2)
}

/** The archive the bench builds: how to make one, its next posts, and post i of it. */
interface ArchiveMaker {
  make(dir: string, size: number): Promise<{ posts: string; categories: string }>
  addNewer(posts: string, size: number, n: number): Promise<string[]>
  post(size: number, i: number): GeneratedPost
}
const maker: ArchiveMaker =
  archiveKind === 'corpus'
    ? { make: (dir, size) => multiplyCorpus(CORPUS, dir, size), addNewer: (posts, size, n) => addNewerMultiplied(CORPUS, posts, size, n), post: (_size, i) => multipliedPost(CORPUS, i) }
    : { make: (dir, size) => generateArchive(dir, size), addNewer: (posts, size, n) => addNewerPosts(posts, size, n), post: (size, i) => generatedPost(size, i) }
const hugoMax = Number(values['hugo-max'])
const pagesMax = Number(values['pages-max'])
const jekyllMax = Number(values['jekyll-max'])
/** Up to this size, a cold build without the search index too: what the index costs. */
const SEARCH_SHARE_MAX = Number(values['search-share-max'])

/**
 * Flushes what earlier steps wrote (`sync`) before a measurement, so that a build is not timed while the
 * disk is still writing out the last one. Every timed run (ours, Hugo's, Jekyll's) starts this way.
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

const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096

/** `pid` and every process under it (each thread lists the children it started). */
function processTree(pid: number): number[] {
  const tree = [pid]
  for (let k = 0; k < tree.length; k++) {
    let tasks: string[]
    try {
      tasks = readdirSync(`/proc/${tree[k]}/task`)
    } catch {
      continue // gone
    }
    for (const task of tasks) {
      try {
        for (const child of readFileSync(`/proc/${tree[k]}/task/${task}/children`, 'utf8').split(' ')) if (child.trim()) tree.push(Number(child))
      } catch {
        // the thread or process ended meanwhile
      }
    }
  }
  return tree
}

/** Resident bytes of a process (all its threads: they share it), 0 once it is gone. */
function residentBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES
  } catch {
    return 0
  }
}

/** A process's own high-water mark of resident memory (the kernel's VmHWM), 0 once it is gone. */
function highWaterBytes(pid: number): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return Number(kb ?? 0) * 1024
  } catch {
    return 0
  }
}

/** Clock ticks a second, for the CPU times in /proc. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100

/**
 * CPU seconds (user, system) of this process's children that have ended and been waited for (the kernel's
 * cutime and cstime): a finished child's whole tree, its threads and the children it waited for included.
 */
function childrenCpu(): { user: number; system: number } {
  // The command name, in parentheses, may hold spaces: the fields are counted after it.
  const stat = readFileSync('/proc/self/stat', 'utf8')
  // Fields from the third (the state) on: cutime is the 16th, cstime the 17th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { user: Number(fields[13]) / TICKS, system: Number(fields[14]) / TICKS }
}

interface Measured {
  seconds: number
  /** CPU seconds the process tree spent in user and system mode (0 where /proc has no children's times). */
  cpu: { user: number; system: number }
  /** The most the process tree held at once: the sum over its processes, polled, or the main process's own high-water mark, whichever is more. */
  peakMB: number
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command as a new process, timing it from start to exit and polling its tree's memory. */
function measure(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Measured> {
  quietDisk()
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpu()
    const started = performance.now()
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    let peak = 0
    const poll = (): void => {
      const pid = child.pid
      if (pid === undefined) return
      const tree = processTree(pid)
      peak = Math.max(peak, highWaterBytes(pid), tree.reduce((sum, p) => sum + residentBytes(p), 0))
    }
    const timer = setInterval(poll, 25)
    child.on('error', (error) => {
      clearInterval(timer)
      reject(error)
    })
    // 'exit' comes before the process is reaped: its /proc entry still holds the high-water mark.
    child.on('exit', () => poll())
    child.on('close', (code) => {
      clearInterval(timer)
      const seconds = (performance.now() - started) / 1000
      const cpuAfter = childrenCpu()
      const cpu = { user: cpuAfter.user - cpuBefore.user, system: cpuAfter.system - cpuBefore.system }
      resolve({ seconds, cpu, peakMB: peak / 1024 / 1024, code, stdout, stderr })
    })
  })
}

const LAUNCHER = join(ROOT, 'src', 'pipeline', 'finews.mjs')
/**
 * Node's options in `npm run content` and `npm run build` (package.json), given here too: the bench runs what
 * those scripts run, without npm.
 */
function nodeOptions(script: 'content' | 'build'): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  const words = (scripts[script] ?? '').split(/\s+/)
  const at = words.indexOf('src/pipeline/finews.mjs')
  if (words[0] !== 'node' || at < 0) throw new Error(`package.json's ${script} script is not "node [options] src/pipeline/finews.mjs ${script}"`)
  return words.slice(1, at)
}
const CONTENT = [...nodeOptions('content'), LAUNCHER, 'content']
const BUILD = [...nodeOptions('build'), LAUNCHER, 'build']

interface CliRun extends Measured {
  parsed: string
  filesWritten: string
  phases: string
}

/** `npm run content -- --posts … --out … --cache …` in a new process, without npm. */
async function content(posts: string, categories: string, out: string, cache: string, extra: string[] = []): Promise<CliRun> {
  const run = await measure(process.execPath, [...CONTENT, '--posts', posts, '--categories', categories, '--out', out, '--cache', cache, ...extra])
  if (run.code !== 0) throw new Error(`the content command exited ${run.code}:\n${run.stdout}\n${run.stderr}`)
  return {
    ...run,
    parsed: /\bparsed (\d+)/.exec(run.stdout)?.[1] ?? '?',
    filesWritten: /\bwrote (\d+) files/.exec(run.stdout)?.[1] ?? '?',
    phases: /\((list [^)]*)\)/.exec(run.stdout)?.[1] ?? '',
  }
}

interface SiteRun extends Measured {
  /** Pages rendered, and the seconds the build spent rendering them, as it printed them. */
  rendered: string
  pageSeconds: number
}

/** `npm run build` (the whole site: data, reader, prerendered pages, feeds) in a new process, without npm. */
async function siteBuild(posts: string, categories: string, out: string, cache: string): Promise<SiteRun> {
  const env = { FINEWS_POSTS: posts, FINEWS_CATEGORIES: categories, FINEWS_OUT: out, FINEWS_CACHE: cache }
  const run = await measure(process.execPath, BUILD, env)
  if (run.code !== 0) throw new Error(`the build command exited ${run.code}:\n${run.stdout}\n${run.stderr}`)
  const pages = /Pages: (\d+) rendered, \d+ unchanged, in ([\d.]+) s/.exec(run.stdout)
  return { ...run, rendered: pages?.[1] ?? '?', pageSeconds: Number(pages?.[2] ?? NaN) }
}

/** `--watch` in a new process (build-child.ts), with these changes made one after another. */
async function watchRun(posts: string, categories: string, out: string, cache: string, changes: { label: string; file: string; text: string }[]): Promise<WatchResult & { treePeakMB: number }> {
  const changesFile = join(WORK, 'watch-changes.json')
  writeFileSync(changesFile, JSON.stringify(changes))
  const run = await measure(process.execPath, ['--import', 'tsx', join(ROOT, 'tests', 'bench', 'build-child.ts'), posts, categories, out, cache, changesFile])
  if (run.code !== 0) throw new Error(`the watch run exited ${run.code}:\n${run.stdout}\n${run.stderr}`)
  const line = run.stdout.trim().split('\n').pop() ?? '{}'
  return { ...(JSON.parse(line) as WatchResult), treePeakMB: run.peakMB }
}

async function archive(size: number): Promise<{ posts: string; categories: string }> {
  const dir = join(WORK, `archive-${archiveKind}-${size}`)
  const marker = join(dir, `generated-v${GENERATOR_VERSION}`)
  const made = join(dir, 'categories-at')
  if (!existsSync(marker)) {
    process.stdout.write(`  making ${size} posts (${archiveKind})… `)
    const started = performance.now()
    const { categories } = await maker.make(dir, size)
    writeFileSync(made, categories)
    writeFileSync(marker, '')
    console.log(`${((performance.now() - started) / 1000).toFixed(1)} s, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (this process)`)
  }
  // Posts left by an interrupted run or added by hand would void the steps after it: "+500 new posts" adds
  // the names the next 500 posts have, which then change nothing.
  const posts = join(dir, '_posts')
  const held = readdirSync(posts).length
  if (held !== size) throw new Error(`the bench's archive ${posts} holds ${held} posts, not ${size}: remove ${dir} to make it again`)
  return { posts, categories: readFileSync(made, 'utf8') }
}

/** Files, bytes, and bytes the disk gives them (whole blocks), under `dir`. */
function folderSize(dir: string): { files: number; bytes: number; diskBytes: number } {
  let files = 0
  let bytes = 0
  let diskBytes = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const st = lstatSync(join(entry.parentPath, entry.name))
    files++
    bytes += st.size
    diskBytes += st.blocks * 512
  }
  return { files, bytes, diskBytes }
}

const MB = (bytes: number): string => (bytes / 1e6).toFixed(1)

/** The issue's goals (#11), for the sizes it names. */
const GOALS: Record<number, Partial<Record<'cold' | 'coldMB' | 'newPosts' | 'edited' | 'watch', number>>> = {
  100000: { cold: 25, newPosts: 2, edited: 1 },
  1000000: { cold: 240, coldMB: 2048, newPosts: 5, watch: 1 },
}

function goal(size: number, key: keyof (typeof GOALS)[number], value: number, unit: string): string {
  const limit = GOALS[size]?.[key]
  if (limit === undefined) return ''
  return `goal ≤ ${limit} ${unit}: ${value <= limit ? 'met' : 'MISSED'}`
}

const WIDTHS = [8, 40, 9, 9, 9, 9]
const row = (cells: (string | number)[], note = ''): string => cells.map((c, i) => (i === 1 ? String(c).padEnd(WIDTHS[i] ?? 10) : String(c).padStart(WIDTHS[i] ?? 10))).join('  ') + (note ? `  ${note}` : '')

console.log(`finews bench: npm run bench -- --sizes ${sizes.join(',')} --archive ${archiveKind}`)
console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}\n`)
// The command bundles itself when its sources are newer than the bundle: once here, not in a timed run.
execFileSync(process.execPath, [...CONTENT, '--help'], { stdio: 'ignore' })

/**
 * The CPU a run used, and the least time that much work can take on this machine's cores, all busy: how far
 * from using both cores a build is, and how much work a goal leaves room for.
 */
function cpuLine(run: Measured): string {
  const { user, system } = run.cpu
  if (user + system === 0) return ''
  const cores = availableParallelism()
  return `CPU ${(user + system).toFixed(1)} s (user ${user.toFixed(1)}, system ${system.toFixed(1)}): on ${cores} cores no less than ${((user + system) / cores).toFixed(1)} s, ${((100 * (user + system)) / cores / run.seconds).toFixed(0)} % of the cores' time used`
}

const lines: string[] = [row(['posts', 'step (a new process unless --watch)', 'seconds', 'peak MB', 'parsed', 'written'])]
const others: string[] = []
let largestData: string | null = null
/** Each size's data folder, searched in Chromium at the end (#13). */
const dataFolders: [number, string][] = []

for (const size of sizes) {
  console.log(`${size} posts`)
  const { posts, categories } = await archive(size)
  const out = join(WORK, `data-${size}`)
  const cache = join(WORK, `cache-${size}`)
  scratch.discard(out)
  scratch.discard(cache)
  const restore: (() => void)[] = []
  let coldSeconds: number

  try {
    const onDisk = dropPageCache()
    const cold = await content(posts, categories, out, cache)
    coldSeconds = cold.seconds
    lines.push(
      row([size, `cold full build, posts ${onDisk ? 'on disk' : 'maybe cached'}`, cold.seconds.toFixed(2), cold.peakMB.toFixed(0), cold.parsed, cold.filesWritten], [cold.phases, cpuLine(cold), goal(size, 'cold', cold.seconds, 's'), goal(size, 'coldMB', cold.peakMB, 'MB')].filter(Boolean).join('; ')),
    )
    const output = folderSize(out)
    lines.push(row([size, `output: ${output.files} files, ${MB(output.bytes)} MB`, '', '', '', ''], `${(output.bytes / size).toFixed(0)} bytes per post; ${MB(output.diskBytes)} MB on disk`))

    // What the search index adds to a cold build (#13: at most 30 % at 100,000): the same build without it,
    // in turns with the build above and one more with it (with, without, with, without), the page cache
    // emptied before each. One pair alone put the disk's mood into the share: stop 43's bench, run right
    // after a CI run had written its files, said +76 %, and the same builds in turns +13 to +36 %.
    if (size <= SEARCH_SHARE_MAX) {
      const runs: { search: boolean; run: CliRun }[] = [{ search: true, run: cold }]
      for (const search of [false, true, false]) {
        const dir = join(WORK, `data-${size}-turn-${runs.length}`)
        const dirCache = join(WORK, `cache-${size}-turn-${runs.length}`)
        scratch.discard(dir)
        scratch.discard(dirCache)
        dropPageCache()
        const run = await content(posts, categories, dir, dirCache, search ? [] : ['--no-search'])
        scratch.discard(dir)
        scratch.discard(dirCache)
        runs.push({ search, run })
        lines.push(row([size, search ? 'cold full build again' : 'cold full build without the search index', run.seconds.toFixed(2), run.peakMB.toFixed(0), run.parsed, run.filesWritten], [run.phases, cpuLine(run)].join('; ')))
      }
      const seconds = (search: boolean): number[] => runs.filter((r) => r.search === search).map((r) => r.run.seconds)
      const total = (search: boolean): number => seconds(search).reduce((sum, t) => sum + t, 0)
      const share = (total(true) / total(false) - 1) * 100
      const verdict = size === 100000 ? ` (goal ≤ 30 %: ${share <= 30 ? 'met' : 'MISSED'})` : ''
      const each = `with ${seconds(true).map((t) => t.toFixed(1)).join(' and ')} s, without ${seconds(false).map((t) => t.toFixed(1)).join(' and ')} s`
      lines.push(row([size, 'what the search index adds to a cold build', '', '', '', ''], `${share.toFixed(0)} %${verdict}: two runs each, in turns (${each})`))
    }

    const again = await content(posts, categories, out, cache)
    lines.push(row([size, 'nothing changed', again.seconds.toFixed(2), again.peakMB.toFixed(0), again.parsed, again.filesWritten], again.phases))

    // The scraper's next posts, all newer than the archive.
    const added = await maker.addNewer(posts, size, NEW_POSTS)
    restore.push(() => {
      for (const file of added) rmSync(join(posts, file), { force: true })
    })
    const newPosts = await content(posts, categories, out, cache)
    lines.push(row([size, `+${NEW_POSTS} new posts`, newPosts.seconds.toFixed(2), newPosts.peakMB.toFixed(0), newPosts.parsed, newPosts.filesWritten], [newPosts.phases, goal(size, 'newPosts', newPosts.seconds, 's')].filter(Boolean).join('; ')))

    // An old post edited: the middle one of the archive as generated.
    const newer = new Set(added)
    const files = readdirSync(posts).filter((f) => !newer.has(f)).sort()
    const edit = (file: string, note: string): string => {
      const path = join(posts, file)
      const original = readFileSync(path, 'utf8')
      restore.push(() => writeFileSync(path, original))
      return `${original}\n<p>（${note}）</p>\n`
    }
    const middle = files[Math.floor(files.length / 2)] ?? ''
    writeFileSync(join(posts, middle), edit(middle, '基准测试修改了这一段'))
    const edited = await content(posts, categories, out, cache)
    lines.push(row([size, 'one old post edited', edited.seconds.toFixed(2), edited.peakMB.toFixed(0), edited.parsed, edited.filesWritten], [edited.phases, goal(size, 'edited', edited.seconds, 's')].filter(Boolean).join('; ')))

    // `--watch`: another old post edited, then a new post, each timed from its save.
    const third = files[Math.floor(files.length / 3)] ?? ''
    const next = maker.post(size, size + NEW_POSTS)
    restore.push(() => rmSync(join(posts, next.file), { force: true }))
    const watched = await watchRun(posts, categories, out, cache, [
      { label: 'old post edited', file: join(posts, third), text: edit(third, '基准测试在 --watch 中修改了这一段') },
      { label: 'new post added', file: join(posts, next.file), text: next.text },
    ])
    for (const change of watched.changes) {
      lines.push(
        row([size, `one post in --watch: ${change.label}`, change.seconds.toFixed(2), watched.treePeakMB.toFixed(0), change.parsed, change.filesWritten], [`the rebuild itself ${change.buildSeconds.toFixed(2)} s`, goal(size, 'watch', change.seconds, 's')].filter(Boolean).join('; ')),
      )
    }
  } finally {
    for (const undo of restore.reverse()) undo()
  }
  largestData = out
  dataFolders.push([size, out])

  // The whole site, prerendered pages included (#12: pages may add at most 30 % to the cold build).
  if (size <= pagesMax) {
    const site = join(WORK, `site-${size}`)
    const siteCache = join(WORK, `site-cache-${size}`)
    scratch.discard(site)
    scratch.discard(siteCache)
    const cold = await siteBuild(posts, categories, site, siteCache)
    const share = (cold.pageSeconds / coldSeconds) * 100
    lines.push(
      row([size, 'npm run build: cold, pages included', cold.seconds.toFixed(2), cold.peakMB.toFixed(0), '', ''], `${cold.rendered} pages rendered in ${cold.pageSeconds.toFixed(1)} s, ${((cold.pageSeconds * 1000) / Number(cold.rendered)).toFixed(2)} ms a page on ${availableParallelism()} threads: ${share.toFixed(0)} % of the content build's ${coldSeconds.toFixed(1)} s${size === 100000 ? ` (goal ≤ 30 %: ${share <= 30 ? 'met' : 'MISSED'})` : ''}`),
    )
    const pages = folderSize(site)
    lines.push(row([size, `site: ${pages.files} files, ${MB(pages.bytes)} MB`, '', '', '', ''], `${((pages.bytes - folderSize(join(site, 'data')).bytes) / size).toFixed(0)} bytes per post outside data/`))
    const files = readdirSync(posts).sort()
    const middle = files[Math.floor(files.length / 2)] ?? ''
    const path = join(posts, middle)
    const original = readFileSync(path, 'utf8')
    try {
      writeFileSync(path, `${original}\n<p>（基准测试修改了这一段）</p>\n`)
      const edited = await siteBuild(posts, categories, site, siteCache)
      lines.push(row([size, 'npm run build: one old post edited', edited.seconds.toFixed(2), edited.peakMB.toFixed(0), '', ''], `${edited.rendered} pages rendered in ${edited.pageSeconds.toFixed(1)} s`))
    } finally {
      writeFileSync(path, original)
    }
  }

  if (!values['no-others']) {
    const runs: GeneratorRun[] = []
    if (installed('hugo') && size <= hugoMax) {
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
          : `${String(size).padStart(8)}  ${r.name} ${r.seconds.toFixed(2)} s (${r.note}); finews cold full build ${coldSeconds.toFixed(2)} s: ${r.name} time / finews time = ${(r.seconds / coldSeconds).toFixed(2)}${size === 100000 ? ` (goal ≥ 3.5: ${r.seconds / coldSeconds >= 3.5 ? 'met' : 'MISSED'})` : ''}`,
      )
    }
    if (!installed('hugo')) others.push(`${String(size).padStart(8)}  hugo: not installed (apt-get install hugo)`)
    else if (size > hugoMax) others.push(`${String(size).padStart(8)}  hugo: skipped above --hugo-max ${hugoMax}`)
    if (!installed('jekyll')) others.push(`${String(size).padStart(8)}  jekyll: not installed (apt-get install jekyll)`)
    else if (size > jekyllMax) others.push(`${String(size).padStart(8)}  jekyll: skipped above --jekyll-max ${jekyllMax}`)
  }
}

console.log(`\nPipeline (wall time of each step; peak memory of the command's whole process tree, worker threads included):`)
console.log(lines.join('\n'))
if (others.length > 0) console.log(`\nOther generators on the same posts (minimal site with post, category and tag pages):\n${others.join('\n')}`)

// The reader's weight: a production build of a 100-post archive.
const small = await archive(100)
const site = join(WORK, 'site-100')
await buildSite({ posts: small.posts, categories: small.categories, outDir: site, base: '/', siteUrl: 'http://localhost', quiet: true, cacheDir: null })
console.log('\nJavaScript per route (first load, gzipped):')
const scripts = routeScripts(site)
for (const r of scripts) console.log(`  ${r.route.padEnd(44)} ${formatKB(r.gzip).padStart(22)}  (${r.files} files)`)
console.log(`  ${budgetLine(scripts)}`)
console.log('\nData for the first screen (gzipped):')
for (const [label, dir] of [['100 posts', join(site, 'data')], [`${sizes[sizes.length - 1] ?? ''} posts`, largestData]] as const) {
  if (!dir) continue
  const d = firstScreenData(dir)
  console.log(`  ${label.padEnd(14)} home ${formatKB(d.home)}, all-articles feed ${formatKB(d.feed)}, largest category feed ${formatKB(d.category)} (manifest ${formatKB(d.manifest)} included in each)`)
}

console.log('\nSearch in Chromium (#13: the first page of results after the debounce, and its bytes):')
if (!existsSync(CHROMIUM_PATH)) console.log(`  skipped: ${CHROMIUM_MISSING}`)
else for (const [size, dir] of dataFolders) console.log((await searchInBrowser(site, dir, 3, size)).map((line) => `  ${line}`).join('\n'))

scratch.empty()
