// /saved when a saved article leaves the archive (#14): between two visits the host's data is replaced by
// a build of the corpus without one of the two saved articles. /saved still names both; the one gone says
// 已不在存档中, is no link to a not-found page, and links its original (its address kept at saving); the
// other is a link to its article as before.
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildContent } from '../../src/pipeline/build-content.ts'
import { assertNoAxeViolations } from './support/axe.ts'
import { closeBrowser, newPage, openBrowser } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { corpusModel, type CorpusArticle, type CorpusModel } from './support/corpus-model.ts'
import { serveDataFrom } from './support/data-overlay.ts'
import { expectClean, open, routes, waitForH1 } from './support/reader.ts'
import { startStaticServer, type StaticServer } from './support/static-server.ts'

const build = corpusBuild()

describe.runIf(build !== null)('a saved article that leaves the archive', () => {
  let server: StaticServer
  let model: CorpusModel
  let site = ''
  let root = ''
  let leaving: CorpusArticle
  let staying: CorpusArticle

  beforeAll(async () => {
    const corpus = requireCorpusBuild()
    site = corpus.site
    model = await corpusModel(corpus.corpus)
    // Two stories with an original link; the first one's file is left out of the next build.
    const linked = model.stories.filter((a) => a.sourceUrl !== null && !a.id.startsWith('NW'))
    const [first, second] = linked
    if (!first || !second) throw new Error('the corpus has stories with an original link')
    ;[leaving, staying] = [first, second]
    root = await mkdtemp(path.join(tmpdir(), 'finews-saved-gone-'))
    await cp(path.join(corpus.corpus, '_posts'), path.join(root, '_posts'), { recursive: true, preserveTimestamps: true })
    await rm(path.join(root, '_posts', leaving.file))
    await buildContent({ posts: path.join(root, '_posts'), categories: path.join(corpus.corpus, 'category'), out: path.join(root, 'data'), cacheDir: null })
    server = await startStaticServer({ root: site })
    await openBrowser()
  })
  afterAll(async () => {
    await closeBrowser()
    await server.close()
    await rm(root, { recursive: true, force: true })
  })

  it('says 已不在存档中 and links the original instead of the gone article; the other stays a link', async () => {
    const tab = await newPage()
    for (const article of [leaving, staying]) {
      await open(tab, routes.article(server, article.id))
      await waitForH1(tab, article.title)
      const button = tab.page.locator('main').getByRole('button', { name: /收藏/ }).first()
      await tab.waitVisible(tab.page.locator('main [data-action="save"]:not([disabled])').first(), 'the 收藏 button')
      await button.click()
      await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true')
    }
    await open(tab, `${server.url}saved`)
    await waitForH1(tab, '收藏')
    const item = (a: CorpusArticle) => tab.page.locator(`main [data-article-id="${a.id}"]`)
    await tab.waitVisible(item(leaving).getByRole('link', { name: leaving.title, exact: true }), 'the saved article, still in the archive')
    expect(await tab.page.getByText('已不在存档中').count()).toBe(0)

    // The host's data is replaced by the build without it; the reader comes back to /saved.
    await tab.page.waitForLoadState('networkidle')
    serveDataFrom(server, path.join(root, 'data'), site)
    await tab.page.reload()
    await waitForH1(tab, '收藏')
    await tab.waitVisible(item(leaving).getByText('已不在存档中', { exact: false }), 'the note on the gone article')
    await expect.poll(() => item(leaving).getByText(leaving.title, { exact: true }).count()).toBe(1)
    expect(await item(leaving).getByRole('link', { name: leaving.title, exact: true }).count()).toBe(0)
    expect(await item(leaving).getByRole('link', { name: /查看原文/ }).getAttribute('href')).toBe(leaving.sourceUrl)
    // Still saved: its 收藏 button takes it out.
    expect(await item(leaving).getByRole('button', { name: /收藏/ }).getAttribute('aria-pressed')).toBe('true')
    // The other is still there and still a link to its article.
    await tab.waitVisible(item(staying).getByRole('link', { name: staying.title, exact: true }), 'the article still in the archive')
    await assertNoAxeViolations(tab.page)
    expect(await item(staying).getByText('已不在存档中').count()).toBe(0)
    await item(staying).getByRole('link', { name: staying.title, exact: true }).click()
    await waitForH1(tab, staying.title)
    expectClean(tab, model)
  })
})
