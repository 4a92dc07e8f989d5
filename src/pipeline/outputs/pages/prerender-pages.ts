// Prerendered HTML for the first screen of every route: home (index.html), the not-found page (404.html),
// each category's and tag's first page, every article and every stock page, one file per route at
// `<route>.html` (see README, "Prerendered pages", for the trailing-slash rule).
//
// Each page is a pure function of its inputs, and its content key is a hash of them: the app shell (the
// built index.html, which names the hashed assets, the server bundle, the outputs' code, this one's
// among them, and the site's address), the shared chrome (the header's category links and every category's display name) and the
// route's own data (an article's look-up entry, which names its content-hashed file and its neighbours; a
// category's or tag's manifest entry, which names its newest page; a security). A page is rendered and
// written only when its key is not the one the last build wrote, so a new post rewrites its own page, its
// neighbours', its feeds' first pages, its securities' pages and home. The keys are kept in the cache
// folder beside the archive index (page-keys.ts).
//
// The article and stock pages' keys are kept by look-up shard too. A shard's name is a hash of its bytes, so
// the same name (under the same shell and chrome) means the same routes and entries, and so the same keys:
// such a shard is not read again, and its pages are kept when their files are all in the site folder (one
// listing of each folder, not a look-up per page), or, when the keys vouch for the folder (its stamp is the
// one saved with them: site-listing.ts), on the word of the shard's group alone. At 100,000 posts the
// shards took the pages step of a one-post build from 2.0 s to 0.9 s (4 pages rendered; 0.4 s with none),
// and the stamps and a rendering thread warmed during the content build (page-renderers.ts) to 0.1 s.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as v from 'valibot'
import { paths } from '../../../content/routes.ts'
import {
  ArticleLookupSchema,
  LookupIndexSchema,
  SecurityLookupSchema,
  type ArticleEntry,
  type Security,
} from '../../../content/lookup-schema.ts'
import { ArticleSchema, type Article, type Manifest } from '../../../content/schema.ts'
import { SITE_NAME } from '../../../content/site-paths.ts'
import { fingerprints, libraryVersion } from '../../index/fingerprint.ts'
import { readIfThere } from '../../durable-file.ts'
import { folderStamp, settledStamp, type SiteListing } from '../../site-listing.ts'
import { startRenderers, type PageRenderers, type RenderedPage } from './page-renderers.ts'
import { criticalCss, type CriticalCss } from './critical-css.ts'
import { inlineIcon, pageHtml, routeAssetTags, type BuildManifest, type PageHead, type PageStyles } from './page-html.ts'
import { openPageKeys, type PageGroup, type SavedGroup } from './page-keys.ts'

export interface PrerenderOptions {
  /**
   * The live site folder, where unchanged pages stay: its names, read once per folder (the build prunes the
   * old files from the same listing).
   */
  site: SiteListing
  /** The live site's data folder. */
  dataDir: string
  /** Where new pages go (the build's staging folder), beside the reader's built assets. */
  stagingDir: string
  /** The built index.html: the shell every page is written into. */
  template: string
  /** Vite's build manifest of the reader: which chunk and stylesheets each route's module needs. */
  buildManifest: BuildManifest
  /** The server bundle of src/app/server.tsx. */
  serverBundle: string
  base: string
  siteUrl: string
  manifest: Manifest
  /** Where the keys of the pages written last time are kept; null renders every page. */
  cacheDir: string | null
  /** Rendering threads (default: one per core; 0 renders on the main thread), when `renderers` is not given. */
  threads?: number
  /**
   * Renderers started ahead (startRenderers, with the same server bundle, base and data folder), so that
   * their first thread loads while the content is built; their starter closes them. Else they are started
   * here.
   */
  renderers?: PageRenderers
}

export interface PrerenderResult {
  /**
   * The page files of this build, relative to the site folder (those rendered and those kept), for the prune
   * to keep: every one but those of groups kept whole in a folder the keys vouch for, where the prune looks
   * only at the pages the keys no longer keep whole (SiteListing.vouch).
   */
  pages: Set<string>
  rendered: number
  kept: number
  /** Routes with no file (a slug or tag a file name cannot hold): the host's 404.html boots the app there. */
  skipped: string[]
  /** Rendering threads that failed (their pages were rendered on the main thread). */
  problems: string[]
  seconds: number
  /**
   * Records the keys of this build's pages, to be called once they are all in the live folder and nothing
   * else is (the old files pruned): a build killed before that must not leave keys that vouch for pages it
   * never put there. With them go the stamps of the page folders, once settled (site-listing.ts).
   */
  saveKeys: () => Promise<void>
}

interface PageJob {
  file: string
  /** The route, under the base: `/a/<id>`. */
  route: string
  /** The route's lazy module, as Vite's manifest names it. */
  chunk: RouteChunk
  head: () => Promise<Omit<PageHead, 'rendered'>>
}

/** A route of a look-up shard: its file's segments, the data its key is made of, its module and its head. */
interface ShardRoute extends Omit<PageJob, 'file'> {
  segments: string[]
  data: unknown
}

/** A look-up shard some of whose pages are rendered: read again when their turn comes. */
interface ShardToRender {
  kind: 'a' | 's'
  shard: string
  /** The positions in the shard of the pages to render. */
  at: number[]
}

/** The page folders that hold a page per article or security: stamped, so that they need not be read. */
const STAMPED_DIRS = ['a', 's'] as const

/** Pages rendered or being written at once: enough to keep every thread busy, few enough to hold in memory. */
const IN_FLIGHT = 64

/**
 * Runs `work` over `items`, taken one at a time as a lane is free, with at most `limit` at a time; the first
 * failure (of the work or of taking the next item) is thrown once all have settled.
 */
async function eachAtMost<T>(limit: number, items: Iterable<T>, work: (item: T) => Promise<void>): Promise<void> {
  const next = items[Symbol.iterator]()
  const failed: { error?: Error } = {}
  const lane = async (): Promise<void> => {
    while (failed.error === undefined) {
      try {
        const item = next.next()
        if (item.done === true) return
        await work(item.value)
      } catch (error) {
        failed.error ??= error instanceof Error ? error : new Error(String(error))
      }
    }
  }
  await Promise.all(Array.from({ length: limit }, lane))
  if (failed.error) throw failed.error
}

/** Two segments of no form the old site had (see lib/legacy-paths.ts): the plain not-found page. */
export const NOT_FOUND_ROUTE = '/404/not-found'

const ROUTE_CHUNKS = {
  home: 'src/app/routes/home-route.tsx',
  feed: 'src/app/routes/feed-route.tsx',
  article: 'src/app/routes/article-route.tsx',
  stock: 'src/app/routes/stock-route.tsx',
  notFound: 'src/app/routes/not-found-route.tsx',
  search: 'src/app/routes/search-route.tsx',
} as const
type RouteChunk = (typeof ROUTE_CHUNKS)[keyof typeof ROUTE_CHUNKS]

const hash = (...parts: readonly unknown[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)

/** A route's file in the site folder (`a/<id>.html`), or null when a segment cannot be a file name (below). */
function pageFile(segments: readonly string[]): string | null {
  const names = segments.map(fileSegment)
  return names.some((n) => n === null) ? null : `${names.join('/')}.html`
}

/**
 * A route segment as a file name, or null when no host could hold it: `/` or NUL in it, `.` or `..`, or
 * longer than the 255 bytes of a name (less `.html`).
 */
function fileSegment(segment: string): string | null {
  if (segment === '' || segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\') || segment.includes('\0')) return null
  return Buffer.byteLength(segment) > 240 ? null : segment
}

/**
 * A data file, checked. Read synchronously: a small file's asynchronous read is four trips through libuv's
 * pool (open, stat, read, close), and on this thread, which assembles every page, they cost 0.35 ms a page.
 */
function readJson<T>(dataDir: string, path: string, schema: v.GenericSchema<unknown, T>): T {
  return v.parse(schema, JSON.parse(readFileSync(join(dataDir, path), 'utf8')))
}

export async function prerenderPages(options: PrerenderOptions): Promise<PrerenderResult> {
  const started = performance.now()
  const renderers = options.renderers ?? startRenderers({ serverBundle: options.serverBundle, base: options.base, dataDir: options.dataDir }, options.threads)
  try {
    return await prerenderWith(options, renderers, started)
  } finally {
    if (!options.renderers) await renderers.close()
  }
}

async function prerenderWith(options: PrerenderOptions, renderers: PageRenderers, started: number): Promise<PrerenderResult> {
  const { manifest, base, dataDir } = options
  const absolute = (route: string): string => `${options.siteUrl}${base}${route.replace(/^\//, '')}`

  // The shell and the chrome every page shares. The not-found page is rendered every build: its markup is
  // the header (category links) alone, so it stands for the chrome in every other page's key.
  const template = inlineIcon(options.template, `${base}favicon.svg`, textIfThere(join(options.stagingDir, 'favicon.svg')))
  // The site's address is in every page's head (canonical, Open Graph), so it is part of the shell. The
  // server bundle imports its libraries from node_modules: those the browser's bundle also holds (React,
  // DOMPurify) change the template's asset names, and htmlparser2's kin are in the output fingerprint;
  // jsdom, which sanitizes the bodies server-sanitize.ts cannot vouch for, is named here.
  const shell = hash(template, readFileSync(options.serverBundle, 'utf8'), fingerprints().output, libraryVersion('jsdom'), options.siteUrl)
  // Files the entry already names in the template; a route's tags add only what it needs beyond them.
  const entryFiles = new Set([...template.matchAll(/(?:src|href)="[^"]*?\/(assets\/[^"]+)"/g)].map((m) => m[1] ?? ''))
  const assets = (chunk: RouteChunk): string => routeAssetTags(options.buildManifest, chunk, base, entryFiles)
  const styles = pageStyles(options.stagingDir, base)
  const notFound = await renderers.render(NOT_FOUND_ROUTE)
  const chrome = hash(notFound.html, manifest.categories.map((c) => [c.slug, c.name]))
  const listHead = (route: string, title: string, description: string) => () => Promise.resolve({ canonical: absolute(route), title, description, article: null, jsonLd: null })

  // One keys file per site folder, whatever the base: it vouches for the files in that folder.
  const keysStem = options.cacheDir === null ? null : join(options.cacheDir, `pages-${hash(options.site.root).slice(0, 16)}`)
  const before = openPageKeys(keysStem)
  // The big page folders the keys vouch for (their stamps are the ones saved with the keys) are not read.
  const vouched = new Map<string, Set<string>>()
  for (const dir of STAMPED_DIRS) {
    const saved = before.stamp(dir)
    if (saved === undefined || saved !== folderStamp(join(options.site.root, dir))?.stamp) continue
    const mayGo = new Set<string>()
    vouched.set(dir, mayGo)
    options.site.vouch(dir, mayGo)
  }
  const inSite = (file: string): boolean => options.site.has(file)
  try {
    const pages = new Set<string>()
    /** Pages whose key the last build saved is not this build's: the keys stop vouching for them (below). */
    const replaced = new Set<string>()
    /**
     * Whether a page is rendered, keyed as its route and data say: kept when its key is the one saved and its
     * file is there. Its file and key go to its group (to be saved), or its route to the group's skipped
     * when no file name can hold it (undefined then).
     */
    const plan = (group: PageGroup, route: string, segments: readonly string[], data: unknown): { file: string; render: boolean } | undefined => {
      const file = pageFile(segments)
      if (file === null) {
        group.skipped.push(route)
        return undefined
      }
      const key = hash(shell, chrome, route, data)
      group.pages.push([file, key])
      const saved = before.keyOf(file)
      if (saved !== key) replaced.add(file)
      const render = saved !== key || !inSite(file)
      if (!render) pages.add(file)
      return { file, render }
    }
    const loose: PageGroup = { pages: [], skipped: [] }
    /** Home, search and the feeds' first pages to render (a few thousand at most, kept whole). */
    const looseJobs: PageJob[] = []
    const addLoose = (chunk: RouteChunk, route: string, segments: readonly string[], data: unknown, head: PageJob['head']): void => {
      const page = plan(loose, route, segments, data)
      if (page?.render) looseJobs.push({ file: page.file, route, chunk, head })
    }
    /** Each look-up shard's pages, by the shard's group key, in the index's order. */
    const groups = new Map<string, (PageGroup & { kept: false }) | (SavedGroup & { kept: true })>()
    /**
     * The look-up shards with pages to render, and which. A shard is read again when its turn comes, so that
     * only the pages being rendered are held (at a million posts the routes' entries took gigabytes).
     */
    const shardsToRender: ShardToRender[] = []
    let toRender = 0
    /** Pages kept in a folder the keys vouch for, which `pages` leaves out (the prune does not look at them). */
    let unlisted = 0
    /**
     * The pages of a look-up shard: kept whole, unread, when the last build saved this very shard's keys and
     * every page of it is in the site folder; else read and keyed one by one.
     */
    const shardPages = (kind: 'a' | 's', shard: string): void => {
      const key = hash(shell, chrome, kind, shard)
      // A shard's pages are all in its kind's folder: when the keys vouch for that, for these too.
      const whole = vouched.has(kind)
      const saved = before.group(key, !whole)
      if (saved && (whole || saved.files.every(inSite))) {
        groups.set(key, { ...saved, kept: true })
        for (const file of saved.files) pages.add(file)
        if (whole) unlisted += saved.count
        return
      }
      const group = { pages: [], skipped: [], kept: false as const }
      const at: number[] = []
      shardRoutes(kind, shard).forEach(({ route, segments, data }, i) => {
        if (plan(group, route, segments, data)?.render) at.push(i)
      })
      groups.set(key, group)
      if (at.length > 0) shardsToRender.push({ kind, shard, at })
      toRender += at.length
    }
    /** A look-up shard's routes, each with the data its key is made of, its module and its head. */
    const shardRoutes = (kind: 'a' | 's', shard: string): ShardRoute[] =>
      kind === 'a'
        ? readJson(dataDir, shard, ArticleLookupSchema).map(([id, entry]) => {
            const route = paths.article(id)
            const head = (): Promise<Omit<PageHead, 'rendered'>> => Promise.resolve(articleHead(readJson(dataDir, entry.path, ArticleSchema), entry, absolute(route), manifest))
            return { route, segments: ['a', id], data: entry, chunk: ROUTE_CHUNKS.article, head }
          })
        : readJson(dataDir, shard, SecurityLookupSchema).map((security) => {
            const route = paths.stock(security.secid)
            const head = (): Promise<Omit<PageHead, 'rendered'>> => Promise.resolve(stockHead(security, absolute(route)))
            return { route, segments: ['s', security.secid], data: security, chunk: ROUTE_CHUNKS.stock, head }
          })

    // Home changes with every build (counts, the newest articles): its key is the manifest itself.
    addLoose(ROUTE_CHUNKS.home, paths.home(), ['index'], manifest, listHead(paths.home(), SITE_NAME, '东方财富滚动新闻存档：按分类、标签和股票阅读。'))
    // The empty search page (the header's form submits to it without JavaScript); a query (?q=) is drawn
    // afresh in the browser, as every address with a query string is (main.tsx).
    addLoose(ROUTE_CHUNKS.search, paths.search(), ['search'], null, listHead(paths.search(), `搜索 - ${SITE_NAME}`, '搜索东方财富滚动新闻存档：标题、摘要、正文、来源和股票名称、代码。'))
    for (const c of manifest.categories) {
      addLoose(ROUTE_CHUNKS.feed, paths.category(c.slug), ['c', c.slug], c, listHead(paths.category(c.slug), `${c.name} - ${SITE_NAME}`, `${c.name}：${c.count} 篇文章。`))
    }
    for (const t of manifest.tags) {
      addLoose(ROUTE_CHUNKS.feed, paths.tag(t.name), ['t', t.name], t, listHead(paths.tag(t.name), `${t.name} - ${SITE_NAME}`, `标签「${t.name}」：${t.count} 篇文章。`))
    }
    // Their renders start now, on the rendering threads, while this thread goes through the look-up shards.
    for (const job of looseJobs) renderers.ahead(job.route)
    const index = readJson(dataDir, manifest.lookups, LookupIndexSchema)
    for (const [, shard] of index.articles) shardPages('a', shard)
    for (const [, shard] of index.securities) shardPages('s', shard)

    /** The pages to render, in order: the loose ones, then each shard's, read again as their turn comes. */
    function* renderJobs(): Generator<PageJob> {
      yield* looseJobs
      for (const { kind, shard, at } of shardsToRender) {
        const routes = shardRoutes(kind, shard)
        for (const i of at) {
          // The shard's name is a hash of its bytes, so it holds what it held when its pages were planned.
          const route = routes[i]
          const file = route && pageFile(route.segments)
          if (!route || !file) throw new Error(`the look-up shard ${shard} is not what it was when its pages were planned`)
          yield { file, route: route.route, chunk: route.chunk, head: route.head }
        }
      }
    }

    let rendered = 0
    // Written synchronously: an asynchronous write (open, write, close through libuv's pool) took two to
    // three times the CPU of a synchronous one here (10,000 files of 17 kB), and the build has no core to
    // spare while it renders.
    // Each folder made once: a recursive mkdir per page was a system call (and an EEXIST) a page.
    const made = new Set<string>()
    const write = (file: string, html: string): void => {
      const target = join(options.stagingDir, file)
      const dir = dirname(target)
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true })
        made.add(dir)
      }
      writeFileSync(target, html)
      pages.add(file)
    }
    renderers.expect(looseJobs.length + toRender)
    await eachAtMost(IN_FLIGHT, renderJobs(), async (job) => {
      const page = await renderers.render(job.route)
      const head = { rendered: page.head, ...(await job.head()) }
      write(job.file, pageHtml(template, head, page.html, { path: job.route, queries: stableState(page.state) }, assets(job.chunk), styles))
      rendered++
    })
    // 404.html is answered for every address without a file of its own: old links, `?tag=` views, a trailing
    // slash. The app routes those afresh (its state names the path it was drawn for, which is not theirs).
    write('404.html', pageHtml(template, { rendered: notFound.head, canonical: absolute('/'), title: SITE_NAME, description: null, article: null, jsonLd: null }, notFound.html, { path: null, queries: stableState(notFound.state) }, assets(ROUTE_CHUNKS.notFound), styles))

    // Before any new page goes live, the keys stop vouching for the files this build replaces: a build
    // killed while moving them in leaves files no key matches, which the next build renders again. The
    // groups kept whole replace nothing; the pages of every other saved group are kept loose.
    before.forget(replaced, new Set([...groups].filter(([, g]) => g.kept).map(([key]) => key)))
    // What a vouched folder holds beyond the groups kept whole and the pages rendered again (which this
    // build keeps): the loose pages, those of every other group among them.
    for (const [dir, mayGo] of vouched) for (const file of before.looseIn(dir)) mayGo.add(file.slice(dir.length + 1))
    return {
      pages,
      rendered,
      kept: pages.size + unlisted - rendered - 1,
      skipped: [...loose.skipped, ...[...groups.values()].flatMap((g) => g.skipped)],
      problems: renderers.problems,
      seconds: (performance.now() - started) / 1000,
      saveKeys: async () => {
        if (keysStem === null) return
        const stamps = new Map<string, string>()
        for (const dir of STAMPED_DIRS) {
          const stamp = await settledStamp(join(options.site.root, dir))
          if (stamp !== null) stamps.set(dir, stamp)
        }
        const keys = openPageKeys(keysStem)
        try {
          keys.save(loose.pages, groups, stamps)
        } finally {
          keys.close()
        }
      },
    }
  } finally {
    before.close()
  }
}

/** A file's text, or null when it cannot be read. */
function textIfThere(file: string): string | null {
  return readIfThere(file)?.toString('utf8') ?? null
}

/** What a page needs of the stylesheet, or null (the page links it as it was) when it does not parse. */
function readableCss(text: string): CriticalCss | null {
  try {
    return criticalCss(text)
  } catch {
    return null
  }
}

/**
 * The reader's stylesheets, read once from the built assets (their names are hashes of their content, and
 * the template that names them is part of every page's key), and what each page needs of them.
 */
function pageStyles(assetsDir: string, base: string): PageStyles {
  const made = new Map<string, CriticalCss | null>()
  // Not built beside the pages: the page links the stylesheet as it was.
  const read = (href: string): string | null => (href.startsWith(base) ? textIfThere(join(assetsDir, href.slice(base.length))) : null)
  return {
    critical: (hrefs) => {
      const key = hrefs.join(' ')
      if (!made.has(key)) {
        const texts = hrefs.map(read)
        made.set(key, texts.every((t) => t !== null) ? readableCss(texts.join('\n')) : null)
      }
      return made.get(key) ?? null
    },
  }
}

/** Dehydrated queries without the time they were fetched, so the same data gives the same bytes. */
function stableState(state: RenderedPage['state']): unknown {
  return { ...state, queries: state.queries.map((q) => ({ ...q, dehydratedAt: 0, state: { ...q.state, dataUpdatedAt: 0 } })) }
}

function articleHead(article: Article, _entry: ArticleEntry, canonical: string, manifest: Manifest): Omit<PageHead, 'rendered'> {
  const section = manifest.categories.find((c) => c.slug === article.category)?.name ?? article.category
  return {
    canonical,
    title: article.title,
    description: article.description,
    article: { published: article.date, section, tags: article.tags },
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      ...(article.date ? { datePublished: article.date } : {}),
      ...(article.description ? { description: article.description } : {}),
      articleSection: section,
      keywords: article.tags,
      inLanguage: 'zh-CN',
      mainEntityOfPage: canonical,
      ...(article.source ? { author: { '@type': 'Organization', name: article.source } } : {}),
      ...(article.sourceUrl ? { isBasedOn: article.sourceUrl } : {}),
      publisher: { '@type': 'Organization', name: SITE_NAME },
    },
  }
}

function stockHead(security: Security, canonical: string): Omit<PageHead, 'rendered'> {
  return { canonical, title: `${security.name}（${security.code}）`, description: `${security.name}：存档中 ${security.count} 篇提及它的文章。`, article: null, jsonLd: null }
}
