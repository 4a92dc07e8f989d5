// Not-found pages. The host answers any unknown path with its 404.html and status 404; the app must boot
// from it and say what was not found, with a way back. Unknown articles, categories and tags, and
// malformed article ids, each get their own clear page (the app's, on a path the host does not know).
// An old category page's slug is not unknown, even with no posts: that is an empty category (feed.test.ts).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { categoryPageTitles, type CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, open, routeOf, routeUrl, waitForH1 } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()
const SITE_NAME = '金融消息'

interface Case {
  what: string
  /** Path segments under the base, each URL-encoded by routeUrl. */
  segments: string[]
  heading: string
  /** Something the page must say about what was asked for. */
  says: RegExp
}

const CASES: Case[] = [
  { what: 'an unknown path', segments: ['no', 'such', 'page'], heading: '页面不存在', says: /不存在/ },
  { what: 'an unknown path with a file name', segments: ['archive', '2022', 'index.php'], heading: '页面不存在', says: /不存在/ },
  { what: 'an unknown article id', segments: ['a', '999999999999999999'], heading: '找不到这篇文章', says: /999999999999999999/ },
  { what: 'an unknown media article id', segments: ['a', 'NW000000000000000000'], heading: '找不到这篇文章', says: /NW000000000000000000/ },
  { what: 'a malformed article id', segments: ['a', '2022<script>'], heading: '找不到这篇文章', says: /编号不正确/ },
  { what: 'an article id with a space', segments: ['a', '2022 0526'], heading: '找不到这篇文章', says: /编号不正确/ },
  { what: 'an article id longer than the id rule allows (101 characters)', segments: ['a', '9'.repeat(101)], heading: '找不到这篇文章', says: /编号不正确/ },
  // Names every JavaScript object answers to: the archive has no article of that id, whatever objects inherit.
  { what: 'the article id __proto__', segments: ['a', '__proto__'], heading: '找不到这篇文章', says: /没有编号为 __proto__ 的文章/ },
  { what: 'the article id constructor', segments: ['a', 'constructor'], heading: '找不到这篇文章', says: /没有编号为 constructor 的文章/ },
  { what: 'the article id toString', segments: ['a', 'toString'], heading: '找不到这篇文章', says: /没有编号为 toString 的文章/ },
  { what: 'the stock address constructor (no secid)', segments: ['s', 'constructor'], heading: '找不到这只证券', says: /证券代码不正确/ },
  { what: 'a secid named like an object property', segments: ['s', '1.__proto__'], heading: '找不到这只证券', says: /没有提及 1\.__proto__ 的文章/ },
  { what: 'an unknown category', segments: ['c', 'no-such-category'], heading: '找不到这个分类', says: /no-such-category/ },
  // Slugs are matched exactly, as the host would: emnews exists, EMNEWS does not.
  { what: 'a category in the wrong case', segments: ['c', 'EMNEWS'], heading: '找不到这个分类', says: /EMNEWS/ },
  { what: 'an unknown tag', segments: ['t', '没有这个标签'], heading: '找不到这个标签', says: /没有这个标签/ },
]

describe.runIf(build !== null)('not-found pages', () => {
  let server: StaticServer
  let model: CorpusModel
  let oldCategoryPages: ReadonlyMap<string, string>

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
    oldCategoryPages = await categoryPageTitles(path.join(requireCorpusBuild().corpus, 'category'))
  })
  afterAll(() => closeCorpusSite(server))

  it.each(CASES)('$what gets a clear not-found page with a way home', async ({ segments, heading, says }) => {
    expect(model.byId.has(segments[1] ?? ''), 'the id is really unknown').toBe(false)
    if (segments[0] === 'c') {
      // A category is a slug posts are filed under or one an old category page names (those with no posts
      // are empty categories, not unknown ones): this one is neither.
      expect(model.categoryBySlug.has(segments[1] ?? ''), 'no post is filed under the slug').toBe(false)
      expect(oldCategoryPages.has(segments[1] ?? ''), 'no old category page names the slug').toBe(false)
    }
    const tab = await newPage()
    const response = await open(tab, routeUrl(server, ...segments))
    expect(response?.status()).toBe(404)
    await waitForH1(tab, heading)
    const main = tab.page.getByRole('main')
    expect(await main.innerText()).toMatch(says)
    expect(await tab.page.title()).toBe(`${heading} · ${SITE_NAME}`)
    // Not indexed by search engines.
    expect(await tab.page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex')
    // The site header and its navigation still work.
    // (404.html is drawn for no route and without the manifest: its navigation fills once the app has drawn it.)
    await expect.poll(() => tab.page.getByRole('navigation', { name: '分类' }).getByRole('link').count()).toBeGreaterThan(1)

    await main.getByRole('link', { name: '返回首页' }).click()
    await waitForH1(tab, '最新消息')
    expect(routeOf(tab.page, server)).toBe('/')
    expect(await tab.page.locator('meta[name="robots"]').count(), 'noindex is gone once the page is found').toBe(0)
    // No data request failed on the way: not found is an answer, not an error.
    expectClean(tab, model)
  })

  it('a not-found page reached inside the app (an unknown tag link) is the same clear page', async () => {
    const tab = await newPage()
    await open(tab, server.url)
    await waitForH1(tab, '最新消息')
    await tab.page.evaluate(() => {
      window.history.pushState({}, '', `${location.pathname.replace(/\/$/, '')}/t/${encodeURIComponent('没有这个标签')}`)
      window.dispatchEvent(new PopStateEvent('popstate'))
    })
    await waitForH1(tab, '找不到这个标签')
    await tab.page.goBack()
    await waitForH1(tab, '最新消息')
    expectClean(tab, model)
  })

  it('the site header link leads home from a not-found page', async () => {
    const tab = await newPage()
    await open(tab, routeUrl(server, 'nothing', 'here'))
    await waitForH1(tab, '页面不存在')
    await tab.page.getByRole('banner').getByRole('link', { name: SITE_NAME }).click()
    await waitForH1(tab, '最新消息')
    expectClean(tab, model)
  })
})
