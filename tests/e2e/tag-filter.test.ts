// The tag filter of a feed. The address holds it (`?tag=`), so it survives a reload and Back undoes it.
//
// In the real corpus every post has one tag, shared by its whole category: no feed has a tag that would
// narrow it, so the reader offers no choice there (checked below), and a tag put in the address by hand
// narrows emnews to nothing. To see a filter narrow a list to some of its items, the second part runs over
// the real corpus with topic tags added to posts whose title names the topic (support/topic-corpus.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { closeBrowser, newPage, openBrowser, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { corpusModel, type CorpusArticle, type CorpusModel } from './support/corpus-model.ts'
import { expectClean, open, routeOf, routes, shownItems, tagsInUrl, waitForH1 } from './support/reader.ts'
import { startStaticServer, type StaticServer } from './support/static-server.ts'
import { buildTopicSite, type TopicSite } from './support/topic-corpus.ts'

const build = corpusBuild()
const SITE_NAME = '金融消息'

function toggle(page: Page, tag: string) {
  // Its accessible name is the tag and its count: 美元（11 条）; a chosen tag the feed does not have is
  // named by its text (with the ✓ its style adds when chosen).
  return page.getByRole('region', { name: '按标签筛选' }).getByRole('button', { name: new RegExp(`^(✓\\s*)?${tag}(（\\d+ 条）)?$`) })
}

async function pressed(page: Page): Promise<string[]> {
  const region = page.getByRole('region', { name: '按标签筛选' })
  if ((await region.count()) === 0) return []
  const names = await region.locator('button[aria-pressed="true"]').allInnerTexts()
  return names.map((name) => name.replace(/\d+$/, '').replace(/^✓\s*/, '').trim())
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

describe.runIf(build !== null)('tag filter over the real corpus', () => {
  let server: StaticServer
  let model: CorpusModel

  beforeAll(async () => {
    const site = requireCorpusBuild()
    model = await corpusModel(site.corpus)
    server = await startStaticServer({ root: site.site })
    await openBrowser()
  })
  afterAll(async () => {
    await closeBrowser()
    await server.close()
  })

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
      expect(await toggle(tab.page, name).getAttribute('aria-label')).toBe(`${name}（${having(category.articles, [name]).length} 条）`)
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
