// #13's reader-side goals, in Chromium against a local static host that compresses as real hosts do:
// for each kind of query, typed into the header's box on the settings page of a fresh browser (no cache,
// no service worker), the time from the debounce (the box's pause after the last keystroke) until the first 20 results
// are on screen with their snippets, and until the exact total (找到 N 篇) shows; and the bytes transferred
// from the first keystroke (gzipped, as sent; the search code's lazy chunk included). Goals: 200 ms and
// 150 KB at 100,000 posts, 300 ms and 300 KB at 1,000,000 (for the first 20 results).
//   npx tsx tests/bench/search-browser.ts <site folder> [data folder] [runs, default 3] [posts, for the goals]
// With FINEWS_SEARCH_WATERFALL=1 it also prints, for each query's first run, every request from the first
// keystroke to the first page and the page's long tasks, in milliseconds from the debounce. With
// FINEWS_BENCH_HTTP=2 the host serves HTTP/2 over TLS instead of HTTP/1.1 (static-host.ts). With
// FINEWS_SEARCH_KEY_DELAY=<ms> the query is typed a key at a time with that pause between keys (a reader
// typing slowly), not at once; with FINEWS_SEARCH_LATENCY=<ms> Chromium adds that much to every request's
// round trip (CDP's network emulation: a reader's network rather than this machine's loopback).
// `npm run bench` runs it on each size's data folder.
// The site is a built reader (`npm run build`); a data folder from another content build (`npm run content
// -- --out DIR`, a bench archive of any size) is served in place of the site's own data/.
// Measure on a quiet machine: the times are wall-clock in one headless Chromium, with no CPU slowdown.
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { SEARCH_DEBOUNCE_MS, SEARCH_EARLY_START_MS } from '../../src/components/search-debounce.ts'
import { paths } from '../../src/content/routes.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium.ts'
import { host, listen, type Protocol } from './static-host.ts'
import { QUERIES } from './search-queries.ts'

/** FINEWS_SEARCH_KEY_DELAY and FINEWS_SEARCH_LATENCY (see the header), in milliseconds; 0: off. */
const KEY_DELAY = Number(process.env.FINEWS_SEARCH_KEY_DELAY ?? 0)
const LATENCY = Number(process.env.FINEWS_SEARCH_LATENCY ?? 0)

/** The site's files with `data` in place of its own data folder (a symlink: nothing large is copied). */
function siteWith(site: string, dataFolder: string): { root: string; dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'finews-search-browser-'))
  for (const entry of readdirSync(site)) {
    if (entry !== 'data') cpSync(join(site, entry), join(root, entry), { recursive: true })
  }
  symlinkSync(dataFolder, join(root, 'data'))
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) }
}

/**
 * Records, in the page, when the debounce fired (the last keystroke's input event plus the box's pause: the
 * router loads the search route's code before it changes the URL, so the URL comes later), when the first page of results (20) shows with every snippet, and when the exact
 * total shows.
 */
function watchResults(debounceMs: number): void {
  const w = window as unknown as { __bench: Bench }
  w.__bench = { typed: 0, debounced: 0, navigated: 0, screen: 0, first: 0, total: 0, found: '', shown: 0, longTasks: [] }
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method].bind(history)
    history[method] = (...args: Parameters<History['pushState']>) => {
      w.__bench.navigated ||= performance.now()
      original(...args)
    }
  }
  document.addEventListener(
    'input',
    () => {
      w.__bench.typed ||= performance.now()
      w.__bench.debounced = performance.now() + debounceMs
    },
    true,
  )
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__bench.longTasks.push([e.startTime, e.duration])
  }).observe({ type: 'longtask', buffered: true })
  const check = (): void => {
    const b = w.__bench
    if (!b.debounced) return
    if (!b.screen && document.querySelector('.search-note, .search-count')) b.screen = performance.now()
    const count = document.querySelector('.search-count')?.textContent ?? ''
    const total = /^找到 (\d+) 篇/.exec(count)
    if (total && !b.total) {
      b.total = performance.now()
      b.found = total[1] ?? ''
    }
    // The first page of results is complete once the list ends in 更多结果 or 已经到底了 (a story both
    // writers posted is one result, so a page may show fewer than `first`), and every snippet is in.
    const snippets = [...document.querySelectorAll('.search-result__snippet')]
    const pageShown = document.querySelector('.search-more, .search-end') !== null && snippets.length > 0 && snippets.every((s) => s.textContent !== '…')
    if (!b.first && (pageShown || document.querySelector('.search-empty'))) {
      b.first = performance.now()
      b.shown = snippets.length
    }
  }
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true })
}

/** What a request fetched, for the breakdown: the search code, the index (root, shards, documents), or article files for snippets. */
function kindOf(url: string): string {
  const path = new URL(url).pathname
  if (/\/data\/search\/root-/.test(path)) return 'root'
  if (/\/data\/search\/.*\.bin$/.test(path)) return 'shards'
  if (/\/data\/search\//.test(path)) return 'documents'
  if (/\/data\/articles\//.test(path)) return 'articles'
  if (/\.(js|css)$/.test(path)) return 'code'
  return 'other'
}

/** What the page records (watchResults), in its own clock (performance.now()). */
interface Bench {
  typed: number
  debounced: number
  /** When the router changed the URL to /search, and when the search screen first drew. */
  navigated: number
  screen: number
  first: number
  total: number
  found: string
  shown: number
  longTasks: [number, number][]
}

/** The requests from the first keystroke to the first page, and the long tasks, from the debounce (ms). */
function waterfall(b: Bench): string[] {
  const from = (t: number): string => (t - b.debounced).toFixed(0).padStart(6)
  const requests = performance
    .getEntriesByType('resource')
    .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming && e.startTime >= b.typed && e.startTime <= b.first)
    .map((e) => `${from(e.startTime)} → ${from(e.responseEnd)}  ${(e.transferSize / 1024).toFixed(1).padStart(6)} KB  ${new URL(e.name).pathname.replace(/^.*\/(data|assets)\//, '$1/')}`)
  const tasks = b.longTasks.filter(([start]) => start >= b.typed && start <= b.first).map(([start, duration]) => `${from(start)} long task ${duration.toFixed(0)} ms`)
  const marks = [`${from(b.navigated)} URL is /search`, `${from(b.screen)} search screen drawn`, `${from(b.first)} first page on screen`]
  return [...requests, ...tasks, ...marks]
}

interface Run {
  /** With FINEWS_SEARCH_WATERFALL: the first page's requests and long tasks (waterfall). */
  waterfall: string[]
  first: number
  total: number
  found: string
  shown: number
  firstBytes: number
  totalBytes: number
  /** The first page's bytes by kind of file (kindOf). */
  firstByKind: Map<string, number>
}

async function measure(page: Page, origin: string, query: string): Promise<Run> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  let bytes = 0
  const urls = new Map<string, string>()
  const byKind = new Map<string, number>()
  cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => {
    urls.set(event.requestId, event.request.url)
  })
  cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
    bytes += event.encodedDataLength
    const kind = kindOf(urls.get(event.requestId) ?? '')
    byKind.set(kind, (byKind.get(kind) ?? 0) + event.encodedDataLength)
  })
  // A page that needs no data and has not loaded the search code: what the reader types on is any page.
  await page.goto(`${origin}${paths.settings()}`)
  await page.waitForLoadState('networkidle')
  await page.evaluate(watchResults, SEARCH_DEBOUNCE_MS)
  bytes = 0
  byKind.clear()
  await page.locator('#site-search').click()
  if (KEY_DELAY > 0) {
    // A key at a time, KEY_DELAY between the characters' input events. (keyboard.type's own delay is spent
    // between a key's down and up for keys on the layout, and before the text for the others: a space
    // followed by a Chinese character came twice the delay apart, a pause the box answers with a search.)
    for (const [i, char] of [...query].entries()) {
      if (i > 0) await page.waitForTimeout(KEY_DELAY)
      await page.keyboard.type(char)
    }
  } else await page.keyboard.type(query)
  await page.waitForFunction(() => (window as unknown as { __bench: { first: number } }).__bench.first > 0, null, { timeout: 60_000 })
  const firstBytes = bytes
  const firstByKind = new Map(byKind)
  await page.waitForFunction(() => (window as unknown as { __bench: { total: number } }).__bench.total > 0, null, { timeout: 60_000 })
  await page.waitForLoadState('networkidle')
  const b = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench)
  const steps = process.env.FINEWS_SEARCH_WATERFALL ? await page.evaluate(waterfall, b) : []
  await cdp.detach()
  return { waterfall: steps, first: b.first - b.debounced, total: b.total - b.debounced, found: b.found, shown: b.shown, firstBytes, totalBytes: bytes, firstByKind }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`

/** #13's goals for the first page of results, by archive size: milliseconds and kilobytes. */
const GOALS: Record<number, { ms: number; kb: number }> = { 100000: { ms: 200, kb: 150 }, 1000000: { ms: 300, kb: 300 } }

/**
 * Measures every kind of query `runs` times on the reader in `site` with `data` as its data folder, and
 * returns the table's lines (with the goals for `posts`, when the issue names that size).
 */
export async function searchInBrowser(site: string, data: string, runs: number, posts?: number, protocol: Protocol = 'h1'): Promise<string[]> {
  const served = siteWith(site, data)
  const server = host(served.root, protocol)
  const origin = await listen(server, protocol)
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] })
  const goal = posts === undefined ? undefined : GOALS[posts]
  const lines = [
    `search in Chromium, data ${data}, served gzipped over ${protocol === 'h2' ? 'HTTP/2' : 'HTTP/1.1'}; ${runs} run(s) a query, each in a fresh browser context${LATENCY > 0 ? `, ${LATENCY} ms added to each request` : ''}${KEY_DELAY > 0 ? `, typed a key every ${KEY_DELAY} ms` : ''}${goal ? ` (goal for the first page: ${goal.ms} ms, ${goal.kb} KB)` : ''}`,
    // The box starts the first page SEARCH_EARLY_START_MS after the last key: part of it is done by the pause's end.
    `times from the box's pause, which ends ${SEARCH_DEBOUNCE_MS} ms after the last key (the first page starts ${SEARCH_EARLY_START_MS} ms after it): from the last key, add ${SEARCH_DEBOUNCE_MS} ms`,
    'query                       found  shown   first page: ms (median, range)        KB   exact total: ms          KB',
  ]
  try {
    for (const { kind, query } of QUERIES) {
      const results: Run[] = []
      for (let r = 0; r < runs; r++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block', locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ignoreHTTPSErrors: true })
        // tsx keeps function names with a helper the page does not have (watchResults is passed as source).
        await context.addInitScript({ content: 'window.__name = (f) => f' })
        const page = await context.newPage()
        if (LATENCY > 0) {
          const cdp = await context.newCDPSession(page)
          await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY, downloadThroughput: -1, uploadThroughput: -1 })
        }
        results.push(await measure(page, origin, query))
        await context.close()
      }
      const firsts = results.map((x) => x.first)
      const firstBytes = median(results.map((x) => x.firstBytes))
      const met = goal ? (median(firsts) <= goal.ms && firstBytes / 1024 <= goal.kb ? 'met' : 'MISSED') : ''
      lines.push(
        [
          `${kind} ${query}`.padEnd(24),
          (results[0]?.found ?? '').padStart(7),
          String(results[0]?.shown ?? '').padStart(5),
          `${median(firsts).toFixed(0).padStart(12)} (${Math.min(...firsts).toFixed(0)}–${Math.max(...firsts).toFixed(0)})`.padEnd(28),
          kb(firstBytes).padStart(9),
          `${median(results.map((x) => x.total)).toFixed(0).padStart(10)} ms`,
          kb(median(results.map((x) => x.totalBytes))).padStart(10),
          met,
        ].join('  '),
      )
      const split = results[0]?.firstByKind ?? new Map<string, number>()
      lines.push(`${''.padEnd(24)}  first page, one run: ${[...split].map(([k, n]) => `${k} ${kb(n)}`).join(', ')}`)
      for (const step of results[0]?.waterfall ?? []) lines.push(`${''.padEnd(26)}${step}`)
    }
  } finally {
    await browser.close()
    server.close()
    served.dispose()
  }
  return lines
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const site = resolve(process.argv[2] ?? 'dist')
  const data = resolve(process.argv[3] ?? join(site, 'data'))
  const runs = Number(process.argv[4] ?? 3)
  const posts = process.argv[5] === undefined ? undefined : Number(process.argv[5])
  const protocol = process.env.FINEWS_BENCH_HTTP === '2' ? 'h2' : 'h1'
  for (const line of await searchInBrowser(site, data, runs, posts, protocol)) console.log(line)
}
