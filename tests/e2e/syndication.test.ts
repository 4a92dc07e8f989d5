// Feeds and sharing on the corpus site: feed.xml (the newest 50 overall, where jekyll-feed had it), each
// category's and tag's feed, and sitemap.xml, fetched from the host and parsed as XML here; their links
// open the right pages in the reader; and every kind of page points feed readers at a feed that exists.
import path from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAIN_FEED, SITEMAP, categoryFeedPath, tagFeedPath } from '../../src/content/site-paths.ts'
import { newPage, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { categoryPageTitles, type CorpusArticle, type CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, open, routes, routeUrl, waitForH1 } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()
const ATOM = 'http://www.w3.org/2005/Atom'
const SITEMAPS = 'http://www.sitemaps.org/schemas/sitemap/0.9'
/** The public origin the global setup builds with (FINEWS_SITE_URL). */
const ORIGIN = 'https://finews.example'
const ENTRIES = 50

interface Link {
  '@_href': string
  '@_rel'?: string
}
interface Text {
  '#text'?: string
}
interface AtomEntry {
  id: string
  title: string | Text
  updated: string
  link: Link[]
  author?: { name: string }[]
}
interface AtomFeed {
  '@_xmlns': string
  id: string
  title: string | Text
  updated: string
  link: Link[]
  author?: { name: string }[]
  entry?: AtomEntry[]
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => ['entry', 'link', 'author', 'category', 'url'].includes(name),
})

function text(value: string | Text): string {
  return typeof value === 'string' ? value : (value['#text'] ?? '')
}

/** Fetches `path` from the host and parses it as XML, failing on anything that is not well-formed. */
async function fetchXml(server: StaticServer, path: string): Promise<{ type: string | null; doc: Record<string, unknown> }> {
  const response = await fetch(server.url + path)
  expect(response.status, path).toBe(200)
  const body = await response.text()
  const valid = XMLValidator.validate(body)
  if (valid !== true) throw new Error(`${path} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`)
  return { type: response.headers.get('content-type'), doc: parser.parse(body) as Record<string, unknown> }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/** Reads an Atom feed and checks what RFC 4287 requires of a feed and its entries. */
async function readAtom(server: StaticServer, path: string): Promise<AtomFeed> {
  const { type, doc } = await fetchXml(server, path)
  expect(type, path).toMatch(/xml/)
  const feed = doc.feed as AtomFeed | undefined
  if (!feed) throw new Error(`${path}: the root element is not <feed>`)
  expect(feed['@_xmlns'], `${path}: the Atom namespace`).toBe(ATOM)
  expect(feed.id, path).toBeTruthy()
  expect(text(feed.title), path).toBeTruthy()
  expect(feed.updated, path).toMatch(ISO)
  const self = feed.link.find((link) => link['@_rel'] === 'self')
  expect(self?.['@_href'], `${path}: its rel=self link`).toBe(`${ORIGIN}${server.base}${path}`)
  for (const entry of feed.entry ?? []) {
    expect(entry.id, path).toBeTruthy()
    expect(text(entry.title), path).toBeTruthy()
    expect(entry.updated, path).toMatch(ISO)
    expect(entry.link.some((link) => (link['@_rel'] ?? 'alternate') === 'alternate'), path).toBe(true)
  }
  return feed
}

/** What each entry names: the article id its link points at, its title and its time. */
function entriesOf(feed: AtomFeed, server: StaticServer): { id: string; title: string; updated: number; path: string }[] {
  return (feed.entry ?? []).map((entry) => {
    const href = entry.link.find((link) => (link['@_rel'] ?? 'alternate') === 'alternate')?.['@_href'] ?? ''
    const url = new URL(href)
    expect(url.origin).toBe(ORIGIN)
    expect(url.pathname.startsWith(`${server.base}a/`), href).toBe(true)
    return {
      id: decodeURIComponent(url.pathname.slice(server.base.length + 2)),
      title: text(entry.title),
      updated: Date.parse(entry.updated),
      path: url.pathname.slice(server.base.length),
    }
  })
}

/** The feed holds the newest 50 of `articles` (newest first, as the corpus has them), with their titles and times. */
function expectNewest(feed: AtomFeed, server: StaticServer, articles: readonly CorpusArticle[], path: string): void {
  const entries = entriesOf(feed, server)
  expect(entries.length, path).toBe(Math.min(ENTRIES, articles.length))
  expect(entries.length).toBeLessThanOrEqual(ENTRIES)
  for (let i = 1; i < entries.length; i++) expect(entries[i - 1]?.updated ?? 0, path).toBeGreaterThanOrEqual(entries[i]?.updated ?? 0)
  expect(entries.map((e) => e.id), path).toEqual(articles.slice(0, ENTRIES).map((a) => a.id))
  for (const entry of entries) {
    const article = articles.find((a) => a.id === entry.id)
    expect(entry.title, entry.id).toBe(article?.title)
    expect(entry.updated, entry.id).toBe(Date.parse(article?.iso ?? ''))
  }
}

describe.runIf(build !== null)('feeds and the sitemap', () => {
  let server: StaticServer
  let model: CorpusModel

  /** The old site's category pages (slug, title) whose category no post of the corpus is filed under. */
  async function emptyCategories(): Promise<[string, string][]> {
    const pages = await categoryPageTitles(path.join(requireCorpusBuild().corpus, 'category'))
    return [...pages].filter(([slug]) => !model.categoryBySlug.has(slug))
  }

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
  })
  afterAll(() => closeCorpusSite(server))

  it('feed.xml is Atom with the newest 50 articles, newest first, each linking to its article in the reader', async () => {
    const feed = await readAtom(server, MAIN_FEED)
    expect(text(feed.title)).toBe('金融消息')
    expectNewest(feed, server, model.stories, MAIN_FEED)

    // The links open in the reader (deep links: the host's 404.html boots the app) on the article itself.
    const tab = await newPage()
    for (const entry of entriesOf(feed, server).slice(0, 8)) {
      await open(tab, server.url + entry.path)
      await waitForH1(tab, entry.title)
    }
    expectClean(tab, model)
    await tab.close()
  })

  it('each category’s and each tag’s feed is Atom with its own newest articles', async () => {
    for (const category of model.categories) {
      const path = categoryFeedPath(category.slug)
      const feed = await readAtom(server, path)
      expect(text(feed.title)).toBe(`${category.name} - 金融消息`)
      expectNewest(feed, server, category.articles, path)
    }
    for (const tag of model.tags) {
      const path = tagFeedPath(tag.name)
      const feed = await readAtom(server, path)
      expect(text(feed.title)).toBe(`${tag.name} - 金融消息`)
      expectNewest(feed, server, tag.articles, path)
    }
    // A category no post is filed under has its page, which links its feed: there, and empty.
    for (const [slug, title] of await emptyCategories()) {
      const path = categoryFeedPath(slug)
      const feed = await readAtom(server, path)
      expect(text(feed.title), slug).toBe(`${title} - 金融消息`)
      expect(feed.entry ?? [], slug).toEqual([])
    }
    const tab = await newPage()
    const smallest = [...model.categories].sort((a, b) => a.articles.length - b.articles.length)[0]
    const tag = model.tags.at(-1)
    if (!smallest || !tag) throw new Error('no categories or tags')
    for (const path of [categoryFeedPath(smallest.slug), tagFeedPath(tag.name)]) {
      const entry = entriesOf(await readAtom(server, path), server)[0]
      if (!entry) throw new Error(`${path} has no entries`)
      await open(tab, server.url + entry.path)
      await waitForH1(tab, entry.title)
    }
    expectClean(tab, model)
    await tab.close()
  })

  // RFC 4287 §4.1.1: a feed names an author unless every entry does. Entries from Eastmoney's rolling news
  // often name no source, so the feeds need one of their own.
  it('every feed names an author where its entries do not', async () => {
    const paths = [MAIN_FEED, ...model.categories.map((c) => categoryFeedPath(c.slug)), ...model.tags.map((t) => tagFeedPath(t.name))]
    const lacking: string[] = []
    for (const path of paths) {
      const feed = await readAtom(server, path)
      const everyEntry = (feed.entry ?? []).every((entry) => (entry.author?.length ?? 0) > 0)
      if (!everyEntry && (feed.author?.length ?? 0) === 0) lacking.push(path)
    }
    expect(lacking, 'feeds with neither a feed author nor an author on every entry').toEqual([])
  })

  it('sitemap.xml lists the home page, every category and tag, and every article', async () => {
    const { doc } = await fetchXml(server, SITEMAP)
    const urlset = doc.urlset as { '@_xmlns': string; url: { loc: string }[] } | undefined
    if (!urlset) throw new Error('sitemap.xml has no <urlset>')
    expect(urlset['@_xmlns']).toBe(SITEMAPS)
    const locs = new Set(urlset.url.map((url) => decodeURIComponent(url.loc)))
    const site = `${ORIGIN}/`
    expect(locs.has(site)).toBe(true)
    // Every category: those with articles and those of the old site's category pages that have none (their
    // pages are there, for the links to them).
    const categories = [...model.categories.map((c) => c.slug), ...(await emptyCategories()).map(([slug]) => slug)]
    for (const slug of categories) expect(locs.has(`${site}c/${slug}`), slug).toBe(true)
    for (const tag of model.tags) expect(locs.has(`${site}t/${tag.name}`), tag.name).toBe(true)
    for (const article of model.articles) expect(locs.has(`${site}a/${article.id}`), article.id).toBe(true)
    expect(locs.size).toBe(1 + categories.length + model.tags.length + model.articles.length)
  })

  it('every kind of page links the feed of what it shows, and the file is there', async () => {
    const article = model.articles.find((a) => a.category !== 'emnews') ?? model.articles[0]
    const tag = model.tags[0]
    if (!article || !tag) throw new Error('empty corpus')
    const pages: [string, string, string][] = [
      [routes.home(server), '最新消息', MAIN_FEED],
      [routes.category(server, 'emnews'), model.categoryBySlug.get('emnews')?.name ?? '', categoryFeedPath('emnews')],
      [routes.tag(server, tag.name), tag.name, tagFeedPath(tag.name)],
      [routes.article(server, article.id), article.title, categoryFeedPath(article.category)],
      [routeUrl(server, 's', '1.600160'), '巨化股份', MAIN_FEED],
    ]
    const tab: TestPage = await newPage()
    for (const [url, heading, feedPath] of pages) {
      await open(tab, url)
      await waitForH1(tab, heading)
      const links = await tab.page
        .locator('head link[rel="alternate"][type="application/atom+xml"]')
        .evaluateAll((nodes) => nodes.map((node) => ({ href: node.getAttribute('href') ?? '', title: node.getAttribute('title') ?? '' })))
      expect(links.map((link) => link.href), url).toEqual([`/${feedPath}`])
      expect(links[0]?.title, url).toBeTruthy()
      expect(await tab.page.locator('head meta[name="description"]').count(), url).toBe(1)
      const feed = await readAtom(server, feedPath)
      expect(text(feed.title), url).toBe(links[0]?.title)
    }
    expectClean(tab, model)
    await tab.close()
  })
})

describe.runIf(build !== null)('feeds of the site under /finews/', () => {
  let server: StaticServer
  let model: CorpusModel

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite({ subPath: true }))
  })
  afterAll(() => closeCorpusSite(server))

  it('feed.xml and the pages’ feed links stay under the sub-path, and the entries open there', async () => {
    const feed = await readAtom(server, MAIN_FEED)
    expectNewest(feed, server, model.stories, MAIN_FEED)
    const tab = await newPage()
    await open(tab, routes.category(server, 'emnews'))
    await waitForH1(tab, model.categoryBySlug.get('emnews')?.name ?? '')
    const href = await tab.page.locator('head link[rel="alternate"]').getAttribute('href')
    expect(href).toBe(`/finews/${categoryFeedPath('emnews')}`)
    const entry = entriesOf(feed, server)[0]
    if (!entry) throw new Error('feed.xml has no entries')
    await open(tab, server.url + entry.path)
    await waitForH1(tab, entry.title)
    expectClean(tab, model)
    await tab.close()
  })
})
