// From parsed posts to the data folder: articles, paged feeds (all, per category, per tag, per security),
// the home file, look-up shards and the manifest. Every object is checked against the shared schema
// before it is written.
import { bucketCount, bucketOf, fnv1a } from '../../content/buckets.ts'
import { timeValue } from '../../content/beijing-time.ts'
import {
  FeedPageSchema,
  PageListSchema,
  HomeSchema,
  ManifestSchema,
  SCHEMA_VERSION,
  SecurityLookupSchema,
  ArticleLookupSchema,
  LookupIndexSchema,
  type ArticleLink,
  type Category,
  type FeedItem,
  type FeedRef,
  type Manifest,
  type Security,
  type SecurityLookup,
  type ArticleLookup,
  type Tag,
  type TagCount,
} from '../../content/schema.ts'
import { toFeedItem, type ArticleJob, type PostRecord } from './article-files.ts'
import type { BuildMemo, FeedMemo, Sharded } from '../index/build-memo.ts'
import { groupFeeds, newerFirst, push, sideBySide } from './feed-groups.ts'
import { hashKey, type OutputStore } from './output-store.ts'
import { byFile } from '../read/post-listing.ts'

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
  /** The posts' feed items, in the same order, each naming its article file. */
  items: FeedItem[]
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

/** Sorted newest first; each date parsed once (a comparator that parses dates is slow at 100,000). */
function sortNewestFirst<T extends { date: string | null; id: string }>(list: readonly T[]): T[] {
  const keyed = list.map((item) => ({ item, time: timeValue(item.date) }))
  keyed.sort((a, b) => newerFirst(a.item, a.time, b.item, b.time))
  return keyed.map((k) => k.item)
}

/** Above this many new or changed posts, sorting them all again is as quick as placing each. */
const MAX_PLACED_ONE_BY_ONE = 500

/**
 * `records` newest first, from the previous build's order (of the same process) when only a few posts are
 * new or changed: those keep their place, the others are placed one by one. Same result as a full sort,
 * since the order is total.
 */
function reorder(records: readonly PostRecord[], memo: BuildMemo): PostRecord[] {
  // The posts new or changed since, and those gone, from this and the last listing (both by file).
  const { order: last, listed } = memo
  const changes = last && listed ? sideBySide(listed, records, byFile, MAX_PLACED_ONE_BY_ONE) : null
  if (!last || !listed || !changes) return sortNewestFirst(records)
  const gone = new Set(changes.gone.map((i) => listed[i]))
  const order = gone.size > 0 ? last.filter((r) => !gone.has(r)) : [...last]
  for (const post of changes.came.map((j) => records[j] as PostRecord)) {
    const time = timeValue(post.date)
    let lo = 0
    let hi = order.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const other = order[mid] as PostRecord
      if (newerFirst(other, timeValue(other.date), post, time) < 0) lo = mid + 1
      else hi = mid
    }
    order.splice(lo, 0, post)
  }
  return order
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

/**
 * The tags of a list of articles, most used first, remembered by the very array: a process that builds
 * again and again (the dev server) keeps the array of a feed none of whose posts changed (see
 * feed-groups.ts), and a category's name and its feed's tag filter both need its tags.
 */
const tagRanks = new WeakMap<readonly FeedItem[], TagCount[]>()

function tagsOf(items: readonly FeedItem[]): TagCount[] {
  let ranked = tagRanks.get(items)
  if (ranked === undefined) tagRanks.set(items, (ranked = rank(countBy(items, (item) => item.tags))))
  return ranked
}

/** The display name of a category: its category page's title, else its posts' commonest tag, else the slug. */
function categoryDisplayName(slug: string, items: readonly FeedItem[], fromPages: ReadonlyMap<string, string>): string {
  const page = fromPages.get(slug)
  // Some category pages only repeat the slug ("Cailianshe"): a tag like 财联社新闻 says more.
  if (page !== undefined && page.toLowerCase() !== slug.toLowerCase()) return page
  return tagsOf(items)[0]?.name ?? page ?? slug
}

/**
 * Orders the posts, links each to its neighbours in its category, and names every article file by what
 * determines its content (the post's bytes, its neighbours, the pipeline's code). Files already on disk
 * are kept; the others become jobs for the workers, which hold the bodies.
 */
export function planArticles(records: readonly PostRecord[], fingerprint: string, store: OutputStore, memo: BuildMemo): ArticlePlan {
  const posts = reorder(records, memo)
  memo.order = posts
  memo.listed = records
  const byCategory = new Map<string, PostRecord[]>()
  for (const p of posts) push(byCategory, p.category, p)
  const jobs: ArticleJob[] = []
  const link = (post: PostRecord | undefined): ArticleLink | null => (post ? { id: post.id, title: post.title } : null)
  for (const list of byCategory.values()) {
    for (let i = 0; i < list.length; i++) {
      const post = list[i] as PostRecord
      const newer = list[i - 1]
      const older = list[i + 1]
      let placement = memo.samePlacement(post, newer, older)
      if (!placement) {
        const nearJson = JSON.stringify({ newer: link(newer), older: link(older) })
        // The signature (the post's bytes and neighbours) is kept short since the memo is saved with the cache.
        const signature = `${post.inputHash}:${fnv1a(nearJson).toString(36)}:${nearJson.length}`
        const last = memo.lastPlacement(post)
        const path = last?.signature === signature ? last.path : `articles/${post.id}.${hashKey(fingerprint, post.inputHash, post.file, nearJson)}.json`
        placement = { signature, path, made: { newer, older, item: toFeedItem(post, path) } }
        memo.place(post, placement)
      }
      if (store.claim(placement.path)) jobs.push({ file: post.file, path: placement.path, near: { newer: link(newer), older: link(older) } })
    }
  }
  return { posts, items: posts.map((p) => memo.itemOf(p) as FeedItem), jobs }
}

/** Writes the feeds, the home file and the look-up shards, and returns the manifest that names them. */
export function writeFeeds(input: FeedsInput): Manifest {
  const { store, fingerprint, plan, memo } = input
  const all = plan.items
  const grouped = groupFeeds(plan.posts, all, memo.grouped)
  const { categories: categoryGroups, tags: tagGroups, securities: securityGroups } = grouped.groups
  const itemJson = new Map<FeedItem, string>()
  const jsonOf = (item: FeedItem): string => {
    let json = itemJson.get(item)
    if (json === undefined) itemJson.set(item, (json = JSON.stringify(item)))
    return json
  }
  const rankedTags = rank(new Map([...tagGroups].map(([tag, list]) => [tag, list.length])))

  /**
   * A feed's pages: reused whole when the feed (`name`: all, a category, a tag, a security) holds the
   * same articles as in the last build, else built.
   */
  const writeFeed = (name: string, items: readonly FeedItem[], facets?: TagCount[]): FeedRef => {
    if (items.length === 0) return { count: 0, head: null }
    const same = memo.sameFeed(name, items)
    const key = same?.key ?? hashKey(fingerprint, 'feed', items.map((item) => item.path).join(','))
    const last = same?.feed ?? memo.lastFeed(key)
    // Pages deleted from the output folder since the last build are made again.
    const reusable = last !== undefined && last.pages.every((page) => store.has(page))
    const feed = reusable ? last : buildFeed(items, facets ?? tagsOf(items).slice(0, FACET_TAGS))
    if (reusable) for (const page of feed.pages) store.claim(page)
    memo.keepFeed(name, key, items, feed)
    return feed.ref
  }

  const buildFeed = (items: readonly FeedItem[], facets: TagCount[]): FeedMemo => {
    const files: string[] = []
    const oldestFirst = [...items].reverse()
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
    const head = writePage(oldestFirst.slice(stable * PAGE_SIZE), list, facets)
    files.push(head)
    return { ref: { count: items.length, head }, pages: files }
  }

  const writePage = (oldestFirst: readonly FeedItem[], older: string | null, tags: TagCount[] | null): string => {
    const newest = [...oldestFirst].reverse()
    const key = hashKey(fingerprint, newest.map((item) => item.path).join(','), older ?? '', JSON.stringify(tags))
    return store.put(`pages/${key}.json`, () => {
      // Items were checked with their articles (ArticleSchema holds every item field); check the rest.
      FeedPageSchema.parse({ items: [], older, tags })
      return `{"items":[${newest.map(jsonOf).join(',')}],"older":${JSON.stringify(older)},"tags":${JSON.stringify(tags)}}`
    })
  }

  const writeList = (pages: string[], next: string | null): string =>
    store.putContent('pages', JSON.stringify(PageListSchema.parse({ pages, next })), 'list-')

  const allFeed = writeFeed('all', all, rankedTags.slice(0, FACET_TAGS))

  // The old site had a page for every category page, posts or not; its links must still lead somewhere.
  const empty = [...input.categoryNames.keys()].filter((slug) => !categoryGroups.has(slug)).map((slug): [string, FeedItem[]] => [slug, []])
  const categories: Category[] = [...categoryGroups, ...empty]
    .map(([slug, list]) => ({
      slug,
      name: categoryDisplayName(slug, list, input.categoryNames),
      count: list.length,
      feed: writeFeed(`category:${slug}`, list),
    }))
    .sort((a, b) => b.count - a.count || (a.slug < b.slug ? -1 : 1))

  const tags: Tag[] = rankedTags.map(({ name, count }) => ({ name, count, feed: writeFeed(`tag:${name}`, tagGroups.get(name) ?? []) }))

  const home = HomeSchema.parse({
    tags: tags.map((t) => ({ name: t.name, count: t.count, items: (tagGroups.get(t.name) ?? []).slice(0, HOME_ITEMS_PER_TAG) })),
  })
  const homePath = store.putContent('home', JSON.stringify(home))

  // Securities: every article that mentions each, its commonest name, three newest headlines. A group
  // this process saw before (the same array) keeps its entry, so its look-up shard stays as it was.
  const securities: Security[] = []
  for (const [secid, group] of securityGroups) {
    const feed = writeFeed(`security:${secid}`, group.items)
    const known = memo.security(group)
    if (known?.feed === feed) {
      securities.push(known)
      continue
    }
    const { items, mentions } = group
    const first = mentions[0]
    if (!first) continue
    // A K-line chart alone names a security by its code (NIO); any article that writes its name (蔚来) wins.
    const written = mentions.filter((m) => m.name !== m.code)
    const name = rank(countBy(written.length > 0 ? written : mentions, (m) => [m.name]))[0]?.name ?? first.name
    const security: Security = {
      secid,
      market: first.market,
      code: first.code,
      name,
      kind: first.kind,
      exchange: first.exchange,
      count: items.length,
      headlines: items.slice(0, HEADLINES).map((item) => ({ id: item.id, title: item.title, date: item.date })),
      feed,
    }
    memo.rememberSecurity(group, security)
    securities.push(security)
  }
  securities.sort((a, b) => (a.secid < b.secid ? -1 : 1))

  const lookups = store.putContent(
    'lookups',
    JSON.stringify(
      LookupIndexSchema.parse({
        articles: writeArticleLookups(all, grouped.touched, store, memo),
        securities: writeSecurityLookups(securities, store, memo),
      }),
    ),
    'index-',
  )
  // Remembered once everything it was used for is written: a build that fails halfway leaves the last one.
  memo.grouped = grouped

  const latest = all[0]
  const manifest: Manifest = {
    schemaVersion: SCHEMA_VERSION,
    builtAt: input.builtAt,
    counts: { articles: all.length, categories: categories.length, tags: tags.length, securities: securities.length },
    latest: latest ? { id: latest.id, date: latest.date } : null,
    feed: allFeed,
    home: homePath,
    categories,
    tags,
    lookups,
  }
  return ManifestSchema.parse(manifest)
}

/**
 * The article look-up shards (id → article file). Where the last build in this process had the same
 * number of shards, only the shards of the articles it touched are made again.
 */
function writeArticleLookups(all: readonly FeedItem[], touched: ReadonlySet<string> | null, store: OutputStore, memo: BuildMemo): string[] {
  const buckets = bucketCount(all.length)
  const last = memo.articleShards
  let shards: ArticleLookup[]
  let dirty: Set<number>
  if (touched !== null && last?.shards.length === buckets) {
    dirty = new Set([...touched].map((id) => bucketOf(id, buckets)))
    shards = last.shards.map((shard, i) => (dirty.has(i) ? {} : shard))
  } else {
    dirty = new Set(Array.from({ length: buckets }, (_, i) => i))
    shards = Array.from({ length: buckets }, (): ArticleLookup => ({}))
  }
  if (dirty.size > 0) {
    for (const item of all) {
      const b = bucketOf(item.id, buckets)
      const shard = dirty.has(b) ? shards[b] : undefined
      if (shard) shard[item.id] = item.path
    }
  }
  return keepShards(shards, dirty, last, 'a-', (v) => ArticleLookupSchema.parse(v), store, (sharded) => (memo.articleShards = sharded))
}

/** The security look-up shards (secid → security); a shard none of whose securities changed is kept. */
function writeSecurityLookups(securities: readonly Security[], store: OutputStore, memo: BuildMemo): string[] {
  const buckets = bucketCount(securities.length, 100)
  const last = memo.securityShards
  const shards = Array.from({ length: buckets }, (): SecurityLookup => ({}))
  const dirty = new Set<number>()
  for (const s of securities) {
    const b = bucketOf(s.secid, buckets)
    const shard = shards[b]
    if (shard) shard[s.secid] = s
    if (last?.shards.length !== buckets || last.shards[b]?.[s.secid] !== s) dirty.add(b)
  }
  // A shard that lost a security is dirty too.
  if (last?.shards.length === buckets) {
    last.shards.forEach((shard, b) => {
      if (Object.keys(shard).length !== Object.keys(shards[b] ?? {}).length) dirty.add(b)
    })
  } else for (let b = 0; b < buckets; b++) dirty.add(b)
  return keepShards(shards, dirty, last, 's-', (v) => SecurityLookupSchema.parse(v), store, (sharded) => (memo.securityShards = sharded))
}

/** Writes the dirty shards, keeps the others under the names the last build gave them, and remembers them all. */
function keepShards<T extends object>(
  shards: T[],
  dirty: ReadonlySet<number>,
  last: Sharded<T> | null,
  prefix: string,
  check: (value: unknown) => unknown,
  store: OutputStore,
  remember: (sharded: Sharded<T>) => void,
): string[] {
  const paths = shards.map((shard, i) => {
    const kept = dirty.has(i) ? undefined : last?.paths[i]
    if (kept !== undefined) return store.put(kept, () => JSON.stringify(shard))
    return store.putContent('lookups', JSON.stringify(shard), prefix, () => check(shard))
  })
  remember({ shards, paths })
  return paths
}
