// Screenshots of the market view's newer parts on the real corpus (a category's 热门 row, /saved with an
// article that left the archive), at 1280 and 390 px, light and dark, for looking at them:
//   npx tsx tests/bench/market-shots.ts [out folder, default /tmp/market-shots]
// It builds the site into a temporary folder, saves two articles and serves a build without one of them.
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { buildContent } from '../../src/pipeline/build-content.ts'
import { buildSite } from '../../src/pipeline/build-site.ts'
import { CHROMIUM_PATH } from '../e2e/support/chromium.ts'
import { serveDataFrom } from '../e2e/support/data-overlay.ts'
import { startStaticServer } from '../e2e/support/static-server.ts'

const corpus = path.resolve(process.env.FINEWS_CORPUS ?? '../shared/corpus')
const out = path.resolve(process.argv[2] ?? '/tmp/market-shots')
const GONE = '2022-05-30-202205302396671291.md'
const GONE_ID = '202205302396671291'
const KEPT_ID = '202205302396506117'

const root = await mkdtemp(path.join(tmpdir(), 'finews-shots-'))
try {
  const site = path.join(root, 'site')
  await buildSite({ posts: path.join(corpus, '_posts'), categories: path.join(corpus, 'category'), outDir: site, base: '/', siteUrl: 'https://example.org', quiet: true })
  await cp(path.join(corpus, '_posts'), path.join(root, '_posts'), { recursive: true, preserveTimestamps: true })
  await rm(path.join(root, '_posts', GONE))
  await buildContent({ posts: path.join(root, '_posts'), categories: path.join(corpus, 'category'), out: path.join(root, 'data'), cacheDir: null })
  const server = await startStaticServer({ root: site })
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH })
  await mkdir(out, { recursive: true })
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      server.clearOverrides()
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, serviceWorkers: 'block' })
      const page = await context.newPage()
      await page.goto(`${server.url}c/emnews`)
      await page.locator('.hot-row-slot section.hot').waitFor()
      await page.screenshot({ path: path.join(out, `category-hot-${width}-${colorScheme}.png`) })
      for (const id of [GONE_ID, KEPT_ID]) {
        await page.goto(`${server.url}a/${id}`)
        const button = page.locator('main [data-action="save"]:not([disabled])').first()
        await button.click()
        await page.locator('main [data-action="save"][aria-pressed="true"]').first().waitFor()
      }
      await page.waitForLoadState('networkidle')
      serveDataFrom(server, path.join(root, 'data'), site)
      await page.goto(`${server.url}saved`)
      await page.getByText('已不在存档中').waitFor()
      await page.screenshot({ path: path.join(out, `saved-gone-${width}-${colorScheme}.png`) })
      await context.close()
    }
  }
  await browser.close()
  await server.close()
  console.log(`screenshots in ${out}`)
} finally {
  await rm(root, { recursive: true, force: true })
}
