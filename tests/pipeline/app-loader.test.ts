// A prerendered page asks for none of the reader's code before its first frame: the entry script and the
// module preloads Vite put in the head are gone from the page sent, and the loader at the end of the body
// adds the same ones, in the same order, once the first contentful paint is reported (or, in a browser
// without paint timing or a page hidden before its first paint, once a frame has been drawn). Its text is
// what the page's Content-Security-Policy allows by hash, and the only inline script the policy allows.
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { PRERENDER_STATE_ID } from '../../src/content/prerender.ts'
import { APP_LOADER, deferAppStart, LATER_ID, replaceTags } from '../../src/pipeline/outputs/pages/app-loader.ts'
import { seededRandom } from './support/seeded-random.ts'
import { criticalCss } from '../../src/pipeline/outputs/pages/critical-css.ts'
import { inlineIcon, pageHtml, type PageStyles } from '../../src/pipeline/outputs/pages/page-html.ts'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER, POLICY_META } from '../../src/pipeline/outputs/site-policy.ts'

// jsdom ships no types and this project has no @types/jsdom: the constructor is typed here, as far as used.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (
    html: string,
    options?: { runScripts?: 'dangerously'; pretendToBeVisual?: boolean; beforeParse?: (window: Window) => void },
  ) => { window: Window & typeof globalThis }
}

/** A built index.html as Vite writes it, under the sub-path /finews/. */
const TEMPLATE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta http-equiv="Content-Security-Policy" content="${POLICY_META[0]?.content ?? ''}">
    <meta charset="UTF-8" />
    <link rel="icon" href="/finews/favicon.svg" type="image/svg+xml" />
    <link rel="manifest" href="/finews/manifest.webmanifest" />
    <title>金融消息</title>
    <script type="module" crossorigin src="/finews/assets/index-E1.js"></script>
    <link rel="modulepreload" crossorigin href="/finews/assets/rolldown-runtime-R1.js">
    <link rel="modulepreload" crossorigin href="/finews/assets/initial-I1.js">
    <link rel="stylesheet" crossorigin href="/finews/assets/style-S1.css">
  </head>
  <body>
    <div id="root"></div>
    <noscript>金融消息阅读器需要启用 JavaScript。</noscript>
  </body>
</html>
`
const ROUTE_ASSETS = '  <link rel="stylesheet" crossorigin href="/finews/assets/feed-F1.css">\n    <link rel="modulepreload" crossorigin href="/finews/assets/feed-route-F2.js">\n  '
const HEAD = { rendered: '<title>东财滚动新闻 - 金融消息</title>', canonical: 'https://finews.example/finews/c/emnews', title: '东财滚动新闻', description: null, article: null, jsonLd: null }

const page = (styles?: PageStyles): string => pageHtml(TEMPLATE, HEAD, '<main class="feed"><h1>东财滚动新闻</h1></main>', { path: '/c/emnews', queries: {} }, ROUTE_ASSETS, styles)

/** The two stylesheets the template and the route link, as the build wrote them. */
const SHEETS: Readonly<Record<string, string>> = {
  '/finews/assets/style-S1.css': 'body{margin:0}.feed{padding:1rem}.search-results{color:red}',
  '/finews/assets/feed-F1.css': '@media (min-width:40rem){.feed h1{font-size:2rem}.saved{color:blue}}',
}
const STYLES: PageStyles = { critical: (hrefs) => criticalCss(hrefs.map((href) => SHEETS[href] ?? '').join('\n')) }
/** What of SHEETS the page's elements can need. */
const CRITICAL = 'body{margin:0}.feed{padding:1rem}@media (min-width:40rem){.feed h1{font-size:2rem}}'

/** What the page asks for as modules, in order: the preloads and the entry script in its head. */
function moduleRequests(document: Document): string[] {
  return [...document.head.querySelectorAll('link[rel="modulepreload"], script[type="module"]')].map((el) => `${el.tagName === 'SCRIPT' ? 'script' : 'preload'} ${el.getAttribute('src') ?? el.getAttribute('href') ?? ''}`)
}

/** What the loader adds for page(), in order. */
const LOADED = [
  'preload /finews/assets/rolldown-runtime-R1.js',
  'preload /finews/assets/initial-I1.js',
  'preload /finews/assets/feed-route-F2.js',
  'preload /finews/assets/index-E1.js',
  'script /finews/assets/index-E1.js',
]

const task = (window: Window): Promise<void> => new Promise((done) => window.setTimeout(done))
const frameThenTask = (window: Window): Promise<void> => new Promise((done) => window.requestAnimationFrame(() => window.setTimeout(done)))

/**
 * A PerformanceObserver that knows paint entries (jsdom has none), for the page's window; `report` hands the
 * page's observers a paint entry of that name, as the browser does once the paint is on screen.
 */
function fakePaintTiming(): { install: (window: Window) => void; report: (name: string) => void } {
  const observers: ((list: { getEntriesByName: (name: string) => unknown[] }) => void)[] = []
  class PaintObserver {
    static supportedEntryTypes = ['paint', 'largest-contentful-paint']
    readonly #callback: (typeof observers)[number]
    constructor(callback: (typeof observers)[number]) {
      this.#callback = callback
    }
    observe(options: { type?: string }): void {
      if (options.type === 'paint') observers.push(this.#callback)
    }
  }
  return {
    install: (window) => Object.defineProperty(window, 'PerformanceObserver', { value: PaintObserver }),
    report: (name) => {
      for (const callback of observers) callback({ getEntriesByName: (wanted) => (wanted === name ? [{ name, entryType: 'paint' }] : []) })
    },
  }
}

describe('a prerendered page and the reader’s code', () => {
  it('names no module to fetch in the page sent; its stylesheets stay where they were', () => {
    const html = page()
    const { document } = new JSDOM(html).window
    expect(moduleRequests(document)).toEqual([])
    expect([...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.getAttribute('href'))).toEqual(['/finews/assets/style-S1.css', '/finews/assets/feed-F1.css'])
    // The loader is the body's last element, after the first screen and its data.
    const scripts = [...document.body.querySelectorAll('script')]
    expect(scripts.at(-1)?.textContent).toBe(APP_LOADER)
    expect(document.body.lastElementChild).toBe(scripts.at(-1))
  })

  it('in a browser without paint timing, adds the preloads and the entry once a frame is drawn, not before', async () => {
    const dom = new JSDOM(page(), { runScripts: 'dangerously', pretendToBeVisual: true })
    const { document } = dom.window
    // The loader has run (the page is parsed) and waits for a frame.
    expect(moduleRequests(document)).toEqual([])
    await frameThenTask(dom.window)
    expect(moduleRequests(document)).toEqual(LOADED)
    // As Vite wrote them: fetched in CORS mode, so the preloads serve the imports.
    for (const el of document.head.querySelectorAll('link[rel="modulepreload"], script[type="module"]')) expect(el.getAttribute('crossorigin'), el.outerHTML).toBe('')
    dom.window.close()
  })

  it('where the browser reports paints, waits for the first contentful one, not for a frame', async () => {
    const paints = fakePaintTiming()
    const dom = new JSDOM(page(), { runScripts: 'dangerously', pretendToBeVisual: true, beforeParse: paints.install })
    const { window } = dom
    await frameThenTask(window)
    expect(moduleRequests(window.document)).toEqual([])
    paints.report('first-paint')
    await task(window)
    expect(moduleRequests(window.document)).toEqual([])
    paints.report('first-contentful-paint')
    await task(window)
    expect(moduleRequests(window.document)).toEqual(LOADED)
    // A later paint or a hidden tab adds nothing twice.
    paints.report('first-contentful-paint')
    window.document.dispatchEvent(new window.Event('visibilitychange'))
    await frameThenTask(window)
    expect(moduleRequests(window.document)).toEqual(LOADED)
    window.close()
  })

  it('a page hidden before its first paint (it reports none) starts after a frame once shown', async () => {
    const paints = fakePaintTiming()
    const dom = new JSDOM(page(), { runScripts: 'dangerously', pretendToBeVisual: true, beforeParse: paints.install })
    const { window } = dom
    window.document.dispatchEvent(new window.Event('visibilitychange'))
    await frameThenTask(window)
    expect(moduleRequests(window.document)).toEqual(LOADED)
    window.close()
  })

  it('with the stylesheets at hand, the page carries what its elements need of them and links none; the policy allows that style alone', () => {
    const html = page(STYLES)
    const { document } = new JSDOM(html).window
    expect(document.querySelectorAll('link[rel="stylesheet"]')).toHaveLength(0)
    expect([...document.querySelectorAll('style')].map((s) => s.textContent)).toEqual([CRITICAL])
    const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? ''
    const styleSrc = policy.split('; ').find((d) => d.startsWith('style-src '))
    expect(styleSrc).toBe(`style-src 'self' 'sha256-${createHash('sha256').update(CRITICAL).digest('base64')}'`)
    // Both stylesheets are loaded later, in the order the page linked them.
    expect(document.querySelector('script[data-entry]')?.getAttribute('data-style')).toBe('/finews/assets/style-S1.css /finews/assets/feed-F1.css')
    // The manifest waits in an inert template; the icon stays.
    expect(document.head.querySelector('link[rel="manifest"]')).toBeNull()
    expect(document.getElementById(LATER_ID)?.innerHTML).toContain('manifest.webmanifest')
    expect(document.head.querySelector('link[rel="icon"]')).not.toBeNull()
  })

  it('after the first paint, loads the stylesheets and the code at once, and runs the entry only once every stylesheet is in', async () => {
    const paints = fakePaintTiming()
    const dom = new JSDOM(page(STYLES), { runScripts: 'dangerously', pretendToBeVisual: true, beforeParse: paints.install })
    const { document } = dom.window
    paints.report('first-contentful-paint')
    await task(dom.window)
    const sheets = [...document.head.querySelectorAll('link[rel="stylesheet"]')]
    expect(sheets.map((l) => l.getAttribute('href'))).toEqual(['/finews/assets/style-S1.css', '/finews/assets/feed-F1.css'])
    expect(document.head.querySelector('link[rel="manifest"]')?.getAttribute('href')).toBe('/finews/manifest.webmanifest')
    // The code is fetched meanwhile; the entry is not run before the whole style is there (the app draws what
    // the page's own rules do not cover).
    expect(moduleRequests(document)).toEqual(LOADED.slice(0, -1))
    sheets[0]?.dispatchEvent(new dom.window.Event('load'))
    expect(moduleRequests(document)).toEqual(LOADED.slice(0, -1))
    // A stylesheet that fails does not keep the reader from starting.
    sheets[1]?.dispatchEvent(new dom.window.Event('error'))
    expect(moduleRequests(document)).toEqual(LOADED)
    dom.window.close()
  })

  it('pages drawn one after another into one template each carry their own head, markup, data and rules, allowed by their own policy', () => {
    const saved = '<main class="saved"><h1>收藏</h1><p>原文写着 $&amp; 和 $1</p></main>'
    const draw = (markup: string, title: string): string =>
      pageHtml(TEMPLATE, { ...HEAD, rendered: `<title>${title}</title>`, title }, markup, { path: `/${title}`, queries: { title } }, ROUTE_ASSETS, STYLES)
    const feed = '<main class="feed"><h1>东财滚动新闻</h1></main>'
    const pages = [draw(feed, '一'), draw(saved, '二'), draw(feed, '三')].map((html) => new JSDOM(html).window.document)
    const expected = [CRITICAL, 'body{margin:0}@media (min-width:40rem){.saved{color:blue}}', CRITICAL]
    pages.forEach((document, i) => {
      const css = expected[i] ?? ''
      expect(document.title).toBe(['一', '二', '三'][i])
      expect([...document.querySelectorAll('style')].map((s) => s.textContent)).toEqual([css])
      const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? ''
      expect(policy).toContain(`'sha256-${createHash('sha256').update(css).digest('base64')}'`)
      expect(JSON.parse(document.getElementById(PRERENDER_STATE_ID)?.textContent ?? 'null')).toEqual({ path: `/${document.title}`, queries: { title: document.title } })
    })
    // The markup goes in as it came: no `$` pattern of String.replace is read in it.
    expect(pages[1]?.querySelector('.saved p')?.textContent).toBe('原文写着 $& 和 $1')
    expect(pages[0]?.querySelector('.saved')).toBeNull()
  })

  it('links the stylesheets as they were when they cannot be read', () => {
    const { document } = new JSDOM(page({ critical: () => null })).window
    expect(document.querySelectorAll('style')).toHaveLength(0)
    expect(document.querySelectorAll('link[rel="stylesheet"]')).toHaveLength(2)
    expect(document.querySelector('script[data-entry]')?.hasAttribute('data-style')).toBe(false)
  })

  it('a stylesheet that says </style> in a string cannot end the page’s <style> early', () => {
    const { document } = new JSDOM(page({ critical: () => criticalCss('.feed::after{content:"</style><script>alert(1)</script>"}') })).window
    expect(document.querySelectorAll('style')).toHaveLength(1)
    expect(document.querySelector('style')?.textContent).toContain('.feed::after')
    expect([...document.querySelectorAll('script')].some((el) => el.textContent.includes('alert(1)'))).toBe(false)
  })

  it('the icon travels in the page as a data: address, so the browser asks for no icon before the first paint', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#b3261e"/></svg>\n'
    const { document } = new JSDOM(inlineIcon(TEMPLATE, '/finews/favicon.svg', svg)).window
    const href = document.querySelector('link[rel="icon"]')?.getAttribute('href') ?? ''
    expect(href.startsWith('data:image/svg+xml,')).toBe(true)
    expect(decodeURIComponent(href.slice('data:image/svg+xml,'.length))).toBe(svg.trim())
    expect(inlineIcon(TEMPLATE, '/finews/favicon.svg', null)).toBe(TEMPLATE)
  })

  it('leaves a page with no entry script as it is', () => {
    const html = '<!doctype html><html><head><title>x</title></head><body><div id="root"></div></body></html>'
    expect(deferAppStart(html)).toBe(html)
  })

  it('the policy allows the loader by its hash and no other inline script', () => {
    const hash = `'sha256-${createHash('sha256').update(APP_LOADER).digest('base64')}'`
    for (const policy of [CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER]) {
      const scriptSrc = policy.split('; ').find((d) => d.startsWith('script-src '))
      expect(scriptSrc).toBe(`script-src 'self' ${hash}`)
    }
  })
})

describe('moving a head’s tags', () => {
  it('cuts each tag with the white space before it, as a pattern starting with \\s* does', () => {
    const seed = Number(process.env.FINEWS_TEST_SEED ?? 20261206)
    const random = seededRandom(seed)
    const pieces = ['<link rel="x" href="a">', '<link rel="x" href="b">', ' ', '\n    ', '\t', '\u00a0', 'text', '<meta>', '']
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 12 }, () => pieces[Math.floor(random() * pieces.length)] ?? '').join('')
      const by = (href: string, space: string): string => `[${space.length}:${href}]`
      const expected = text.replace(/\s*<link rel="x" href="([^"]+)">/g, (m, href: string) => by(href, /^\s*/.exec(m)?.[0] ?? ''))
      expect(replaceTags(text, /<link rel="x" href="([^"]+)">/g, (m, space) => by(m[1] ?? '', space)), `seed ${String(seed)}: ${JSON.stringify(text)}`).toBe(expected)
      const first = text.replace(/\s*<link rel="x" href="([^"]+)">/, '')
      expect(replaceTags(text, /<link rel="x" href="([^"]+)">/g, () => '', 1), `seed ${String(seed)}: ${JSON.stringify(text)}`).toBe(first)
    }
  })
})
