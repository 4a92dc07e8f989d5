// Links saved from the old Jekyll site keep working on a GitHub-Pages-like host: its home (`/`,
// `/index.html`), the emnews folder page (`/emnews/`), category pages (`/category/<slug>.html`), Jekyll's
// default post permalinks (`/<categories>/<yyyy>/<mm>/<dd>/<id>.html`) and `/feed.xml`. Missing files get
// the host's 404.html, which is the app: it must land on the matching page, replacing the old address,
// and give anything else its not-found page. Every address here is made from the real corpus.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPage, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { type CorpusArticle, type CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { buildCorpusWith, serveDataFrom, type FictionalPost, type OverlayData } from './support/data-overlay.ts'
import { expectClean, open, routeOf, waitForH1 } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()

/** Jekyll's `date` permalink: categories lower-cased and split at spaces, the Beijing day, the file's slug. */
function permalink(article: Pick<CorpusArticle, 'category' | 'day' | 'id'>): string {
  const folders = article.category.toLowerCase().split(/\s+/).filter(Boolean).map(encodeURIComponent)
  return [...folders, ...article.day.split('-'), `${article.id}.html`].join('/')
}

/** The old category page's address for `slug`, as a browser requests it. */
function categoryPage(slug: string): string {
  return `category/${encodeURIComponent(slug)}.html`
}

interface OldCategoryPage {
  slug: string
  title: string
}

/** The old site's category pages (front matter `category` and `title`). */
async function oldCategoryPages(corpus: string): Promise<OldCategoryPage[]> {
  const dir = path.join(corpus, 'category')
  const pages: OldCategoryPage[] = []
  for (const file of (await readdir(dir)).sort()) {
    const text = await readFile(path.join(dir, file), 'utf8')
    const slug = /^category:[ \t]*(.+?)[ \t]*$/m.exec(text)?.[1]
    const title = /^title:[ \t]*(.+?)[ \t]*$/m.exec(text)?.[1]
    if (slug && title) pages.push({ slug, title })
  }
  return pages
}

/** Opens the old address and checks where it lands: the new route (replacing it) and its heading. */
async function expectLanding(
  tab: TestPage,
  server: StaticServer,
  old: string,
  route: string,
  heading: string,
  andThen?: () => Promise<void>,
): Promise<void> {
  const response = await open(tab, server.url + old)
  // A missing file on the host: 404.html, which is the app.
  expect(response?.status(), old).toBe(404)
  await waitForH1(tab, heading)
  expect(routeOf(tab.page, server), old).toBe(route)
  await andThen?.()
  // The old address was replaced, not kept before the new one: Back leaves for the page before (a new
  // tab's blank page) instead of bouncing on the old address.
  await tab.page.goBack()
  expect(tab.page.url(), old).toBe('about:blank')
}

describe.runIf(build !== null)('old links on the site at /', () => {
  let server: StaticServer
  let model: CorpusModel
  let current: TestPage | null = null

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
  })
  afterAll(() => closeCorpusSite(server))

  async function freshTab(): Promise<TestPage> {
    // A new context per address, so history.length says what this address did.
    await current?.close()
    current = await newPage()
    return current
  }

  it('the old home, / and /index.html, is the home page', async () => {
    const home = await freshTab()
    const response = await open(home, server.url)
    expect(response?.status()).toBe(200)
    await waitForH1(home, '最新消息')
    await open(home, `${server.url}index.html`)
    // The page sent for /index.html is home's own, heading included: what the app does is take the address to /.
    await home.page.waitForURL((url) => url.pathname === '/')
    await waitForH1(home, '最新消息')
    expectClean(home, model)
  })

  it('/emnews/ (and /emnews) is the emnews feed', async () => {
    const emnews = model.categoryBySlug.get('emnews')
    if (!emnews) throw new Error('no emnews category in the corpus')
    for (const old of ['emnews/', 'emnews']) {
      const tab = await freshTab()
      await expectLanding(tab, server, old, '/c/emnews', emnews.name)
      expectClean(tab, model)
    }
  })

  it('every old category page of a category the archive holds lands on its feed', async () => {
    const pages = (await oldCategoryPages(requireCorpusBuild().corpus)).filter((p) => model.categoryBySlug.has(p.slug))
    expect(pages.length).toBeGreaterThan(5)
    for (const { slug } of pages) {
      const category = model.categoryBySlug.get(slug)
      if (!category) throw new Error(`no category ${slug}`)
      const tab = await freshTab()
      await expectLanding(tab, server, categoryPage(slug), `/c/${slug}`, category.name)
      expectClean(tab, model)
    }
  })

  it('an old category page no post is filed under lands on its category, named by the page, which says it has no articles', async () => {
    const empty = (await oldCategoryPages(requireCorpusBuild().corpus)).filter((p) => !model.categoryBySlug.has(p.slug))
    // The awkward slugs (spaces, brackets, TechWeb beside Techweb) and a few plain ones: every page lands
    // the same way, and the pipeline's tests check that each old page is a category.
    const awkward = ['TechWeb', 'Techweb', '21shijijingjibaodao  nancailicaitong', 'anxinguojizhengquan(xianggang)', 'Career In touxingPEVC']
    expect(empty.map((p) => p.slug)).toEqual(expect.arrayContaining(awkward))
    const pages = [...empty.filter((p) => awkward.includes(p.slug)), ...empty.filter((p) => /^[a-z]+$/.test(p.slug)).slice(0, 3)]
    for (const { slug, title } of pages) {
      const tab = await freshTab()
      await expectLanding(tab, server, categoryPage(slug), `/c/${slug}`, title, async () => {
        const main = tab.page.getByRole('main')
        await tab.waitVisible(main.getByText('这个分类还没有文章。', { exact: true }), `the empty state of ${slug}`)
        expect(await main.getByText('共 0 条', { exact: true }).isVisible(), slug).toBe(true)
        // Settled: nothing loading, no error, and a page search engines may keep.
        expect(await main.locator('[aria-busy="true"], [role="alert"]').count(), slug).toBe(0)
        expect(await tab.page.locator('meta[name="robots"]').count(), slug).toBe(0)
        // document.title collapses runs of spaces (21世纪经济报道  南财理财通新闻).
        expect(await tab.page.title(), slug).toBe(`${title.replace(/\s+/g, ' ')} · 金融消息`)
      })
      expectClean(tab, model)
    }
  })

  it('the permalink of every media-column (NW) post lands on its article', async () => {
    const media = model.articles.filter((a) => a.id.startsWith('NW'))
    expect(media.length).toBeGreaterThan(5)
    for (const article of media) {
      const tab = await freshTab()
      await expectLanding(tab, server, permalink(article), `/a/${article.id}`, article.title)
      expectClean(tab, model)
    }
  })

  it('permalinks of emnews posts, from the oldest (no time zone in their dates) to the newest, land on their articles', async () => {
    const emnews = model.articles.filter((a) => a.category === 'emnews')
    const picks = [...emnews.slice(0, 4), ...emnews.filter((_, i) => i % 20 === 10), ...emnews.slice(-4)]
    const twin = model.byId.get('202205262391921712')
    if (twin) picks.push(twin)
    for (const article of picks) {
      expect(permalink(article)).toMatch(/^emnews\/\d{4}\/\d{2}\/\d{2}\/\d{18}\.html$/)
      const tab = await freshTab()
      await expectLanding(tab, server, permalink(article), `/a/${article.id}`, article.title)
      expectClean(tab, model)
    }
  })

  it('/feed.xml is still a file, served as XML', async () => {
    const response = await fetch(`${server.url}feed.xml`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/xml/)
    expect(await response.text()).toMatch(/^<\?xml[^>]*>\s*<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/)
  })

  it('old-looking addresses the archive has nothing for are not-found pages', async () => {
    const newest = model.articles[0]
    if (!newest) throw new Error('empty corpus')
    // A category is a slug that posts are filed under or that an old category page names, matched exactly.
    const known = new Set([...model.categoryBySlug.keys(), ...(await oldCategoryPages(requireCorpusBuild().corpus)).map((p) => p.slug)])
    for (const slug of ['EMNEWS', 'techweb', 'no such category', 'nosuch']) expect(known.has(slug), slug).toBe(false)
    const cases: [string, string][] = [
      // Exact slugs only: the archive has "emnews", not "EMNEWS", and old pages TechWeb and Techweb, not techweb.
      [categoryPage('EMNEWS'), '找不到这个分类'],
      [categoryPage('techweb'), '找不到这个分类'],
      [categoryPage('no such category'), '找不到这个分类'],
      ['nosuch/', '找不到这个分类'],
      // The form of a post, an id the archive lacks: the article route says which id it looked for.
      ['emnews/2022/05/26/209905269999999999.html', '找不到这篇文章'],
      // Not a day Jekyll could have written, not a post's file name.
      [permalink({ ...newest, day: '2022-02-30' }), '页面不存在'],
      [`emnews/2022/05/26/${newest.id}`, '页面不存在'],
      ['category/a/b.html', '页面不存在'],
    ]
    for (const [old, heading] of cases) {
      const page = await freshTab()
      const response = await open(page, server.url + old)
      expect(response?.status(), old).toBe(404)
      await waitForH1(page, heading)
      expect(await page.page.getByText('404', { exact: true }).isVisible(), old).toBe(true)
      expect(await page.page.title(), old).toBe(`${heading} · 金融消息`)
      expectClean(page, model)
    }
  })

  describe('with posts filed under the old categories the corpus has none in', () => {
    // The corpus holds the old site's category pages, but posts of only a few of their categories; the
    // others are empty categories (above). A newer build with posts filed under the awkward ones (spaces,
    // brackets, case-only twins) lists those posts on the same pages, still named by the old page's title.
    const AWKWARD = ['TechWeb', 'Techweb', '21shijijingjibaodao  nancailicaitong', 'anxinguojizhengquan(xianggang)', 'Career In touxingPEVC']
    const posts: FictionalPost[] = AWKWARD.map((category, i) => ({
      id: `NW20300101000000010${i}`,
      date: `2030-01-01 0${i}:00:00`,
      title: `示例栏目稿件 ${i + 1}：${category} 的一篇虚构消息`,
      category,
      tag: `示例栏目${i + 1}新闻`,
      body: '<p>这是一篇虚构的稿件，只用于检查旧链接。</p>',
    }))
    let overlay: OverlayData

    beforeAll(async () => {
      const site = requireCorpusBuild()
      overlay = await buildCorpusWith(site.corpus, posts)
      serveDataFrom(server, overlay.dir, site.site)
    })
    afterAll(async () => {
      server.clearOverrides()
      await overlay.remove()
    })

    it('/category/<slug>.html with spaces, brackets and case-only differences lands on exactly that category', async () => {
      const pages = await oldCategoryPages(requireCorpusBuild().corpus)
      for (const slug of AWKWARD) {
        const page = pages.find((p) => p.slug === slug)
        if (!page) throw new Error(`no old category page for ${slug}`)
        expect(overlay.manifest.categories.find((c) => c.slug === slug)?.name).toBe(page.title)
        const tab = await freshTab()
        const post = posts.find((p) => p.category === slug)
        await expectLanding(tab, server, categoryPage(slug), `/c/${slug}`, page.title, async () => {
          await tab.waitVisible(tab.page.getByRole('link', { name: post?.title ?? '?' }), `the post filed under ${slug}`)
        })
        expectClean(tab, model)
      }
    })

    it('their posts’ permalinks (categories split into folders, lower-cased) land on the articles', async () => {
      for (const post of posts) {
        const old = permalink({ category: post.category, day: post.date.slice(0, 10), id: post.id })
        const tab = await freshTab()
        await expectLanding(tab, server, old, `/a/${post.id}`, post.title)
        expectClean(tab, model)
      }
    })
  })
})

describe.runIf(build !== null)('old links on the site under /finews/', () => {
  const BASE = '/finews/'
  let server: StaticServer
  let model: CorpusModel

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite({ subPath: true }))
  })
  afterAll(() => closeCorpusSite(server))

  it('each old form under the sub-path lands on the new page under it, and a reload stays there', async () => {
    const emnews = model.categoryBySlug.get('emnews')
    const media = model.articles.find((a) => a.id.startsWith('NW'))
    const category = model.categories.find((c) => c.slug !== 'emnews')
    if (!emnews || !media || !category) throw new Error('the corpus lacks emnews, a media post or a second category')
    const cases: [string, string, string][] = [
      ['emnews/', '/c/emnews', emnews.name],
      [categoryPage(category.slug), `/c/${category.slug}`, category.name],
      [permalink(media), `/a/${media.id}`, media.title],
      ['index.html', '/', '最新消息'],
    ]
    for (const [old, route, heading] of cases) {
      const tab = await newPage()
      await open(tab, server.url + old)
      // The page sent for an old address may already carry the heading (index.html is home's own page):
      // what the app does is take the address to the new route.
      const expected = `${BASE.slice(0, -1)}${route === '/' ? '/' : encodeURI(route)}`
      await tab.page.waitForURL((url) => url.pathname === expected).catch(() => undefined)
      expect(new URL(tab.page.url()).pathname, old).toBe(expected)
      await waitForH1(tab, heading)
      await tab.page.reload()
      await waitForH1(tab, heading)
      expectClean(tab, model)
      await tab.close()
    }
    const feed = await fetch(`${server.url}feed.xml`)
    expect(feed.status).toBe(200)
    expect(feed.headers.get('content-type')).toMatch(/xml/)
  })
})
