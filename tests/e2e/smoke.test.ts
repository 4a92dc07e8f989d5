// Smoke test of the production build of the real corpus, served by a plain static host at `/` and at
// `/finews/`: the home page boots, shows the site header and the newest article's title, logs no error,
// and nothing is requested from any host but the local server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowser, newPage, openBrowser } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { newestFirst, readCorpusPosts } from './support/corpus.ts'
import { waitForApp } from './support/reader.ts'
import { startStaticServer } from './support/static-server.ts'

const build = corpusBuild()

describe.runIf(build !== null)('smoke: the corpus build in Chromium', () => {
  let newestTitle = ''

  beforeAll(async () => {
    await openBrowser()
    // The newest post of the corpus is on the home page whatever it groups by (its twin from the other
    // writer, if any, has the same title and date).
    const [newest] = newestFirst(await readCorpusPosts(requireCorpusBuild().posts))
    if (newest?.title == null) throw new Error('the corpus has no post with a title and a date')
    newestTitle = newest.title
  })

  afterAll(closeBrowser)

  it.each([
    { base: '/', site: 'site' },
    { base: '/finews/', site: 'siteFinews' },
  ] as const)('the home page under $base lists the corpus', async ({ base, site }) => {
    const server = await startStaticServer({ root: requireCorpusBuild()[site], base })
    try {
      const tab = await newPage({ width: 1280, height: 800 })
      const response = await tab.page.goto(server.url)
      expect(response?.status()).toBe(200)

      const banner = tab.page.getByRole('banner')
      await tab.waitVisible(banner, 'the site header (role banner)')
      expect(await banner.first().innerText()).toContain('金融消息')
      await tab.waitVisible(tab.page.getByText(newestTitle), `the newest article's title "${newestTitle}"`)
      // The title is in the page the host sent: the app has started once it has hydrated it, having read
      // the manifest (the network falling quiet is no sign of that on a slow machine: the modules' evaluation
      // can take longer than the 500 ms of quiet).
      await waitForApp(tab)
      await tab.page.waitForLoadState('networkidle')

      tab.assertNoErrors()
      expect(tab.external, 'requests to other hosts').toEqual([])
      const elsewhere = tab.requests.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url))
      expect(elsewhere, 'requests outside the site').toEqual([])
      const served = server.requests()
      expect(served.filter((request) => !request.path.startsWith(base)).map((request) => request.url)).toEqual([])
      expect(served.some((request) => request.path === `${base}data/manifest.json` && request.status === 200)).toBe(true)
    } finally {
      await server.close()
    }
  })
})
