// Live news on the corpus site: the page checks the manifest every minute; when the host's data is
// replaced by a newer build (the real pipeline over the corpus plus two fictional posts), a feed keeps its
// list and offers "N 条新消息"; choosing it puts the new articles on top while the item the reader was
// looking at stays where it was on screen, and the page is never reloaded. Chromium's clock is driven by
// the test (page.clock), so "a minute later" takes no minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { LIVE_POLL_MS } from '../../src/features/feed/api/live-feed.ts'
import { closeBrowser, newPage, openBrowser, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { corpusModel, type CorpusModel } from './support/corpus-model.ts'
import { buildCorpusWith, serveDataFrom, type FictionalPost, type OverlayData } from './support/data-overlay.ts'
import { expectClean, open, routes, routeUrl, shownItems, waitForH1 } from './support/reader.ts'
import { startStaticServer, type StaticServer } from './support/static-server.ts'

const build = corpusBuild()

const STOCK = { secid: '1.600160', name: '巨化股份' }
const mention = `<span id="stock_${STOCK.secid}"><a href="http://quote.eastmoney.com/unify/r/${STOCK.secid}" class="keytip" data-code="1,600160">${STOCK.name}</a></span><span id="quote_${STOCK.secid}"></span>`
/** Two posts newer than any in the corpus, in its biggest category; the newer one mentions a stock. */
const NEW_POSTS: FictionalPost[] = [
  {
    id: '203001010000000001',
    date: '2030-01-01 09:00:00',
    title: '示例快讯：虚构交易所发布新规 下周起实施',
    category: 'emnews',
    tag: '东财滚动新闻',
    body: '<p>这是一篇虚构的快讯，用于检查新消息提示。</p>',
  },
  {
    id: '203001010000000002',
    date: '2030-01-01 10:30:00',
    title: `示例快讯：${STOCK.name}获虚构大单 午后走强`,
    category: 'emnews',
    tag: '东财滚动新闻',
    body: `<p>${mention}今日午后走强，这是一篇虚构的快讯。</p>`,
  },
]
const NEW_TITLES: string[] = [NEW_POSTS[1]?.title ?? '', NEW_POSTS[0]?.title ?? '']

/** The feed item at the middle of the viewport: what the reader is looking at, and where it is. */
async function itemInView(page: Page): Promise<{ id: string; top: number }> {
  return page.evaluate(() => {
    const item = document.elementFromPoint(window.innerWidth / 3, window.innerHeight / 2)?.closest('[data-feed-item]')
    const href = item?.querySelector('a[href*="/a/"]')?.getAttribute('href') ?? ''
    if (!item || !href) throw new Error('no feed item in the middle of the screen')
    return { id: decodeURIComponent(href.slice(href.lastIndexOf('/a/') + 3)), top: item.getBoundingClientRect().top }
  })
}

async function topOf(page: Page, id: string): Promise<number> {
  return page.evaluate((wanted) => {
    const link = Array.from(document.querySelectorAll('main [data-feed-item] a[href*="/a/"]')).find((a) =>
      decodeURIComponent(a.getAttribute('href') ?? '').endsWith(`/a/${wanted}`),
    )
    const item = link?.closest('[data-feed-item]')
    if (!item) throw new Error(`item ${wanted} is gone`)
    return item.getBoundingClientRect().top
  }, id)
}

/** Whether the middle of an element is on top there: nothing (such as the sticky header) covers it. */
async function uncovered(locator: Locator): Promise<boolean> {
  return locator.evaluate((node) => {
    const box = node.getBoundingClientRect()
    return node.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2))
  })
}

async function markWindow(tab: TestPage): Promise<void> {
  await tab.page.evaluate(() => {
    ;(window as Window & { finewsMarker?: boolean }).finewsMarker = true
  })
}

async function stillSameDocument(tab: TestPage): Promise<boolean> {
  return tab.page.evaluate(() => (window as Window & { finewsMarker?: boolean }).finewsMarker === true)
}

describe.runIf(build !== null)('live news', () => {
  let server: StaticServer
  let model: CorpusModel
  let overlay: OverlayData
  let site = ''

  beforeAll(async () => {
    const corpus = requireCorpusBuild()
    site = corpus.site
    model = await corpusModel(corpus.corpus)
    server = await startStaticServer({ root: site })
    overlay = await buildCorpusWith(corpus.corpus, NEW_POSTS)
    await openBrowser()
  })
  afterAll(async () => {
    await closeBrowser()
    await server.close()
    await overlay.remove()
  })

  /** The host's data is replaced by the newer build, and a minute passes in the page. */
  async function publishAndWait(tab: TestPage): Promise<void> {
    // No request may be in flight when the clock jumps, or its time limit would fire with it.
    await tab.page.waitForLoadState('networkidle')
    serveDataFrom(server, overlay.dir, site)
    await tab.page.clock.fastForward(LIVE_POLL_MS + 1_000)
  }

  // Chromium anchors scrolling by itself (CSS scroll anchoring); browsers without it (Safari) rely on the
  // reader's own adjustment, which the second case checks by turning anchoring off.
  it.each([
    [1280, 800, 'auto'],
    [390, 844, 'none'],
  ])('at %i×%i px, overflow-anchor %s: a feed offers the 2 new articles, shows them on top and keeps the reader’s place', async (width, height, anchoring) => {
    server.clearOverrides()
    const emnews = model.categoryBySlug.get('emnews')
    if (!emnews) throw new Error('no emnews category')
    // The test's own style tag is inline, which the site's Content-Security-Policy refuses: let it through.
    const tab = await newPage({ width, height, contextOptions: { bypassCSP: true } })
    await tab.page.clock.install()
    await open(tab, routes.category(server, 'emnews'))
    if (anchoring === 'none') await tab.page.addStyleTag({ content: '* { overflow-anchor: none !important; }' })
    await waitForH1(tab, emnews.name)
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the feed items')
    await markWindow(tab)
    // The reader has read down the list a little.
    await tab.page.mouse.wheel(0, 1_600)
    await tab.page.waitForFunction(() => window.scrollY > 1_000)
    const before = (await shownItems(tab.page)).map((item) => item.id)

    await publishAndWait(tab)
    const bar = tab.page.getByRole('status').getByRole('button', { name: '2 条新消息' })
    await tab.waitVisible(bar, 'the new-messages bar')
    // It shows below the sticky site header (two rows tall on a phone), where a tap reaches it.
    expect(await uncovered(bar), 'the bar is not hidden under the header').toBe(true)
    // The list did not change by itself.
    expect((await shownItems(tab.page)).map((item) => item.id)).toEqual(before)
    expect(await tab.page.getByText(NEW_TITLES[0] ?? '').count()).toBe(0)

    const looking = await itemInView(tab.page)
    const scrolled = await tab.page.evaluate(() => window.scrollY)
    await bar.click()
    await tab.page.waitForFunction((count) => document.querySelectorAll('main [data-feed-item]').length > count, before.length)

    const after = await shownItems(tab.page)
    expect(after.slice(0, 2).map((item) => item.title)).toEqual(NEW_TITLES)
    expect(after.slice(2).map((item) => item.id)).toEqual(before)
    expect(Math.abs((await topOf(tab.page, looking.id)) - looking.top)).toBeLessThanOrEqual(2)
    expect(await tab.page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled)
    expect(await tab.page.locator('main .feed-item__new').count()).toBe(2)
    expect(await tab.page.getByRole('button', { name: /条新消息/ }).count()).toBe(0)
    expect(await tab.page.getByText(`共 ${emnews.articles.length + 2} 条`).isVisible()).toBe(true)
    expect(await stillSameDocument(tab), 'the page was not reloaded').toBe(true)
    expectClean(tab, model)
    await tab.close()
  })

  it('a stock page offers the new article that mentions it', async () => {
    server.clearOverrides()
    const tab = await newPage()
    await tab.page.clock.install()
    await open(tab, routeUrl(server, 's', STOCK.secid))
    await waitForH1(tab, STOCK.name)
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the articles that mention it')
    await markWindow(tab)
    const before = (await shownItems(tab.page)).map((item) => item.id)

    await publishAndWait(tab)
    const bar = tab.page.getByRole('button', { name: '1 条新消息' })
    await tab.waitVisible(bar, 'the new-messages bar')
    await bar.click()
    await tab.page.waitForFunction((count) => document.querySelectorAll('main [data-feed-item]').length > count, before.length)
    const after = await shownItems(tab.page)
    expect(after.map((item) => item.title)[0]).toBe(NEW_TITLES[0])
    expect(after.slice(1).map((item) => item.id)).toEqual(before)
    expect(await stillSameDocument(tab)).toBe(true)
    expectClean(tab, model)
    await tab.close()
  })

  it('the home page offers both, and a feed the new posts are not in offers nothing', async () => {
    server.clearOverrides()
    const other = model.categories.find((c) => c.slug !== 'emnews')
    if (!other) throw new Error('the corpus has one category only')
    const home = await newPage()
    await home.page.clock.install()
    await open(home, routes.home(server))
    await waitForH1(home, '最新消息')
    const quiet = await newPage()
    await quiet.page.clock.install()
    await open(quiet, routes.category(server, other.slug))
    await waitForH1(quiet, other.name)
    await quiet.waitVisible(quiet.page.locator('main [data-feed-item]'), 'the feed items')
    await home.page.waitForLoadState('networkidle')

    await publishAndWait(quiet)
    await home.page.clock.fastForward(LIVE_POLL_MS + 1_000)
    const bar = home.page.getByRole('button', { name: '2 条新消息' })
    await home.waitVisible(bar, 'the new-messages bar on the home page')
    await bar.click()
    await home.waitVisible(home.page.getByRole('link', { name: NEW_TITLES[0] ?? '' }), 'the newest article on the home page')
    const latest = await shownItems(home.page, 'main section[aria-labelledby="home-latest"]')
    expect(latest.slice(0, 2).map((item) => item.title)).toEqual(NEW_TITLES)

    // The other feed polled too (its manifest request went out) and found nothing for itself.
    await quiet.page.waitForLoadState('networkidle')
    expect(server.requests().filter((r) => r.path === '/data/manifest.json' && r.overridden).length).toBeGreaterThanOrEqual(2)
    expect(await quiet.page.getByRole('button', { name: /条新消息/ }).count()).toBe(0)
    expectClean(home, model)
    expectClean(quiet, model)
  })
})
