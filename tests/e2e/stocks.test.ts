// Stock mentions over the real corpus: the cards on an article's mentions (hover, keyboard, Escape, the
// quote link, a phone-wide viewport), the 相关股票 list, stock pages and the chips in feeds. What the pages
// must show is read from the post files (support/stock-corpus.ts counts the articles that mention a secid).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { classifySecurity } from '../../src/content/markets.ts'
import { parseSecid } from '../../src/content/secid.ts'
import { axeViolations } from './support/axe.ts'
import { newPage, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { type CorpusArticle, type CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, holdRequests, letPicturesFail, open, routeOf, routes, routeUrl, scrollToFeedEnd, shownItems, waitForH1 } from './support/reader.ts'
import { startStaticServer, type StaticServer } from './support/static-server.ts'
import { articlesMentioning } from './support/stock-corpus.ts'

const build = corpusBuild()

/** 国内首次！蔚来汽车启用这款“绿色”制冷液…: Honeywell's refrigerant for NIO's ET7, and the A shares that make it. */
const POST_ID = '202205262391921712'
/** Its text mentions, in order of first appearance, as the post names them. */
const MENTIONS = [
  { secid: '106.NIO', name: '蔚来', market: '美股（纽交所）' },
  { secid: '90.BK0493', name: '新能源', market: '行业/概念板块' },
  { secid: '1.600160', name: '巨化股份', market: '上证A股' },
  { secid: '0.300343', name: '联创股份', market: '创业板' },
  { secid: '1.600636', name: '国新文化', market: '上证A股' },
] as const
const QUOTE = 'https://quote.eastmoney.com/unify/r/'

describe.runIf(build !== null)('stock mentions', () => {
  let server: StaticServer
  let model: CorpusModel
  let post: CorpusArticle
  /** For each secid, the corpus articles that mention it, newest first. */
  const mentioning = new Map<string, CorpusArticle[]>()

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
    const found = model.byId.get(POST_ID)
    if (!found) throw new Error(`the corpus has no publishable post ${POST_ID}`)
    post = found
    for (const { secid } of MENTIONS) mentioning.set(secid, await articlesMentioning(model, requireCorpusBuild().posts, secid))
  })
  afterAll(() => closeCorpusSite(server))

  function articlesOf(secid: string): CorpusArticle[] {
    const list = mentioning.get(secid)
    if (!list || list.length === 0) throw new Error(`the corpus scan found no article mentioning ${secid}`)
    return list
  }

  async function openPost(tab: TestPage): Promise<void> {
    await open(tab, routes.article(server, POST_ID))
    await waitForH1(tab, post.title)
  }

  /**
   * The first text mention of `name` in the body. The K-line chart is a link of the same kind, and its
   * alt text (shown once its blocked picture fails) names the security too, 蔚来（NIO）K线图: only a
   * link whose words are exactly the name is a mention in the text.
   */
  function mention(page: Page, name: string): Locator {
    return page.locator('.article-body a[data-secid]', { hasText: new RegExp(`^${name}$`) }).first()
  }

  function card(page: Page): Locator {
    return page.getByRole('dialog')
  }

  async function expectCard(tab: TestPage, name: string, secid: string, market: string): Promise<Locator> {
    const dialog = tab.page.getByRole('dialog', { name, exact: true })
    await tab.waitVisible(dialog, `the card of ${name}`)
    const count = articlesOf(secid).length
    await tab.waitVisible(dialog.getByText(`存档中 ${count} 篇文章提及`), `${name}'s count of ${count} articles`)
    const text = await dialog.innerText()
    expect(text).toContain(market)
    const code = parseSecid(secid)?.code ?? ''
    expect(text).toContain(code)
    return dialog
  }

  it('hovering a mention shows its card: name, code, market, how many articles mention it and the newest headlines', async () => {
    const tab = await newPage()
    await openPost(tab)
    for (const { secid, name, market } of MENTIONS.filter((m) => m.secid === '1.600160' || m.secid === '90.BK0493')) {
      await mention(tab.page, name).hover()
      const dialog = await expectCard(tab, name, secid, market)
      const newest = articlesOf(secid).slice(0, 3)
      const headlines = dialog.getByRole('list', { name: '最新文章' }).getByRole('link')
      expect(await headlines.allInnerTexts()).toEqual(newest.map((a) => a.title))
      expect(await headlines.first().getAttribute('href')).toBe(`/a/${newest[0]?.id ?? ''}`)
      expect(await dialog.getByRole('link', { name: '相关新闻' }).getAttribute('href')).toBe(`/s/${secid}`)
      // Only one card at a time: moving to the next mention replaces it.
      expect(await card(tab.page).count()).toBe(1)
    }
    // Moving away closes it.
    await tab.page.mouse.move(5, 700)
    await card(tab.page).waitFor({ state: 'detached' })
    expectClean(tab, model)
  })

  it('the pointer can move from a mention into its card and click a link there', async () => {
    const tab = await newPage()
    await openPost(tab)
    const { secid, name, market } = MENTIONS[2]
    await mention(tab.page, name).hover()
    const dialog = await expectCard(tab, name, secid, market)
    await dialog.getByRole('link', { name: '相关新闻' }).click()
    await waitForH1(tab, name)
    expect(routeOf(tab.page, server)).toBe(`/s/${secid}`)
    expectClean(tab, model)
  })

  it('Tab onto a mention shows its card, Tab goes into it, and Escape closes it', async () => {
    const tab = await newPage()
    await openPost(tab)
    // The K-line chart of 蔚来 comes first in the body (a link of the same kind, which opens no card, even
    // once its blocked picture has given way to its alt text); from it, Tab reaches the first text mention.
    await tab.page.locator('.article-body a[data-secid]').first().focus()
    expect(await card(tab.page).count()).toBe(0)
    await tab.page.keyboard.press('Tab')
    const { secid, name, market } = MENTIONS[1]
    expect(await tab.page.evaluate(() => document.activeElement?.textContent)).toBe(name)
    const dialog = await expectCard(tab, name, secid, market)
    const describedBy = await mention(tab.page, name).getAttribute('aria-describedby')
    expect(await tab.page.locator(`[id="${describedBy ?? ''}"]`).innerText()).toContain(market)

    await tab.page.keyboard.press('Tab')
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true)
    await tab.page.keyboard.press('Escape')
    await card(tab.page).waitFor({ state: 'detached' })
    expect(await tab.page.evaluate(() => document.activeElement?.textContent)).toBe(name)
    expectClean(tab, model)
  })

  /** Opens the post as its prerendered page with the app's entry script held back; returns what lets it go. */
  async function openPostHeld(tab: TestPage): Promise<() => void> {
    const release = await holdRequests(tab)
    await tab.page.goto(routes.article(server, POST_ID), { waitUntil: 'commit' })
    await waitForH1(tab, post.title)
    return release
  }

  it('a mention tabbed to before the page’s code has loaded shows its card once it has, and keeps the focus', async () => {
    const tab = await newPage()
    const release = await openPostHeld(tab)
    await tab.page.locator('.article-body a[data-secid]').first().focus()
    await tab.page.keyboard.press('Tab')
    const { secid, name, market } = MENTIONS[1]
    expect(await tab.page.evaluate(() => document.activeElement?.textContent)).toBe(name)
    release()
    await expectCard(tab, name, secid, market)
    expect(await tab.page.evaluate(() => document.activeElement?.textContent)).toBe(name)
    expectClean(tab, model)
  })

  it('a mention and its card’s 查看行情 open the quote page in a new tab without a referrer', async () => {
    const tab = await newPage()
    await openPost(tab)
    for (const { secid, name } of MENTIONS) {
      const link = mention(tab.page, name)
      expect(await link.getAttribute('href')).toBe(`${QUOTE}${secid}`)
      expect(await link.getAttribute('target')).toBe('_blank')
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
    }
    const { secid, name, market } = MENTIONS[3]
    await mention(tab.page, name).focus()
    const quote = (await expectCard(tab, name, secid, market)).getByRole('link', { name: '查看行情' })
    expect(await quote.getAttribute('href')).toBe(`${QUOTE}${secid}`)
    expect(await quote.getAttribute('target')).toBe('_blank')
    expect(await quote.getAttribute('rel')).toBe('noopener noreferrer')
    // With the card open, the page (card included) has no serious or critical accessibility problem.
    expect((await axeViolations(tab.page, { include: 'main' })).message).toBe('')
    expectClean(tab, model)
  })

  it('under the body, 相关股票 lists every mention with its market', async () => {
    const tab = await newPage()
    await openPost(tab)
    const list = tab.page.getByRole('region', { name: '相关股票' })
    await tab.waitVisible(list, '相关股票')
    const links = list.getByRole('link')
    const hrefs = await links.evaluateAll((elements) => elements.map((a) => a.getAttribute('href') ?? ''))
    const positions = MENTIONS.map(({ secid }) => hrefs.indexOf(`/s/${secid}`))
    expect(positions.every((at) => at >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    for (const { secid, name, market } of MENTIONS) {
      const text = await links.nth(hrefs.indexOf(`/s/${secid}`)).innerText()
      expect(text).toContain(name)
      expect(text).toContain(market)
    }
    expectClean(tab, model)
  })

  it('on a 390 px wide touch screen a tap opens the card inside the viewport and moves no text', async () => {
    const tab = await newPage({ width: 390, height: 844, contextOptions: { hasTouch: true, isMobile: true } })
    await openPost(tab)
    // The body's pictures (on blocked hosts here) give way to their alt text as they fail, which moves text
    // by itself: let every one of them fail first (they load lazily: each is brought into view).
    await letPicturesFail(tab)
    const paragraphs = tab.page.locator('.article-body p')
    // Whether each tap on a mention was let through to the quote page (recorded after the app's handlers,
    // then stopped, so no quote page opens here), and any tab that opens all the same.
    await tab.page.evaluate(() => {
      const record = window as Window & { taps?: boolean[] }
      record.taps = []
      window.addEventListener('click', (event) => {
        if (!(event.target instanceof Element) || !event.target.closest('.article-body a[data-secid]')) return
        record.taps?.push(!event.defaultPrevented)
        event.preventDefault()
      })
    })
    const taps = () => tab.page.evaluate(() => (window as Window & { taps?: boolean[] }).taps ?? [])
    const popups: string[] = []
    tab.page.on('popup', (popup) => popups.push(popup.url()))
    for (const { secid, name, market } of MENTIONS) {
      const link = mention(tab.page, name)
      await link.scrollIntoViewIfNeeded()
      const at = await tab.page.evaluate(() => window.scrollY)
      const before = await paragraphs.evaluateAll((ps) => ps.map((p) => p.getBoundingClientRect().toJSON() as DOMRect))
      await link.tap()
      // The first tap opens the card instead of leaving for the quote page.
      const dialog = await expectCard(tab, name, secid, market)
      expect(popups).toEqual([])
      expect(routeOf(tab.page, server)).toBe(`/a/${POST_ID}`)
      const box = await dialog.boundingBox()
      if (!box) throw new Error(`the card of ${name} has no box`)
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(390)
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height).toBeLessThanOrEqual(844)
      expect(await tab.page.evaluate(() => window.scrollY)).toBe(at)
      const after = await paragraphs.evaluateAll((ps) => ps.map((p) => p.getBoundingClientRect().toJSON() as DOMRect))
      expect(after).toEqual(before)
      // A tap on the text closes it again.
      await tab.page.locator('.article__title').tap()
      await card(tab.page).waitFor({ state: 'detached' })
    }
    expect(await taps()).toEqual(MENTIONS.map(() => false))
    // A second tap on the mention whose card is open follows it; so does a tap on a link in the card.
    const { secid, name, market } = MENTIONS[4]
    await mention(tab.page, name).tap()
    const dialog = await expectCard(tab, name, secid, market)
    await mention(tab.page, name).tap()
    expect((await taps()).at(-1)).toBe(true)
    await dialog.getByRole('link', { name: '相关新闻' }).tap()
    await waitForH1(tab, name)
    expect(routeOf(tab.page, server)).toBe(`/s/${secid}`)
    expect(popups).toEqual([])
    expectClean(tab, model)
  })

  it('a stock page shows the security and lists the articles that mention it, newest first', async () => {
    const tab = await newPage()
    for (const { secid } of MENTIONS.filter((m) => m.secid === '90.BK0493' || m.secid === '1.600160')) {
      const parts = parseSecid(secid)
      if (!parts) throw new Error(secid)
      const expected = articlesOf(secid)
      await open(tab, routeUrl(server, 's', secid))
      const heading = tab.page.getByRole('heading', { level: 1 })
      await tab.waitVisible(heading, `the stock page of ${secid}`)
      const head = tab.page.locator('.stock-head')
      const text = await head.innerText()
      expect(text).toContain(parts.code)
      expect(text).toContain(classifySecurity(parts.market, parts.code).marketName)
      expect(text).toContain(`${expected.length} 篇`)
      const quote = head.getByRole('link', { name: /查看行情/ })
      expect(await quote.getAttribute('href')).toBe(`${QUOTE}${secid}`)
      expect(await quote.getAttribute('rel')).toBe('noopener noreferrer')
      await tab.waitVisible(tab.page.getByText('已经到底了', { exact: true }), 'the end of the list')
      expect((await shownItems(tab.page)).map((item) => item.id)).toEqual(expected.map((a) => a.id))
    }
    expectClean(tab, model)
  })

  it('a malformed or unknown secid is the not-found page', async () => {
    const tab = await newPage()
    for (const secid of ['not-a-secid', '1.699999']) {
      await open(tab, routeUrl(server, 's', secid))
      await waitForH1(tab, '找不到这只证券')
    }
    expectClean(tab, model)
  })

  it('under the base path /finews/, stock pages load their data and the card links stay under it', async () => {
    const finews = await startStaticServer({ root: requireCorpusBuild().siteFinews, base: '/finews/' })
    try {
      const tab = await newPage()
      const { secid, name, market } = MENTIONS[2]
      await open(tab, routeUrl(finews, 's', secid))
      await waitForH1(tab, name)
      expect(await tab.page.locator('.stock-head').innerText()).toContain(market)
      await open(tab, routes.article(finews, POST_ID))
      await waitForH1(tab, post.title)
      await mention(tab.page, name).hover()
      const dialog = await expectCard(tab, name, secid, market)
      expect(await dialog.getByRole('link', { name: '相关新闻' }).getAttribute('href')).toBe(`/finews/s/${secid}`)
      expect(tab.requests.filter((url) => url.includes('/data/') && !url.includes('/finews/data/'))).toEqual([])
      expectClean(tab, model)
    } finally {
      await finews.close()
    }
  })

  it('a feed item’s chips lead to the stock pages of its mentions', async () => {
    const tab = await newPage()
    await open(tab, routes.category(server, post.category))
    await scrollToFeedEnd(tab)
    const item = tab.page.locator('[data-feed-item]', { has: tab.page.locator(`a[href="/a/${POST_ID}"]`) })
    await tab.waitVisible(item, `the feed item of ${POST_ID}`)
    const chips = item.getByRole('list', { name: '提及的证券' }).getByRole('link')
    expect(await chips.allInnerTexts()).toEqual(MENTIONS.slice(0, 3).map((m) => m.name))
    expect(await chips.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(MENTIONS.slice(0, 3).map((m) => `/s/${m.secid}`))
    await chips.nth(2).click()
    await waitForH1(tab, MENTIONS[2].name)
    expectClean(tab, model)
  })
})
