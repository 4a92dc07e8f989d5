// Checks that hold for every data folder the pipeline writes, whatever posts went in: safe files, feeds
// that list every article once and newest first, counts that agree, and no file that nothing names.
import { parseDocument } from 'htmlparser2'
import { isComment, isTag, type AnyNode, type Element } from 'domhandler'
import { expect } from 'vitest'
import { timeValue } from '../../../src/content/beijing-time.ts'
import { shardOf, shardRun, shardStarts } from '../../../src/content/lookup-shards.ts'
import { sortTime, UNDATED_TIME } from '../../../src/content/order.ts'
import { DayFileSchema } from '../../../src/content/day-index.ts'
import { ArticleLookupSchema, LookupIndexSchema, SecurityLookupSchema } from '../../../src/content/lookup-schema.ts'
import {
  ArticleSchema,
  FeedPageSchema,
  PageListSchema,
  HomeSchema,
  MANIFEST_FILE,
  type Article,
  type FeedItem,
  type FeedRef,
} from '../../../src/content/schema.ts'
import { CategoryHotSchema, HotSchema, SecurityHistorySchema } from '../../../src/content/market.ts'
import { withSizes, type OutputSizes } from '../../../src/pipeline/outputs/sizes.ts'
import { endsUndatedPage, undatedCuts } from '../../../src/pipeline/outputs/feeds/undated-cuts.ts'
import { readTree, type DataFolder } from './data-folder.ts'
import { searchIndexFiles } from './search-files.ts'
import * as v from 'valibot'
import { SearchDocsSchema, SearchRootSchema } from '../../../src/content/search.ts'
import { readShard } from '../../../src/content/search-format.ts'

function elements(nodes: readonly AnyNode[]): Element[] {
  const out: Element[] = []
  for (const n of nodes) if (isTag(n)) out.push(n, ...elements(n.children))
  return out
}

function hasComment(nodes: readonly AnyNode[]): boolean {
  return nodes.some((n) => isComment(n) || (isTag(n) && hasComment(n.children)))
}

/**
 * No file of the folder holds `<script`, an on*= handler, `javascript:` or `style=`; every file is valid
 * under the schema of its folder; every article body parses to elements without handlers, styles or comments.
 */
export function expectSafeFiles(root: string): void {
  const files = readTree(root)
  expect(files.size).toBeGreaterThan(3)
  for (const [path, bytes] of files) {
    if (path.endsWith('.bin')) {
      // A search shard: binary postings (any byte may follow any other), whose terms are text.
      expect(path.startsWith('search/'), path).toBe(true)
      for (const term of readShard(new Uint8Array(bytes)).terms.keys()) {
        expect(term, path).not.toMatch(/<script|javascript:|style\s*=|[\s"'\\/]on[a-z]+\s*=/i)
      }
      continue
    }
    const text = bytes.toString('utf8')
    expect(text, path).not.toMatch(/<script/i)
    expect(text, path).not.toMatch(/javascript:/i)
    expect(text, path).not.toMatch(/style\s*=/i)
    expect(text, path).not.toMatch(/[\s"'\\/]on[a-z]+\s*=/i)
    const json: unknown = JSON.parse(text)
    if (path === MANIFEST_FILE) continue
    const dir = path.slice(0, path.indexOf('/'))
    if (dir === 'articles') {
      const article = ArticleSchema.parse(json)
      const nodes = parseDocument(article.bodyHtml, { decodeEntities: true }).children
      expect(hasComment(nodes), path).toBe(false)
      for (const el of elements(nodes)) {
        expect(['script', 'style', 'iframe', 'form', 'object', 'embed', 'svg', 'meta', 'link', 'base'], path).not.toContain(el.name)
        for (const [name, value] of Object.entries(el.attribs)) {
          expect(name.startsWith('on'), `${path}: ${name}`).toBe(false)
          expect(name, path).not.toBe('style')
          if (name === 'href' || name === 'src') expect(value, path).toMatch(/^(https?:|mailto:)/)
        }
      }
    } else if (dir === 'pages') (path.startsWith('pages/list-') ? PageListSchema : FeedPageSchema).parse(json)
    else if (dir === 'days') DayFileSchema.parse(json)
    else if (dir === 'home') (path.startsWith('home/hot-c-') ? CategoryHotSchema : path.startsWith('home/hot-') ? HotSchema : HomeSchema).parse(json)
    else if (path.startsWith('lookups/h-')) SecurityHistorySchema.parse(json)
    else if (dir === 'search') v.parse(path.startsWith('search/root-') ? SearchRootSchema : SearchDocsSchema, json)
    else if (dir === 'lookups') (path.startsWith('lookups/s-') ? SecurityLookupSchema : path.startsWith('lookups/index-') ? LookupIndexSchema : ArticleLookupSchema).parse(json)
    else throw new Error(`unexpected file ${path}`)
  }
}

/**
 * How a feed of `count` articles, `undated` of them without a date, pages its main articles (the dated ones;
 * all of them when none has a date) (src/pipeline/outputs/feeds.ts): in pages of `P` cut from their oldest
 * end, the newest page holding the rest (all of them under 2 × P, else P to 2 × P - 1). The undated ones of
 * a feed that also has dated ones are paged apart, where their ids say (undated-cuts.ts).
 */
export function feedLayout(count: number, undated: number, P: number): { head: number; mainPages: number } {
  const main = undated > 0 && undated < count ? count - undated : count
  const mainPages = Math.max(Math.floor(main / P) - 1, 0)
  return { head: main - mainPages * P, mainPages }
}

/**
 * A feed's items, newest first, checked page by page against the sizes the folder was built with (the
 * defaults unless a test passed its own): its main pages as feedLayout says; the undated pages, oldest
 * first, each ended by its last article's id as endsUndatedPage says and by no earlier one (the newest may
 * end with the undated articles instead); page lists of `list` pages, cut from the oldest end, the undated
 * pages' apart, so that only the newest list and the newest undated list may hold fewer.
 */
export function walkFeed(data: DataFolder, ref: FeedRef, label: string, sizes: Partial<OutputSizes> = {}): FeedItem[] {
  const { page: P, list: L, facetTags } = withSizes(sizes)
  const { pages, lists } = data.feedFiles(ref)
  if (ref.count === 0) {
    expect(ref.head, label).toBeNull()
    return []
  }
  const isUndated = (i: FeedItem): boolean => sortTime(i.date) === UNDATED_TIME
  const undated = pages.flatMap(({ page }) => page.items).filter(isUndated).length
  const layout = feedLayout(ref.count, undated, P)
  const apart = undated > 0 && undated < ref.count
  const undatedPages = apart ? pages.length - 1 - layout.mainPages : 0
  expect(pages.length, `${label}: pages`).toBe(1 + layout.mainPages + undatedPages)
  if (apart) expect(undatedPages, `${label}: undated pages`).toBeGreaterThan(0)
  // The newest list names every other, newest first; no other list names any.
  expect(lists[0]?.list.lists ?? [], `${label}: the newest page list names the older lists`).toEqual(lists.slice(1).map(({ path }) => path))
  for (const { list } of lists.slice(1)) expect(list.lists, `${label}: an older page list names no list`).toBeUndefined()
  const mainLists = Math.ceil(layout.mainPages / L)
  expect(lists.length, `${label}: page lists`).toBe(mainLists + Math.ceil(undatedPages / L))
  lists.forEach(({ list }, k) => {
    if (k === 0 || k === mainLists) expect(list.pages.length, label).toBeLessThanOrEqual(L)
    else expect(list.pages.length, `${label}: older page lists are full`).toBe(L)
  })
  pages.forEach(({ page }, i) => {
    if (i === 0) {
      expect(page.items.length, `${label}: the newest page holds the rest of the main articles`).toBe(layout.head)
      expect(page.tags, `${label}: head page has the tag filter`).not.toBeNull()
      expect(page.tags?.length ?? 0, label).toBeLessThanOrEqual(facetTags)
    } else {
      if (i <= layout.mainPages) expect(page.items.length, `${label}: page ${i} is full`).toBe(P)
      else expect(page.items.every(isUndated), `${label}: page ${i} holds undated articles only`).toBe(true)
      expect(page.tags, label).toBeNull()
      expect(page.older, label).toBeNull()
    }
  })
  // Each undated page ends where its ids say.
  const cuts = undatedCuts(P)
  pages.slice(layout.mainPages + 1).forEach(({ page }, k) => {
    const ids = page.items.map((item) => item.id).reverse()
    ids.forEach((id, j) => {
      const ends = endsUndatedPage(id, j + 1, cuts)
      if (j < ids.length - 1) expect(ends, `${label}: undated page ${k} goes on after ${id}`).toBe(false)
      else if (k > 0) expect(ends, `${label}: undated page ${k} ends after ${id}`).toBe(true)
    })
  })
  const items = pages.flatMap(({ page }) => page.items)
  expect(items.length, label).toBe(ref.count)
  expect(new Set(items.map((i) => i.id)).size, `${label}: each article once`).toBe(items.length)
  for (let i = 1; i < items.length; i++) {
    expect(timeValue(items[i - 1]?.date ?? null), `${label}: newest first at ${i}`).toBeGreaterThanOrEqual(timeValue(items[i]?.date ?? null))
  }
  const head = pages[0]?.page.tags ?? []
  for (const { name, count } of head) expect(count, `${label}: tag ${name}`).toBe(items.filter((i) => i.tags.includes(name)).length)
  return items
}

/**
 * A feed that spans writers lists a story once: it lists only articles that belong in it (`candidates`), no
 * two of them twins, and every candidate it leaves out is a twin (or a twin's twin...) of one it lists.
 */
export function expectStoriesOnce(items: readonly FeedItem[], candidates: readonly string[], twinsOf: ReadonlyMap<string, readonly string[]>, label: string): void {
  const listed = new Set(items.map((i) => i.id))
  const inFeed = new Set(candidates)
  for (const id of listed) {
    expect(inFeed.has(id), `${label}: ${id} belongs in it`).toBe(true)
    for (const twin of twinsOf.get(id) ?? []) expect(listed.has(twin), `${label}: ${id} and its twin ${twin} both listed`).toBe(false)
  }
  for (const id of candidates) {
    const seen = new Set([id])
    const queue = [id]
    while (queue.length > 0 && !queue.some((q) => listed.has(q))) {
      for (const twin of twinsOf.get(queue.shift() as string) ?? []) {
        if (!seen.has(twin) && inFeed.has(twin)) {
          seen.add(twin)
          queue.push(twin)
        }
      }
    }
    expect([...seen].some((s) => listed.has(s)), `${label}: ${id} is listed, or a twin of it is`).toBe(true)
  }
}

/**
 * Each key of a look-up table once, in the shard the app opens for it (shardOf), each shard named by its
 * first key, and the table cut where the rule of src/content/lookup-shards.ts cuts it for its size.
 */
function expectShardedInRuns(shards: readonly (readonly [string, string])[], keysOf: (shard: string) => Iterable<string>, size: number, sizes: OutputSizes, label: string): void {
  const all: string[] = []
  shards.forEach(([first, shard], s) => {
    const keys = [...keysOf(shard)]
    expect(keys[0], `${label}: ${shard} starts with its first key`).toBe(first)
    for (const key of keys) {
      expect(shardOf(shards, key), `${label}: ${key} in the shard the reader opens for it`).toBe(s)
      all.push(key)
    }
  })
  expect(new Set(all).size, `${label}: each key once`).toBe(all.length)
  expect(all.length, label).toBe(size)
  const starts = shardStarts(all, shardRun(size, sizes.shardKeys, sizes.maxShards))
  expect(shards.map(([first]) => first), `${label}: cut where the keys say`).toEqual(starts.map((start) => all[start]))
}

/**
 * Every feed of the folder against the articles themselves, and the look-up tables against the feeds.
 * Pass the sizes the folder was built with, if not the defaults. Returns the articles by id.
 */
export function expectConsistentFeeds(data: DataFolder, partialSizes: Partial<OutputSizes> = {}): Map<string, Article> {
  const sizes = withSizes(partialSizes)
  const { manifest } = data
  const ids = data.allArticleIds()
  const articles = new Map(ids.map((id) => [id, data.article(id)]))
  expect(manifest.counts.articles).toBe(ids.length)
  expectShardedInRuns(data.lookups.articles, (shard) => data.articleShard(shard).keys(), ids.length, sizes, 'article look-ups')

  // Twins (the same story under two writers) are listed once in feeds that span writers.
  const twinsOf = new Map(ids.map((id) => [id, (data.articleEntry(id)?.twins ?? []).map((t) => t.id)]))
  for (const [id, twins] of twinsOf) for (const twin of twins) expect(twinsOf.get(twin), `${twin} names its twin ${id} back`).toContain(id)
  const all = walkFeed(data, manifest.feed, 'all', sizes)
  expectStoriesOnce(all, ids, twinsOf, 'all')
  for (const item of all) {
    expect(item.path).toBe(data.articlePath(item.id))
    const { bodyHtml: _b, sourceUrl: _s, mentions: _m, images: _i, textLength: _t, description: _d, file: _f, ...asItem } = articles.get(item.id) as Article
    const { twins, ...own } = item
    expect(own).toEqual(asItem)
    expect(twins?.map((t) => t.id) ?? []).toEqual(twinsOf.get(item.id))
  }
  expect(manifest.latest?.id).toBe(all[0]?.id)

  expect(manifest.counts.categories).toBe(manifest.categories.length)
  let inCategories = 0
  for (const category of manifest.categories) {
    const items = walkFeed(data, category.feed, `category ${category.slug}`, sizes)
    expect(category.count).toBe(category.feed.count)
    expect(items.every((i) => i.category === category.slug)).toBe(true)
    expect(items.length).toBe([...articles.values()].filter((a) => a.category === category.slug).length)
    inCategories += items.length
    // The neighbours the article page links to are the article's neighbours in its category's feed.
    items.forEach((item, i) => {
      const entry = data.articleEntry(item.id)
      expect(entry?.newer ?? null, `newer of ${item.id}`).toEqual(items[i - 1] ? { id: items[i - 1]?.id, title: items[i - 1]?.title } : null)
      expect(entry?.older ?? null, `older of ${item.id}`).toEqual(items[i + 1] ? { id: items[i + 1]?.id, title: items[i + 1]?.title } : null)
    })
  }
  expect(inCategories).toBe(ids.length)

  expect(manifest.counts.tags).toBe(manifest.tags.length)
  for (const tag of manifest.tags) {
    const items = walkFeed(data, tag.feed, `tag ${tag.name}`, sizes)
    expect(tag.count).toBe(tag.feed.count)
    expect(items.every((i) => i.tags.includes(tag.name))).toBe(true)
    expectStoriesOnce(items, [...articles.values()].filter((a) => a.tags.includes(tag.name)).map((a) => a.id), twinsOf, `tag ${tag.name}`)
  }

  const home = data.read(manifest.home, HomeSchema)
  expect(home.tags.map((t) => t.name)).toEqual(manifest.tags.map((t) => t.name))
  for (const t of home.tags) {
    const tag = manifest.tags.find((x) => x.name === t.name)
    expect(t.count).toBe(tag?.count)
    expect(t.items.map((i) => i.id)).toEqual(walkFeed(data, tag?.feed ?? { count: 0, head: null }, t.name, sizes).slice(0, sizes.homeItems).map((i) => i.id))
  }

  const securities = data.allSecurities()
  expect(manifest.counts.securities).toBe(securities.length)
  expectShardedInRuns(data.lookups.securities, (shard) => data.securityShard(shard).keys(), securities.length, sizes, 'security look-ups')
  const mentioned = new Set([...articles.values()].flatMap((a) => a.mentions.map((m) => m.secid)))
  expect(securities.map((s) => s.secid).sort()).toEqual([...mentioned].sort())
  for (const security of securities) {
    expect(data.security(security.secid)).toEqual(security)
    const mentioning = [...articles.values()].filter((a) => a.mentions.some((m) => m.secid === security.secid))
    const items = walkFeed(data, security.feed, `security ${security.secid}`, sizes)
    expect(security.count).toBe(items.length)
    expectStoriesOnce(items, mentioning.map((a) => a.id), twinsOf, `security ${security.secid}`)
    expect(security.headlines).toEqual(items.slice(0, sizes.headlines).map((i) => ({ id: i.id, title: i.title, date: i.date })))
    const newestElsewhere = Math.max(...items.slice(sizes.headlines).map((i) => timeValue(i.date)), Number.NEGATIVE_INFINITY)
    for (const h of security.headlines) expect(timeValue(h.date)).toBeGreaterThanOrEqual(newestElsewhere)
    const first = mentioning.flatMap((a) => a.mentions.filter((m) => m.secid === security.secid))[0]
    expect([security.market, security.code, security.kind, security.exchange]).toEqual([first?.market, first?.code, first?.kind, first?.exchange])
  }
  return articles
}

/** Every file on disk is named, directly or through another file, by the manifest. */
export function expectNoOrphans(data: DataFolder): void {
  const { manifest } = data
  const named = new Set<string>([MANIFEST_FILE, manifest.home, manifest.lookups, ...data.lookups.articles.map(([, path]) => path), ...data.lookups.securities.map(([, path]) => path)])
  const refs: FeedRef[] = [manifest.feed, ...manifest.categories.map((c) => c.feed), ...manifest.tags.map((t) => t.feed)]
  refs.push(...data.allSecurities().map((s) => s.feed))
  for (const security of data.allSecurities()) if (security.history) named.add(security.history)
  if (manifest.market) named.add(manifest.market)
  for (const category of manifest.categories) if (category.hot) named.add(category.hot)
  for (const ref of refs) {
    const { pages, lists } = data.feedFiles(ref)
    for (const { path } of [...pages, ...lists]) named.add(path)
    for (const [, , path] of pages[0]?.page.days ?? []) named.add(path)
  }
  for (const id of data.allArticleIds()) named.add(data.articlePath(id) ?? '')
  for (const path of searchIndexFiles(data.root)) named.add(path)
  expect([...readTree(data.root).keys()].sort()).toEqual([...named].sort())
}
