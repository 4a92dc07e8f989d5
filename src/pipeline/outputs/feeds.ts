// A feed's files: full pages of `page` articles cut from its oldest end, lists of up to `list` of those pages
// (the newest list also naming every older list), and the newest page (the rest, from `page` to 2 × `page` - 1
// articles) naming the newest list and the feed's tags. Undated articles, at the oldest end, are paged on
// their own, cut where their ids say (feeds/undated-cuts.ts), in lists of their own, so that a new one moves
// no dated page and few undated ones. Each file is named by a content key of what it holds. A feed is
// rewritten from its oldest member added or removed on, and on the pages of articles that changed in place;
// every other page stays.
import type { DayYear } from '../../content/day-index.ts'
import { UNDATED_TIME } from '../../content/order.ts'
import { FeedPageSchema, PageListSchema, type FeedRef, type TagCount } from '../../content/schema.ts'
import type { FeedChange, Key } from '../changes/apply-changes.ts'
import type { ArchiveIndex } from '../index/archive-index.ts'
import { hashKey } from '../hash-key.ts'
import { DayIndexWriter } from './feeds/day-index.ts'
import { endsUndatedPage, undatedCuts } from './feeds/undated-cuts.ts'
import type { OutputFolder } from './output-folder.ts'
import type { OutputSizes } from './sizes.ts'

export interface FeedContext {
  index: ArchiveIndex
  folder: OutputFolder
  sizes: OutputSizes
  /** The output code's fingerprint: part of every file's key. */
  outputKey: string
  /** Files no longer named by anything. */
  garbage: Set<string>
}

interface Member {
  t: number
  id: string
  path: string
}

/** Members read at a time (better-sqlite3 runs no other statement while one iterates). */
const CHUNK = 2000

/**
 * Where the numbers of a feed's undated pages (from its oldest) start in the index, and of their lists: the
 * main pages and lists are numbered from 0, so that their numbers never depend on how many undated ones
 * there are.
 */
const UNDATED_FROM = -(2 ** 40)

export class FeedWriter {
  readonly #c: FeedContext
  readonly #s: ReturnType<typeof statements>
  readonly #days: DayIndexWriter

  constructor(context: FeedContext) {
    this.#c = context
    this.#s = statements(context.index)
    this.#days = new DayIndexWriter(context)
  }

  /**
   * Rewrites what `change` changed of the feed `name` (null: all of it) and returns its reference.
   * `breathe` is awaited between runs of members read, so that other work on this thread's event loop goes
   * on meanwhile (the search index's, build-content.ts): rewriting a whole feed of a million posts takes
   * seconds.
   */
  async rebuild(name: string, change: FeedChange | null, breathe: () => Promise<void>): Promise<FeedRef> {
    const s = this.#s
    const feed = s.feed.get(name) as { fid: number; count: number; head: string | null } | undefined
    if (!feed) return { count: 0, head: null }
    const { fid } = feed
    if (feed.count <= 0) {
      this.#drop(fid, feed.head)
      return { count: 0, head: null }
    }
    const { page: P, list: L } = this.#c.sizes
    const n = feed.count
    const whole = change === null || change.shift === null
    // Undated articles (the oldest end of every feed, see src/content/order.ts) have pages of their own, cut
    // where their ids say (undated-cuts.ts), so that one arriving, which happens in any batch of new posts,
    // moves no dated page and few undated ones. A feed of undated articles only is paged as if they were dated.
    const U = s.undatedCount.get(fid, UNDATED_TIME) as number
    const apart = U > 0 && U < n
    const undated = apart ? this.#undatedPages(name, fid, change, whole) : this.#dropUndated(fid)

    // The main pages (the dated articles, or all of them), cut every P from their oldest end; the newest
    // page holds the rest, from P to 2P - 1 of them.
    const nMain = apart ? n - U : n
    const stable = Math.max(Math.floor(nMain / P) - 1, 0)
    const storedPages = s.pageCount.get(fid) as number
    /** The stored main page that holds `key`, or the first after it (the stored count when there is none). */
    const pageOf = (key: Key): number => (s.firstPageFrom.get(fid, key.t, key.id) as number | undefined) ?? storedPages
    // The pages to rewrite, as ranges [from, to). First, from the page of the oldest member added or removed:
    // every page after it shifts. Stored main pages of undated articles were cut from the first of those,
    // which stays right only while the feed has no dated article.
    const first = s.pageLast.get(fid, 0) as { lt: number } | undefined
    const recut = whole || (first !== undefined && (first.lt === UNDATED_TIME) !== (U === n))
    const shift = recut ? null : U === n ? change?.shift : change?.dated
    const i0 = Math.min(shift === undefined ? storedPages : shift === null ? 0 : pageOf(shift), stable)
    const ranges: [number, number][] = [[i0, stable]]
    // Then each page that an article changed in place on.
    for (const key of change?.edited ?? []) {
      if (apart && key.t === UNDATED_TIME) continue
      const j = pageOf(key)
      if (j < stable) ranges.push([j, j + 1])
    }
    ranges.sort((x, y) => x[0] - y[0])
    const merged: [number, number][] = []
    for (const [a, b] of ranges) {
      const last = merged.at(-1)
      if (last && a <= last[1]) last[1] = Math.max(last[1], b)
      else merged.push([a, b])
    }

    // Each range's members, oldest first, cut into pages; the last range goes on to the newest page.
    const beforeMain: Key | null = apart ? { t: UNDATED_TIME, id: s.lastUndated.get(fid, UNDATED_TIME) as string } : null
    let chunk: Member[] = []
    for (const [a, b] of merged) {
      const end = b >= stable ? Infinity : b * P
      const after = a > 0 ? (s.pageLast.get(fid, a - 1) as { lt: number; lid: string } | undefined) : undefined
      let cursor: Key | null = after ? { t: after.lt, id: after.lid } : beforeMain
      let m = a * P
      let i = a
      chunk = []
      while (m < end) {
        const limit = Math.min(CHUNK, end - m)
        const rows = (cursor ? s.membersAfter.all(fid, cursor.t, cursor.id, limit) : s.membersFirst.all(fid, limit)) as Member[]
        for (const row of rows) {
          chunk.push(row)
          m++
          if (i < stable && m === (i + 1) * P) {
            this.#putPage(name, fid, i++, chunk)
            chunk = []
          }
        }
        const last = rows.at(-1)
        if (!last || rows.length < limit) break
        cursor = { t: last.t, id: last.id }
        await breathe()
      }
    }
    const i0First = (merged[0] as [number, number])[0]
    for (const row of s.pagesFrom.all(fid, stable) as { path: string }[]) this.#c.garbage.add(row.path)
    s.dropPagesFrom.run(fid, stable)

    // Lists of L full pages, cut from the oldest end (the undated pages' apart): those holding a page
    // rewritten, and the newest of all, which names the older lists (so an old page changed renames its
    // list, the newest list and the head, not every list newer than its own).
    const lists = Math.ceil(stable / L)
    const storedLists = s.listCount.get(fid) as number
    const undatedLists = Math.ceil(undated.pages / L)
    const rewrite = new Set<number>()
    for (const [a, b] of merged) for (let k = Math.floor(a / L); k * L < Math.min(b, stable); k++) rewrite.add(k)
    // The last stored list was the newest, which names the others: it is written again as a plain list.
    for (let k = Math.max(0, Math.min(storedLists, lists) - 1); k < lists - 1; k++) rewrite.add(k)
    // The undated lists from the one of the first undated page rewritten; their newest also when the newest
    // of all moves to it or from it (a feed's first main list comes or goes).
    let fromUndated = undated.from === null ? undatedLists : Math.floor(undated.from / L)
    if ((storedLists === 0) !== (lists === 0)) fromUndated = Math.min(fromUndated, undatedLists - 1)
    const undatedList = (q: number): string[] => s.pagePaths.all(fid, UNDATED_FROM + q * L, UNDATED_FROM + Math.min((q + 1) * L, undated.pages)) as string[]
    for (let q = Math.max(fromUndated, 0); q < undatedLists - (lists > 0 ? 0 : 1); q++) this.#putList(name, fid, UNDATED_FROM + q, undatedList(q), null)
    for (const row of s.listsBetween.all(fid, UNDATED_FROM + undatedLists, 0) as { path: string }[]) this.#c.garbage.add(row.path)
    s.dropListsBetween.run(fid, UNDATED_FROM + undatedLists, 0)
    for (const k of [...rewrite].sort((x, y) => x - y)) {
      if (k < lists - 1) this.#putList(name, fid, k, s.pagePaths.all(fid, k * L, (k + 1) * L) as string[], null)
    }
    // The newest list: the newest main list, or without one the newest undated list.
    let newestList: string | null = null
    const newest = lists > 0 ? lists - 1 : undatedLists > 0 ? UNDATED_FROM + undatedLists - 1 : null
    if (newest !== null) {
      const older = (s.listPaths.all(fid, newest) as string[]).reverse()
      const pages = newest >= 0 ? (s.pagePaths.all(fid, newest * L, stable) as string[]) : undatedList(undatedLists - 1)
      newestList = this.#putList(name, fid, newest, pages, older)
    }
    for (const row of s.listsFrom.all(fid, lists) as { path: string }[]) this.#c.garbage.add(row.path)
    s.dropListsFrom.run(fid, lists)

    // The day files, from the newest article before the first list rewritten (its entries name lists and
    // pages, and places in lists): every older day's entry stands.
    const k0 = Math.min(Math.floor(i0First / L), ...rewrite, Math.max(lists - 1, 0))
    const since = k0 > 0 ? (s.pageLast.get(fid, k0 * L - 1) as { lt: number; lid: string } | undefined) : undefined
    const days = this.#days.update(name, fid, since ? { t: since.lt, id: since.lid } : null)

    const tags = s.facets.all(fid, this.#c.sizes.facetTags) as TagCount[]
    const head = this.#putHead(name, chunk, newestList, tags, days)
    if (feed.head !== head) {
      if (feed.head) this.#c.garbage.add(feed.head)
      s.setHead.run(head, fid)
    }
    return { count: n, head }
  }

  /**
   * Cuts the undated articles of a feed that also has dated ones into pages where undated-cuts.ts says, from
   * the stored page that holds the oldest undated member added or removed (all of them when `whole`), and
   * puts again the pages of undated articles changed in place. Returns how many undated pages the feed has
   * and the first one rewritten (null: none), counted from the oldest.
   */
  #undatedPages(name: string, fid: number, change: FeedChange | null, whole: boolean): { pages: number; from: number | null } {
    const s = this.#s
    const stored = s.undatedPageCount.get(fid) as number
    /** The stored undated page that holds `id`, or the first after it (undefined: none). */
    const pageOf = (id: string): number | undefined => {
      const i = s.undatedPageFrom.get(fid, UNDATED_TIME, id) as number | undefined
      return i === undefined ? undefined : i - UNDATED_FROM
    }
    const lastOf = (q: number): string => (q < 0 ? '' : (s.pageLast.get(fid, UNDATED_FROM + q) as { lid: string }).lid)
    let from: number | null = null
    // The oldest member added or removed is undated if any undated one was.
    if (whole || stored === 0) from = 0
    else if (change?.shift?.t === UNDATED_TIME) from = pageOf(change.shift.id) ?? stored - 1
    let pages = stored
    if (from !== null) {
      const cuts = undatedCuts(this.#c.sizes.page)
      let lastId = lastOf(from - 1)
      let i = from
      let page: Member[] = []
      for (;;) {
        const rows = s.undatedAfter.all(fid, UNDATED_TIME, lastId, CHUNK) as Member[]
        for (const row of rows) {
          page.push(row)
          if (endsUndatedPage(row.id, page.length, cuts)) {
            this.#putPage(name, fid, UNDATED_FROM + i++, page)
            page = []
          }
        }
        if (rows.length < CHUNK) break
        lastId = (rows.at(-1) as Member).id
      }
      if (page.length > 0) this.#putPage(name, fid, UNDATED_FROM + i++, page)
      for (const row of s.pagesBetween.all(fid, UNDATED_FROM + i, 0) as { path: string }[]) this.#c.garbage.add(row.path)
      s.dropPagesBetween.run(fid, UNDATED_FROM + i, 0)
      pages = i
    }
    // An article changed in place keeps its page's members, and so its cuts: its page is put again, unless
    // it was just cut again (from `cutFrom` on). `from` goes down with each page put, but says nothing of the
    // pages after it (a later edit's page below `cutFrom` was once skipped for it, and kept its old titles).
    const cutFrom = from
    const put = new Set<number>()
    for (const key of change?.edited ?? []) {
      const q = key.t === UNDATED_TIME ? pageOf(key.id) : undefined
      if (q === undefined || (cutFrom !== null && q >= cutFrom) || put.has(q)) continue
      put.add(q)
      this.#putPage(name, fid, UNDATED_FROM + q, s.undatedBetween.all(fid, UNDATED_TIME, lastOf(q - 1), lastOf(q)) as Member[])
      from = Math.min(from ?? q, q)
    }
    return { pages, from }
  }

  /** A feed with no undated pages of its own: those it had go. Returns as #undatedPages does. */
  #dropUndated(fid: number): { pages: number; from: number | null } {
    const s = this.#s
    const gone = [...(s.pagesBetween.all(fid, UNDATED_FROM, 0) as { path: string }[]), ...(s.listsBetween.all(fid, UNDATED_FROM, 0) as { path: string }[])]
    if (gone.length === 0) return { pages: 0, from: null }
    for (const row of gone) this.#c.garbage.add(row.path)
    s.dropPagesBetween.run(fid, UNDATED_FROM, 0)
    s.dropListsBetween.run(fid, UNDATED_FROM, 0)
    return { pages: 0, from: 0 }
  }

  /** A feed left with no article: its files go, and so does it. */
  #drop(fid: number, head: string | null): void {
    const s = this.#s
    if (head) this.#c.garbage.add(head)
    for (const row of s.pagesFrom.all(fid, UNDATED_FROM) as { path: string }[]) this.#c.garbage.add(row.path)
    for (const row of s.listsFrom.all(fid, UNDATED_FROM) as { path: string }[]) this.#c.garbage.add(row.path)
    s.dropPagesFrom.run(fid, UNDATED_FROM)
    s.dropListsFrom.run(fid, UNDATED_FROM)
    s.dropFeedTags.run(fid)
    s.dropFeedNames.run(fid)
    this.#days.drop(fid)
    s.dropFeed.run(fid)
  }

  /** The items' JSON, newest first. */
  #items(oldestFirst: readonly Member[]): string {
    const parts: string[] = []
    for (let j = oldestFirst.length - 1; j >= 0; j--) {
      // Items were checked with their articles (ArticleSchema holds every item field).
      parts.push(this.#s.item.get((oldestFirst[j] as Member).id) as string)
    }
    return `[${parts.join(',')}]`
  }

  #putPage(name: string, fid: number, i: number, oldestFirst: readonly Member[]): void {
    const path = `pages/${hashKey(this.#c.outputKey, name, 'page', oldestFirst.map((m) => m.path).join(','))}.json`
    const last = oldestFirst.at(-1) as Member
    const old = this.#s.pagePath.get(fid, i) as string | undefined
    if (old !== undefined && old !== path) this.#c.garbage.add(old)
    this.#s.putPage.run(fid, i, path, last.t, last.id)
    this.#c.folder.put(path, () => `{"items":${this.#items(oldestFirst)},"older":null,"tags":null}`)
  }

  /** Puts list `k` of the feed (its pages oldest first); the newest list also names the older ones (`older`, newest first). */
  #putList(name: string, fid: number, k: number, pages: string[], older: string[] | null): string {
    const newestFirst = [...pages].reverse()
    const json = JSON.stringify(PageListSchema.parse(older === null ? { pages: newestFirst } : { pages: newestFirst, lists: older }))
    const path = `pages/list-${hashKey(this.#c.outputKey, name, json)}.json`
    const old = this.#s.listPath.get(fid, k) as string | undefined
    if (old !== path) {
      if (old !== undefined) this.#c.garbage.add(old)
      this.#s.putList.run(fid, k, path)
    }
    this.#c.folder.put(path, () => json)
    return path
  }

  #putHead(name: string, oldestFirst: readonly Member[], older: string | null, tags: TagCount[], days: DayYear[]): string {
    const tail = `"older":${JSON.stringify(older)},"tags":${JSON.stringify(tags)},"days":${JSON.stringify(days)}`
    const path = `pages/${hashKey(this.#c.outputKey, name, 'head', oldestFirst.map((m) => m.path).join(','), tail)}.json`
    this.#c.folder.put(path, () => {
      FeedPageSchema.parse({ items: [], older, tags, days })
      return `{"items":${this.#items(oldestFirst)},${tail}}`
    })
    return path
  }
}

function statements(index: ArchiveIndex) {
  const db = index.db
  return {
    feed: db.prepare('SELECT fid, count, head FROM feeds WHERE name = ?'),
    firstPageFrom: db.prepare('SELECT i FROM pages WHERE fid = ? AND i >= 0 AND (lt, lid) >= (?, ?) ORDER BY lt, lid LIMIT 1').pluck(),
    pageCount: db.prepare('SELECT count(*) FROM pages WHERE fid = ? AND i >= 0').pluck(),
    undatedPageCount: db.prepare('SELECT count(*) FROM pages WHERE fid = ? AND i < 0').pluck(),
    undatedPageFrom: db.prepare('SELECT i FROM pages WHERE fid = ? AND i < 0 AND lt = ? AND lid >= ? ORDER BY lid LIMIT 1').pluck(),
    undatedCount: db.prepare('SELECT count(*) FROM members WHERE fid = ? AND t = ?').pluck(),
    lastUndated: db.prepare('SELECT id FROM members WHERE fid = ? AND t = ? ORDER BY id DESC LIMIT 1').pluck(),
    pageLast: db.prepare('SELECT lt, lid FROM pages WHERE fid = ? AND i = ?'),
    pagePath: db.prepare('SELECT path FROM pages WHERE fid = ? AND i = ?').pluck(),
    pagePaths: db.prepare('SELECT path FROM pages WHERE fid = ? AND i >= ? AND i < ? ORDER BY i').pluck(),
    putPage: db.prepare('INSERT INTO pages(fid, i, path, lt, lid) VALUES (?, ?, ?, ?, ?) ON CONFLICT(fid, i) DO UPDATE SET path = excluded.path, lt = excluded.lt, lid = excluded.lid'),
    pagesFrom: db.prepare('SELECT path FROM pages WHERE fid = ? AND i >= ?'),
    dropPagesFrom: db.prepare('DELETE FROM pages WHERE fid = ? AND i >= ?'),
    pagesBetween: db.prepare('SELECT path FROM pages WHERE fid = ? AND i >= ? AND i < ?'),
    dropPagesBetween: db.prepare('DELETE FROM pages WHERE fid = ? AND i >= ? AND i < ?'),
    listPath: db.prepare('SELECT path FROM lists WHERE fid = ? AND k = ?').pluck(),
    putList: db.prepare('INSERT INTO lists(fid, k, path) VALUES (?, ?, ?) ON CONFLICT(fid, k) DO UPDATE SET path = excluded.path'),
    listsFrom: db.prepare('SELECT path FROM lists WHERE fid = ? AND k >= ?'),
    listCount: db.prepare('SELECT count(*) FROM lists WHERE fid = ? AND k >= 0').pluck(),
    /** The lists before `k`, oldest first. */
    listPaths: db.prepare('SELECT path FROM lists WHERE fid = ? AND k < ? ORDER BY k').pluck(),
    dropListsFrom: db.prepare('DELETE FROM lists WHERE fid = ? AND k >= ?'),
    listsBetween: db.prepare('SELECT path FROM lists WHERE fid = ? AND k >= ? AND k < ?'),
    dropListsBetween: db.prepare('DELETE FROM lists WHERE fid = ? AND k >= ? AND k < ?'),
    membersFirst: db.prepare('SELECT t, id, path FROM members WHERE fid = ? ORDER BY t, id LIMIT ?'),
    membersAfter: db.prepare('SELECT t, id, path FROM members WHERE fid = ? AND (t, id) > (?, ?) ORDER BY t, id LIMIT ?'),
    undatedAfter: db.prepare('SELECT t, id, path FROM members WHERE fid = ? AND t = ? AND id > ? ORDER BY id LIMIT ?'),
    undatedBetween: db.prepare('SELECT t, id, path FROM members WHERE fid = ? AND t = ? AND id > ? AND id <= ? ORDER BY id'),
    facets: db.prepare('SELECT tag AS name, n AS count FROM feed_tags WHERE fid = ? AND n > 0 ORDER BY n DESC, tag LIMIT ?'),
    setHead: db.prepare('UPDATE feeds SET head = ? WHERE fid = ?'),
    dropFeedTags: db.prepare('DELETE FROM feed_tags WHERE fid = ?'),
    dropFeedNames: db.prepare('DELETE FROM feed_names WHERE fid = ?'),
    dropFeed: db.prepare('DELETE FROM feeds WHERE fid = ?'),
    item: db.prepare('SELECT item FROM articles WHERE id = ?').pluck(),
  }
}
