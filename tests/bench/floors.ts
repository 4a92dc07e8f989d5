// What this machine cannot do faster, whatever the pipeline's or the reader's design: the floor under
// #11's and #13's goals. Each step below is work no build or search can skip, measured alone:
//   - knowing what changed: a stat of every post (`find`, C, one thread; Node's statSync, shared by the
//     cores at perfect use);
//   - reading: parsing and cleaning a post with the libraries the contract names (`parsePost`: js-yaml,
//     markdown-it, htmlparser2 and the allow-list), per post on one thread, then for the archive on every
//     core at perfect use;
//   - writing: one file of the archive's mean size per post (write, then rename: what crash safety needs),
//     on every core at once;
//   - a search's first page in Chromium: the cost of each request, 20 small files at once, over HTTP/1.1 and
//     HTTP/2, against a Node client of the same host.
// Then, per archive size, the sum of the floors that a goal's run cannot avoid, beside the goal.
//   npx tsx tests/bench/floors.ts [posts folder, default: a 100,000-post archive of the real corpus]
// Run it on a quiet machine; nothing here is a test.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { chromium } from 'playwright-core'
import { parsePost } from '../../src/pipeline/read/parse-post.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium.ts'
import { multiplyCorpus } from './multiply-corpus.ts'
import { host, listen, type Protocol } from './static-host.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CORPUS = resolve(ROOT, process.env.FINEWS_CORPUS ?? join('..', 'shared', 'corpus'))
/** The data folder's bytes per post at 100,000 posts (README, Speed: 4,917). */
const BYTES_PER_POST = 4917
const PARSE_SAMPLE = 8000
/** Posts a new thread parses while its parsers are compiled (their cost levels off within them). */
const WARM_UP = 4000
const WRITE_SAMPLE = 20_000

const ms = (from: number): number => performance.now() - from
const fmt = (s: number): string => (s < 10 ? s.toFixed(2) : s.toFixed(1))

/** The posts folder to measure: the one given, or a 100,000-post archive made here (and removed after). */
async function postsFolder(): Promise<{ posts: string; dispose: () => void }> {
  if (process.argv[2]) return { posts: resolve(process.argv[2]), dispose: () => undefined }
  const dir = mkdtempSync(join(tmpdir(), 'finews-floors-'))
  const { posts } = await multiplyCorpus(CORPUS, dir, 100_000)
  return { posts, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Microseconds per file: `find` printing each post's size and time (the second of two runs: warm caches). */
function findPerFile(posts: string, count: number): number {
  let last = 0
  for (let run = 0; run < 2; run++) {
    const start = performance.now()
    execFileSync('find', [posts, '-type', 'f', '-printf', '%s %T@\n'], { maxBuffer: 1 << 30 })
    last = ms(start)
  }
  return (last * 1000) / count
}

/** Microseconds per file: Node's statSync over the folder's files, on this thread. */
function nodeStatPerFile(posts: string, names: readonly string[]): number {
  const start = performance.now()
  for (const name of names) statSync(join(posts, name), { throwIfNoEntry: false })
  return (ms(start) * 1000) / names.length
}

/**
 * CPU milliseconds to parse and clean posts (one thread): the first WARM_UP posts a fresh thread reads, while
 * V8 compiles the parsers (on threads of its own, which cpuUsage counts), and each post after, once the code
 * is compiled. A build's thread parses tens of thousands of posts, so it pays the first once and the second
 * for the rest. Until stop 57 this measured 4,000 posts after a warm-up of 300, most of them still during the
 * compile: 0.25 to 0.52 ms a post, four to eight times a warm parse.
 */
function parseCost(posts: string, names: readonly string[]): { warmUp: number; perPost: number; sample: number } {
  const take = names.slice(0, WARM_UP + PARSE_SAMPLE)
  const texts = take.map((name) => readFileSync(join(posts, name), 'utf8'))
  const cpu = (from: number, to: number): number => {
    const before = process.cpuUsage()
    for (let i = from; i < to; i++) parsePost(take[i] as string, texts[i] as string)
    const used = process.cpuUsage(before)
    return (used.user + used.system) / 1000
  }
  const warm = Math.min(WARM_UP, Math.floor(take.length / 2))
  const warmUp = cpu(0, warm)
  const steady = cpu(warm, take.length)
  return { warmUp, perPost: steady / (take.length - warm), sample: take.length - warm }
}

// One writer thread: `n` files of `size` bytes into `dir`, each under a temporary name, then renamed.
const WRITER = `
const { workerData } = require('node:worker_threads')
const { writeFileSync, renameSync } = require('node:fs')
const { join } = require('node:path')
const { dir, k, n, size } = workerData
const body = Buffer.alloc(size, 'x')
for (let i = 0; i < n; i++) {
  const temp = join(dir, '.t' + k + '-' + i)
  writeFileSync(temp, body)
  renameSync(temp, join(dir, k + '-' + i + '.json'))
}
`

/**
 * Microseconds of wall time per file to write files of the archive's mean size per post (under a temporary
 * name, then renamed) on every core at once: the better of two rounds, since the disk's pace varies.
 */
async function writePerFile(cores: number): Promise<number> {
  let best = Infinity
  for (let round = 0; round < 2; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'finews-floors-write-'))
    try {
      const start = performance.now()
      await Promise.all(
        Array.from({ length: cores }, (_, k) => new Promise((done, fail) => {
          new Worker(WRITER, { eval: true, workerData: { dir, k, n: Math.ceil(WRITE_SAMPLE / cores), size: BYTES_PER_POST } }).on('exit', done).on('error', fail)
        })),
      )
      best = Math.min(best, (ms(start) * 1000) / WRITE_SAMPLE)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return best
}

/** A folder of 400 files of 1 KB of JSON (a search's documents and article files are 1 to 5 KB) and a page. */
function requestSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'finews-floors-site-'))
  mkdirSync(join(dir, 'f'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>floor</title>')
  for (let i = 0; i < 400; i++) writeFileSync(join(dir, 'f', `${i}.json`), JSON.stringify({ i, text: '新闻'.repeat(160) + i.toString(36).repeat(40) }))
  return dir
}

/** Milliseconds for 20 files fetched at once and for one alone, in Chromium (medians of 8 rounds). */
async function chromiumRequests(site: string, protocol: Protocol): Promise<{ twenty: number; one: number }> {
  const server = host(site, protocol)
  const origin = await listen(server, protocol)
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] })
  try {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage()
    await page.goto(`${origin}/index.html`)
    const twenty: number[] = []
    const one: number[] = []
    for (let round = 0; round < 8; round++) {
      const urls = Array.from({ length: 20 }, (_, i) => `/f/${round * 40 + i}.json`)
      twenty.push(await page.evaluate(async (all) => {
        const start = performance.now()
        await Promise.all(all.map((url) => fetch(url).then((r) => r.text())))
        return performance.now() - start
      }, urls))
      one.push(await page.evaluate(async (url) => {
        const start = performance.now()
        await fetch(url).then((r) => r.text())
        return performance.now() - start
      }, `/f/${round * 40 + 30}.json`))
    }
    return { twenty: median(twenty), one: median(one) }
  } finally {
    await browser.close()
    server.close()
  }
}

/** Milliseconds for 20 files fetched at once by a Node client of the same host (HTTP/1.1; median of 8). */
async function nodeRequests(site: string): Promise<number> {
  const server = host(site, 'h1')
  const origin = await listen(server, 'h1')
  const fetchOne = (path: string): Promise<void> =>
    new Promise((done, fail) => {
      get(origin + path, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        response.resume()
        response.on('end', done)
      }).on('error', fail)
    })
  const times: number[] = []
  try {
    for (let round = 0; round < 9; round++) {
      const start = performance.now()
      await Promise.all(Array.from({ length: 20 }, (_, i) => fetchOne(`/f/${round * 40 + i}.json`)))
      if (round > 0) times.push(ms(start))
    }
  } finally {
    server.close()
  }
  return median(times)
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
}

const { posts, dispose } = await postsFolder()
try {
  const names = readdirSync(posts)
  const cores = availableParallelism()
  const find = findPerFile(posts, names.length)
  const nodeStat = nodeStatPerFile(posts, names)
  const parsing = parseCost(posts, names)
  const parse = parsing.perPost
  const write = await writePerFile(cores)
  const stat = Math.min(find, nodeStat / cores)
  console.log(`floors on this machine (${cores} cores), ${names.length} posts in ${posts}`)
  console.log(`  stat a post:   find ${find.toFixed(1)} µs, Node statSync ${nodeStat.toFixed(1)} µs on one thread: ${stat.toFixed(1)} µs a post at best`)
  console.log(`  parse a post:  ${parse.toFixed(3)} ms of CPU once compiled (parsePost, one thread, ${parsing.sample} posts): ${(parse / cores).toFixed(3)} ms a post on ${cores} cores`)
  console.log(`                 a fresh thread's first ${WARM_UP} posts, compiling: ${(parsing.warmUp / 1000).toFixed(2)} s of CPU (${(parsing.warmUp / WARM_UP).toFixed(3)} ms a post), paid once by each thread`)
  console.log(`  write a file:  ${write.toFixed(1)} µs (${BYTES_PER_POST} bytes, write then rename, ${WRITE_SAMPLE} files on ${cores} threads)`)
  console.log('')
  console.log('A cold build must stat, parse and write every post; a new process must stat every post before it knows what changed.')
  console.log('posts        stat all  parse all  write all  cold: floor  goal   new process: floor  goals')
  const goals: Record<number, { cold: number; update: string }> = {
    100_000: { cold: 25, update: 'edit 1 s, +500 2 s' },
    1_000_000: { cold: 240, update: '+500 5 s' },
  }
  for (const n of [100_000, 1_000_000]) {
    const statAll = (stat * n) / 1e6
    // Each thread compiles once, then parses its share.
    const parseAll = (parsing.warmUp + (parse * Math.max(0, n - cores * WARM_UP)) / cores) / 1000
    const writeAll = (write * n) / 1e6
    const goal = goals[n] as { cold: number; update: string }
    console.log(
      [
        n.toLocaleString('en-US').padEnd(10),
        `${fmt(statAll)} s`.padStart(9),
        `${fmt(parseAll)} s`.padStart(10),
        `${fmt(writeAll)} s`.padStart(10),
        `${fmt(statAll + parseAll + writeAll)} s`.padStart(12),
        `${goal.cold} s`.padStart(6),
        `${fmt(statAll)} s`.padStart(19),
        ` ${goal.update}`,
      ].join(' '),
    )
  }
  const site = requestSite()
  try {
    const node = await nodeRequests(site)
    const h1 = await chromiumRequests(site, 'h1')
    const h2 = await chromiumRequests(site, 'h2')
    console.log('')
    console.log('a search request in Chromium (1 KB files from a local static host; medians of 8 rounds):')
    console.log(`  HTTP/1.1: 20 at once ${h1.twenty.toFixed(0)} ms (${(h1.twenty / 20).toFixed(1)} ms a request), one alone ${h1.one.toFixed(1)} ms`)
    console.log(`  HTTP/2:   20 at once ${h2.twenty.toFixed(0)} ms (${(h2.twenty / 20).toFixed(1)} ms a request), one alone ${h2.one.toFixed(1)} ms`)
    console.log(`  a Node client of the same host (HTTP/1.1): 20 at once ${node.toFixed(0)} ms`)
    const each = Math.min(h1.twenty, h2.twenty) / 20
    console.log(`  a first page of 20 results needs at least 20 article files (snippets) and 1 to 20 documents files: ${(20 * each).toFixed(0)} to ${(40 * each).toFixed(0)} ms of requests, against 200 ms at 100,000 posts`)
  } finally {
    rmSync(site, { recursive: true, force: true })
  }
} finally {
  dispose()
}
