// Offline and installable (#14): the production build of the real corpus, served at `/` and at `/finews/`,
// in Chromium with the reader's service worker allowed (support/browser.ts blocks it for every other file).
// The network is switched off with the browser context's offline switch, and the host's log shows that
// nothing reached it meanwhile. A new build is "deployed" into a copy of the site: a changed app shell and
// the worker the pipeline writes for it (src/pipeline/service-worker.ts), as a new build of the reader does.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServiceWorker } from '../../src/pipeline/service-worker.ts'
import { UPDATE_CHECK_MS } from '../../src/features/offline/api/register-service-worker.ts'
import { SAVED_CACHE, SERVICE_WORKER_FILE, SHELL_FILE } from '../../src/sw/protocol.ts'
import { axeViolations } from './support/axe.ts'
import { closeBrowser, newPage, openBrowser, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { corpusModel, type CorpusArticle, type CorpusModel } from './support/corpus-model.ts'
import { expectClean, open, routes, waitForH1 } from './support/reader.ts'
import { articleFiles, builtManifest } from './support/site-data.ts'
import { startStaticServer, type StaticServer } from './support/static-server.ts'

const build = corpusBuild()
const WITH_WORKER = { contextOptions: { serviceWorkers: 'allow' } } as const

/** Chromium's own console line for a request the worker could answer neither from the network nor a cache. */
const FAILED_OFFLINE = /The FetchEvent for ".*" resulted in a network error response/

/**
 * What reached the host, less Chromium's own check for a new worker script at a navigation: the browser
 * fetches sw.js itself, outside the offline switch of the page's context (the reader asks for no update
 * while offline).
 */
function pageRequests(server: StaticServer): string[] {
  return server
    .requests()
    .map((request) => request.url)
    .filter((url) => url !== `${server.base}${SERVICE_WORKER_FILE}`)
}

/** Waits until the worker controls the page and has kept what the page loaded before it did. */
async function waitUntilKept(tab: TestPage, server: StaticServer): Promise<void> {
  const manifest = `${server.url}data/manifest.json`
  await expect
    .poll(
      () =>
        tab.page.evaluate(async (url) => {
          if (navigator.serviceWorker.controller === null) return 'no worker controls the page'
          if ((await caches.match(url)) === undefined) return 'the manifest is not kept'
          if ((await caches.match(window.location.href.replace(/#.*$/, ''))) === undefined) return 'the page is not kept'
          return 'kept'
        }, manifest),
      { timeout: 30_000, message: 'the service worker keeps the first visit' },
    )
    .toBe('kept')
}

async function headingText(tab: TestPage): Promise<string> {
  const heading = tab.page.getByRole('heading', { level: 1 }).first()
  await tab.waitVisible(heading, 'the page heading')
  return (await heading.innerText()).trim()
}

describe.runIf(build !== null)('offline: the reader with its service worker', () => {
  let model: CorpusModel
  let newest: CorpusArticle

  beforeAll(async () => {
    model = await corpusModel(requireCorpusBuild().corpus)
    const first = model.articles[0]
    if (first === undefined) throw new Error('the corpus has no article')
    newest = first
    await openBrowser()
  })

  afterAll(closeBrowser)

  it.each([
    { base: '/', site: 'site' },
    { base: '/finews/', site: 'siteFinews' },
  ] as const)('after visiting home and /saved, a reload with the network off opens both ($base)', async ({ base, site }) => {
    const server = await startStaticServer({ root: requireCorpusBuild()[site], base })
    try {
      const tab = await newPage(WITH_WORKER)
      await open(tab, server.url)
      await tab.waitVisible(tab.page.getByText(newest.title).first(), 'the newest article on the home page')
      await waitUntilKept(tab, server)

      // Installable: the page names its web app manifest, whose start page, scope and icons are the site's.
      const install = await tab.page.evaluate(async () => {
        const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')
        if (link === null) return null
        const manifest = (await (await fetch(link.href)).json()) as { start_url: string; scope: string; display: string; icons: { src: string; sizes: string; type: string }[] }
        const icons = await Promise.all(
          manifest.icons.map(async (icon) => {
            const response = await fetch(new URL(icon.src, link.href))
            return { sizes: icon.sizes, status: response.status, type: response.headers.get('content-type') }
          }),
        )
        return { start: new URL(manifest.start_url, link.href).href, scope: new URL(manifest.scope, link.href).href, display: manifest.display, icons }
      })
      expect(install).not.toBeNull()
      expect(install?.start).toBe(server.url)
      expect(install?.scope).toBe(server.url)
      expect(install?.display).toBe('standalone')
      expect(install?.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
      for (const icon of install?.icons ?? []) expect(icon, JSON.stringify(icon)).toMatchObject({ status: 200, type: expect.stringMatching(/^image\//) as unknown })

      await open(tab, `${server.url}saved`)
      const savedHeading = await headingText(tab)
      expect(await tab.page.getByText('已离线').count()).toBe(0)

      await tab.context.setOffline(true)
      server.clearRequests()
      await tab.page.reload()
      await waitForH1(tab, savedHeading)
      await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '已离线' }), 'the offline notice')

      await open(tab, server.url)
      await tab.waitVisible(tab.page.getByText(newest.title).first(), 'the newest article on the home page, offline')
      await tab.page.reload()
      await tab.waitVisible(tab.page.getByText(newest.title).first(), 'the newest article after a reload, offline')
      await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '已离线' }), 'the offline notice')
      expect(pageRequests(server), 'requests that reached the host while offline').toEqual([])

      // Back online, the notice goes with the next request that reaches the host (a category's page).
      await tab.context.setOffline(false)
      const category = model.categories.find((c) => c.articles.length > 0)
      if (category === undefined) throw new Error('the corpus has no category with articles')
      await tab.page.locator(`a[href$="/c/${category.slug}"]`).first().click()
      await tab.waitVisible(tab.page.getByText(category.articles[0]?.title ?? category.slug).first(), `the newest article of ${category.slug}`)
      await expect.poll(() => tab.page.getByText('已离线').count()).toBe(0)

      // A day jumped to online opens offline too: the feed's day file is kept with the rest of the data.
      const emnews = model.categoryBySlug.get('emnews')?.articles ?? []
      const days = [...new Set(emnews.map((a) => a.day))]
      const day = days[Math.floor(days.length / 2)] ?? ''
      const first = emnews.find((a) => a.day <= day)
      expect(first).toBeDefined()
      await open(tab, `${routes.category(server, 'emnews')}?day=${day}`)
      const note = tab.page.getByRole('status').filter({ hasText: '较早的消息在下面' })
      await tab.waitVisible(note, 'the note of the day jumped to')
      await tab.waitVisible(tab.page.getByText(first?.title ?? '').first(), 'the first article of the day')
      await tab.context.setOffline(true)
      server.clearRequests()
      await tab.page.reload()
      await tab.waitVisible(note, 'the note of the day jumped to, offline')
      await tab.waitVisible(tab.page.getByText(first?.title ?? '').first(), 'the first article of the day, offline')
      expect(pageRequests(server), 'requests that reached the host while offline').toEqual([])
      await tab.context.setOffline(false)
      expectClean(tab, model)
    } finally {
      await server.close()
    }
  })

  it('three saved articles open with the network off, from a link and by their address; an unsaved one says why it cannot', async () => {
    const { site } = requireCorpusBuild()
    const server = await startStaticServer({ root: site })
    try {
      // The newest three: the home page links them.
      const saved = model.articles.slice(0, 3)
      const unsaved = model.articles[20]
      if (saved.length < 3 || unsaved === undefined) throw new Error('the corpus has too few articles')
      const tab = await newPage(WITH_WORKER)
      await open(tab, server.url)
      await tab.waitVisible(tab.page.getByText(newest.title).first(), 'the newest article on the home page')
      await waitUntilKept(tab, server)

      // What the save action (收藏) stores: each article's page and the data files the reader loads for it.
      const lookups = `${server.url}data/${(await builtManifest(site)).lookups}`
      const urls = new Set([lookups])
      for (const article of saved) {
        const files = await articleFiles(site, article.id)
        for (const url of [routes.article(server, article.id), `${server.url}${files.lookup}`, `${server.url}${files.article}`]) urls.add(url)
      }
      await tab.page.evaluate(async ({ name, urls }) => (await caches.open(name)).addAll(urls), { name: SAVED_CACHE, urls: [...urls] })

      await tab.context.setOffline(true)
      server.clearRequests()
      const [first, second, third] = saved as [CorpusArticle, CorpusArticle, CorpusArticle]
      // From a link on the home page: the app loads the article's look-up entry and file, from the saved copies.
      await tab.page.getByRole('link', { name: first.title, exact: true }).first().click()
      await waitForH1(tab, first.title)
      await tab.waitVisible(tab.page.getByText(first.paragraphs[0] ?? first.title).first(), 'the first saved article\'s body')
      // By address: the saved page.
      for (const article of [second, third]) {
        await tab.page.goto(routes.article(server, article.id))
        await waitForH1(tab, article.title)
        await tab.waitVisible(tab.page.getByText(article.paragraphs[0] ?? article.title).first(), `the body of saved article ${article.id}`)
      }
      // An article nobody saved or opened: the shell draws the route; the notice says why it does not come
      // (the article waits for the network, or says the network failed, as the browser reports being offline).
      await tab.page.goto(routes.article(server, unsaved.id))
      await tab.waitVisible(tab.page.getByRole('banner'), 'the site header of the app shell')
      await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '已离线' }), 'the offline notice')
      await tab.waitVisible(tab.page.getByText(/正在加载文章|网络连接失败/).first(), 'the article waiting or failing')
      expect(await tab.page.getByRole('heading', { level: 1, name: unsaved.title }).count()).toBe(0)
      expect(pageRequests(server), 'requests that reached the host while offline').toEqual([])
      expectClean(tab, model, [FAILED_OFFLINE])
    } finally {
      await server.close()
    }
  })

  it('a new build deployed: the open page offers 新版本可用, and 刷新 loads the new one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'finews-offline-'))
    await cp(requireCorpusBuild().site, dir, { recursive: true })
    const server = await startStaticServer({ root: dir })
    try {
      const tab = await newPage(WITH_WORKER)
      // The reader looks for a new build every UPDATE_CHECK_MS: the test moves the page's clock.
      await tab.page.clock.install()
      await open(tab, server.url)
      await tab.waitVisible(tab.page.getByText(newest.title).first(), 'the newest article on the home page')
      await waitUntilKept(tab, server)
      const prompt = tab.page.getByRole('status').filter({ hasText: '新版本可用' })
      expect(await prompt.count()).toBe(0)

      // The new build: another app shell, and the worker the pipeline writes for it.
      const shell = path.join(dir, SHELL_FILE)
      await writeFile(shell, (await readFile(shell, 'utf8')).replace('<title>', '<meta name="finews-test-build" content="next" /><title>'))
      await buildServiceWorker(dir)

      await tab.page.clock.fastForward(UPDATE_CHECK_MS)
      await tab.waitVisible(prompt, 'the 新版本可用 prompt')
      // 稍后 puts it off; the next check offers the same build again.
      await prompt.getByRole('button', { name: '稍后' }).click()
      expect(await prompt.count()).toBe(0)
      await tab.page.clock.fastForward(UPDATE_CHECK_MS)
      await tab.waitVisible(prompt, 'the 新版本可用 prompt, offered again')
      // The prompt and the offline notice together, at the bottom of the window, pass axe.
      await tab.context.setOffline(true)
      await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '已离线' }), 'the offline notice')
      const axe = await axeViolations(tab.page, { include: '.offline-status' })
      expect(axe.violations, axe.message).toEqual([])
      await tab.context.setOffline(false)
      const reloaded = tab.page.waitForEvent('load')
      await prompt.getByRole('button', { name: '刷新' }).click()
      await reloaded
      await tab.waitVisible(tab.page.getByText(newest.title).first(), 'the home page after 刷新')
      expect(await prompt.count()).toBe(0)

      // The new worker controls the page: offline, its precached shell is the new one.
      await tab.context.setOffline(true)
      const kept = await tab.page.evaluate(async (url) => (await fetch(url)).text(), `${server.url}${SHELL_FILE}`)
      expect(kept).toContain('finews-test-build')
      await tab.context.setOffline(false)
      expectClean(tab, model)
    } finally {
      await server.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
