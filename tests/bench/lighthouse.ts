// Lighthouse (mobile) on a built site: home, the biggest category, an article and the most-mentioned stock,
// served from localhost by a plain static host that compresses as real hosts do (gzip), with Debian's
// Chromium. Prints each page's four scores and its LCP, TBT and CLS (#12's goals: at least 95 each, TBT
// at most 100 ms, CLS 0). Lighthouse is fetched by npx on first use (it is not a dependency of the project).
//   npm run build && npx tsx tests/bench/lighthouse.ts [site folder, default dist] [runs per page, default 1]
// With LIGHTHOUSE_REPORTS=<folder> each run's whole report is kept there as JSON (<page>-<run>.json), to see
// where the time went (main-thread breakdown, long tasks, DOM size) without running Lighthouse again.
// LIGHTHOUSE_PAGES=home,category measures only those pages (the labels printed in the first column).
// LIGHTHOUSE_JEKYLL=<_posts folder> (the posts the site was built from; Debian's jekyll installed) also
// builds them with Jekyll and measures its article and category page right after ours, in the same run
// (#12: our LCP within 1.1x of the Jekyll page of the same post).
// Measure on a quiet machine: Lighthouse's simulated slow phone multiplies whatever else the CPU is doing,
// and with a CJK font installed (Debian's fonts-noto-cjk), as a reader's phone has: without one, Chromium
// laid the category page out in 376 ms instead of about 210 (a CPU slowed four times; README, stop 35).
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { paths } from '../../src/content/routes.ts'
import { buildJekyllPages } from './other-generators.ts'
import { host, listen } from './static-host.ts'
import { ArticleLookupSchema, LookupIndexSchema, SecurityLookupSchema } from '../../src/content/lookup-schema.ts'
import { ManifestSchema } from '../../src/content/schema.ts'

const LIGHTHOUSE = 'lighthouse@13.5.0'
const CHROME = '/usr/bin/chromium'
const site = resolve(process.argv[2] ?? 'dist')
const runs = Number(process.argv[3] ?? 1)
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(site, 'data', path), 'utf8'))

const server = host(site)
const origin = await listen(server)

const manifest = ManifestSchema.parse(readJson('manifest.json'))
const index = LookupIndexSchema.parse(readJson(manifest.lookups))
const firstArticle = ArticleLookupSchema.parse(readJson(index.articles[0]?.[1] ?? ''))[0]?.[0]
const stocks = index.securities.flatMap(([, shard]) => SecurityLookupSchema.parse(readJson(shard)))
const topStock = stocks.sort((a, b) => b.count - a.count)[0]
const category = [...manifest.categories].sort((a, b) => b.count - a.count)[0]
const pages: [string, string][] = [['home', '/']]
if (category) pages.push(['category', paths.category(category.slug)])
if (firstArticle) pages.push(['article', paths.article(firstArticle)])
if (topStock) pages.push(['stock', paths.stock(topStock.secid)])
// The reader's own pages (#14: accessibility 100), drawn from browser storage (empty in a new profile), and search.
pages.push(['saved', paths.saved()], ['watchlist', paths.watchlist()], ['settings', paths.settings()])
if (topStock) pages.push(['search', `${paths.search()}?q=${encodeURIComponent(topStock.name)}`])

const only = process.env.LIGHTHOUSE_PAGES?.split(',')
const measured = only ? pages.filter(([label]) => only.includes(label)) : pages

/** Whether fontconfig knows a font with Chinese glyphs. */
function cjkFontInstalled(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== ''
  } catch {
    return false
  }
}

interface Report {
  categories: Record<string, { score: number | null }>
  audits: Record<string, { numericValue?: number }>
}

/** One Lighthouse run of `route` on `at`: prints its line and returns its LCP in ms. */
async function measure(at: string, label: string, route: string, run: number): Promise<number> {
  // Asynchronous: this process is also the host Lighthouse's browser talks to.
  const { stdout: json } = await promisify(execFile)(
    'npx',
    ['--yes', LIGHTHOUSE, `${at}${route}`, '--quiet', '--output=json', '--form-factor=mobile', '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync'],
    { env: { ...process.env, CHROME_PATH: CHROME }, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
  )
  const report = JSON.parse(json) as Report
  const keep = process.env.LIGHTHOUSE_REPORTS
  if (keep) {
    mkdirSync(keep, { recursive: true })
    writeFileSync(join(keep, `${label.replace(':', '-')}-${String(run + 1)}.json`), json)
  }
  const score = (name: string): string => String(Math.round((report.categories[name]?.score ?? 0) * 100)).padStart(4)
  const value = (name: string): number => report.audits[name]?.numericValue ?? NaN
  console.log(
    `${label.padEnd(15)} ${score('performance')}  ${score('accessibility')}  ${score('best-practices')}  ${score('seo')}  ${value('largest-contentful-paint').toFixed(0).padStart(7)}  ${value('total-blocking-time').toFixed(0).padStart(7)}  ${value('cumulative-layout-shift').toFixed(3)}   ${route}`,
  )
  return value('largest-contentful-paint')
}

/** The Jekyll build of the same posts, when asked for: its server and where it listens. */
const jekyllPosts = process.env.LIGHTHOUSE_JEKYLL
let jekyll: { server: ReturnType<typeof host>; origin: string; work: string } | null = null
if (jekyllPosts) {
  const work = mkdtempSync(join(tmpdir(), 'finews-jekyll-'))
  const built = buildJekyllPages(resolve(jekyllPosts), work)
  if ('failed' in built) {
    rmSync(work, { recursive: true, force: true })
    throw new Error(`jekyll build failed: ${built.failed}`)
  }
  const jekyllServer = host(built.site)
  jekyll = { server: jekyllServer, origin: await listen(jekyllServer), work }
}
const COMPARED = new Set(['article', 'category'])
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

console.log(`Lighthouse ${LIGHTHOUSE}, mobile, ${site} served gzipped from ${origin}; ${runs} run(s) a page`)
if (!cjkFontInstalled()) console.log('No CJK font is installed (`fc-list :lang=zh` is empty): Chinese text is laid out slower than on a reader\'s phone (apt-get install fonts-noto-cjk)')
if (jekyll) console.log(`Jekyll's build of ${jekyllPosts ?? ''} served the same way from ${jekyll.origin}, measured after ours`)
console.log('page            perf  a11y  best  seo   LCP ms   TBT ms   CLS')
const ratios: string[] = []
try {
  for (const [label, route] of measured) {
    const ours: number[] = []
    const theirs: number[] = []
    for (let run = 0; run < runs; run++) {
      ours.push(await measure(origin, label, route, run))
      if (jekyll && COMPARED.has(label)) theirs.push(await measure(jekyll.origin, `jekyll:${label}`, route, run))
    }
    if (theirs.length > 0) ratios.push(`${label}: median LCP ${median(ours).toFixed(0)} ms, Jekyll's ${median(theirs).toFixed(0)} ms: ${(median(ours) / median(theirs)).toFixed(2)}x (#12: at most 1.1x)`)
  }
  for (const line of ratios) console.log(line)
} finally {
  server.close()
  jekyll?.server.close()
  // The Jekyll source and site are only for this run.
  if (jekyll) rmSync(jekyll.work, { recursive: true, force: true })
}
