// Every route's first screen arrives as HTML. With JavaScript off (a crawler, a link preview, a reader who
// turned it off) the corpus site's pages show their content: an article all of it, a category, a tag and
// home their first page as real links, a stock page its articles, an unknown address the not-found page;
// and the head names the page (canonical, Open Graph, JSON-LD). With JavaScript on, the page is hydrated:
// not a single console message, the first screen's elements are the ones the host sent, and each data file
// it was drawn from is fetched once (the page names those rather than carry them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsoleMessage } from 'playwright-core'
import { DATA_FILE_KEY, PRERENDER_STATE_ID } from '../../src/content/prerender.ts'
import { newPage, type TestPage } from './support/browser.ts'
import { corpusBuild } from './support/context.ts'
import type { CorpusArticle, CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, feedItemCount, holdRequests, routes, routeUrl, scrollToFeedEnd, waitForApp, waitForH1 } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()
const ORIGIN = 'https://finews.example'
/** A stock the corpus mentions (see stocks.test.ts). */
const STOCK = { secid: '1.600160', name: '巨化股份' }

const noScript = () => newPage({ contextOptions: { javaScriptEnabled: false } })

/** The article with the most to show: a summary, a source, tags, an original link and a body. */
function richArticle(model: CorpusModel): CorpusArticle {
  const article = model.articles.find((a) => a.summary !== null && a.source !== null && a.sourceUrl !== null && a.paragraphs.length > 1 && a.tags.length > 0)
  if (!article) throw new Error('no article with a summary, source, link and body in the corpus')
  return article
}

for (const subPath of [false, true]) {
  describe.runIf(build !== null)(`pages without JavaScript ${subPath ? 'under /finews/' : 'at the root'}`, () => {
    let server: StaticServer
    let model: CorpusModel
    beforeAll(async () => {
      ;({ server, model } = await openCorpusSite({ subPath }))
    })
    afterAll(() => closeCorpusSite(server))

    it('an article shows its title, time, category, tags, source, summary, body, original link and neighbours', async () => {
      const article = richArticle(model)
      const category = model.categoryBySlug.get(article.category)
      if (!category) throw new Error('no category')
      const tab = await noScript()
      const response = await tab.page.goto(routes.article(server, article.id))
      // A file of its own: answered 200 at the route's address, no redirect.
      expect(response?.status()).toBe(200)
      expect(new URL(tab.page.url()).pathname).toBe(`${server.base}a/${article.id}`)
      const main = tab.page.locator('main')
      expect(await main.getByRole('heading', { level: 1 }).textContent()).toBe(article.title)
      expect(await main.locator('article header time').getAttribute('datetime')).toBe(article.iso)
      expect(await main.locator('article header time').textContent()).toBe(article.shown)
      expect(await main.getByRole('link', { name: category.name, exact: true }).first().getAttribute('href')).toBe(`${server.base}c/${encodeURIComponent(category.slug)}`)
      for (const tag of article.tags) expect(await main.getByRole('list', { name: '标签' }).getByRole('link', { name: tag, exact: true }).count()).toBe(1)
      expect(await main.textContent()).toContain(`来源：${article.source ?? ''}`)
      expect(await main.locator('.article__summary').textContent()).toBe(article.summary)
      const body = (await main.locator('.article-body').textContent()) ?? ''
      for (const paragraph of article.paragraphs) expect(body.replace(/\s+/g, '')).toContain(paragraph.replace(/\s+/g, ''))
      expect(await main.getByRole('link', { name: /阅读原文/ }).getAttribute('href')).toBe(article.sourceUrl)
      // Its neighbours in its category, as links (or "没有了" at an end).
      const index = category.articles.findIndex((a) => a.id === article.id)
      const newer = category.articles[index - 1]
      const older = category.articles[index + 1]
      const neighbours = main.getByRole('navigation', { name: '同分类的其他文章' })
      if (newer) expect(await neighbours.locator('a[rel="prev"]').getAttribute('href')).toBe(`${server.base}a/${newer.id}`)
      if (older) expect(await neighbours.locator('a[rel="next"]').getAttribute('href')).toBe(`${server.base}a/${older.id}`)
      await tab.close()
    })

    it("an article's head: title, description, canonical, Open Graph article and published time, feed link, JSON-LD NewsArticle", async () => {
      const article = richArticle(model)
      const tab = await noScript()
      await tab.page.goto(routes.article(server, article.id))
      const head = tab.page.locator('head')
      const canonical = `${ORIGIN}${server.base}a/${article.id}`
      expect(await tab.page.title()).toBe(`${article.title} · 金融消息`)
      expect(await head.locator('meta[name="description"]').getAttribute('content')).toBeTruthy()
      expect(await head.locator('link[rel="canonical"]').getAttribute('href')).toBe(canonical)
      expect(await head.locator('meta[property="og:type"]').getAttribute('content')).toBe('article')
      expect(await head.locator('meta[property="og:title"]').getAttribute('content')).toBe(article.title)
      expect(await head.locator('meta[property="article:published_time"]').getAttribute('content')).toBe(article.iso)
      expect(await head.locator('link[rel="alternate"][type="application/atom+xml"]').count()).toBe(1)
      const ld = JSON.parse((await head.locator('script[type="application/ld+json"]').textContent()) ?? '{}') as Record<string, unknown>
      expect(ld).toMatchObject({ '@type': 'NewsArticle', headline: article.title, datePublished: article.iso, mainEntityOfPage: canonical })
      await tab.close()
    })

    it('a category, a tag and home list their first page as links to the articles', async () => {
      const category = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[0]
      const tag = model.tags[0]
      if (!category || !tag) throw new Error('no category or tag')
      const tab = await noScript()
      for (const [url, articles] of [
        [routes.category(server, category.slug), category.articles],
        [routes.tag(server, tag.name), tag.articles],
        [routes.home(server), model.stories],
      ] as const) {
        const response = await tab.page.goto(url)
        expect(response?.status(), url).toBe(200)
        const hrefs = await tab.page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')))
        // The newest articles, each a real link to its page.
        for (const a of articles.slice(0, Math.min(articles.length, 10))) expect(hrefs, `${url}: ${a.id}`).toContain(`${server.base}a/${a.id}`)
      }
      await tab.close()
    })

    it('a stock page lists the articles that mention it, and an unknown address says it is not found', async () => {
      const tab = await noScript()
      const response = await tab.page.goto(routeUrl(server, 's', STOCK.secid))
      expect(response?.status()).toBe(200)
      expect(await tab.page.getByRole('heading', { level: 1 }).textContent()).toContain(STOCK.name)
      expect(await tab.page.locator(`main a[href^="${server.base}a/"]`).count()).toBeGreaterThan(0)

      const missing = await tab.page.goto(routeUrl(server, 'no', 'such', 'page'))
      expect(missing?.status()).toBe(404)
      expect(await tab.page.getByRole('heading', { level: 1 }).textContent()).toBe('页面不存在')
      await tab.close()
    })
  })
}

/**
 * Playwright's own word when a page registers its service worker in a context that blocks them (every e2e
 * file but offline.test.ts, so that request counts see only the page's own requests): not the page's.
 */
const BLOCKED_WORKER = 'Service Worker registration blocked by Playwright'

/** Every console message of a page, of any level (hydration warnings are warnings). */
function allConsole(tab: TestPage): string[] {
  const lines: string[] = []
  tab.page.on('console', (message: ConsoleMessage) => {
    if (message.text() !== BLOCKED_WORKER) lines.push(`${message.type()}: ${message.text()}`)
  })
  return lines
}

/** Each element of the page: where it is and how it is drawn (the properties a stylesheet sets here). */
function styleOfEveryElement(tab: TestPage): Promise<string[]> {
  return tab.page.evaluate(() => {
    const properties = ['display', 'position', 'color', 'background-color', 'font-family', 'font-size', 'font-weight', 'line-height', 'margin', 'padding', 'border', 'border-radius', 'gap', 'text-decoration', 'visibility', 'opacity', 'overflow', 'white-space', 'list-style-type', 'outline', 'box-shadow', 'grid-template-columns', 'flex-direction', 'justify-content', 'align-items']
    return [...document.body.querySelectorAll('*')].map((el) => {
      const box = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      const tag = `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`
      return `${tag} ${box.x},${box.y},${box.width},${box.height} ${properties.map((p) => style.getPropertyValue(p)).join('|')}`
    })
  })
}

describe.runIf(build !== null)('hydration', () => {
  let server: StaticServer
  let model: CorpusModel
  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
  })
  afterAll(() => closeCorpusSite(server))

  /**
   * Opens `url` with the entry script (or what `hold` matches) held back, marks the first screen's heading
   * (an expando React knows nothing of), runs `meanwhile` (what a reader does before the app has loaded),
   * lets the script go, and waits until the app is running. Returns whether the heading is still the
   * element the host sent: hydration adopts it, a render from scratch would replace it.
   */
  async function hydrateAt(
    tab: TestPage,
    url: string,
    heading: string,
    meanwhile: () => Promise<void> = () => Promise.resolve(),
    hold?: RegExp,
  ): Promise<boolean> {
    const release = await holdRequests(tab, hold)
    // Module scripts hold DOMContentLoaded back: wait for the host's markup instead.
    await tab.page.goto(url, { waitUntil: 'commit' })
    await tab.page.waitForSelector('h1', { state: 'attached' })
    await tab.page.evaluate(() => {
      const h1 = document.querySelector('h1') as (HTMLElement & { sentByHost?: boolean }) | null
      if (h1) h1.sentByHost = true
    })
    await meanwhile()
    release()
    await waitForApp(tab)
    await waitForH1(tab, heading)
    await tab.page.waitForLoadState('networkidle')
    return tab.page.evaluate(() => (document.querySelector('h1') as (HTMLElement & { sentByHost?: boolean }) | null)?.sentByHost === true)
  }

  it('an article, a category, a tag, a stock page and home hydrate with no console message, keep their elements and fetch each of their data files once', async () => {
    const article = richArticle(model)
    const category = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[0]
    const tag = model.tags[0]
    if (!category || !tag) throw new Error('no category or tag')
    // What each page's data block names rather than carries (src/app/sent-data.ts): the feed's newest page,
    // home's sections, the article's file.
    const pages = [
      { url: routes.article(server, article.id), heading: article.title, named: /^articles\// },
      { url: routes.category(server, category.slug), heading: category.name, named: /^pages\// },
      { url: routes.tag(server, tag.name), heading: tag.name, named: /^pages\// },
      { url: routeUrl(server, 's', STOCK.secid), heading: STOCK.name, named: /^pages\// },
      { url: routes.home(server), heading: '最新消息', named: /^home\// },
    ]
    for (const { url, heading, named } of pages) {
      const tab = await newPage()
      const messages = allConsole(tab)
      server.clearRequests()
      expect(await hydrateAt(tab, url, heading), `${url}: the heading the host sent is still there`).toBe(true)
      expect(messages, url).toEqual([])
      const files = await tab.page.evaluate(
        ([id, key]) => [...(document.getElementById(id)?.textContent ?? '').matchAll(new RegExp(`"\\${key}":"([^"]+)"`, 'g'))].map((m) => m[1] ?? ''),
        [PRERENDER_STATE_ID, DATA_FILE_KEY] as const,
      )
      expect(files.filter((file) => named.test(file)), `${url}: ${files.join(' ')}`).toHaveLength(1)
      // 热门 (home's last panel) is not in the first screen: it is fetched once the page has hydrated.
      const afterHydration = `${server.base}data/home/hot-`
      const data = server.requests().filter((r) => r.path.startsWith(`${server.base}data/`) && !r.path.startsWith(afterHydration)).map((r) => r.path)
      // The manifest (left out of the page: it changes with every build) and the files the page names, each once.
      expect(data.sort(), url).toEqual([`${server.base}data/manifest.json`, ...files.map((file) => `${server.base}data/${file}`)].sort())
      expectClean(tab, model)
      await tab.close()
    }
  })

  it('the 收藏 and 自选 buttons a feed was sent with are the ones that work once the reader has loaded, not replaced', async () => {
    const category = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[0]
    if (!category) throw new Error('no category')
    const tab = await newPage()
    await tab.page.goto(routes.category(server, category.slug), { waitUntil: 'commit' })
    const sent = ['main .save-button', 'main .follow-button'] as const
    for (const selector of sent) await tab.page.waitForSelector(selector, { state: 'attached' })
    const marked = await tab.page.evaluate((selectors) => {
      const found = selectors.map((selector) => document.querySelector<HTMLButtonElement>(selector))
      for (const button of found) if (button) (button as HTMLButtonElement & { sentByHost?: boolean }).sentByHost = true
      return found.map((button) => button?.disabled ?? null)
    }, sent)
    // Not pressable as the host sent them: the reader's state is not there yet.
    expect(marked).toEqual([true, true])
    await waitForApp(tab)
    await tab.waitVisible(tab.page.locator('main [data-feed-item] [data-action="save"]:not([disabled])').first(), 'a working 收藏 button')
    await tab.waitVisible(tab.page.locator('main .follow-button:not([disabled])').first(), 'a working 自选 button')
    const kept = await tab.page.evaluate((selectors) => selectors.map((selector) => {
      const button = document.querySelector<HTMLButtonElement & { sentByHost?: boolean }>(selector)
      return { sentByHost: button?.sentByHost === true, disabled: button?.disabled ?? null }
    }), sent)
    expect(kept).toEqual([{ sentByHost: true, disabled: false }, { sentByHost: true, disabled: false }])
    await tab.close()
  })

  it('the page sent is drawn from its own bytes; its stylesheet comes after, and the app runs only once it is in', async () => {
    const category = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[0]
    if (!category) throw new Error('no category')
    const tab = await newPage()
    server.clearRequests()
    const release = await holdRequests(tab, /\.css$/)
    await tab.page.goto(routes.category(server, category.slug), { waitUntil: 'commit' })
    // Painted with the stylesheet held back: the page carries what its first screen needs of it.
    await tab.page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0)
    await tab.page.waitForSelector('link[rel="stylesheet"]', { state: 'attached' })
    // The code is fetched meanwhile, but the app does not run before the whole stylesheet is there.
    expect(await tab.page.locator('script[type="module"]').count()).toBe(0)
    expect(await tab.page.evaluate(() => document.documentElement.hasAttribute('data-app-started'))).toBe(false)
    release()
    await waitForApp(tab)
    await waitForH1(tab, category.name)
    const assets = server.requests().map((r) => r.path).filter((path) => path.startsWith(`${server.base}assets/`))
    expect(assets.filter((path) => path.endsWith('.css')), assets.join('\n')).toHaveLength(1)
    expectClean(tab, model)
    await tab.close()
  })

  it('nothing on a page looks different or moves when its whole stylesheet arrives: article, category, home, stock, not found; phone and desktop, light and dark', async () => {
    const article = richArticle(model)
    const category = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[0]
    if (!category) throw new Error('no category')
    const urls = [routes.article(server, article.id), routes.category(server, category.slug), routes.home(server), routeUrl(server, 's', STOCK.secid), `${server.url}no/such/page`]
    for (const [width, height] of [[390, 844], [1280, 800]] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const url of urls) {
          const tab = await newPage({ width, height, colorScheme })
          // The reader's code never runs: what is compared is the page as sent, before and after the stylesheet.
          await tab.page.route(/\/assets\/.*\.js$/, (route) => route.abort())
          const release = await holdRequests(tab, /\.css$/)
          await tab.page.goto(url, { waitUntil: 'commit' })
          await tab.page.waitForSelector('link[rel="stylesheet"]', { state: 'attached' })
          const before = await styleOfEveryElement(tab)
          release()
          await tab.page.waitForFunction(() => document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')?.sheet != null)
          const after = await styleOfEveryElement(tab)
          expect(after.length, url).toBeGreaterThan(20)
          const changed = after.filter((line, i) => line !== before[i])
          expect(changed, `${url} at ${width} px, ${colorScheme}: ${changed.length} elements changed (first: ${before[after.indexOf(changed[0] ?? '')] ?? ''})`).toEqual([])
          await tab.close()
        }
      }
    }
  })

  it('after hydration the reader works: a tag link opens the tag without a page load', async () => {
    const article = richArticle(model)
    const tag = article.tags[0] ?? ''
    const tab = await newPage()
    await hydrateAt(tab, routes.article(server, article.id), article.title)
    let loads = 0
    tab.page.on('load', () => {
      loads++
    })
    await tab.page.getByRole('list', { name: '标签' }).getByRole('link', { name: tag, exact: true }).click()
    await waitForH1(tab, tag)
    expect(loads).toBe(0)
    expectClean(tab, model)
    await tab.close()
  })

  it('a reader who scrolls a feed before the app has loaded keeps their place, and the feed goes on loading', async () => {
    const category = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[0]
    if (!category) throw new Error('no category')
    const tab = await newPage()
    let sent = 0
    let scrolled = 0
    await hydrateAt(tab, routes.category(server, category.slug), category.name, async () => {
      sent = await feedItemCount(tab.page)
      scrolled = await tab.page.evaluate(() => {
        window.scrollTo(0, document.documentElement.scrollHeight)
        return window.scrollY
      })
    })
    expect(sent, 'the page sent lists part of the category').toBeLessThan(category.articles.length)
    expect(scrolled).toBeGreaterThan(0)
    // Still where they were, not back at the top; and the next page is on its way, since they are near the end.
    expect(await tab.page.evaluate(() => window.scrollY)).toBe(scrolled)
    await expect.poll(() => feedItemCount(tab.page)).toBeGreaterThan(sent)
    expect(await scrollToFeedEnd(tab)).toBe(category.articles.length)
    expectClean(tab, model)
    await tab.close()
  })

  it('an address changed while the app loaded (history.pushState) is drawn for the new address, not left as the page sent', async () => {
    const tab = await newPage()
    // The manifest held back: the app has checked that the page was drawn for its address and waits for it.
    const manifest = /\/data\/manifest\.json$/
    const asked = tab.page.waitForRequest(manifest)
    await hydrateAt(
      tab,
      routes.home(server),
      '找不到这个标签',
      async () => {
        await asked
        await tab.page.evaluate(() => {
          window.history.pushState({}, '', `/t/${encodeURIComponent('没有这个标签')}`)
        })
      },
      manifest,
    )
    await tab.page.goBack()
    await waitForH1(tab, '最新消息')
    expectClean(tab, model)
    await tab.close()
  })

  it('a change of address while the app starts (a Back, a link) is drawn, not lost', async () => {
    // A slow phone (the CPU six times slower), and the address moved at four moments of the start, from
    // when the page shows until the app has drawn it: each time the app must end on the new address. (The
    // waits only spread the moves over the start; whatever the timing, the outcome must be the same. With a
    // router subscriber attached before React's, 14 of 20 such moves were lost in a throwaway run.)
    const moments = [0, 100, 200, 300]
    for (const after of moments) {
      const tab = await newPage()
      const cdp = await tab.page.context().newCDPSession(tab.page)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 })
      await tab.page.goto(routes.home(server), { waitUntil: 'commit' })
      await waitForH1(tab, '最新消息')
      await tab.page.waitForTimeout(after)
      await tab.page.evaluate(() => {
        window.history.pushState({}, '', `/t/${encodeURIComponent('没有这个标签')}`)
        window.dispatchEvent(new PopStateEvent('popstate'))
      })
      await waitForH1(tab, '找不到这个标签')
      await tab.page.goBack()
      await waitForH1(tab, '最新消息')
      expectClean(tab, model)
      await tab.close()
    }
  })
})
