// The home page over the real corpus: the newest articles, newest first, under their Beijing days; each
// tag with its count and five newest; and links into every category and every tag that land on them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPage, type TestPage } from './support/browser.ts'
import { corpusBuild } from './support/context.ts'
import { dayHeading, type CorpusArticle, type CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, open, routeOf, routes, shownDays, shownItems, waitForH1, type ShownItem } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()
const SITE_NAME = '金融消息'
/** How many of the newest articles the home page lists (the issue: "the newest articles"). */
const LATEST = 10
const PER_TAG = 5

/**
 * `shown` is the newest of `newest` (the corpus, newest first): the same dates in the same order, and
 * each item a different corpus article with that date and title. Ties between equal dates may go either way.
 */
function expectNewestOf(shown: readonly ShownItem[], newest: readonly CorpusArticle[], model: CorpusModel, count: number): void {
  const expected = newest.slice(0, count)
  expect(shown.map((item) => item.iso)).toEqual(expected.map((article) => article.iso))
  expect(new Set(shown.map((item) => item.id)).size).toBe(shown.length)
  for (const item of shown) {
    const article = model.byId.get(item.id)
    expect(article, `item ${item.id} is a corpus article`).toBeDefined()
    expect(item.title).toBe(article?.title)
    expect(newest.map((a) => a.id)).toContain(item.id)
  }
}

/** Whether the 全部分类 heading is on screen and not under the sticky site header. */
function allCategoriesInView(tab: TestPage): Promise<boolean> {
  return tab.page.evaluate(() => {
    const box = document.getElementById('all-categories')?.getBoundingClientRect()
    const header = document.querySelector('.site-header')?.getBoundingClientRect().bottom ?? 0
    return box !== undefined && box.top >= header && box.bottom <= window.innerHeight
  })
}

describe.runIf(build !== null)('home page', () => {
  let server: StaticServer
  let model: CorpusModel

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
  })
  afterAll(() => closeCorpusSite(server))

  it('lists the newest articles newest first, under Beijing-day headings, with time and source', async () => {
    const tab = await newPage()
    const response = await open(tab, routes.home(server))
    expect(response?.status()).toBe(200)
    await waitForH1(tab, '最新消息')
    const latest = 'section[aria-labelledby="home-latest"]'
    await tab.waitVisible(tab.page.locator(`${latest} [data-feed-item]`), 'the newest articles')

    const items = await shownItems(tab.page, latest)
    expectNewestOf(items, model.stories, model, LATEST)
    for (const item of items) {
      const article = model.byId.get(item.id)
      expect(item.time, item.title).toBe(article?.time)
      expect(item.source, item.title).toBe(article?.source ?? null)
    }
    const days = await shownDays(tab.page, latest)
    expect(days.map((d) => d.day)).toEqual([...new Set(model.stories.slice(0, LATEST).map((a) => a.day))])
    for (const day of days) {
      expect(day.heading).toBe(dayHeading(day.day ?? ''))
      for (const id of day.ids) expect(model.byId.get(id)?.day).toBe(day.day)
    }
    // The count of the whole archive.
    await tab.waitVisible(tab.page.getByText(`共 ${model.articles.length} 篇`), `共 ${model.articles.length} 篇`)
    expect(await tab.page.title()).toBe(SITE_NAME)
    expectClean(tab, model)
  })

  it('shows every tag with its count and its five newest articles', async () => {
    const tab = await newPage()
    await open(tab, routes.home(server))
    const cards = tab.page.locator('.home-tags article')
    await tab.waitVisible(cards, 'the tag sections')

    const shown = await cards.evaluateAll((elements) =>
      elements.map((card) => ({
        name: card.querySelector('h3 a')?.textContent?.trim() ?? '',
        count: card.querySelector('h3')?.textContent?.match(/(\d+)\s*篇/)?.[1] ?? '',
        more: card.querySelector('.tag-card__more a')?.textContent?.trim() ?? '',
      })),
    )
    expect(shown.map((card) => card.name)).toEqual(model.tags.map((tag) => tag.name))
    for (const tag of model.tags) {
      const card = shown.find((c) => c.name === tag.name)
      expect(card?.count, tag.name).toBe(String(tag.articles.length))
      expect(card?.more, tag.name).toContain(String(tag.articles.length))

      const scope = `.home-tags article:has(h3 a:text-is("${tag.name}"))`
      const items = await tab.page.locator(scope).evaluate((card) =>
        Array.from(card.querySelectorAll('[data-feed-item]')).map((item) => {
          const href = item.querySelector('a')?.getAttribute('href') ?? ''
          return {
            id: decodeURIComponent(href.slice(href.lastIndexOf('/a/') + 3)),
            title: item.querySelector('a')?.textContent?.trim() ?? '',
            iso: item.querySelector('time')?.getAttribute('datetime') ?? null,
            time: null,
            source: null,
            summary: null,
          }
        }),
      )
      expectNewestOf(items, tag.articles, model, PER_TAG)
    }
    expectClean(tab, model)
  })

  it('links to every category, and each lands on that category with its articles', async () => {
    const tab = await newPage()
    await open(tab, routes.home(server))
    const index = tab.page.locator('section[aria-labelledby="all-categories"]')
    await tab.waitVisible(index.getByRole('link'), 'the list of all categories')
    const names = (await index.getByRole('link').allInnerTexts()).map((text) => text.trim())
    expect([...names].sort()).toEqual(model.categories.map((c) => c.name).sort())

    for (const category of model.categories) {
      await index.getByRole('link', { name: category.name, exact: true }).click()
      await waitForH1(tab, category.name)
      expect(routeOf(tab.page, server)).toBe(`/c/${category.slug}`)
      await tab.waitVisible(tab.page.getByText(`共 ${category.articles.length} 条`), `共 ${category.articles.length} 条`)
      await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the items')
      const items = await shownItems(tab.page)
      expect(items[0]?.iso, category.slug).toBe(category.articles[0]?.iso)
      expect(items.every((item) => model.byId.get(item.id)?.category === category.slug), category.slug).toBe(true)
      expect(await tab.page.title()).toContain(category.name)
      await tab.page.goBack()
      await waitForH1(tab, '最新消息')
    }
    expectClean(tab, model)
  })

  it('links to every tag, and each lands on that tag with its articles', async () => {
    const tab = await newPage()
    await open(tab, routes.home(server))
    const index = tab.page.locator('section[aria-labelledby="all-tags"]')
    await tab.waitVisible(index.getByRole('link'), 'the list of all tags')
    expect(await index.getByRole('link').count()).toBe(model.tags.length)

    for (const tag of model.tags) {
      // The link says the tag and its count.
      const link = index.getByRole('link', { name: new RegExp(`^${tag.name}\\s*${tag.articles.length}$`) })
      await link.click()
      await waitForH1(tab, tag.name)
      expect(routeOf(tab.page, server)).toBe(`/t/${tag.name}`)
      await tab.waitVisible(tab.page.getByText(`共 ${tag.articles.length} 条`), `共 ${tag.articles.length} 条`)
      await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the items')
      const items = await shownItems(tab.page)
      expect(items[0]?.iso, tag.name).toBe(tag.articles[0]?.iso)
      expect(items.every((item) => model.byId.get(item.id)?.tags.includes(tag.name)), tag.name).toBe(true)
      expect(await tab.page.title()).toContain(tag.name)
      await tab.page.goBack()
      await waitForH1(tab, '最新消息')
    }
    expectClean(tab, model)
  })

  it('the header names the biggest categories and links to them; 全部分类 leads to the full list', async () => {
    const tab = await newPage({ width: 1280 })
    await open(tab, routes.home(server))
    const nav = tab.page.getByRole('navigation', { name: '分类' })
    const biggest = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[0]
    if (!biggest) throw new Error('the corpus has no category')
    await tab.waitVisible(nav.getByRole('link', { name: biggest.name }), `the header link to ${biggest.name}`)
    await nav.getByRole('link', { name: biggest.name, exact: true }).click()
    await waitForH1(tab, biggest.name)
    expect(routeOf(tab.page, server)).toBe(`/c/${biggest.slug}`)
    // The current category is marked in the header.
    expect(await nav.getByRole('link', { name: biggest.name, exact: true }).getAttribute('aria-current')).toBe('page')

    await nav.getByRole('link', { name: '全部分类' }).click()
    await tab.waitVisible(tab.page.getByRole('heading', { name: '全部分类' }), 'the list of all categories')
    expect(new URL(tab.page.url()).hash).toBe('#all-categories')
    await tab.page.getByRole('banner').getByRole('link', { name: SITE_NAME }).click()
    await waitForH1(tab, '最新消息')
    expectClean(tab, model)
  })

  // On a phone the full list of categories comes after the articles. The header's 全部分类 must bring it
  // into view wherever the reader is; from another page the home page's lists load after the jump and
  // grow the page above the list by some 3000 px. An address with #all-categories opened from elsewhere
  // (a bookmark, another site) lands there too.
  it.each(['a category', 'an article', 'the home page', 'another site'] as const)('at 390 px, 全部分类 in the header shows the full list of categories, from %s', async (from) => {
    const [newest] = model.articles
    if (!newest) throw new Error('the corpus is empty')
    const tab = await newPage({ width: 390, height: 844 })
    if (from === 'another site') {
      await open(tab, `${routes.home(server)}#all-categories`)
    } else {
      const start =
        from === 'a category' ? routes.category(server, newest.category) : from === 'an article' ? routes.article(server, newest.id) : routes.home(server)
      await open(tab, start)
      await tab.waitVisible(tab.page.getByRole('heading', { level: 1 }), 'the page heading')
      await tab.page.waitForLoadState('networkidle')
      await tab.page.getByRole('navigation', { name: '分类' }).getByRole('link', { name: '全部分类' }).click()
    }
    await tab.waitVisible(tab.page.locator('.home-tags article'), 'the home page, loaded')
    await tab.page.waitForLoadState('networkidle')
    expect(routeOf(tab.page, server)).toBe('/')
    expect(new URL(tab.page.url()).hash).toBe('#all-categories')
    await expect.poll(() => allCategoriesInView(tab), { timeout: 5_000, message: 'the 全部分类 heading is on screen, below the header' }).toBe(true)
    expectClean(tab, model)
  })

  it('at 390 px, Back from a category opened in the full list returns to the list', async () => {
    const category = model.categories.find((c) => c.slug !== model.articles[0]?.category) ?? model.categories[0]
    if (!category) throw new Error('the corpus has no category')
    const tab = await newPage({ width: 390, height: 844 })
    await open(tab, routes.article(server, model.articles[0]?.id ?? ''))
    await tab.page.waitForLoadState('networkidle')
    await tab.page.getByRole('navigation', { name: '分类' }).getByRole('link', { name: '全部分类' }).click()
    await tab.waitVisible(tab.page.locator('.home-tags article'), 'the home page, loaded')
    await tab.page.waitForLoadState('networkidle')
    await expect.poll(() => allCategoriesInView(tab), { timeout: 5_000, message: 'the list in view' }).toBe(true)
    const at = await tab.page.evaluate(() => window.scrollY)
    await tab.page.locator('section[aria-labelledby="all-categories"]').getByRole('link', { name: category.name, exact: true }).click()
    await waitForH1(tab, category.name)
    await tab.page.goBack()
    await waitForH1(tab, '最新消息')
    await expect.poll(() => tab.page.evaluate(() => window.scrollY), { timeout: 5_000, message: 'the place left' }).toBe(at)
    expect(await allCategoriesInView(tab)).toBe(true)
    expectClean(tab, model)
  })
})
