// Data requests that fail, and recover. The static host is made to answer one data file with a 500, broken
// JSON, a 404 or no answer at all; the page must say so where the data would be, with a 重试 (retry)
// button, while the site header and its navigation keep working. Once the file is served again, 重试
// brings the data. Covered: the manifest, a feed's first page, a feed's next page, the home file, an
// article file and the article look-up table.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { closeBrowser, newPage, openBrowser, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { corpusModel, type CorpusModel } from './support/corpus-model.ts'
import { expectClean, feedItemCount, open, routes, scrollToFeedEnd, shownItems, waitForH1 } from './support/reader.ts'
import { articleFiles, builtManifest, categoryHead, dataPath, secondFeedPage } from './support/site-data.ts'
import { startStaticServer, type StaticServer } from './support/static-server.ts'

const build = corpusBuild()
/** Automatic retries of a 500 take a few seconds before the page gives up and offers 重试. */
const GIVE_UP_MS = 30_000

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

describe.runIf(build !== null)('failing data requests', () => {
  let server: StaticServer
  let model: CorpusModel
  let site: string

  beforeAll(async () => {
    site = requireCorpusBuild().site
    model = await corpusModel(requireCorpusBuild().corpus)
    server = await startStaticServer({ root: site })
    await openBrowser()
  })
  // A page's prerendered file carries its first screen's data, so nothing would fail there: the host here
  // answers every route with 404.html instead (as one without the prerendered files would), and the
  // reader loads the data itself, which is what these tests break.
  beforeEach(() => {
    const shell = readFileSync(path.join(site, '404.html'), 'utf8')
    server.override(new RegExp(`^${escape(server.base)}(?:[acts]/[^/]+)?$`), { status: 200, body: shell, contentType: 'text/html; charset=utf-8' })
  })
  afterEach(() => {
    server.clearOverrides()
  })
  afterAll(async () => {
    await closeBrowser()
    await server.close()
  })

  /** The error in place of the data: a role=alert with a message and a 重试 button. */
  async function expectFailure(tab: TestPage, says: RegExp, within: Locator = tab.page.getByRole('main')): Promise<Locator> {
    const alert = within.getByRole('alert').filter({ has: tab.page.getByRole('button', { name: '重试' }) })
    await tab.waitVisible(alert, 'an error message with a 重试 button', GIVE_UP_MS)
    expect(await alert.first().innerText()).toMatch(says)
    return alert.first()
  }

  /** The site header is there and its links lead somewhere. */
  async function expectHeaderWorks(tab: TestPage): Promise<void> {
    const banner = tab.page.getByRole('banner')
    expect(await banner.getByRole('link', { name: '金融消息' }).isVisible()).toBe(true)
    expect(await banner.getByRole('link', { name: '全部分类' }).isVisible()).toBe(true)
  }

  it('the manifest fails with 500: the page says so under a working header; 重试 brings the home page', async () => {
    server.override('data/manifest.json', { status: 500, body: 'Internal Server Error' })
    const tab = await newPage()
    await open(tab, routes.home(server))
    const alert = await expectFailure(tab, /HTTP 500/)
    await expectHeaderWorks(tab)
    // Within the site, the header still moves between pages (each says the data failed).
    await tab.page.getByRole('banner').getByRole('link', { name: '全部分类' }).click()
    expect(new URL(tab.page.url()).hash).toBe('#all-categories')

    server.clearOverrides()
    await alert.getByRole('button', { name: '重试' }).click()
    await waitForH1(tab, '最新消息')
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the newest articles after 重试')
    const [first] = await shownItems(tab.page)
    expect(first?.iso).toBe(model.articles[0]?.iso)
    expect(await tab.page.getByRole('button', { name: '重试' }).count()).toBe(0)
    expectClean(tab, model, [/HTTP 500 for .*\/data\/manifest\.json/])
  })

  it('the manifest never answers: the header stays usable, and the page loads once it does', async () => {
    server.override('data/manifest.json', 'hang')
    const tab = await newPage()
    await open(tab, routes.home(server))
    await tab.waitVisible(tab.page.getByRole('main').getByRole('status'), 'the loading placeholder')
    await expectHeaderWorks(tab)
    // Released: the waiting request is dropped, the app tries again by itself and gets the file.
    server.clearOverrides()
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the newest articles', GIVE_UP_MS)
    await waitForH1(tab, '最新消息')
    expectClean(tab, model)
  })

  it('a category’s first page is broken JSON: the message stands in the list; the nav works; 重试 brings the items', async () => {
    const emnews = model.categoryBySlug.get('emnews')
    const other = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[1]
    if (!emnews || !other) throw new Error('the corpus has too few categories')
    const head = await categoryHead(site, 'emnews')
    server.override(head, { body: '{"items": [', contentType: 'application/json' })

    const tab = await newPage()
    await open(tab, routes.category(server, 'emnews'))
    await waitForH1(tab, emnews.name)
    await expectFailure(tab, /损坏/)

    // The header's category links still work, to a feed whose file is fine.
    await tab.page.getByRole('navigation', { name: '分类' }).getByRole('link', { name: other.name, exact: true }).click()
    await waitForH1(tab, other.name)
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), `the items of ${other.name}`)
    await tab.page.goBack()
    await waitForH1(tab, emnews.name)
    const alert = await expectFailure(tab, /损坏/)

    server.clearOverrides()
    await alert.getByRole('button', { name: '重试' }).click()
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the items after 重试')
    const items = await shownItems(tab.page)
    expect(items.map((i) => i.id)).toEqual(emnews.articles.slice(0, items.length).map((a) => a.id))
    expectClean(tab, model)
  })

  it('a category’s next page fails with 500 while scrolling: loaded items stay, 重试 loads the rest', async () => {
    const emnews = model.categoryBySlug.get('emnews')
    if (!emnews) throw new Error('no emnews')
    const second = await secondFeedPage(site, await categoryHead(site, 'emnews'))
    if (!second) throw new Error('emnews has one page only')
    server.override(second, { status: 500 })

    const tab = await newPage()
    await open(tab, routes.category(server, 'emnews'))
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the first page')
    const first = await feedItemCount(tab.page)
    await tab.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    const alert = await expectFailure(tab, /HTTP 500/)
    expect(await alert.innerText()).toContain('更多消息加载失败')
    expect(await feedItemCount(tab.page)).toBe(first)
    await expectHeaderWorks(tab)

    server.clearOverrides()
    await alert.getByRole('button', { name: '重试' }).click()
    await tab.page.waitForFunction((count) => document.querySelectorAll('main [data-feed-item]').length > count, first)
    expect(await scrollToFeedEnd(tab)).toBe(emnews.articles.length)
    expectClean(tab, model, [new RegExp(`HTTP 500 for .*/${escape(second)}$`)])
  })

  it('the home file is broken: the newest articles still show, the tag sections offer 重试', async () => {
    const home = dataPath((await builtManifest(site)).home)
    server.override(home, { body: 'not json at all' })
    const tab = await newPage()
    await open(tab, routes.home(server))
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the newest articles')
    const section = tab.page.locator('section.home-tags')
    const alert = await expectFailure(tab, /损坏/, section)

    server.clearOverrides()
    await alert.getByRole('button', { name: '重试' }).click()
    await tab.waitVisible(section.locator('article'), 'the tag sections after 重试')
    expect(await section.locator('article').count()).toBe(model.tags.length)
    expectClean(tab, model)
  })

  it('an article file fails with 500: the message stands in for the article; the nav works; 重试 brings it', async () => {
    const article = model.categoryBySlug.get('emnews')?.articles[3]
    if (!article) throw new Error('no article')
    const { article: file } = await articleFiles(site, article.id)
    server.override(file, { status: 500 })

    const tab = await newPage()
    await open(tab, routes.article(server, article.id))
    const alert = await expectFailure(tab, /HTTP 500/)
    await expectHeaderWorks(tab)
    expect(await tab.page.getByRole('heading', { level: 1, name: article.title }).count()).toBe(0)

    server.clearOverrides()
    await alert.getByRole('button', { name: '重试' }).click()
    await waitForH1(tab, article.title)
    expect(await tab.page.title()).toContain(article.title)
    expectClean(tab, model, [new RegExp(`HTTP 500 for .*/${escape(file)}$`)])
  })

  it('an article file never answers: the header leads elsewhere meanwhile; the article comes once the file does', async () => {
    const article = model.categoryBySlug.get('emnews')?.articles[4]
    const emnews = model.categoryBySlug.get('emnews')
    if (!article || !emnews) throw new Error('no article')
    const { article: file } = await articleFiles(site, article.id)
    server.override(file, 'hang')

    const tab = await newPage()
    await open(tab, routes.article(server, article.id))
    await tab.waitVisible(tab.page.getByRole('main').getByRole('status'), 'the loading placeholder')
    await tab.page.getByRole('navigation', { name: '分类' }).getByRole('link', { name: emnews.name, exact: true }).click()
    await waitForH1(tab, emnews.name)
    await tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the category while the article hangs')
    await tab.page.goBack()
    await tab.waitVisible(tab.page.getByRole('main').getByRole('status'), 'the loading placeholder again')

    server.clearOverrides()
    await tab.waitVisible(tab.page.getByRole('heading', { level: 1, name: article.title }), 'the article', GIVE_UP_MS)
    expectClean(tab, model)
  })

  it('the article look-up table is gone (404, a newer build): the page says so; 重试 brings the article', async () => {
    const article = model.articles.find((a) => a.id.startsWith('NW'))
    if (!article) throw new Error('no media article')
    const { lookup } = await articleFiles(site, article.id)
    server.override(lookup, { status: 404, body: 'Not Found' })

    const tab = await newPage()
    await open(tab, routes.article(server, article.id))
    const alert = await expectFailure(tab, /404/)
    await expectHeaderWorks(tab)

    server.clearOverrides()
    await alert.getByRole('button', { name: '重试' }).click()
    await waitForH1(tab, article.title)
    expectClean(tab, model, [new RegExp(`HTTP 404 for .*/${escape(lookup)}$`)])
  })
})
