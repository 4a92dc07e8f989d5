// The market view over the real corpus: a story both writers posted (twins) listed once where lists span
// writers, with 同时见于 linking the other copy both ways; a stock page's chart of its stories per day, a
// day's articles, and the stocks mentioned with a board. Expected values come from the post files
// (support/corpus-model.ts pairs `NW<n>` with `<n>`, support/stock-corpus.ts finds mentions), never
// from the build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertNoAxeViolations } from './support/axe.ts'
import { newPage } from './support/browser.ts'
import type { CorpusArticle, CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { expectClean, open, routeOf, routes, routeUrl, shownItems, waitForH1 } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { articlesMentioning, postMentions } from './support/stock-corpus.ts'

const build = corpusBuild()

/** 央行研究局课题组：促进消费投资增长…, posted by 东财滚动新闻 and by the central bank's site column. */
const STORY = '202205302396506117'
const MEDIA_COPY = `NW${STORY}`

describe.runIf(build !== null)('the market view', () => {
  let server: StaticServer
  let model: CorpusModel

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
  })
  afterAll(() => closeCorpusSite(server))

  it('lists a story both writers posted once on home, with 同时见于 naming and linking the other copy', async () => {
    const tab = await newPage()
    await open(tab, routes.home(server))
    await waitForH1(tab, '最新消息')
    const latest = 'section[aria-labelledby="home-latest"]'
    await tab.waitVisible(tab.page.locator(`${latest} [data-feed-item]`), 'the newest articles')
    const ids = (await shownItems(tab.page, latest)).map((i) => i.id)
    expect(ids).toContain(STORY)
    for (const id of ids) expect(ids, `${id} and its twin`).not.toContain(model.twinOf.get(id)?.id ?? '')

    const media = model.byId.get(MEDIA_COPY)
    const writer = model.categoryBySlug.get(media?.category ?? '')
    const item = tab.page.locator(`${latest} [data-article-id="${STORY}"]`)
    const note = item.locator('.feed-item__twins')
    await tab.waitVisible(note, '同时见于')
    expect((await note.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`同时见于 ${writer?.name}`)

    await note.getByRole('link').click()
    await waitForH1(tab, media?.title ?? '')
    expect(routeOf(tab.page, server)).toBe(`/a/${MEDIA_COPY}`)
    // And back: the media copy's page links the copy with the stock markup.
    const back = tab.page.locator('.article__twins')
    await tab.waitVisible(back, '同时见于 on the article')
    expect((await back.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`同时见于 ${model.categoryBySlug.get('emnews')?.name}`)
    expect(await back.getByRole('link').getAttribute('href')).toMatch(new RegExp(`/a/${STORY}$`))
    await assertNoAxeViolations(tab.page)
    expectClean(tab, model)
  })

  it('keeps each copy in its own writer’s category', async () => {
    const tab = await newPage()
    for (const id of [STORY, MEDIA_COPY]) {
      const article = model.byId.get(id)
      await open(tab, routes.category(server, article?.category ?? ''))
      await tab.waitVisible(tab.page.locator(`main [data-article-id="${id}"]`), `${id} in its category`)
    }
    expectClean(tab, model)
  })

  /** 2022年5月26日, as the chart names a day. */
  const dayName = (day: string): string => {
    const [y, m, d] = day.split('-').map(Number)
    return `${y}年${m}月${d}日`
  }

  it('draws a board’s stories per day: the chart states the numbers, shows a value on focus and opens that day’s articles', async () => {
    const secid = '90.BK0493'
    const mentioning = await articlesMentioning(model, requireCorpusBuild().posts, secid)
    const days = new Map<string, string[]>()
    for (const a of mentioning) days.set(a.day, [...(days.get(a.day) ?? []), a.id])
    expect(days.size).toBeGreaterThan(1)
    const tab = await newPage()
    await open(tab, routeUrl(server, 's', secid))
    const chart = tab.page.getByRole('img', { name: /^提及新能源的文章数/ })
    await tab.waitVisible(chart, 'the chart')
    const label = (await chart.getAttribute('aria-label')) ?? ''
    const stated = [...label.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日 (\d+) 篇/g)].map((m) => [`${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`, Number(m[4])])
    expect(stated).toEqual([...days].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([day, ids]) => [day, ids.length]))
    expect(label).toContain(`共 ${mentioning.length} 篇`)

    // The newest day's bar: focus shows its value, Enter opens its articles.
    const [newestDay, ids] = [...days].sort((a, b) => (a[0] < b[0] ? 1 : -1))[0] as [string, string[]]
    const bar = tab.page.getByRole('link', { name: `${dayName(newestDay)}：${ids.length} 篇，查看这些文章` })
    await bar.focus()
    await tab.waitVisible(tab.page.locator('.history__value', { hasText: `${dayName(newestDay)}：${ids.length} 篇` }), 'the focused bar’s value')
    await bar.press('Enter')
    await tab.waitVisible(tab.page.getByRole('heading', { name: `${dayName(newestDay)}提及新能源的文章（${ids.length} 篇）` }), 'that day’s articles')
    expect(new URL(tab.page.url()).search).toBe(`?from=${newestDay}&to=${newestDay}`)
    expect((await shownItems(tab.page, '.stock-days')).map((i) => i.id).sort()).toEqual([...ids].sort())
    await assertNoAxeViolations(tab.page)
    expectClean(tab, model)
  })

  it('lists the stocks mentioned with a board, each linking its page', async () => {
    const tab = await newPage()
    await open(tab, routeUrl(server, 's', '90.BK0493'))
    const list = tab.page.locator('.stock-with')
    await tab.waitVisible(list.getByRole('heading', { name: '板块内被一同提及的股票' }), 'the co-mentioned stocks')
    // The 蔚来 story names 巨化股份 with the board (read from the post: support/stock-corpus.ts).
    const both = (await articlesMentioning(model, requireCorpusBuild().posts, '90.BK0493')).filter((a) => a.links.some((l) => l.includes('1.600160')))
    expect(both.length).toBeGreaterThan(0)
    const link = list.getByRole('link', { name: '巨化股份' })
    await tab.waitVisible(link, '巨化股份')
    await link.click()
    await waitForH1(tab, '巨化股份')
    expect(routeOf(tab.page, server)).toBe('/s/1.600160')
    expectClean(tab, model)
  })

  it('shows 热门 on home: the securities in the most stories of the 24 hours up to the newest article, with counts and sparklines', async () => {
    const tab = await newPage()
    await open(tab, routes.home(server))
    const panel = tab.page.locator('section.hot')
    await tab.waitVisible(panel.getByRole('heading', { name: '热门' }), '热门')
    const rows = await panel.locator('.hot__item').evaluateAll((items) =>
      items.map((li) => ({
        href: li.querySelector('a')?.getAttribute('href') ?? '',
        count: Number(/\d+/.exec(li.querySelector('.hot__count')?.textContent ?? '')?.[0]),
        spark: li.querySelector('svg[role="img"]')?.getAttribute('aria-label') ?? '',
      })),
    )
    expect(rows.length).toBeGreaterThan(0)
    // Relative to the archive's newest article, not the clock (the corpus ends in 2022).
    const newest = Date.parse(model.stories[0]?.iso ?? '')
    const posts = requireCorpusBuild().posts
    for (const row of rows) {
      const secid = decodeURIComponent(row.href.slice(row.href.lastIndexOf('/s/') + 3))
      const recent = (await articlesMentioning(model, posts, secid)).filter((a) => Date.parse(a.iso) > newest - 24 * 3600 * 1000)
      expect(row.count, secid).toBe(recent.length)
      expect(row.spark, secid).toMatch(/近 30 天每日提及：(\d+、){29}\d+ 篇$/)
    }
    expect(rows.map((r) => r.count)).toEqual([...rows.map((r) => r.count)].sort((a, b) => b - a))
    await assertNoAxeViolations(tab.page)
    expectClean(tab, model)
  })

  it('shows a category’s 热门 in a row kept from the first paint: its own articles of the 24 hours up to its newest, counted', async () => {
    const tab = await newPage()
    const emnews = model.categoryBySlug.get('emnews')
    if (!emnews) throw new Error('the corpus has emnews')
    // 热门's file is held back until the list's place has been measured without it.
    let release = (): void => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    let asked = 0
    await tab.page.route('**/data/home/hot-c-*.json', async (route) => {
      asked++
      await held
      await route.continue()
    })
    await open(tab, routes.category(server, 'emnews'))
    await waitForH1(tab, emnews.name)
    const slot = tab.page.locator('.hot-row-slot')
    await tab.waitVisible(tab.page.locator('main [data-feed-item]').first(), 'the feed')
    const listTop = () => tab.page.locator('main [data-feed-item]').first().evaluate((el) => el.getBoundingClientRect().top)
    const before = await listTop()
    expect(await slot.locator('section.hot').count()).toBe(0)
    release()
    // The row's place is there before 热门 arrives, so the list below does not move when it does.
    const panel = slot.locator('section.hot')
    await tab.waitVisible(panel.getByRole('heading', { name: '热门' }), '热门')
    expect(asked).toBe(1)
    expect(await listTop()).toBe(before)
    const rows = await panel.locator('.hot__item').evaluateAll((items) =>
      items.map((li) => ({ href: li.querySelector('a')?.getAttribute('href') ?? '', count: Number(/\d+/.exec(li.querySelector('.hot__count')?.textContent ?? '')?.[0]) })),
    )
    expect(rows.length).toBeGreaterThan(0)
    // The category's newest article ends the 24 hours; every copy the category lists counts.
    const newest = Math.max(...emnews.articles.map((a) => Date.parse(a.iso)))
    const recent = emnews.articles.filter((a) => Date.parse(a.iso) > newest - 24 * 3600 * 1000)
    const posts = requireCorpusBuild().posts
    const texts = await Promise.all(recent.map((a) => readFile(path.join(posts, a.file), 'utf8')))
    for (const row of rows) {
      const secid = decodeURIComponent(row.href.slice(row.href.lastIndexOf('/s/') + 3))
      expect(row.count, secid).toBe(texts.filter((text) => postMentions(text, secid)).length)
    }
    expect(rows.map((r) => r.count)).toEqual([...rows.map((r) => r.count)].sort((a, b) => b - a))
    await assertNoAxeViolations(tab.page)
    expectClean(tab, model)
  })

  it('lists a story both writers posted once in search results, with 同时见于 naming the other copy', async () => {
    const tab = await newPage()
    const words = '央行研究局课题组'
    expect(model.byId.get(STORY)?.title).toContain(words)
    expect(model.byId.get(MEDIA_COPY)?.title).toContain(words)
    await open(tab, `${server.url}search?q=${encodeURIComponent(words)}`)
    await waitForH1(tab, `搜索“${words}”`)
    const results = tab.page.locator('main .search-result')
    await tab.waitVisible(results.first(), 'the results')
    const ids = await results.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-article-id')))
    // The copy lists spanning writers show (the one with the stock markup), once.
    expect(ids.filter((id) => id === STORY || id === MEDIA_COPY)).toEqual([STORY])
    const writer = model.categoryBySlug.get(model.byId.get(MEDIA_COPY)?.category ?? '')
    const note = tab.page.locator(`main .search-result[data-article-id="${STORY}"] .search-result__twins`)
    await tab.waitVisible(note, '同时见于')
    expect((await note.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`同时见于 ${writer?.name}`)
    expect(await note.getByRole('link').getAttribute('href')).toMatch(new RegExp(`/a/${MEDIA_COPY}$`))
    // The count is of articles; the end of the list says how many copies were folded into a story's result.
    const count = tab.page.locator('main .search-count')
    const matches = (a: CorpusArticle | undefined) => a !== undefined && [a.title, a.summary ?? '', ...a.paragraphs].join('\n').includes(words)
    const folded = ids.filter((id) => matches(model.byId.get(model.twinOf.get(id ?? '')?.id ?? ''))).length
    expect(folded).toBeGreaterThan(0)
    await expect.poll(async () => count.textContent()).toBe(`找到 ${ids.length + folded} 篇`)
    await tab.waitVisible(tab.page.getByText('已经到底了', { exact: true }), 'the end of the results')
    expect(await tab.page.getByText(`另有 ${folded} 篇是上面某条新闻的另一版本，见该条的“同时见于”。`, { exact: true }).count()).toBe(1)
    for (const id of ids) expect(ids, `${id} and its twin`).not.toContain(model.twinOf.get(id ?? '')?.id ?? '')
    await assertNoAxeViolations(tab.page)
    expectClean(tab, model)
  })

  it('lists a story both writers posted once on /watchlist, with 同时见于, for securities of the twin stories', async () => {
    const tab = await newPage()
    // 蔚来 (the 2022-05-26 pair) and 002752 (the 2022-01-21 pair), followed as storage would hold them.
    const followed = ['106.NIO', '0.002752']
    const stored = JSON.stringify({ version: 2, read: [], saved: [], watchlist: followed.map((secid, i) => ({ secid, name: secid, followedAt: i + 1 })), visit: null })
    await tab.page.addInitScript((value) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('finews:reader-state', value)
        sessionStorage.setItem('seeded', '1')
      }
    }, stored)
    const posts = requireCorpusBuild().posts
    const expected = new Map<string, string>()
    for (const secid of followed) for (const a of await articlesMentioning(model, posts, secid)) expected.set(a.id, a.iso)
    // A story once: where both copies mention the securities, the one a stock page lists.
    for (const id of [...expected.keys()]) if (expected.has(model.twinOf.get(id)?.id ?? '') && id.startsWith('NW')) expected.delete(id)
    expect(expected.size).toBeGreaterThan(1)
    await open(tab, `${server.url}watchlist`)
    await tab.waitVisible(tab.page.locator('main [data-feed-item]').first(), 'the watchlist feed')
    await expect.poll(async () => (await shownItems(tab.page)).length).toBe(expected.size)
    const ids = (await shownItems(tab.page)).map((i) => i.id)
    expect(new Set(ids)).toEqual(new Set(expected.keys()))
    for (const id of ids) expect(ids, `${id} and its twin`).not.toContain(model.twinOf.get(id)?.id ?? '')
    const twinned = ids.filter((id) => model.twinOf.has(id))
    expect(twinned.length).toBeGreaterThan(0)
    for (const id of twinned) {
      const note = tab.page.locator(`main [data-article-id="${id}"] .feed-item__twins`)
      await tab.waitVisible(note, `同时见于 on ${id}`)
      expect(await note.getByRole('link').getAttribute('href')).toMatch(new RegExp(`/a/${model.twinOf.get(id)?.id}$`))
    }
    expectClean(tab, model)
  })
})
