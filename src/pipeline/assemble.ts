// From parsed posts to the data folder: articles, paged feeds (all, per category, per tag, per security),
// the home file, look-up shards and the manifest. Every object is checked against the shared schema
// before it is written.
import { bucketCount, bucketOf, fnv1a } from '../content/buckets.ts'
import { timeValue } from '../content/beijing-time.ts'
import {
  FeedPageSchema,
  PageListSchema,
  HomeSchema,
  ManifestSchema,
  SCHEMA_VERSION,
  SecurityLookupSchema,
  ArticleLookupSchema,
  LookupIndexSchema,
  type Category,
  type FeedItem,
  type FeedRef,
  type Manifest,
  type Mention,
  type Security,
  type SecurityLookup,
  type ArticleLookup,
  type Tag,
  type TagCount,
} from '../content/schema.ts'
import { toFeedItem, type ArticleJob, type Neighbours, type PostRecord } from './article-files.ts'
import type { BuildMemo, FeedMemo } from './build-memo.ts'
import { hashKey, type OutputStore } from './output-store.ts'

/** Articles per feed page. */
export const PAGE_SIZE = 25
/** Older pages per page list. */
export const LIST_SIZE = 100
const HOME_ITEMS_PER_TAG = 5
const FACET_TAGS = 30
const HEADLINES = 3

export interface ArticlePlan {
  /** Newest first. */
  posts: PostRecord[]
  /** Feed items by id, each naming its article file. */
  items: Map<string, FeedItem>
  /** Article files not yet on disk, for the workers to write. */
  jobs: ArticleJob[]
}

export interface FeedsInput {
  plan: ArticlePlan
  /** Category slug → display name from the category pages. */
  categoryNames: ReadonlyMap<string, string>
  /** Changes whenever the pipeline's code changes, so old files are never mistaken for new ones. */
  fingerprint: string
  builtAt: string
  store: OutputStore
  memo: BuildMemo
}

/** Newest first, undated posts last, ties by id (never the file system's order); each date parsed once (a comparator that parses dates is slow at 100,000). */
function sortNewestFirst<T extends { date: string | null; id: string }>(list: readonly T[]): T[] {
  const keyed = list.map((item) => ({ item, time: timeValue(item.date) }))
  keyed.sort((a, b) => {
    if (a.time !== b.time) return a.time < b.time ? 1 : -1
    return a.item.id < b.item.id ? 1 : a.item.id > b.item.id ? -1 : 0
  })
  return keyed.map((k) => k.item)
}

function countBy<T>(items: Iterable<T>, key: (item: T) => Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) for (const k of key(item)) counts.set(k, (counts.get(k) ?? 0) + 1)
  return counts
}

/** Most used first, then by name (code-unit order, the same on every machine). */
function rank(counts: ReadonlyMap<string, number>): TagCount[] {
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The display name of each category: its category page's title, else its posts' commonest tag, else the slug. */
function categoryDisplayNames(posts: readonly PostRecord[], fromPages: ReadonlyMap<string, string>): Map<string, string> {
  const tagsByCategory = new Map<string, PostRecord[]>()
  for (const p of posts) {
    const list = tagsByCategory.get(p.category) ?? []
    list.push(p)
    tagsByCategory.set(p.category, list)
  }
  const names = new Map<string, string>()
  for (const [slug, list] of tagsByCategory) {
    const page = fromPages.get(slug)
    // Some category pages only repeat the slug ("Cailianshe"): a tag like 财联社新闻 says more.
    const pageSaysMore = page !== undefined && page.toLowerCase() !== slug.toLowerCase()
    const topTag = rank(countBy(list, (p) => p.tags))[0]?.name
    names.set(slug, (pageSaysMore ? page : undefined) ?? topTag ?? page ?? slug)
  }
  return names
}

interface Built {
  item: FeedItem
  post: PostRecord
  json: string | null
}

/**
 * Orders the posts, links each to its neighbours in its category, and names every article file by what
 * determines its content (the post's bytes, its neighbours, the pipeline's code). Files already on disk
 * are kept; the others become jobs for the workers, which hold the bodies.
 */
export function planArticles(records: readonly PostRecord[], fingerprint: string, store: OutputStore, memo: BuildMemo): ArticlePlan {
  const posts = sortNewestFirst(records)
  const byCategory = new Map<string, PostRecord[]>()
  for (const p of posts) {
    const list = byCategory.get(p.category) ?? []
    list.push(p)
    byCategory.set(p.category, list)
  }
  const items = new Map<string, FeedItem>()
  const jobs: ArticleJob[] = []
  for (const list of byCategory.values()) {
    list.forEach((post, i) => {
      const newer = list[i - 1]
      const older = list[i + 1]
      const near: Neighbours = {
        newer: newer ? { id: newer.id, title: newer.title } : null,
        older: older ? { id: older.id, title: older.title } : null,
      }
      const nearJson = JSON.stringify(near)
      // The memo is keyed by the file; its entry holds the signature (the post's bytes and neighbours),
      // kept short since the memo is saved with the cache.
      const signature = `${post.inputHash}:${fnv1a(nearJson).toString(36)}:${nearJson.length}`
      const path = memo.articlePath(post.file, signature, () => `articles/${post.id}.${hashKey(fingerprint, post.inputHash, post.file, nearJson)}.json`)
      items.set(post.id, toFeedItem(post, path))
      if (store.claim(path)) jobs.push({ file: post.file, path, near })
    })
  }
  return { posts, items, jobs }
}

/** Writes the feeds, the home file and the look-up shards, and returns the manifest that names them. */
export function writeFeeds(input: FeedsInput): Manifest {
  const { store, fingerprint, plan, memo } = input
  const posts = plan.posts
  const names = categoryDisplayNames(posts, input.categoryNames)
  const built = new Map<string, Built>()
  for (const post of posts) {
    const item = plan.items.get(post.id)
    if (item) built.set(post.id, { item, post, json: null })
  }
  const itemJson = (b: Built): string => (b.json ??= JSON.stringify(b.item))

  /** A feed's pages: reused whole when the feed holds the same articles as in the last build, else built. */
  const writeFeed = (entries: readonly Built[]): FeedRef => {
    if (entries.length === 0) return { count: 0, head: null }
    const key = hashKey(fingerprint, 'feed', entries.map((b) => b.item.path).join(','))
    const last = memo.lastFeed(key)
    // Pages deleted from the output folder since the last build are made again.
    const reusable = last !== undefined && last.pages.every((page) => store.has(page))
    const feed = reusable ? last : buildFeed(entries)
    if (reusable) for (const page of feed.pages) store.claim(page)
    memo.keepFeed(key, feed)
    return feed.ref
  }

  const buildFeed = (entries: readonly Built[]): FeedMemo => {
    const files: string[] = []
    const oldestFirst = [...entries].reverse()
    // Pages are cut from the oldest end, so adding a post rewrites only the newest page. That newest page
    // takes the remainder plus one full page: it holds between PAGE_SIZE and 2 × PAGE_SIZE - 1 articles.
    const stable = Math.max(Math.floor(oldestFirst.length / PAGE_SIZE) - 1, 0)
    const older: string[] = []
    for (let i = 0; i < stable; i++) older.push(writePage(oldestFirst.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE), null, null))
    // The lists of older pages are cut from the oldest end too: a new page changes only the newest list.
    let list: string | null = null
    for (let i = 0; i < older.length; i += LIST_SIZE) {
      const pages = older.slice(i, i + LIST_SIZE).reverse()
      list = writeList(pages, list)
      files.push(...pages, list)
    }
    const headEntries = oldestFirst.slice(stable * PAGE_SIZE)
    const facets = rank(countBy(entries, (b) => b.item.tags)).slice(0, FACET_TAGS)
    const head = writePage(headEntries, list, facets)
    files.push(head)
    return { ref: { count: entries.length, head }, pages: files }
  }

  const writePage = (oldestFirst: readonly Built[], older: string | null, tags: TagCount[] | null): string => {
    const newest = [...oldestFirst].reverse()
    const key = hashKey(fingerprint, newest.map((b) => b.item.path).join(','), older ?? '', JSON.stringify(tags))
    return store.put(`pages/${key}.json`, () => {
      // Items were checked with their articles (ArticleSchema holds every item field); check the rest.
      FeedPageSchema.parse({ items: [], older, tags })
      return `{"items":[${newest.map(itemJson).join(',')}],"older":${JSON.stringify(older)},"tags":${JSON.stringify(tags)}}`
    })
  }

  const writeList = (pages: string[], next: string | null): string =>
    store.putContent('pages', JSON.stringify(PageListSchema.parse({ pages, next })), 'list-')

  const all = posts.map((p) => built.get(p.id)).filter((b): b is Built => b !== undefined)
  const group = (key: (b: Built) => Iterable<string>): Map<string, Built[]> => {
    const groups = new Map<string, Built[]>()
    for (const b of all) for (const k of key(b)) {
      const list = groups.get(k) ?? []
      list.push(b)
      groups.set(k, list)
    }
    return groups
  }

  const allFeed = writeFeed(all)

  const categoryGroups = group((b) => [b.item.category])
  // The old site had a page for every category page, posts or not; its links must still lead somewhere.
  for (const slug of input.categoryNames.keys()) if (!categoryGroups.has(slug)) categoryGroups.set(slug, [])
  const categories: Category[] = [...categoryGroups]
    .map(([slug, list]) => ({ slug, name: names.get(slug) ?? input.categoryNames.get(slug) ?? slug, count: list.length, feed: writeFeed(list) }))
    .sort((a, b) => b.count - a.count || (a.slug < b.slug ? -1 : 1))

  const tagGroups = group((b) => b.item.tags)
  const tags: Tag[] = rank(countBy(all, (b) => b.item.tags)).map(({ name, count }) => ({
    name,
    count,
    feed: writeFeed(tagGroups.get(name) ?? []),
  }))

  const home = HomeSchema.parse({
    tags: tags.map((t) => ({
      name: t.name,
      count: t.count,
      items: (tagGroups.get(t.name) ?? []).slice(0, HOME_ITEMS_PER_TAG).map((b) => b.item),
    })),
  })
  const homePath = store.putContent('home', JSON.stringify(home))

  // Securities: every article that mentions each, its commonest name, three newest headlines.
  const securityGroups = group((b) => b.post.mentions.map((m) => m.secid))
  const securities: Security[] = []
  for (const [secid, list] of securityGroups) {
    const mentions = list.map((b) => b.post.mentions.find((m) => m.secid === secid)).filter((m): m is Mention => m !== undefined)
    const first = mentions[0]
    if (!first) continue
    // A K-line chart alone names a security by its code (NIO); any article that writes its name (蔚来) wins.
    const written = mentions.filter((m) => m.name !== m.code)
    const name = rank(countBy(written.length > 0 ? written : mentions, (m) => [m.name]))[0]?.name ?? first.name
    securities.push({
      secid,
      market: first.market,
      code: first.code,
      name,
      kind: first.kind,
      exchange: first.exchange,
      count: list.length,
      headlines: list.slice(0, HEADLINES).map((b) => ({ id: b.item.id, title: b.item.title, date: b.item.date })),
      feed: writeFeed(list),
    })
  }
  securities.sort((a, b) => (a.secid < b.secid ? -1 : 1))

  const articleBuckets = bucketCount(all.length)
  const articleShards = Array.from({ length: articleBuckets }, (): ArticleLookup => ({}))
  for (const b of all) {
    const shard = articleShards[bucketOf(b.item.id, articleBuckets)]
    if (shard) shard[b.item.id] = b.item.path
  }
  const securityBuckets = bucketCount(securities.length, 100)
  const securityShards = Array.from({ length: securityBuckets }, (): SecurityLookup => ({}))
  for (const s of securities) {
    const shard = securityShards[bucketOf(s.secid, securityBuckets)]
    if (shard) shard[s.secid] = s
  }

  const latest = all[0]
  const manifest: Manifest = {
    schemaVersion: SCHEMA_VERSION,
    builtAt: input.builtAt,
    counts: { articles: all.length, categories: categories.length, tags: tags.length, securities: securities.length },
    latest: latest ? { id: latest.item.id, date: latest.item.date } : null,
    feed: allFeed,
    home: homePath,
    categories,
    tags,
    lookups: store.putContent(
      'lookups',
      JSON.stringify(
        LookupIndexSchema.parse({
          articles: articleShards.map((s) => store.putContent('lookups', JSON.stringify(ArticleLookupSchema.parse(s)), 'a-')),
          securities: securityShards.map((s) => store.putContent('lookups', JSON.stringify(SecurityLookupSchema.parse(s)), 's-')),
        }),
      ),
      'index-',
    ),
  }
  return ManifestSchema.parse(manifest)
}
