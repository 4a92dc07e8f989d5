// The site built for a sub-path (`/finews/`, as on a GitHub Pages project site): a deep link to an article
// is answered with its prerendered page and shows the article; a reload shows it again; its links, data requests
// and the way back to its category and home all stay under /finews/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowser, newPage, openBrowser } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { corpusModel, type CorpusModel } from './support/corpus-model.ts'
import { expectClean, open, routeOf, routes, routeUrl, scrollToFeedEnd, waitForH1 } from './support/reader.ts'
import { startStaticServer, type StaticServer } from './support/static-server.ts'

const build = corpusBuild()
const BASE = '/finews/'

describe.runIf(build !== null)('the site under /finews/', () => {
  let server: StaticServer
  let model: CorpusModel

  beforeAll(async () => {
    const site = requireCorpusBuild()
    model = await corpusModel(site.corpus)
    server = await startStaticServer({ root: site.siteFinews, base: BASE })
    await openBrowser()
  })
  afterAll(async () => {
    await closeBrowser()
    await server.close()
  })

  it('a deep link to an article shows it, and so does a reload; links and data stay under /finews/', async () => {
    const article = model.articles.find((a) => a.category === 'emnews' && a.summary !== null)
    const category = model.categoryBySlug.get('emnews')
    if (!article || !category) throw new Error('no emnews article with a summary')
    server.clearRequests()
    const tab = await newPage()
    const response = await open(tab, routes.article(server, article.id))
    // The article's prerendered page, at its address under /finews/.
    expect(response?.status()).toBe(200)
    expect(new URL(tab.page.url()).pathname).toBe(`${BASE}a/${article.id}`)
    await waitForH1(tab, article.title)
    expect(await tab.page.locator('main article header time').getAttribute('datetime')).toBe(article.iso)

    await tab.page.reload()
    await waitForH1(tab, article.title)
    expect(await tab.page.title()).toContain(article.title)

    // Every link of the app's own stays under the base (the home links are checked on their own below).
    const hrefs = await tab.page.locator('a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
    expect(hrefs.length).toBeGreaterThan(0)
    expect(hrefs.filter((href) => !href.startsWith(BASE.slice(0, -1)))).toEqual([])
    expect(hrefs.filter((href) => href.startsWith(`${BASE}a/`) || href.startsWith(`${BASE}c/`) || href.startsWith(`${BASE}t/`)).length).toBeGreaterThan(0)
    // Everything was asked of the server under the base, data included.
    const served = server.requests()
    expect(served.filter((r) => !r.path.startsWith(BASE)).map((r) => r.url)).toEqual([])
    expect(served.some((r) => r.path === `${BASE}data/manifest.json` && r.status === 200)).toBe(true)
    // The article's page names its data file (src/app/sent-data.ts), which came from under the base too.
    expect(served.some((r) => r.path.startsWith(`${BASE}data/articles/${article.id}.`) && r.status === 200)).toBe(true)

    await tab.page.getByRole('link', { name: `返回「${category.name}」` }).click()
    await waitForH1(tab, category.name)
    expect(new URL(tab.page.url()).pathname).toBe(`${BASE}c/${category.slug}`)
    expect(await scrollToFeedEnd(tab)).toBe(category.articles.length)

    await tab.page.getByRole('banner').getByRole('link', { name: '金融消息' }).click()
    await waitForH1(tab, '最新消息')
    expect(new URL(tab.page.url()).pathname.startsWith(BASE.slice(0, -1))).toBe(true)
    expectClean(tab, model)
  })

  it('a deep link to a tag and a reload work; an unknown path is a not-found page under the base', async () => {
    const tag = model.tags[0]
    if (!tag) throw new Error('no tag')
    const tab = await newPage({ width: 390, height: 844 })
    await open(tab, routes.tag(server, tag.name))
    await waitForH1(tab, tag.name)
    await tab.page.reload()
    await waitForH1(tab, tag.name)
    expect(routeOf(tab.page, server)).toBe(`/t/${tag.name}`)

    const response = await open(tab, routeUrl(server, 'no', 'such', 'page'))
    expect(response?.status()).toBe(404)
    await waitForH1(tab, '页面不存在')
    await tab.page.getByRole('main').getByRole('link', { name: '返回首页' }).click()
    await waitForH1(tab, '最新消息')
    expectClean(tab, model)
  })

  // The site's address is /finews/. A link to /finews is only redirected there by the host (301), so a
  // home link opened in a new tab, bookmarked or reloaded costs a redirect and is not the site's address.
  it('links to the home page point at the site’s address /finews/, not at /finews', async () => {
    const tab = await newPage()
    await open(tab, routeUrl(server, 'no', 'such', 'page'))
    await waitForH1(tab, '页面不存在')
    const home = {
      'site name (header)': await tab.page.getByRole('banner').getByRole('link', { name: '金融消息' }).getAttribute('href'),
      '全部分类 (header)': await tab.page.getByRole('banner').getByRole('link', { name: '全部分类' }).getAttribute('href'),
      '返回首页 (not-found page)': await tab.page.getByRole('main').getByRole('link', { name: '返回首页' }).getAttribute('href'),
    }
    expect(home).toEqual({
      'site name (header)': BASE,
      '全部分类 (header)': `${BASE}#all-categories`,
      '返回首页 (not-found page)': BASE,
    })

    // After following one, the address bar holds the site's address, and a reload needs no redirect.
    server.clearRequests()
    await tab.page.getByRole('main').getByRole('link', { name: '返回首页' }).click()
    await waitForH1(tab, '最新消息')
    expect(new URL(tab.page.url()).pathname).toBe(BASE)
    await tab.page.reload()
    await waitForH1(tab, '最新消息')
    expect(server.requests().filter((r) => r.status === 301).map((r) => r.url)).toEqual([])
    expectClean(tab, model)
  })

  it('the base without its slash redirects to it', async () => {
    const tab = await newPage()
    const response = await open(tab, `${server.origin}/finews`)
    expect(response?.status()).toBe(200)
    expect(new URL(tab.page.url()).pathname).toBe(BASE)
    await waitForH1(tab, '最新消息')
    expectClean(tab, model)
  })
})
