// Pages rendered on the rendering threads are the pages the main thread renders, byte for byte; a thread
// that dies leaves its pages to the main thread, which renders every one of them, and the build says so.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { paths } from '../../src/content/routes.ts'
import { ManifestSchema } from '../../src/content/schema.ts'
import { queryKeys } from '../../src/lib/query-keys.ts'
import { startRenderers, type RendererSetup, type RenderedPage } from '../../src/pipeline/outputs/pages/page-renderers.ts'
import { buildServerBundle, serverBundleDir } from '../../src/pipeline/outputs/pages/server-bundle.ts'
import { CORPUS_CATEGORIES, CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { build, copyDir, DataFolder, removeTempDirs, tempDir } from './support/data-folder.ts'

afterAll(removeTempDirs)

/** A page without the times its queries were fetched (which the build drops too). */
const timeless = (page: RenderedPage | undefined): unknown =>
  page && { ...page, state: { ...page.state, queries: page.state.queries.map((q) => ({ ...q, dehydratedAt: 0, state: { ...q.state, dataUpdatedAt: 0 } })) } }

it('renders a page started ahead once, however often it is started, and its next render takes that page', async () => {
  const drawn: string[] = []
  const setup = { serverBundle: 'unused', base: '/', dataDir: 'unused' }
  const renderers = startRenderers(setup, 0, (route) => {
    drawn.push(route)
    return Promise.resolve({ html: `<p>${route} ${drawn.length.toString()}</p>`, head: '', state: { mutations: [], queries: [] }, status: 200 })
  })
  renderers.ahead('/')
  renderers.ahead('/')
  expect((await renderers.render('/')).html).toBe('<p>/ 1</p>')
  expect(drawn).toEqual(['/'])
  // Taken, it is gone: a later render draws the page again.
  expect((await renderers.render('/')).html).toBe('<p>/ 2</p>')
  await renderers.close()
})

describeCorpus('page-rendering threads, over the real corpus', () => {
  let setup: RendererSetup
  let routes: string[] = []
  let expected = new Map<string, RenderedPage>()
  /** Route → a text its first screen must show (an article's title), from the data, not from a render. */
  const titles = new Map<string, string>()

  beforeAll(async () => {
    const out = tempDir('renderers-data')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out, cacheDir: null })
    const data = new DataFolder(out)
    const ids = data.lookups.articles.flatMap(([, shard]) => [...data.articleShard(shard).keys()])
    routes = [...ids.map((id) => paths.article(id)), ...data.manifest.categories.map((c) => paths.category(c.slug)), '/']
    for (const id of ids) titles.set(paths.article(id), data.article(id).title)
    const nodeEnv = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    try {
      setup = { serverBundle: await buildServerBundle(serverBundleDir(), '/', true), base: '/', dataDir: out }
    } finally {
      process.env.NODE_ENV = nodeEnv
    }
    const local = startRenderers(setup, 0)
    expect(local.threads).toBe(0)
    expected = new Map(await Promise.all(routes.map(async (route) => [route, await local.render(route)] as const)))
  }, 600_000)

  it('draws each page with its data: an article its title, every page the header’s categories', () => {
    const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    for (const [route, title] of titles) expect(expected.get(route)?.html, route).toContain(`>${escape(title)}</h1>`)
    for (const route of routes) expect(expected.get(route)?.html, route).toMatch(/class="site-nav__link" href="[^"]*\/c\//)
  })

  it('ships each page its first screen’s data, but not the manifest or what a screen pins (the browser has both)', () => {
    const kinds = (route: string): unknown[] => expected.get(route)?.state.queries.map((q) => q.queryKey[1]) ?? []
    for (const route of routes) {
      expect(kinds(route), route).not.toContain(queryKeys.manifest()[1])
      expect(kinds(route), route).not.toContain(queryKeys.pinnedAll()[1])
    }
    expect(kinds('/')).toContain(queryKeys.feed('')[1])
  })

  it('two threads render every page as the main thread does', async () => {
    const renderers = startRenderers(setup, 2)
    try {
      // The first thread starts when warmed, the second once the pages are many enough for it.
      void renderers.warm('/')
      expect(renderers.threads).toBe(1)
      renderers.expect(10_000)
      expect(renderers.threads).toBe(2)
      const pages = await Promise.all(routes.map((route) => renderers.render(route)))
      pages.forEach((page, i) => expect(timeless(page), routes[i]).toEqual(timeless(expected.get(routes[i] ?? ''))))
      expect(renderers.problems).toEqual([])
      // Pages are really drawn: every article page has its article.
      for (const page of pages) expect(page.html.length).toBeGreaterThan(500)
    } finally {
      await renderers.close()
    }
  }, 600_000)

  it('a thread warmed on the data of before draws its pages from the data as it is when they are asked for', async () => {
    const data = copyDir(setup.dataDir, join(tempDir('renderers-warm'), 'data'))
    const renderers = startRenderers({ ...setup, dataDir: data }, 1)
    try {
      await renderers.warm(paths.home())
      expect(renderers.threads).toBe(1)
      // The content build then renames a category, as a new build of the same folder would.
      const manifestFile = join(data, 'manifest.json')
      const manifest = ManifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8')))
      const renamed = { ...manifest, categories: manifest.categories.map((c, i) => (i === 0 ? { ...c, name: '改过名字的分类' } : c)) }
      writeFileSync(manifestFile, JSON.stringify(renamed))
      const page = await renderers.render(paths.home())
      expect(page.html).toContain('改过名字的分类')
      expect(renderers.problems).toEqual([])
    } finally {
      await renderers.close()
    }
  }, 600_000)

  it('pages of threads that die are rendered on the main thread, and the failure is reported', async () => {
    process.env.FINEWS_TEST_CRASH_RENDERER = '1'
    const renderers = startRenderers(setup, 2)
    renderers.expect(10_000)
    delete process.env.FINEWS_TEST_CRASH_RENDERER
    try {
      const pages = await Promise.all(routes.map((route) => renderers.render(route)))
      pages.forEach((page, i) => expect(timeless(page), routes[i]).toEqual(timeless(expected.get(routes[i] ?? ''))))
      expect(renderers.problems).toHaveLength(2)
      expect(renderers.problems[0]).toMatch(/page-rendering thread failed .*exited with code 70.*rendered on the main thread/)
    } finally {
      await renderers.close()
    }
  }, 600_000)
})
