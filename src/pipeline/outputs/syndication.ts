// Atom feeds (the newest 50 articles overall at /feed.xml, as the old site's jekyll-feed had, and per
// category and per tag), every field text (atom-feed.ts), and a sitemap (an index of sitemaps past 50,000
// addresses) built with the `sitemap` library, and robots.txt naming it. Written at the site's root, beside index.html.
//
// The sitemap lists every article, so it is remembered: its files are kept in the cache folder under a key of
// the addresses it lists (the site's root, the list pages' addresses and the articles' ids) and the outputs'
// code (the `sitemap` library's version among it), and a build whose addresses are those of the last build
// copies them (at 100,000 posts the library took about 0.4 s to write them again, a build after one post
// edited or none at all).
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap'
import { paths } from '../../content/routes.ts'
import type { FeedItem, Manifest } from '../../content/schema.ts'
import type { ArchiveReader } from '../build-content.ts'
import { readIfThere } from '../durable-file.ts'
import { hashOf } from '../hash-key.ts'
import { fingerprints } from '../index/fingerprint.ts'
import { atomXml } from './atom-feed.ts'
import { isAlive } from './pages/server-bundle.ts'
import { robotsTxt } from './site-policy.ts'
import { MAIN_FEED, SITE_NAME, SITEMAP, categoryFeedPath, tagFeedPath } from '../../content/site-paths.ts'

const FEED_ENTRIES = 50
const SITEMAP_LIMIT = 50_000
const ROBOTS = 'robots.txt'

export interface SyndicationOptions {
  /** The archive as the content build left it. */
  archive: ArchiveReader
  manifest: Manifest
  outDir: string
  /** The sub-path the site is served under, e.g. `/` or `/finews/`. */
  base: string
  /** The public origin, e.g. https://finews.example (no path). */
  siteUrl: string
  /** Where the last sitemap is remembered (the build's cache folder); null writes it every time. */
  cacheDir?: string | null
  /**
   * The live site, when `outDir` is the build's staging folder: a feed whose bytes are there already is not
   * written again, and stays (at 100,000 posts, writing the 55 feeds of 50 entries and moving them into
   * place took 0.04 s of a one-post site build, when only the edited post's own feeds change).
   */
  live?: string
}

function write(outDir: string, path: string, text: string): void {
  const target = join(outDir, path)
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, text)
}

/** Writes `text` at `path` in `outDir`, unless `live` holds it already: then its path goes to `kept`. */
function writeUnlessLive(outDir: string, live: string | undefined, kept: Set<string>, path: string, text: string): void {
  if (live !== undefined && readIfThere(join(live, path))?.equals(Buffer.from(text)) === true) kept.add(path)
  else write(outDir, path, text)
}

/** The site's origin and base path: where every absolute address starts. */
const siteRoot = (options: SyndicationOptions): string => `${options.siteUrl}${options.base}`

/** The absolute address of a route or file path of the site. */
const absolute = (options: SyndicationOptions, path: string): string => `${siteRoot(options)}${path.replace(/^\//, '')}`

function atom(options: SyndicationOptions, title: string, selfPath: string, pagePath: string, items: readonly FeedItem[]): string {
  const url = (path: string): string => absolute(options, path)
  const newest = items[0]?.date
  return atomXml({
    id: url(pagePath),
    title,
    link: url(pagePath),
    self: url(selfPath),
    language: 'zh-CN',
    rights: '原文版权归原作者及来源媒体所有',
    // The archive's own time, not the clock's, so the same input gives the same feed.
    updated: new Date(newest ?? options.manifest.builtAt),
    generator: 'finews reader',
    // Atom requires an author for the feed unless every entry has one, and entries without a source have none.
    author: { name: SITE_NAME, uri: url(paths.home()) },
    entries: items.slice(0, FEED_ENTRIES).map((item) => ({
      id: url(paths.article(item.id)),
      title: item.title,
      link: url(paths.article(item.id)),
      updated: new Date(item.date ?? options.manifest.builtAt),
      summary: item.summary,
      authors: item.source ? [{ name: item.source }] : [],
      categories: item.tags,
    })),
  })
}

async function sitemapXml(urls: readonly string[], hostname: string): Promise<string> {
  const stream = new SitemapStream({ hostname })
  const done = streamToPromise(stream)
  for (const url of urls) stream.write({ url })
  stream.end()
  return (await done).toString()
}

/** Writes the feeds, robots.txt and the sitemap; returns the files left as they were in `live`. */
export async function writeSyndication(options: SyndicationOptions): Promise<Set<string>> {
  const { archive, manifest, outDir } = options
  const kept = new Set<string>()
  const put = (path: string, text: string): void => writeUnlessLive(outDir, options.live, kept, path, text)
  put(MAIN_FEED, atom(options, SITE_NAME, MAIN_FEED, paths.home(), archive.newest('all', FEED_ENTRIES)))
  for (const c of manifest.categories) {
    const items = archive.newest(`c:${c.slug}`, FEED_ENTRIES)
    put(categoryFeedPath(c.slug), atom(options, `${c.name} - ${SITE_NAME}`, categoryFeedPath(c.slug), paths.category(c.slug), items))
  }
  for (const t of manifest.tags) {
    const items = archive.newest(`t:${t.name}`, FEED_ENTRIES)
    put(tagFeedPath(t.name), atom(options, `${t.name} - ${SITE_NAME}`, tagFeedPath(t.name), paths.tag(t.name), items))
  }

  // Crawlers read robots.txt at the origin's root only: under a sub-path the host's own root file should
  // name this sitemap (README); at the root this one is it.
  put(ROBOTS, robotsTxt(absolute(options, SITEMAP)))

  const hostname = siteRoot(options)
  const lists = [paths.home(), ...manifest.categories.map((c) => paths.category(c.slug)), ...manifest.tags.map((t) => paths.tag(t.name))].map((path) => absolute(options, path))
  const ids = archive.articleIds()
  // The addresses are made only for a sitemap written: an article's is a function of its id, the site's
  // root and the code (in the key), so the key names the ids (a third of the key's cost at 100,000 posts).
  const urls = (): string[] => [...lists, ...ids.map((id) => absolute(options, paths.article(id)))]
  const memo = options.cacheDir ? join(options.cacheDir, `${MEMO_PREFIX}${hashOf([fingerprints().output, hostname, String(lists.length), ...lists, ...ids])}`) : null
  const absoluteOf = (part: string): string => absolute(options, part)
  if (memo === null) {
    await writeSitemaps(outDir, urls(), hostname, absoluteOf)
    return kept
  }
  if (copied(memo, outDir)) return kept
  // Written into a folder of its own and copied from there; the memo is that folder, renamed into place
  // once whole (unless another build remembered the same sitemap meanwhile).
  const written = `${memo}.${process.pid}.tmp`
  await writeSitemaps(written, urls(), hostname, absoluteOf)
  cpSync(written, outDir, { recursive: true })
  forgetSitemaps(dirname(memo))
  try {
    renameSync(written, memo)
  } catch {
    rmSync(written, { recursive: true, force: true })
  }
  return kept
}

/** Remembered sitemaps are `sitemap-<key>` folders in the cache; `.<pid>.tmp` while being written. */
const MEMO_PREFIX = 'sitemap-'
const MEMO = /^sitemap-[0-9a-f]{16}$/
const MEMO_WRITING = /^sitemap-[0-9a-f]{16}\.(\d+)\.tmp$/

/** Copies a remembered sitemap into `outDir`; false when there is none (or another build just removed it). */
function copied(memo: string, outDir: string): boolean {
  if (!existsSync(memo)) return false
  try {
    cpSync(memo, outDir, { recursive: true })
    return true
  } catch {
    return false
  }
}

/** Removes the sitemaps remembered before, and those a killed build left half written; only one is kept. */
function forgetSitemaps(cacheDir: string): void {
  for (const name of readdirSync(cacheDir)) {
    const writing = MEMO_WRITING.exec(name)
    if (MEMO.test(name) || (writing && !isAlive(Number(writing[1])))) rmSync(join(cacheDir, name), { recursive: true, force: true })
  }
}

/** sitemap.xml into `dir`: the addresses themselves, or past 50,000 an index of sitemaps/sitemap-N.xml. */
async function writeSitemaps(dir: string, urls: readonly string[], hostname: string, absoluteOf: (path: string) => string): Promise<void> {
  if (urls.length <= SITEMAP_LIMIT) {
    write(dir, SITEMAP, await sitemapXml(urls, hostname))
    return
  }
  const parts: string[] = []
  for (let i = 0; i < urls.length; i += SITEMAP_LIMIT) {
    const part = `sitemaps/sitemap-${parts.length}.xml`
    write(dir, part, await sitemapXml(urls.slice(i, i + SITEMAP_LIMIT), hostname))
    parts.push(absoluteOf(part))
  }
  const index = new SitemapIndexStream()
  const done = streamToPromise(Readable.from(parts).pipe(index))
  write(dir, SITEMAP, (await done).toString())
}
