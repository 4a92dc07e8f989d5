// Accessibility: an axe scan of every kind of page, once its data has arrived, at desktop (1280 px) and
// phone (390 px) widths, and at 390 px in the dark colour scheme: no serious or critical violation.
import path from 'node:path'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { assertNoAxeViolations } from './support/axe.ts'
import { newPage, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { categoryPageTitles, corpusModel, type CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, letPicturesFail, open, routes, routeUrl, waitForH1 } from './support/reader.ts'
import { categoryHead } from './support/site-data.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()
const model: CorpusModel | null = build ? await corpusModel(build.corpus) : null
const emptyCategories = build
  ? [...(await categoryPageTitles(path.join(build.corpus, 'category'))).keys()].filter((slug) => !model?.categoryBySlug.has(slug))
  : []

interface PageKind {
  kind: string
  url: (server: StaticServer) => string
  /** What shows once the page is complete. */
  ready: (tab: TestPage) => Promise<void>
  /** Make a data file fail first (path relative to the base). */
  broken?: () => Promise<string>
}

function pageKinds(m: CorpusModel | null): PageKind[] {
  if (!m) return []
  const emnews = m.categoryBySlug.get('emnews')
  const tag = m.tagByName.get('东财滚动新闻')
  const outside = m.tags.find((t) => !t.articles.some((a) => a.category === 'emnews'))
  const rich = m.articles.find((a) => a.images.some((i) => i.alt !== '') && a.summary !== null)
  const early = m.articles.find((a) => a.paragraphs.length === 1 && a.images.length === 0)
  const few = m.tags.find((t) => t.articles.length > 1 && t.articles.length < m.articles.length)
  // An old category page no post is filed under (the test folder's category/ holds them).
  const empty = emptyCategories[0]
  if (!emnews || !tag || !outside || !rich || !early || !few || empty === undefined) throw new Error('the corpus lacks a page kind')
  const items = (tab: TestPage) => tab.waitVisible(tab.page.locator('main [data-feed-item]'), 'the feed items')
  return [
    {
      kind: 'home',
      url: (s) => routes.home(s),
      ready: async (tab) => {
        await items(tab)
        await tab.waitVisible(tab.page.locator('.home-tags article'), 'the tag sections')
      },
    },
    { kind: 'category', url: (s) => routes.category(s, emnews.slug), ready: items },
    { kind: 'tag view', url: (s) => routes.tag(s, tag.name), ready: items },
    {
      kind: 'category with a tag filter',
      url: (s) => routes.category(s, emnews.slug, [outside.name]),
      ready: (tab) => tab.waitVisible(tab.page.getByRole('region', { name: '按标签筛选' }), 'the tag filter'),
    },
    {
      kind: 'article with pictures (broken, as alt text)',
      url: (s) => routes.article(s, rich.id),
      ready: async (tab) => {
        await waitForH1(tab, rich.title)
        await letPicturesFail(tab)
        await tab.page.evaluate(() => window.scrollTo(0, 0))
      },
    },
    {
      kind: 'home with a tag chosen',
      url: (s) => routes.home(s, [few.name]),
      ready: async (tab) => {
        await tab.waitVisible(tab.page.getByText(`找到 ${few.articles.length} 条`, { exact: true }), 'the number found')
        await tab.waitVisible(tab.page.locator('.home-tags article'), 'the tag sections')
      },
    },
    {
      kind: 'category with no articles',
      url: (s) => routes.category(s, empty),
      ready: (tab) => tab.waitVisible(tab.page.getByText('这个分类还没有文章。', { exact: true }), 'the empty state'),
    },
    { kind: 'early short article', url: (s) => routes.article(s, early.id), ready: (tab) => waitForH1(tab, early.title) },
    { kind: '404 page', url: (s) => routeUrl(s, 'no', 'such', 'page'), ready: (tab) => waitForH1(tab, '页面不存在') },
    { kind: 'unknown article', url: (s) => routes.article(s, '999999999999999999'), ready: (tab) => waitForH1(tab, '找不到这篇文章') },
    { kind: 'unknown category', url: (s) => routes.category(s, 'no-such-category'), ready: (tab) => waitForH1(tab, '找不到这个分类') },
    { kind: 'unknown tag', url: (s) => routes.tag(s, '没有这个标签'), ready: (tab) => waitForH1(tab, '找不到这个标签') },
    {
      kind: 'failed feed with 重试',
      // Filtered: the prerendered page is the unfiltered first screen with its data inline, so a filtered
      // view is the one the browser draws itself, from the (broken) data file.
      url: (s) => routes.category(s, emnews.slug, ['东财滚动新闻']),
      ready: (tab) => tab.waitVisible(tab.page.getByRole('button', { name: '重试' }), 'the 重试 button'),
      broken: () => categoryHead(requireCorpusBuild().site, emnews.slug),
    },
  ]
}

const VIEWPORTS = [
  { label: '1280 px, light', width: 1280, height: 800, colorScheme: 'light' },
  { label: '390 px, light', width: 390, height: 844, colorScheme: 'light' },
  { label: '390 px, dark', width: 390, height: 844, colorScheme: 'dark' },
] as const

describe.runIf(build !== null)('accessibility (axe: no serious or critical violations)', () => {
  let server: StaticServer
  let m: CorpusModel

  beforeAll(async () => {
    if (!model) throw new Error('no corpus')
    m = model
    ;({ server } = await openCorpusSite())
  })
  afterAll(() => closeCorpusSite(server))

  it('the first Tab stop is 跳到正文, which moves the focus to the page’s main content', async () => {
    const article = m.articles[0]
    if (!article) throw new Error('no article')
    const tab = await newPage()
    await open(tab, routes.article(server, article.id))
    await waitForH1(tab, article.title)
    await tab.page.keyboard.press('Tab')
    const skip = tab.page.getByRole('link', { name: '跳到正文' })
    await tab.waitVisible(skip, 'the skip link once focused')
    await tab.page.keyboard.press('Enter')
    await tab.page.waitForFunction(() => document.activeElement?.id === 'main')
    await waitForH1(tab, article.title)
    expectClean(tab, m)
    await tab.close()
  })

  describe.each(VIEWPORTS)('at $label', ({ width, height, colorScheme }) => {
    // One tab per viewport, going from page to page as a reader would.
    let tab: TestPage
    beforeAll(async () => {
      tab = await newPage({ width, height, colorScheme })
    })
    afterAll(async () => {
      await tab.close()
    })

    it.each(pageKinds(model))('$kind', async (kind) => {
      if (kind.broken) server.override(await kind.broken(), { body: '{', contentType: 'application/json' })
      try {
        await open(tab, kind.url(server))
        await kind.ready(tab)
        // No placeholder left loading.
        await tab.page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0)
        await assertNoAxeViolations(tab.page)
        expectClean(tab, m)
      } finally {
        server.clearOverrides()
      }
    })
  })
})
