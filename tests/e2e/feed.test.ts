// Category and tag feeds over the real corpus: items grouped under Beijing-day headings, newest first,
// each with its title, time and source; scrolling loads older pages until every article of the category
// is on the page; Back from an article lands at the same place in the list; j / k / Enter.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPage, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { parsePost } from './support/corpus.ts'
import { categoryPageTitles, dayHeading, type CorpusCategory, type CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import {
  expectClean,
  feedItemCount,
  focusedArticleId,
  focusIsUncovered,
  focusIsVisible,
  open,
  routeOf,
  routes,
  scrollToFeedEnd,
  shownDays,
  shownItems,
  waitForH1,
} from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()
const SITE_NAME = '金融消息'

describe.runIf(build !== null)('category and tag feeds', () => {
  let server: StaticServer
  let model: CorpusModel
  /** emnews, the Eastmoney rolling news: the one category with many pages. */
  let emnews: CorpusCategory

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
    const found = model.categoryBySlug.get('emnews')
    if (!found) throw new Error('the corpus has no emnews category')
    emnews = found
  })
  afterAll(() => closeCorpusSite(server))

  async function openEmnews(tab: TestPage): Promise<void> {
    await open(tab, routes.category(server, 'emnews'))
    await waitForH1(tab, emnews.name)
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the feed items')
    // The page the host sent is on screen before the app has taken it over (hydration runs in slices): its
    // keys work once the controls that arrive after hydration do.
    await tab.waitVisible(tab.page.locator('main [data-feed-item] [data-action="save"]:not([disabled])').first(), 'a working 收藏 button')
  }

  it('emnews has as many articles as the corpus has emnews posts, less the rejected duplicate', async () => {
    // Counted from the files themselves: every post filed under emnews, less those without a title or date.
    const { posts } = requireCorpusBuild()
    const files = (await readdir(posts)).filter((name) => name.endsWith('.md'))
    let filed = 0
    let unusable = 0
    for (const file of files) {
      const post = parsePost(file, await readFile(path.join(posts, file), 'utf8'))
      if (post.frontMatter['categories'] !== 'emnews') continue
      filed++
      if (post.title === null || post.date === null) unusable++
    }
    expect(unusable).toBe(model.rejected.filter((r) => r.twin?.category === 'emnews').length)
    expect(emnews.articles.length).toBe(filed - unusable)

    const tab = await newPage()
    await openEmnews(tab)
    await tab.waitVisible(tab.page.getByText(`共 ${filed - unusable} 条`, { exact: true }), `共 ${filed - unusable} 条`)
    expect(await tab.page.title()).toBe(`${emnews.name} · ${SITE_NAME}`)
    expectClean(tab, model)
  })

  it('groups the items under Beijing-day headings, newest first, each with title, time and source', async () => {
    const tab = await newPage()
    await openEmnews(tab)
    const items = await shownItems(tab.page)
    expect(items.length).toBeGreaterThan(0)
    // The first screenful is the newest of the category, in order of date.
    expect(items.map((item) => item.iso)).toEqual(emnews.articles.slice(0, items.length).map((a) => a.iso))
    for (const item of items) {
      const article = model.byId.get(item.id)
      expect(article?.category, item.id).toBe('emnews')
      expect(item.title).toBe(article?.title)
      expect(item.time, item.title).toBe(article?.time)
      expect(item.source, item.title).toBe(article?.source ?? null)
      expect(item.summary, item.title).toBe(article?.summary ?? null)
    }

    const days = await shownDays(tab.page)
    const expectedDays = [...new Set(emnews.articles.slice(0, items.length).map((a) => a.day))]
    expect(days.map((d) => d.day)).toEqual(expectedDays)
    for (const day of days) {
      expect(day.heading).toBe(dayHeading(day.day ?? ''))
      expect(day.ids.every((id) => model.byId.get(id)?.day === day.day), `items under ${day.heading}`).toBe(true)
    }
    expectClean(tab, model)
  })

  it('a day heading sticks right under the site header, also when the header is taller than usual', async () => {
    const tab = await newPage({ width: 390, height: 844 })
    await openEmnews(tab)
    const gap = async (): Promise<number> =>
      tab.page.evaluate(() => {
        const header = document.querySelector('.site-header')
        const headings = [...document.querySelectorAll('main .feed-day__heading')]
        if (!header || headings.length === 0) throw new Error('no header, or no day heading')
        // The page scrolled a little past the first day's heading: it sticks at its `top`, under the header.
        const first = headings[0] as HTMLElement
        window.scrollTo({ top: 0, behavior: 'instant' })
        window.scrollTo({ top: first.getBoundingClientRect().top + 60, behavior: 'instant' })
        return first.getBoundingClientRect().top - header.getBoundingClientRect().bottom
      })
    expect(Math.abs(await gap())).toBeLessThan(1)
    // A larger font in the header (a reader's zoom, another font) makes it taller: the heading follows.
    await tab.page.evaluate(() => {
      const header = document.querySelector<HTMLElement>('.site-header')
      if (header) header.style.fontSize = '150%'
    })
    await tab.page.waitForFunction(() => {
      const header = document.querySelector('.site-header')
      return header !== null && Math.abs(Number.parseFloat(document.documentElement.style.getPropertyValue('--header-height')) - header.getBoundingClientRect().height) < 1
    })
    expect(Math.abs(await gap())).toBeLessThan(1)
    expectClean(tab, model)
  })

  it('day headings and times stay Beijing’s for a reader in another time zone', async () => {
    const tab = await newPage({ timezoneId: 'America/Los_Angeles' })
    await openEmnews(tab)
    const items = await shownItems(tab.page)
    for (const item of items) expect(item.time, item.title).toBe(model.byId.get(item.id)?.time)
    const days = await shownDays(tab.page)
    expect(days.map((d) => d.heading)).toEqual([...new Set(emnews.articles.slice(0, items.length).map((a) => a.day))].map(dayHeading))
    // An article just after midnight in Beijing sits under its Beijing day.
    const early = emnews.articles.slice(0, items.length).find((a) => a.time < '08:00')
    if (early) expect(days.find((d) => d.ids.includes(early.id))?.day).toBe(early.day)
    expectClean(tab, model)
  })

  it('scrolling loads older pages until every emnews article is on the page, then says it is the end', async () => {
    const tab = await newPage()
    await openEmnews(tab)
    const first = await feedItemCount(tab.page)
    expect(first, 'the first page is not the whole category').toBeLessThan(emnews.articles.length)

    const total = await scrollToFeedEnd(tab)
    expect(total).toBe(emnews.articles.length)
    const items = await shownItems(tab.page)
    expect(items.map((item) => item.id)).toEqual(emnews.articles.map((a) => a.id))
    expect(items.map((item) => item.title)).toEqual(emnews.articles.map((a) => a.title))
    const days = await shownDays(tab.page)
    expect(days.map((d) => d.day)).toEqual([...new Set(emnews.articles.map((a) => a.day))])
    expect(await tab.page.getByRole('button', { name: '加载更多' }).count()).toBe(0)
    expectClean(tab, model)
  })

  it('Back from an article returns to the same place in a long list', async () => {
    const tab = await newPage({ width: 1280, height: 800 })
    await openEmnews(tab)
    // Deep enough that older pages had to load.
    const target = emnews.articles[Math.min(80, emnews.articles.length - 1)]
    if (!target) throw new Error('emnews is empty')
    const link = tab.page.locator(`main [data-feed-item] a[href$="/a/${target.id}"]`)
    // Scroll as a reader would until the older page holding it has loaded.
    for (let i = 0; i < 20 && (await link.count()) === 0; i++) {
      const shown = await feedItemCount(tab.page)
      await tab.page.mouse.wheel(0, 4000)
      await tab.page.waitForFunction(
        ([count, id]) => document.querySelectorAll('main [data-feed-item]').length > count || document.querySelector(`main a[href$="/a/${id}"]`) !== null,
        [shown, target.id] as const,
        { timeout: 10_000 },
      )
    }
    await link.scrollIntoViewIfNeeded()
    await tab.page.evaluate(() => window.scrollBy(0, -200))
    const before = await tab.page.evaluate(() => window.scrollY)
    expect(before).toBeGreaterThan(2000)
    const boxBefore = await link.boundingBox()

    await link.click()
    await waitForH1(tab, target.title)
    expect(routeOf(tab.page, server)).toBe(`/a/${target.id}`)
    await tab.page.goBack()
    await waitForH1(tab, emnews.name)
    await expect.poll(() => tab.page.evaluate(() => window.scrollY), { timeout: 5_000 }).toBe(before)
    const boxAfter = await link.boundingBox()
    expect(boxAfter?.y).toBe(boxBefore?.y)
    expectClean(tab, model)
  })

  it('j and k move a visible focus between items, Enter opens the focused one', async () => {
    const tab = await newPage()
    await openEmnews(tab)
    const items = await shownItems(tab.page)
    const [first, second, third] = items
    if (!first || !second || !third) throw new Error('emnews shows fewer than three items')

    await tab.page.keyboard.press('j')
    expect(await focusedArticleId(tab.page)).toBe(first.id)
    expect(await focusIsVisible(tab.page), 'the focused item shows a focus ring').toBe(true)
    await tab.page.keyboard.press('j')
    expect(await focusedArticleId(tab.page)).toBe(second.id)
    await tab.page.keyboard.press('j')
    expect(await focusedArticleId(tab.page)).toBe(third.id)
    await tab.page.keyboard.press('k')
    expect(await focusedArticleId(tab.page)).toBe(second.id)
    expect(await focusIsVisible(tab.page)).toBe(true)
    await tab.page.keyboard.press('Enter')
    await waitForH1(tab, second.title)
    expect(routeOf(tab.page, server)).toBe(`/a/${second.id}`)
    expectClean(tab, model)
  })

  it('j walks down a long list, loading older pages as it nears the end; k walks back up; the focus stays in sight', async () => {
    const tab = await newPage({ width: 390, height: 844 })
    await openEmnews(tab)
    const first = await feedItemCount(tab.page)
    // Past the first page: the list has to grow under the reader's keys.
    const goal = Math.min(first + 5, emnews.articles.length - 1)
    for (let i = 0; i <= goal; i++) {
      await tab.page.keyboard.press('j')
      if (i < goal) await tab.page.waitForFunction((n) => document.querySelectorAll('main [data-feed-item]').length > n, i + 1)
      expect(await focusedArticleId(tab.page), `after ${i + 1} × j`).toBe(emnews.articles[i]?.id)
      expect(await focusIsUncovered(tab.page), `item ${i + 1} is in sight after j`).toBe(true)
    }
    expect(await feedItemCount(tab.page)).toBeGreaterThan(first)
    for (let i = goal - 1; i >= goal - 8; i--) {
      await tab.page.keyboard.press('k')
      expect(await focusedArticleId(tab.page), 'after k').toBe(emnews.articles[i]?.id)
      expect(await focusIsUncovered(tab.page), `item ${i + 1} is in sight after k (not under the sticky header)`).toBe(true)
    }
    expect(await focusIsVisible(tab.page)).toBe(true)
    expectClean(tab, model)
  })

  it('j / k / Enter work on the home page too', async () => {
    const tab = await newPage()
    await open(tab, routes.home(server))
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the newest articles')
    const [first, second] = await shownItems(tab.page)
    if (!first || !second) throw new Error('the home page shows fewer than two items')
    await tab.page.keyboard.press('j')
    await tab.page.keyboard.press('j')
    expect(await focusedArticleId(tab.page)).toBe(second.id)
    expect(await focusIsVisible(tab.page)).toBe(true)
    await tab.page.keyboard.press('k')
    expect(await focusedArticleId(tab.page)).toBe(first.id)
    await tab.page.keyboard.press('Enter')
    await waitForH1(tab, first.title)
    expectClean(tab, model)
  })

  it('a small category lists all its articles and says it is the end', async () => {
    const small = model.categories.find((c) => c.articles.length > 1 && c.slug !== 'emnews')
    if (!small) throw new Error('the corpus has no second category with several articles')
    const tab = await newPage()
    await open(tab, routes.category(server, small.slug))
    await waitForH1(tab, small.name)
    await tab.waitVisible(tab.page.getByText('已经到底了'), 'the end of the feed')
    const items = await shownItems(tab.page)
    expect(items.map((i) => i.id)).toEqual(small.articles.map((a) => a.id))
    expect(await tab.page.title()).toBe(`${small.name} · ${SITE_NAME}`)
    expectClean(tab, model)
  })

  // The old site had a category page for every media column; the corpus has posts in only a few of them.
  // The others stay categories (their old links land on them) with no articles.
  it.each([1280, 390])('at %i px, a category no post is filed under shows its name and says it has no articles', async (width) => {
    const pages = await categoryPageTitles(path.join(requireCorpusBuild().corpus, 'category'))
    const empty = [...pages].filter(([slug]) => !model.categoryBySlug.has(slug))
    const [slug, name] = empty.find(([s]) => s === 'TechWeb') ?? empty[0] ?? []
    if (slug === undefined || name === undefined) throw new Error('every old category page has posts')
    const tab = await newPage({ width, height: 844 })
    const response = await open(tab, routes.category(server, slug))
    // Its own prerendered page (an empty category is a category).
    expect(response?.status()).toBe(200)
    await waitForH1(tab, name)
    const main = tab.page.getByRole('main')
    await tab.waitVisible(main.getByText('这个分类还没有文章。', { exact: true }), 'the empty state')
    expect(await main.getByText('分类', { exact: true }).isVisible()).toBe(true)
    expect(await main.getByText('共 0 条', { exact: true }).isVisible()).toBe(true)
    // Settled: no spinner, no error, no list, no filter; a page of its own, not the not-found page.
    expect(await main.locator('[aria-busy="true"], [role="alert"], [data-feed-item]').count()).toBe(0)
    expect(await main.getByRole('region', { name: '按标签筛选' }).count()).toBe(0)
    expect(await tab.page.locator('meta[name="robots"]').count()).toBe(0)
    expect(await main.getByText('404', { exact: true }).count()).toBe(0)
    expect(await tab.page.title()).toBe(`${name} · ${SITE_NAME}`)
    // Neither the header nor the home page's index offers a category with nothing in it.
    const nav = tab.page.getByRole('navigation', { name: '分类' })
    expect(await nav.getByRole('link', { name, exact: true }).count()).toBe(0)
    await nav.getByRole('link', { name: '全部分类' }).click()
    const index = tab.page.locator('section[aria-labelledby="all-categories"]')
    await tab.waitVisible(index.getByRole('link'), 'the list of all categories')
    expect(await index.getByRole('link', { name, exact: true }).count()).toBe(0)
    expectClean(tab, model)
  })

  it('the tag view /t/东财滚动新闻 lists exactly the articles with that tag, newest first', async () => {
    const tag = model.tagByName.get('东财滚动新闻')
    if (!tag) throw new Error('the corpus has no tag 东财滚动新闻')
    const tab = await newPage()
    const response = await open(tab, routes.tag(server, tag.name))
    // A deep link: the host answers with the tag's prerendered first page, which the app hydrates.
    expect(response?.status()).toBe(200)
    await waitForH1(tab, tag.name)
    await tab.waitVisible(tab.page.getByText('标签', { exact: true }), 'the kind of page (标签)')
    await tab.waitVisible(tab.page.getByText(`共 ${tag.articles.length} 条`), `共 ${tag.articles.length} 条`)
    expect(await tab.page.title()).toBe(`${tag.name} · ${SITE_NAME}`)

    expect(await scrollToFeedEnd(tab)).toBe(tag.articles.length)
    const items = await shownItems(tab.page)
    expect(items.map((i) => i.id)).toEqual(tag.articles.map((a) => a.id))
    expectClean(tab, model)
  })
})
