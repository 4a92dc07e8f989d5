// Where a page's first load spends the main thread: a Chromium trace of one load (the CPU slowed as
// Lighthouse's phone is, four times), printed as its tasks over 30 ms with what each spent most on
// (Layout, UpdateLayoutTree, v8.evaluateModule, FunctionCall: the reader's code...). For #12's TBT, whose
// long tasks Lighthouse reports but does not explain. Nothing here is a test.
//   npx tsx tests/bench/page-trace.ts <site folder> <route, e.g. /c/emnews> [--warm <route>] [--slowdown 4]
// --warm loads that route first in the same browser, so the traced load finds V8's code cache, open fonts
// and a service worker, as a returning reader's browser does.
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium.ts'
import { host, listen } from './static-host.ts'

/** A trace event, as far as read here. */
interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
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
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-app-started'))
  }
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])))
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,loading', transferMode: 'ReportEvents' })
  await page.goto(origin + route)
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-app-started'))
  // The app's first effects and idle work after its first screen.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 1500)))
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done))
  await cdp.send('Tracing.end')
  await complete
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null)
  const start = events.find((e) => e.name === 'navigationStart')?.ts ?? Math.min(...events.map((e) => e.ts))
  console.log(`${route}: first contentful paint at ${fcp === null ? '?' : fcp.toFixed(0)} ms, CPU slowed ${values.slowdown}x${values.warm ? `, after ${values.warm} in the same browser` : ', a new browser'}`)
  for (const task of events.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 30_000)) {
    const end = task.ts + (task.dur ?? 0)
    const spent = new Map<string, number>()
    for (const e of events) {
      if (e === task || e.ph !== 'X' || e.pid !== task.pid || e.tid !== task.tid || e.ts < task.ts || e.ts + (e.dur ?? 0) > end) continue
      spent.set(e.name, (spent.get(e.name) ?? 0) + (e.dur ?? 0))
    }
    const top = [...spent].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([name, us]) => `${name} ${(us / 1000).toFixed(0)}`)
    console.log(`  task at ${((task.ts - start) / 1000).toFixed(0)} ms, ${((task.dur ?? 0) / 1000).toFixed(0)} ms: ${top.join(', ')}`)
  }
} finally {
  await browser.close()
  server.close()
}
