// Search in the production build of the real corpus: typing in the header's box, the exact count (the
// articles a brute-force scan of the built articles finds), marked matches, more on scroll (a story both
// writers posted listed once), each filter
// in the URL and Back, no result with the offer to drop the filters, a one-character word, and a failed
// index request that shows a retry.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEARCH_DEBOUNCE_MS, SEARCH_EARLY_START_MS } from '../../src/components/search-debounce.ts'
import { newestFirst } from '../../src/content/order.ts'
import { parseQuery } from '../../src/content/search-text.ts'
import type { SearchFilters } from '../../src/features/search/engine.ts'
import { bruteForce, scanArticles, type ScannedArticle } from '../pipeline/support/search-files.ts'
import { newPage, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import type { CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { feedItemCount, holdRequests, open, scrollToFeedEnd, waitForH1 } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()

describe.runIf(build !== null)('search', () => {
  let server: StaticServer
  let model: CorpusModel
  let articles: ScannedArticle[] = []

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
    articles = scanArticles(join(requireCorpusBuild().site, 'data'))
  })
  afterAll(() => closeCorpusSite(server))

  function matching(query: string, filters: SearchFilters = {}): Set<string> {
    const parsed = parseQuery(query)
    if (!parsed.ok) throw new Error(`"${query}" is not a query`)
    return bruteForce(articles, parsed.words, filters)
  }

  /** The articles that match: what 找到 N 篇 counts. */
  function expected(query: string, filters: SearchFilters = {}): number {
    return matching(query, filters).size
  }

  /** The results listed for the first `limit` matching articles, newest first: a story both writers posted is one. */
  function storiesListed(query: string, limit = Infinity): number {
    const found = matching(query)
    const newest = articles
      .map((a) => a.article)
      .filter((a) => found.has(a.id))
      .sort(newestFirst)
      .slice(0, limit)
    return new Set(newest.map((a) => [a.id, model.twinOf.get(a.id)?.id ?? a.id].sort()[0])).size
  }

  async function countShown(tab: TestPage, n: number): Promise<void> {
    await tab.waitVisible(tab.page.getByText(`找到 ${n} 篇`, { exact: true }), `the count 找到 ${n} 篇`)
  }

  function searchParams(tab: TestPage): URLSearchParams {
    return new URL(tab.page.url()).searchParams
  }

  /** The search screen for `query` (a shorter query's screen may come first), its count, the box holding it; then the tab closes. */
  async function showsSearchFor(tab: TestPage, query: string): Promise<void> {
    await tab.page.waitForURL((url) => url.pathname.endsWith('/search') && url.searchParams.get('q') === query)
    await countShown(tab, expected(query))
    expect(await tab.page.locator('#site-search').inputValue()).toBe(query)
    tab.assertNoErrors()
    await tab.close()
  }

  it('searches as the reader types in the header, counts exactly, marks the matches and loads more on scroll', async () => {
    const tab = await newPage()
    await open(tab, server.url)
    const n = expected('公司')
    expect(n).toBeGreaterThan(20)
    await tab.page.locator('#site-search').pressSequentially('公司', { delay: 30 })
    await tab.page.waitForURL(/\/search\?q=/)
    expect(searchParams(tab).get('q')).toBe('公司')
    await countShown(tab, n)
    expect(await feedItemCount(tab.page)).toBe(storiesListed('公司', 20))
    // Snippets come from the articles' files: wait for all twenty, then every mark is the query.
    await tab.page.waitForFunction(() => [...document.querySelectorAll('main .search-result__snippet')].every((p) => p.textContent !== '…'))
    const marks = await tab.page.locator('main .search-result mark').allTextContents()
    expect(marks.length).toBeGreaterThanOrEqual(20)
    for (const m of marks) expect(m).toBe('公司')
    // Newest first.
    const times = await tab.page.locator('main .search-result time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''))
    expect([...times].sort().reverse()).toEqual(times)
    expect(await scrollToFeedEnd(tab)).toBe(storiesListed('公司'))
    // 相关度: the same articles in another order, kept in the URL and undone with Back.
    await tab.page.getByRole('button', { name: '相关度' }).click()
    await tab.page.waitForURL(/sort=rel/)
    await countShown(tab, n)
    await expect.poll(() => tab.page.getByRole('button', { name: '相关度' }).getAttribute('aria-pressed')).toBe('true')
    await tab.page.goBack()
    await countShown(tab, n)
    expect(searchParams(tab).get('sort')).toBeNull()
    tab.assertNoErrors()
    await tab.close()
  })

  it('searches for what the reader typed before the app had started, once it has', async () => {
    const tab = await newPage()
    const release = await holdRequests(tab)
    // The prerendered home page, its box typed into while the app is still on its way.
    await tab.page.goto(server.url, { waitUntil: 'commit' })
    await tab.page.locator('#site-search').fill('公司')
    release()
    await showsSearchFor(tab, '公司')
  })

  it('keeps what the reader typed, and the focus, when the app draws a page the host sent for another address', async () => {
    const tab = await newPage()
    await tab.page.clock.install()
    const release = await holdRequests(tab)
    // /settings is answered with 404.html, which the app draws afresh rather than hydrating.
    await tab.page.goto(`${server.url}settings`, { waitUntil: 'commit' })
    await tab.page.locator('#site-search').click()
    await tab.page.keyboard.type('公')
    // The page's clock stops, so that the box's pause cannot run out (and search for 公) before the test
    // has seen the page the app drew: on a slow machine it did.
    await tab.page.clock.pauseAt(Date.now() + 1_000)
    release()
    await waitForH1(tab, '设置')
    // The reader types on into the box the app drew: the focus stayed there.
    await tab.page.keyboard.type('司')
    await tab.page.clock.resume()
    await showsSearchFor(tab, '公司')
  })

  it('fetches the search code and the index while the reader is still typing, and the first page during the pause', async () => {
    const tab = await newPage()
    await tab.page.clock.install()
    await open(tab, `${server.url}settings`)
    // The page's clock stops: the box's pause cannot run out until the test moves it on.
    await tab.page.clock.pauseAt(Date.now() + 1_000)
    const root = tab.page.waitForResponse((response) => /\/data\/search\/root-[0-9a-f]+\.json$/.test(response.url()))
    await tab.page.locator('#site-search').pressSequentially('公司')
    expect((await root).ok()).toBe(true)
    expect(new URL(tab.page.url()).pathname).toBe('/settings')
    // After the shorter pause the first page's requests start, while the screen has not changed yet.
    const shard = tab.page.waitForResponse((response) => /\/data\/search\/[^/]+\.t\d+\.bin$/.test(response.url()))
    await tab.page.clock.runFor(SEARCH_EARLY_START_MS)
    expect((await shard).ok()).toBe(true)
    expect(new URL(tab.page.url()).pathname).toBe('/settings')
    await tab.page.clock.runFor(SEARCH_DEBOUNCE_MS - SEARCH_EARLY_START_MS)
    await tab.page.waitForURL(/\/search\?q=/)
    await countShown(tab, expected('公司'))
    tab.assertNoErrors()
    await tab.close()
  })

  it('fetches no article for a query the reader types on from: only the shown results bring their articles', async () => {
    const prefix = '公司'
    const query = '公司发布'
    const shown = matching(query)
    // The shorter query's first page holds articles the longer one does not find.
    const newestOfPrefix = articles
      .map((a) => a.article)
      .filter((a) => matching(prefix).has(a.id))
      .sort(newestFirst)
      .slice(0, 20)
    expect(newestOfPrefix.filter((a) => !shown.has(a.id)).length).toBeGreaterThan(0)
    expect(shown.size).toBeGreaterThan(0)
    const tab = await newPage()
    await tab.page.clock.install()
    await open(tab, `${server.url}settings`)
    await tab.page.clock.pauseAt(Date.now() + 1_000)
    const asked: string[] = []
    tab.page.on('request', (request) => {
      const file = /\/data\/articles\/([^/]+)\.[0-9a-f]+\.json$/.exec(request.url())
      if (file?.[1]) asked.push(file[1])
    })
    // The reader pauses after 公司 long enough for its first page to be matched, then types on.
    const documents = tab.page.waitForResponse((response) => /\/data\/search\/[^/]+\.d\d+\.json$/.test(response.url()))
    await tab.page.locator('#site-search').pressSequentially(prefix)
    await tab.page.clock.runFor(SEARCH_EARLY_START_MS)
    expect((await documents).ok()).toBe(true)
    await tab.page.locator('#site-search').pressSequentially('发布')
    await tab.page.clock.runFor(SEARCH_DEBOUNCE_MS)
    await tab.page.waitForURL(/\/search\?q=/)
    expect(searchParams(tab).get('q')).toBe(query)
    await countShown(tab, shown.size)
    await tab.page.waitForFunction(() => [...document.querySelectorAll('main .search-result__snippet')].every((p) => p.textContent !== '…'))
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.filter((id) => !shown.has(id))).toEqual([])
    tab.assertNoErrors()
    await tab.close()
  })

  it('keeps the results in place as their snippets arrive (no layout shift), on a phone', async () => {
    const tab = await newPage({ width: 390 })
    // Every layout shift from the page's start, as Lighthouse's CLS counts them (not those right after input).
    await tab.page.addInitScript(() => {
      type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node | null }[] }
      const seen: string[] = []
      const keep = (entries: PerformanceEntryList) => {
        for (const e of entries as Shift[]) {
          if (!e.hadRecentInput) seen.push(`${e.value.toFixed(4)} ${(e.sources ?? []).map((s) => (s.node as Element | null)?.className ?? '?').join(', ')}`)
        }
      }
      const observer = new PerformanceObserver((list) => keep(list.getEntries()))
      observer.observe({ type: 'layout-shift', buffered: true })
      Object.assign(window, { layoutShifts: () => (keep(observer.takeRecords()), seen) })
    })
    await open(tab, `${server.url}search?q=${encodeURIComponent('公司')}`)
    await countShown(tab, expected('公司'))
    await tab.page.waitForFunction(() => [...document.querySelectorAll('main .search-result__snippet')].every((p) => p.textContent !== '…'))
    const shifts = await tab.page.evaluate(() => (window as unknown as { layoutShifts: () => string[] }).layoutShifts())
    expect(shifts).toEqual([])
    tab.assertNoErrors()
    await tab.close()
  })

  it('lists the results by title while their articles are slow, and fills in the snippets when they come', async () => {
    const tab = await newPage()
    // The articles' files are held back: the results wait for their snippets only a moment.
    let release = (): void => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    await tab.page.route('**/data/articles/*.json', async (route) => {
      await held
      await route.continue()
    })
    await open(tab, `${server.url}search?q=${encodeURIComponent('公司')}`)
    await tab.waitVisible(tab.page.locator('main .search-result').first(), 'the first result')
    expect(await feedItemCount(tab.page)).toBe(storiesListed('公司', 20))
    const snippets = tab.page.locator('main .search-result__snippet')
    expect(new Set(await snippets.allTextContents())).toEqual(new Set(['…']))
    release()
    await countShown(tab, expected('公司'))
    await tab.page.waitForFunction(() => [...document.querySelectorAll('main .search-result__snippet')].every((p) => p.textContent !== '…'))
    expect(await tab.page.locator('main .search-result mark').count()).toBeGreaterThanOrEqual(20)
    tab.assertNoErrors()
    await tab.close()
  })

  it('keeps each filter in the URL, undone with Back, and offers to drop the filters when nothing matches', async () => {
    const tab = await newPage({ width: 390, colorScheme: 'dark' })
    await open(tab, `${server.url}search?q=${encodeURIComponent('公司')}`)
    await countShown(tab, expected('公司'))
    const category = articles.find((a) => a.text.includes('公司'))?.article.category ?? ''
    await tab.page.locator('main').getByLabel('分类').selectOption(category)
    await countShown(tab, expected('公司', { category }))
    expect(searchParams(tab).get('c')).toBe(category)
    const from = '2022-05-26'
    await tab.page.locator('main').getByLabel('从').fill(from)
    await countShown(tab, expected('公司', { category, from }))
    expect(searchParams(tab).get('from')).toBe(from)
    await tab.page.goBack()
    await countShown(tab, expected('公司', { category }))
    expect(searchParams(tab).get('from')).toBeNull()
    await tab.page.goBack()
    await countShown(tab, expected('公司'))
    expect(searchParams(tab).get('c')).toBeNull()

    // A security filter and a tag filter, each exact.
    const secid = articles.flatMap((a) => a.article.mentions.map((m) => m.secid)).find((s) => expected('公司', { secid: s }) > 0) ?? ''
    await open(tab, `${server.url}search?q=${encodeURIComponent('公司')}&s=${encodeURIComponent(secid)}`)
    await countShown(tab, expected('公司', { secid }))
    const tag = articles.flatMap((a) => a.article.tags)[0] ?? ''
    await tab.page.locator('main').getByLabel('标签').selectOption(tag)
    await countShown(tab, expected('公司', { secid, tag }))

    // Nothing in a year with no articles: said so, with the way out.
    await open(tab, `${server.url}search?q=${encodeURIComponent('公司')}&from=2030-01-01`)
    await tab.waitVisible(tab.page.getByText(/没有找到包含“公司”的文章/), 'the no-result message')
    await tab.page.getByRole('link', { name: '去掉筛选条件再搜' }).click()
    await countShown(tab, expected('公司'))
    expect(searchParams(tab).get('from')).toBeNull()
    tab.assertNoErrors()
    await tab.close()
  })

  it('finds a stock by its code, explains a one-character word, and retries a failed index request', async () => {
    const tab = await newPage()
    const code = articles.flatMap((a) => a.article.mentions.map((m) => m.code)).find((c) => /^\d{6}$/.test(c)) ?? ''
    await open(tab, `${server.url}search?q=${code}`)
    await countShown(tab, expected(code))

    await open(tab, `${server.url}search?q=${encodeURIComponent('股')}`)
    await tab.waitVisible(tab.page.getByText(/每个词至少要两个字/), 'why one character is not searched')

    server.override(/\/data\/search\/.*\.bin$/, { status: 500, body: 'Internal Server Error' })
    await open(tab, `${server.url}search?q=${encodeURIComponent('市场')}`)
    await tab.waitVisible(tab.page.getByRole('alert').getByText('搜索失败'), 'the failed search')
    server.clearOverrides()
    await tab.page.getByRole('button', { name: '重试' }).click()
    await countShown(tab, expected('市场'))
    tab.assertNoErrors([/status of 500/, /search\/.*\.bin/])
    await tab.close()
  })
})
