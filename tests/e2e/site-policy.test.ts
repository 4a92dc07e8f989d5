// What the built site says about itself, at the root and under /finews/: robots.txt is a text file that names
// the sitemap at its absolute address, the sitemap is a real file, every HTML page carries the
// Content-Security-Policy and referrer policy before anything it loads, the _headers file repeats them for
// hosts that read it; and the reader works under the policy: an article with pictures, a feed and a stock
// page open with no policy violation in the console, while an inline script is refused.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import type { CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, open, routes, routeUrl, waitForH1 } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()
/** The public origin the global setup builds with (FINEWS_SITE_URL). */
const ORIGIN = 'https://finews.example'

for (const subPath of [false, true]) {
  describe.runIf(build !== null)(`robots.txt, sitemap and headers ${subPath ? 'under /finews/' : 'at the root'}`, () => {
    let server: StaticServer
    beforeAll(async () => {
      ;({ server } = await openCorpusSite({ subPath }))
    })
    afterAll(() => closeCorpusSite(server))

    it('robots.txt is text that allows crawling and names the sitemap, which is there', async () => {
      const robots = await fetch(`${server.url}robots.txt`)
      expect(robots.status).toBe(200)
      expect(robots.headers.get('content-type')).toMatch(/^text\/plain/)
      const lines = (await robots.text()).split('\n')
      expect(lines).toContain('User-agent: *')
      expect(lines).toContain(`Sitemap: ${ORIGIN}${server.base}sitemap.xml`)
      const sitemap = await fetch(`${server.url}sitemap.xml`)
      expect(sitemap.status).toBe(200)
      expect(await sitemap.text()).toContain(`<loc>${ORIGIN}${server.base}</loc>`)
    })

    it('index.html and 404.html carry the policy and no-referrer before any script or style', async () => {
      for (const page of ['index.html', '404.html']) {
        const html = await (await fetch(`${server.url}${page}`)).text()
        const csp = html.indexOf('http-equiv="Content-Security-Policy"')
        expect(csp, page).toBeGreaterThan(0)
        expect(html, page).toContain('<meta name="referrer" content="no-referrer">')
        expect(csp, `${page}: the policy before the first script`).toBeLessThan(html.indexOf('<script'))
        // The page's own style (what it needs of the stylesheet, inline) comes after the policy that allows it.
        expect(html.indexOf('<style>'), page).toBeGreaterThan(0)
        expect(csp, `${page}: the policy before the page's style`).toBeLessThan(html.indexOf('<style>'))
      }
    })

    it('_headers sets the policy on every path of the site and a long cache on hashed files only', () => {
      const site = subPath ? requireCorpusBuild().siteFinews : requireCorpusBuild().site
      const rules = readFileSync(path.join(site, '_headers'), 'utf8').split('\n\n')
      const rule = (pattern: string): string => rules.find((r) => r.startsWith(`${pattern}\n`)) ?? ''
      expect(rule(`${server.base}*`)).toMatch(/Content-Security-Policy: default-src 'none';.*frame-ancestors 'none'/)
      expect(rule(`${server.base}*`)).toContain('Referrer-Policy: no-referrer')
      expect(rule(`${server.base}assets/*`)).toContain('immutable')
      expect(rule(`${server.base}data/articles/*`)).toContain('immutable')
      // The manifest, the one data file whose name stays, is never cached for long.
      expect(rules.filter((r) => r.includes('immutable')).some((r) => r.startsWith(`${server.base}data/*`) || r.startsWith(`${server.base}*`))).toBe(false)
    })
  })
}

describe.runIf(build !== null)('the reader under its Content-Security-Policy', () => {
  let server: StaticServer
  let model: CorpusModel
  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
  })
  afterAll(() => closeCorpusSite(server))

  it('an article with pictures, a category and a stock page show with no violation; an inline script is refused', async () => {
    const article = model.articles.find((a) => a.images.length > 0)
    const category = model.categories[0]
    if (!article || !category) throw new Error('no article with pictures')
    const tab = await newPage()
    await open(tab, routes.article(server, article.id))
    await waitForH1(tab, article.title)
    await open(tab, routes.category(server, category.slug))
    await waitForH1(tab, category.name)
    await open(tab, routeUrl(server, 's', '1.600160'))
    await waitForH1(tab, '巨化股份')
    expect(tab.consoleErrors.filter((line) => /Content Security Policy/i.test(line))).toEqual([])
    expectClean(tab, model)

    // The policy is in force: a script written into the page is refused, and says so.
    const ran = await tab.page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'document.documentElement.dataset.injected = "yes"'
      document.body.append(script)
      return document.documentElement.dataset.injected ?? 'no'
    })
    expect(ran).toBe('no')
    expect(tab.consoleErrors.some((line) => /Content Security Policy/i.test(line))).toBe(true)
    await tab.close()
  })
})
