// Where a page's first load spends the main thread: a Chromium trace of one load (the CPU slowed as
// Lighthouse's phone is, four times), printed as its tasks over 30 ms with what each spent most on
// (Layout, UpdateLayoutTree, v8.evaluateModule, FunctionCall: the reader's code...), then its layouts over
// 10 ms with how many layout objects each covered. For #12's TBT, whose long tasks Lighthouse reports but
// does not explain. A page without the reader (Jekyll's, for comparison) is traced until its load event.
// Nothing here is a test.
//   npx tsx tests/bench/page-trace.ts <site folder> <route, e.g. /c/emnews> [--warm <route>] [--slowdown 4]
// --warm loads that route first in the same browser, so the traced load finds V8's code cache, open fonts
// and a service worker, as a returning reader's browser does.
import { parseArgs } from 'node:util'
import { chromium, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium.ts'
import { APP_STARTED_ATTRIBUTE } from '../../src/content/prerender.ts'
import { host, listen } from './static-host.ts'

/** A trace event, as far as read here. */
interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { beginData?: { dirtyObjects?: number; totalObjects?: number } }
}

/**
 * Until the reader runs on the page (hydrated or drawn); a page without the reader's entry, until it loaded.
 * Asked in the page's own world: Playwright's locators and waitForFunction first install its injected
 * script (a classic script of some 100 ms at 4x), which the trace would count as the page's.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load')
  await page.evaluate(
    (started) =>
      new Promise<void>((done) => {
        const root = document.documentElement
        if (!document.querySelector('script[data-entry]') || root.hasAttribute(started)) return done()
        new MutationObserver((_, observer) => {
          if (!root.hasAttribute(started)) return
          observer.disconnect()
          done()
        }).observe(root, { attributes: true })
      }),
    APP_STARTED_ATTRIBUTE,
  )
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { warm: { type: 'string' }, slowdown: { type: 'string', default: '4' } } })
const [site, route] = positionals
if (!site || !route) throw new Error('usage: npx tsx tests/bench/page-trace.ts <site folder> <route> [--warm <route>] [--slowdown 4]')

const server = host(site)
const origin = await listen(server)
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] })
try {
  const page = await browser.newPage({ viewport: { width: 412, height: 823 } })
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(values.slowdown) })
  if (values.warm) {
    await page.goto(origin + values.warm)
    await settled(page)
  }
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])))
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,loading', transferMode: 'ReportEvents' })
  await page.goto(origin + route)
  await settled(page)
  // The app's first effects and idle work after its first screen.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 1500)))
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done))
  await cdp.send('Tracing.end')
  await complete
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null)
  // The page's renderer main thread: where its navigation started. Other renderers trace too (Chromium's
  // new tab page evaluates its own modules while the page loads), and their tasks are not the page's.
  const navigation = events.find((e) => e.name === 'navigationStart')
  if (!navigation) throw new Error('the trace has no navigationStart: no page load was traced')
  const start = navigation.ts
  const onPage = (e: TraceEvent): boolean => e.pid === navigation.pid && e.tid === navigation.tid
  console.log(`${route}: first contentful paint at ${fcp === null ? '?' : fcp.toFixed(0)} ms, CPU slowed ${values.slowdown}x${values.warm ? `, after ${values.warm} in the same browser` : ', a new browser'}`)
  for (const task of events.filter((e) => e.name === 'RunTask' && onPage(e) && (e.dur ?? 0) > 30_000)) {
    const end = task.ts + (task.dur ?? 0)
    const spent = new Map<string, number>()
    for (const e of events) {
      if (e === task || e.ph !== 'X' || e.pid !== task.pid || e.tid !== task.tid || e.ts < task.ts || e.ts + (e.dur ?? 0) > end) continue
      spent.set(e.name, (spent.get(e.name) ?? 0) + (e.dur ?? 0))
    }
    const top = [...spent].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([name, us]) => `${name} ${(us / 1000).toFixed(0)}`)
    console.log(`  task at ${((task.ts - start) / 1000).toFixed(0)} ms, ${((task.dur ?? 0) / 1000).toFixed(0)} ms: ${top.join(', ')}`)
  }
  // A layout's cost follows what it lays out for the first time (text shaped in a font not yet opened) more
  // than how much: stop 36 found the header alone (83 objects) taking 100 ms at 4x.
  for (const layout of events.filter((e) => e.name === 'Layout' && onPage(e) && (e.dur ?? 0) > 10_000)) {
    const objects = layout.args?.beginData
    console.log(`  layout at ${((layout.ts - start) / 1000).toFixed(0)} ms, ${((layout.dur ?? 0) / 1000).toFixed(0)} ms: ${objects?.dirtyObjects ?? '?'} of ${objects?.totalObjects ?? '?'} layout objects`)
  }
} finally {
  await browser.close()
  server.close()
}
