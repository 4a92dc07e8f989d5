// One headless Chromium per test file (Debian's, through playwright-core), and pages that record what
// went wrong in them: console errors, uncaught errors, failed loads from the local server. Every request
// to a host other than the local server is aborted and recorded: article images point at eastmoney
// hosts and must simply fail, which the app handles; nothing else may leave the machine.
//
//   beforeAll(openBrowser); afterAll(closeBrowser)
//   const tab = await newPage({ width: 390, height: 844, colorScheme: 'dark' })
//   await tab.page.goto(server.url)
//   tab.assertNoErrors()
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Locator,
  type Page,
} from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_MISSING, CHROMIUM_PATH } from './chromium.ts'
import { existsSync } from 'node:fs'

export interface NewPageOptions {
  /** Viewport, default 1280 × 800. */
  width?: number
  height?: number
  /** Default 'light'. */
  colorScheme?: 'light' | 'dark' | 'no-preference'
  /** Default 'zh-CN'. */
  locale?: string
  /** Default 'Asia/Shanghai'. */
  timezoneId?: string
  /** Origins the page may reach besides the loopback servers' (default: any http://127.0.0.1:PORT). */
  allowOrigins?: readonly string[]
  /** Anything else for the browser context (isMobile, hasTouch, reducedMotion, javaScriptEnabled…; `serviceWorkers: 'allow'`, blocked by default). */
  contextOptions?: BrowserContextOptions
}

export interface HttpError {
  url: string
  status: number
}

export interface TestPage {
  page: Page
  context: BrowserContext
  /** Error-level console messages (console.error, CSP reports…), except Chromium's "Failed to load resource" lines. */
  consoleErrors: string[]
  /** Uncaught exceptions and unhandled rejections in the page, and crashes. */
  pageErrors: string[]
  /** Chromium's "Failed to load resource: …" console lines (blocked images, 404 documents, overridden 500s). */
  resourceErrors: string[]
  /** Local responses with status >= 400, except a main-frame document (a deep link is served 404.html with 404). */
  httpErrors: HttpError[]
  /** Every URL the page requested, in order. */
  requests: string[]
  /** Requests to other hosts, all aborted. */
  external: string[]
  /** consoleErrors, pageErrors and httpErrors as readable lines, minus those matching `ignore`. */
  problems(ignore?: readonly RegExp[]): string[]
  /** Throws listing the problems, if any. */
  assertNoErrors(ignore?: readonly RegExp[]): void
  /**
   * Waits for `locator` to be visible; on timeout throws saying what was awaited, with a summary of
   * the page (URL, title, start of its text, problems) instead of a bare locator timeout.
   */
  waitVisible(locator: Locator, what: string, timeout?: number): Promise<void>
  /** The page in a few lines: URL, title, start of its visible text, problems, blocked requests. */
  summary(): Promise<string>
  close(): Promise<void>
}

let browser: Browser | null = null
const open = new Set<TestPage>()

/** Launches the file's browser (once; later calls return the same one). */
export async function openBrowser(): Promise<Browser> {
  if (browser?.isConnected()) return browser
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING)
  // launch() gives every run a fresh temporary profile (user data dir) and removes it on close.
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout: 60_000,
  })
  return browser
}

export async function closeBrowser(): Promise<void> {
  for (const tab of [...open]) await tab.close()
  const closing = browser
  browser = null
  await closing?.close()
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]'
}

function describeConsole(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location()
  const where = url ? ` (${url}${lineNumber > 0 ? `:${lineNumber}` : ''})` : ''
  return `console.${message.type()}: ${message.text()}${where}`
}

export async function newPage(options: NewPageOptions = {}): Promise<TestPage> {
  const instance = browser ?? (await openBrowser())
  const context = await instance.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'zh-CN',
    timezoneId: options.timezoneId ?? 'Asia/Shanghai',
    // The reader's service worker would answer requests from its caches and fetch beside the page (so a
    // test's override or request count would see it); offline.test.ts allows it and tests it.
    serviceWorkers: 'block',
    ...options.contextOptions,
  })
  const allowOrigins = options.allowOrigins
  const allowed = (raw: string): boolean => {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return false
    }
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true
    if (allowOrigins?.includes(url.origin)) return true
    return url.protocol === 'http:' && isLoopback(url)
  }

  const consoleErrors: string[] = []
  const pageErrors: string[] = []
  const resourceErrors: string[] = []
  const httpErrors: HttpError[] = []
  const requests: string[] = []
  const external: string[] = []

  await context.route('**/*', async (route) => {
    const url = route.request().url()
    if (allowed(url)) {
      await route.continue()
    } else {
      external.push(url)
      await route.abort('blockedbyclient')
    }
  })
  context.on('request', (request) => {
    requests.push(request.url())
  })

  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    if (message.text().startsWith('Failed to load resource')) resourceErrors.push(describeConsole(message))
    else consoleErrors.push(describeConsole(message))
  })
  page.on('pageerror', (error) => {
    pageErrors.push(`uncaught ${error.name}: ${error.message}${error.stack ? `\n${error.stack}` : ''}`)
  })
  page.on('crash', () => {
    pageErrors.push('the page crashed')
  })
  page.on('response', (response) => {
    if (response.status() < 400) return
    const request = response.request()
    if (request.isNavigationRequest() && response.frame() === page.mainFrame()) return
    httpErrors.push({ url: response.url(), status: response.status() })
  })

  const tab: TestPage = {
    page,
    context,
    consoleErrors,
    pageErrors,
    resourceErrors,
    httpErrors,
    requests,
    external,
    problems(ignore = []) {
      const lines = [
        ...pageErrors,
        ...consoleErrors,
        ...httpErrors.map(({ url, status }) => `HTTP ${status} for ${url}`),
      ]
      return lines.filter((line) => !ignore.some((pattern) => pattern.test(line)))
    },
    assertNoErrors(ignore = []) {
      const lines = tab.problems(ignore)
      if (lines.length > 0) {
        throw new Error(`The page at ${page.url()} had ${lines.length} error(s):\n${lines.map((line) => `- ${line}`).join('\n')}`)
      }
    },
    async waitVisible(locator, what, timeout = 20_000) {
      try {
        await locator.first().waitFor({ state: 'visible', timeout })
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
        throw new Error(`Expected ${what} to be visible: ${reason}\n${await tab.summary()}`, { cause: error })
      }
    },
    async summary() {
      const text = await page
        .locator('body')
        .innerText({ timeout: 2_000 })
        .catch(() => '(no body)')
      const flat = text.replace(/\s+/g, ' ').trim()
      const lines = [
        `  url: ${page.url()}`,
        `  title: ${await page.title().catch(() => '(none)')}`,
        `  text: ${flat.length > 400 ? `${flat.slice(0, 400)}…` : flat || '(empty)'}`,
        ...tab.problems().map((line) => `  problem: ${line}`),
        ...resourceErrors.map((line) => `  failed load: ${line}`),
        ...external.map((url) => `  blocked: ${url}`),
      ]
      return lines.join('\n')
    },
    async close() {
      open.delete(tab)
      await context.close()
    },
  }
  open.add(tab)
  return tab
}
