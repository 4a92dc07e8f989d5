// The tag filter of a feed. The address holds it (`?tag=`), so it survives a reload and Back undoes it.
//
// In the real corpus every post has one tag, shared by its whole category: no category or tag feed has a
// tag that would narrow it, so the reader offers no choice there (checked below), and a tag put in the
// address by hand narrows emnews to nothing. The list a filter does narrow on the real corpus is the home
// page's newest, which holds every category. To see a filter narrow a category or a tag view to some of
// its items, the second part runs over the real corpus with topic tags added to posts whose title names
// the topic (support/topic-corpus.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { closeBrowser, newPage, openBrowser, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { type CorpusArticle, type CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, open, routeOf, routes, shownItems, tagsInUrl, waitForH1 } from './support/reader.ts'
import { startStaticServer, type StaticServer } from './support/static-server.ts'
import { buildTopicSite, type TopicSite } from './support/topic-corpus.ts'

const build = corpusBuild()
const SITE_NAME = '金融消息'

function toggle(page: Page, tag: string) {
  // Its accessible name is the tag and its count, 美元 （11 条）, or the tag alone for a chosen tag the feed
  // does not have; the ✓ its style adds when chosen comes first.
  return page.getByRole('region', { name: '按标签筛选' }).getByRole('button', { name: new RegExp(`^(✓\\s*)?${tag}(\\s*（\\d+ 条）)?$`) })
}

/** Whether the toggle of `tag` says how many items have it: its accessible name is `美元 （11 条）`. */
async function saysCount(page: Page, tag: string, count: number): Promise<boolean> {
  const named = page.getByRole('region', { name: '按标签筛选' }).getByRole('button', { name: new RegExp(`^${tag}\\s*（${count} 条）$`) })
  return (await named.count()) === 1
}

/** The chosen tags, as the pressed toggles show them. */
async function pressed(page: Page): Promise<string[]> {
  const region = page.getByRole('region', { name: '按标签筛选' })
  if ((await region.count()) === 0) return []
  // The tag is the button's own text; its count follows in elements of their own.
  return region.locator('button[aria-pressed="true"]').evaluateAll((buttons) => buttons.map((b) => b.firstChild?.textContent?.trim() ?? ''))
}

/** Waits until the list shows exactly `expected` (ids in order). */
async function expectList(tab: TestPage, expected: readonly CorpusArticle[]): Promise<void> {
  const ids = expected.map((a) => a.id)
  try {
    await expect.poll(async () => (await shownItems(tab.page)).map((item) => item.id), { timeout: 10_000 }).toEqual(ids)
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await tab.summary()}`, { cause: error })
  }
}

/** The home page's newest list. */
const LATEST = 10
const NEWEST = 'section[aria-labelledby="home-latest"]'

/** Waits until the home page's newest list shows exactly `expected` (ids in order). */
async function expectNewest(tab: TestPage, expected: readonly CorpusArticle[]): Promise<void> {
  const ids = expected.map((a) => a.id)
  try {
    await expect.poll(async () => (await shownItems(tab.page, NEWEST)).map((item) => item.id), { timeout: 10_000 }).toEqual(ids)
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await tab.summary()}`, { cause: error })
  }
}

describe.runIf(build !== null)('tag filter over the real corpus', () => {
  let server: StaticServer
  let model: CorpusModel

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
  })
  afterAll(() => closeCorpusSite(server))

  it('offers no tag that every item of the feed has already (emnews and 东财滚动新闻)', async () => {
    const tab = await newPage()
    await open(tab, routes.category(server, 'emnews'))
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the feed items')
    expect(model.categoryBySlug.get('emnews')?.articles.every((a) => a.tags.length === 1 && a.tags[0] === '东财滚动新闻')).toBe(true)
    expect(await tab.page.getByRole('region', { name: '按标签筛选' }).count()).toBe(0)

    await open(tab, routes.tag(server, '东财滚动新闻'))
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the feed items')
    expect(await tab.page.getByRole('region', { name: '按标签筛选' }).count()).toBe(0)
    expectClean(tab, model)
  })

  it('a tag in the address narrows emnews to the items that have it (none), survives a reload, and Back undoes it', async () => {
    const other = model.tags.find((t) => !t.articles.some((a) => a.category === 'emnews'))
    const emnews = model.categoryBySlug.get('emnews')
    if (!other || !emnews) throw new Error('the corpus has no tag outside emnews')

    const tab = await newPage()
    await open(tab, routes.category(server, 'emnews'))
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the feed items')
    const unfiltered = (await shownItems(tab.page)).length
    expect(unfiltered).toBeGreaterThan(0)

    // Following a shared address with the filter in it: a new entry in the history.
    await tab.page.goto(routes.category(server, 'emnews', [other.name]))
    await tab.waitVisible(tab.page.getByText('没有同时带有这些标签的消息。'), 'the empty result')
    expect(tagsInUrl(tab.page)).toEqual([other.name])
    expect(await pressed(tab.page)).toEqual([other.name])
    await expectList(tab, [])
    expect(await tab.page.title()).toBe(`${emnews.name}（${other.name}） · ${SITE_NAME}`)

    await tab.page.reload()
    await tab.waitVisible(tab.page.getByText('没有同时带有这些标签的消息。'), 'the empty result after a reload')
    expect(tagsInUrl(tab.page)).toEqual([other.name])

    // Un-choosing the tag brings the whole list back, as a new step in the history.
    await toggle(tab.page, other.name).click()
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the whole list after un-choosing the tag')
    expect(tagsInUrl(tab.page)).toEqual([])
    expect((await shownItems(tab.page)).length).toBe(unfiltered)

    await tab.page.goBack()
    await tab.waitVisible(tab.page.getByText('没有同时带有这些标签的消息。'), 'the empty result again after Back')
    expect(tagsInUrl(tab.page)).toEqual([other.name])
    await tab.page.goBack()
    await waitForH1(tab, emnews.name)
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the whole list again')
    expect(tagsInUrl(tab.page)).toEqual([])
    expect((await shownItems(tab.page)).length).toBe(unfiltered)
    expectClean(tab, model)
  })

  it('on the home page every tag is a choice, with the number of articles that have it', async () => {
    const tab = await newPage()
    await open(tab, routes.home(server))
    await waitForH1(tab, '最新消息')
    await tab.waitVisible(toggle(tab.page, model.tags[0]?.name ?? '?'), 'the tag filter')
    // The home page lists every category, so no tag is on all of its items: each narrows it. Home lists a
    // story both writers posted once (model.stories), and counts what it lists.
    for (const tag of model.tags) {
      const onHome = model.stories.filter((a) => a.tags.includes(tag.name)).length
      if (onHome === 0) continue
      expect(onHome, tag.name).toBeLessThan(model.stories.length)
      expect(await saysCount(tab.page, tag.name, onHome), tag.name).toBe(true)
      expect(await toggle(tab.page, tag.name).getAttribute('aria-pressed')).toBe('false')
    }
    expectClean(tab, model)
  })

  it('on the home page, a tag narrows the newest to the articles that have it; reload keeps it, Back undoes it, a second tag narrows further', async () => {
    // A tag of a few articles, so that the list shows every one of them.
    // Home lists a story both writers posted once (model.stories): its tags count what it lists.
    const having = (tags: readonly string[]) => model.stories.filter((a) => tags.every((t) => a.tags.includes(t)))
    const first = model.tags.find((t) => having([t.name]).length > 1 && having([t.name]).length < model.stories.length)
    const second = model.tags.find((t) => t !== first && having([t.name]).length > 0)
    if (!first || !second) throw new Error('the corpus has no tag of a few articles and no second tag')

    const tab = await newPage()
    await open(tab, routes.home(server))
    await waitForH1(tab, '最新消息')
    await expectNewest(tab, model.stories.slice(0, LATEST))

    await toggle(tab.page, first.name).click()
    await expectNewest(tab, having([first.name]).slice(0, LATEST))
    expect(routeOf(tab.page, server)).toBe('/')
    expect(tagsInUrl(tab.page)).toEqual([first.name])
    expect(await pressed(tab.page)).toEqual([first.name])
    await tab.waitVisible(tab.page.getByText(`找到 ${having([first.name]).length} 条`, { exact: true }), 'the number found')
    expect(await tab.page.title()).toBe(`最新消息（${first.name}） · ${SITE_NAME}`)
    // The rest of the home page stays: every tag's section and the indexes.
    expect(await tab.page.locator('.home-tags article').count()).toBe(model.tags.length)
    await tab.waitVisible(tab.page.getByRole('heading', { name: '全部分类' }), 'the list of all categories')

    await tab.page.reload()
    await waitForH1(tab, '最新消息')
    await expectNewest(tab, having([first.name]).slice(0, LATEST))
    expect(tagsInUrl(tab.page)).toEqual([first.name])
    expect(await pressed(tab.page)).toEqual([first.name])

    await toggle(tab.page, second.name).click()
    const both = having([first.name, second.name])
    expect(tagsInUrl(tab.page)).toEqual([first.name, second.name])
    if (both.length === 0) {
      // No article has both: the list says so and offers the way out.
      await tab.waitVisible(tab.page.locator(NEWEST).getByText('没有同时带有这些标签的消息。'), 'the empty result')
      await expectNewest(tab, [])
      await tab.page.locator(NEWEST).locator('.feed-empty').getByRole('button', { name: '清除筛选' }).click()
      await expectNewest(tab, model.stories.slice(0, LATEST))
      expect(tagsInUrl(tab.page)).toEqual([])
      // Clearing was a step of its own: Back brings the two tags back.
      await tab.page.goBack()
      await tab.waitVisible(tab.page.locator(NEWEST).getByText('没有同时带有这些标签的消息。'), 'the empty result again after Back')
    } else {
      await expectNewest(tab, both.slice(0, LATEST))
    }
    expect(tagsInUrl(tab.page)).toEqual([first.name, second.name])

    await tab.page.goBack()
    await expectNewest(tab, having([first.name]).slice(0, LATEST))
    expect(tagsInUrl(tab.page)).toEqual([first.name])
    await tab.page.goBack()
    await expectNewest(tab, model.stories.slice(0, LATEST))
    expect(tagsInUrl(tab.page)).toEqual([])
    expect(await pressed(tab.page)).toEqual([])
    expect(await tab.page.title()).toBe(SITE_NAME)
    expectClean(tab, model)
  })

  it('on the home page, a tag of many articles shows its newest and leads to all of them', async () => {
    const big = model.tags[0]
    if (!big || big.articles.length <= LATEST) throw new Error('the corpus has no tag of more than ten articles')
    const tab = await newPage()
    await open(tab, routes.home(server, [big.name]))
    await expectNewest(tab, big.articles.slice(0, LATEST))
    await tab.waitVisible(tab.page.getByText(`找到 ${big.articles.length} 条`, { exact: true }), 'the number found')
    await tab.page.locator(NEWEST).getByRole('link', { name: `查看全部 ${big.articles.length} 条` }).click()
    await waitForH1(tab, big.name)
    expect(routeOf(tab.page, server)).toBe(`/t/${big.name}`)
    expectClean(tab, model)
  })

  it('the route’s own tag in the address narrows nothing', async () => {
    const tag = model.tagByName.get('东财滚动新闻')
    if (!tag) throw new Error('no tag 东财滚动新闻')
    const tab = await newPage()
    await open(tab, routes.tag(server, tag.name, [tag.name]))
    await waitForH1(tab, tag.name)
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the feed items')
    const items = await shownItems(tab.page)
    expect(items.map((i) => i.id)).toEqual(tag.articles.slice(0, items.length).map((a) => a.id))
    expectClean(tab, model)
  })
})

describe.runIf(build !== null)('tag filter over the corpus with topic tags', () => {
  let topic: TopicSite
  let server: StaticServer
  let model: CorpusModel

  /** The articles of `list` that carry every tag of `tags`. */
  const having = (list: readonly CorpusArticle[], tags: readonly string[]) => list.filter((a) => tags.every((t) => a.tags.includes(t)))

  beforeAll(async () => {
    topic = await buildTopicSite(requireCorpusBuild().corpus)
    model = topic.model
    server = await startStaticServer({ root: topic.site })
    await openBrowser()
  })
  afterAll(async () => {
    await closeBrowser()
    await server?.close()
    await topic?.remove()
  })

  it('the topic tags are real choices: on some but not all emnews items, and one also outside emnews', () => {
    const emnews = model.categoryBySlug.get('emnews')?.articles ?? []
    for (const name of ['美元', '人民币', '北向资金']) {
      const count = having(emnews, [name]).length
      expect(count, name).toBeGreaterThan(0)
      expect(count, name).toBeLessThan(emnews.length)
    }
    expect(having(emnews, ['美元', '人民币']).length).toBeGreaterThan(0)
    expect(model.tagByName.get('北向资金')?.articles.some((a) => a.category !== 'emnews')).toBe(true)
  })

  it('on a category: choosing tags narrows the list, the address keeps them, reload keeps them, Back undoes each', async () => {
    const category = model.categoryBySlug.get('emnews')
    if (!category) throw new Error('no emnews')
    const tab = await newPage()
    await open(tab, routes.category(server, category.slug))
    await waitForH1(tab, category.name)
    await tab.waitVisible(toggle(tab.page, '美元'), 'the 美元 toggle')
    const unfiltered = await shownItems(tab.page)
    expect(unfiltered.length).toBeGreaterThan(having(category.articles, ['美元']).length)
    // Each toggle says how many items of the feed have the tag; the category's own tag is not offered.
    for (const name of ['美元', '人民币', '北向资金']) {
      expect(await saysCount(tab.page, name, having(category.articles, [name]).length), name).toBe(true)
      expect(await toggle(tab.page, name).getAttribute('aria-pressed')).toBe('false')
    }
    expect(await toggle(tab.page, '东财滚动新闻').count()).toBe(0)

    await toggle(tab.page, '美元').click()
    await expectList(tab, having(category.articles, ['美元']))
    expect(tagsInUrl(tab.page)).toEqual(['美元'])
    expect(routeOf(tab.page, server)).toBe(`/c/${category.slug}`)
    expect(await pressed(tab.page)).toEqual(['美元'])
    await tab.waitVisible(tab.page.getByText(`找到 ${having(category.articles, ['美元']).length} 条`), 'the number found')
    expect(await tab.page.title()).toBe(`${category.name}（美元） · ${SITE_NAME}`)

    await toggle(tab.page, '人民币').click()
    const both = having(category.articles, ['美元', '人民币'])
    await expectList(tab, both)
    expect(tagsInUrl(tab.page)).toEqual(['美元', '人民币'])

    await tab.page.reload()
    await waitForH1(tab, category.name)
    await expectList(tab, both)
    expect(tagsInUrl(tab.page)).toEqual(['美元', '人民币'])
    expect((await pressed(tab.page)).sort()).toEqual(['人民币', '美元'])

    await tab.page.goBack()
    await expectList(tab, having(category.articles, ['美元']))
    expect(tagsInUrl(tab.page)).toEqual(['美元'])
    await tab.page.goBack()
    await expectList(tab, category.articles.slice(0, unfiltered.length))
    expect(tagsInUrl(tab.page)).toEqual([])
    expect(await pressed(tab.page)).toEqual([])

    await tab.page.goForward()
    await expectList(tab, having(category.articles, ['美元']))
    await tab.page.getByRole('button', { name: '清除筛选' }).first().click()
    await expectList(tab, category.articles.slice(0, unfiltered.length))
    expect(tagsInUrl(tab.page)).toEqual([])
    expectClean(tab, model)
  })

  it('on a category, a tag shared with other categories narrows to this category’s items only', async () => {
    const category = model.categoryBySlug.get('emnews')
    const tag = model.tagByName.get('北向资金')
    if (!category || !tag) throw new Error('no emnews or 北向资金')
    const tab = await newPage()
    await open(tab, routes.category(server, category.slug))
    await toggle(tab.page, '北向资金').click()
    await expectList(tab, having(category.articles, ['北向资金']))
    expect(having(category.articles, ['北向资金']).length).toBeLessThan(tag.articles.length)
    expectClean(tab, model)
  })

  it('on the tag view /t/东财滚动新闻: a second tag narrows it, reload keeps it, Back undoes it', async () => {
    const tag = model.tagByName.get('东财滚动新闻')
    if (!tag) throw new Error('no tag 东财滚动新闻')
    const tab = await newPage()
    await open(tab, routes.tag(server, tag.name))
    await waitForH1(tab, tag.name)
    await tab.waitVisible(toggle(tab.page, '北向资金'), 'the 北向资金 toggle')
    const unfiltered = (await shownItems(tab.page)).length

    await toggle(tab.page, '北向资金').click()
    const narrowed = having(tag.articles, ['北向资金'])
    await expectList(tab, narrowed)
    expect(narrowed.length).toBeLessThan(unfiltered)
    expect(tagsInUrl(tab.page)).toEqual(['北向资金'])

    await tab.page.reload()
    await expectList(tab, narrowed)
    expect(await pressed(tab.page)).toEqual(['北向资金'])

    await tab.page.goBack()
    await expectList(tab, tag.articles.slice(0, unfiltered))
    expect(tagsInUrl(tab.page)).toEqual([])
    expectClean(tab, model)
  })

  it('on the home page: a topic narrows the newest across categories, a second topic to the articles with both', async () => {
    const tab = await newPage()
    await open(tab, routes.home(server))
    await waitForH1(tab, '最新消息')
    await toggle(tab.page, '美元').click()
    const dollar = having(model.articles, ['美元'])
    await expectNewest(tab, dollar.slice(0, LATEST))
    await toggle(tab.page, '人民币').click()
    const both = having(model.articles, ['美元', '人民币'])
    expect(both.length).toBeGreaterThan(0)
    expect(both.length).toBeLessThan(dollar.length)
    await expectNewest(tab, both.slice(0, LATEST))
    expect(tagsInUrl(tab.page)).toEqual(['美元', '人民币'])
    await tab.page.goBack()
    await expectNewest(tab, dollar.slice(0, LATEST))
    expectClean(tab, model)
  })

  it('a narrowed list still opens its articles, and Back returns to the narrowed list', async () => {
    const category = model.categoryBySlug.get('emnews')
    if (!category) throw new Error('no emnews')
    const narrowed = having(category.articles, ['人民币'])
    const tab = await newPage()
    await open(tab, routes.category(server, category.slug, ['人民币']))
    await expectList(tab, narrowed)
    const target = narrowed[narrowed.length - 1]
    if (!target) throw new Error('nothing has 人民币')
    await tab.page.locator(`main a[href$="/a/${target.id}"]`).click()
    await waitForH1(tab, target.title)
    await tab.page.goBack()
    await expectList(tab, narrowed)
    expect(tagsInUrl(tab.page)).toEqual(['人民币'])
    expectClean(tab, model)
  })
})
