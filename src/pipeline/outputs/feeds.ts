// A feed's files: full pages of `page` articles cut from its oldest end, lists of up to `list` of those pages
// (the newest list also naming every older list), and the newest page (the rest, from `page` to 2 × `page` - 1
// articles) naming the newest list and the feed's tags. Undated articles, at the oldest end, are paged on
// their own (their last page may be short), so that a new one does not shift every dated page. Each file is
// named by a content key of what it holds. A feed is rewritten from its oldest member added or removed on,
// and on the pages of articles that changed in place; every other page stays.
import type { DayYear } from '../../content/day-index.ts'
import { UNDATED_TIME } from '../../content/order.ts'
import { FeedPageSchema, PageListSchema, type FeedRef, type TagCount } from '../../content/schema.ts'
import type { FeedChange, Key } from '../changes/apply-changes.ts'
import type { ArchiveIndex } from '../index/archive-index.ts'
import { hashKey } from '../hash-key.ts'
import { DayIndexWriter } from './feeds/day-index.ts'
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

export class FeedWriter {
  readonly #c: FeedContext
  readonly #s: ReturnType<typeof statements>
  readonly #days: DayIndexWriter

  constructor(context: FeedContext) {
    this.#c = context
    this.#s = statements(context.index)
    this.#days = new DayIndexWriter(context)
  }

  /** Rewrites what `change` changed of the feed `name` (null: all of it) and returns its reference. */
  rebuild(name: string, change: FeedChange | null): FeedRef {
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
    // Undated articles (the oldest end of every feed, see src/content/order.ts) have pages of their own,
    // so that one arriving, which happens in any batch of new posts, moves no dated page: without this
    // rule each one shifted every page of its feeds (every page of "all" at a million posts).
    const U = s.undatedCount.get(fid, UNDATED_TIME) as number
    const segmented = U > 0 && U < n
    const undatedPages = segmented ? Math.ceil(U / P) : 0
    const stable = segmented ? undatedPages + Math.max(Math.floor((n - U) / P) - 1, 0) : Math.max(Math.floor(n / P) - 1, 0)
    /** Where page i starts in the feed: the pages before `stable` are cut there, the newest page holds the rest. */
    const start = (i: number): number => (i < undatedPages ? i * P : (segmented ? U : 0) + (i - undatedPages) * P)
    const storedPages = s.pageCount.get(fid) as number
    /** The stored page that holds `key`, or the first after it (the stored count when there is none). */
    const pageOf = (key: Key): number => (s.firstPageFrom.get(fid, key.t, key.id) as number | undefined) ?? storedPages

    // The pages to rewrite, as ranges [from, to). First, from the page of the oldest member added or removed:
    // every page after it shifts.
    const shift = change === null ? null : change.shift
    let i0 = shift === undefined ? storedPages : shift === null ? 0 : pageOf(shift)
    // The pages before i0 are kept only where they were cut as this layout cuts them: the last undated page
    // must end at the last undated article (else the feed just gained or lost its undated or dated part).
    if (i0 > 0 && U > 0) {
      const lastUndated = s.lastUndated.get(fid, UNDATED_TIME) as string
      const edge = segmented ? (s.pageLast.get(fid, undatedPages - 1) as { lt: number; lid: string } | undefined) : undefined
      if (!edge || edge.lt !== UNDATED_TIME || edge.lid !== lastUndated) i0 = 0
    }
    i0 = Math.min(i0, stable)
    const ranges: [number, number][] = []
    // When only undated articles came or went before the oldest dated change, and they fill as many pages
    // as before, the dated pages start where they did: those before that change stay.
    if (shift?.t === UNDATED_TIME && segmented && i0 < undatedPages && this.#undatedPagesWere(fid, undatedPages)) {
      ranges.push([i0, undatedPages])
      i0 = Math.max(undatedPages, Math.min(change?.dated ? pageOf(change.dated) : storedPages, stable))
    }
    ranges.push([i0, stable])
    // Then each page that an article changed in place on.
    for (const key of change?.edited ?? []) {
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
    let chunk: Member[] = []
    for (const [a, b] of merged) {
      const toEnd = b >= stable
      const end = toEnd ? Infinity : start(b)
      const after = a > 0 ? (s.pageLast.get(fid, a - 1) as { lt: number; lid: string } | undefined) : undefined
      let cursor: Key | null = after ? { t: after.lt, id: after.lid } : null
      let m = start(a)
      let i = a
      chunk = []
      while (m < end) {
        const limit = Math.min(CHUNK, end - m)
        const rows = (cursor ? s.membersAfter.all(fid, cursor.t, cursor.id, limit) : s.membersFirst.all(fid, limit)) as Member[]
        for (const row of rows) {
          chunk.push(row)
          m++
          if (i < stable && m === start(i + 1)) {
            this.#putPage(name, fid, i++, chunk)
            chunk = []
          }
        }
        const last = rows.at(-1)
        if (!last || rows.length < limit) break
        cursor = { t: last.t, id: last.id }
      }
    }
    const i0First = (merged[0] as [number, number])[0]
    for (const row of s.pagesFrom.all(fid, stable) as { path: string }[]) this.#c.garbage.add(row.path)
    s.dropPagesFrom.run(fid, stable)

    // Lists of the full pages: those holding a page rewritten, and the newest, which names the older lists (so
    // an old page changed renames its list, the newest list and the head, not every list newer than its own).
    const lists = Math.ceil(stable / L)
    const storedLists = s.listCount.get(fid) as number
    const rewrite = new Set<number>()
    for (const [a, b] of merged) for (let k = Math.floor(a / L); k * L < Math.min(b, stable); k++) rewrite.add(k)
    // The last stored list was the newest, which names the others: it is written again as a plain list.
    for (let k = Math.max(0, Math.min(storedLists, lists) - 1); k < lists - 1; k++) rewrite.add(k)
    for (const k of [...rewrite].sort((x, y) => x - y)) {
      if (k < lists - 1) this.#putList(name, fid, k, s.pagePaths.all(fid, k * L, (k + 1) * L) as string[], null)
    }
    let newestList: string | null = null
    if (lists > 0) {
      const older = (s.listPaths.all(fid, lists - 1) as string[]).reverse()
      newestList = this.#putList(name, fid, lists - 1, s.pagePaths.all(fid, (lists - 1) * L, stable) as string[], older)
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
   * Whether the stored pages cut the undated articles into `pages` pages, as this layout does, with the
   * dated pages (if any are stored) after them.
   */
  #undatedPagesWere(fid: number, pages: number): boolean {
    const last = this.#s.pageLast.get(fid, pages - 1) as { lt: number } | undefined
    const next = this.#s.pageLast.get(fid, pages) as { lt: number } | undefined
    return last?.lt === UNDATED_TIME && (next === undefined || next.lt !== UNDATED_TIME)
  }

  /** A feed left with no article: its files go, and so does it. */
  #drop(fid: number, head: string | null): void {
    const s = this.#s
    if (head) this.#c.garbage.add(head)
    for (const row of s.pagesFrom.all(fid, 0) as { path: string }[]) this.#c.garbage.add(row.path)
    for (const row of s.listsFrom.all(fid, 0) as { path: string }[]) this.#c.garbage.add(row.path)
    s.dropPagesFrom.run(fid, 0)
    s.dropListsFrom.run(fid, 0)
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
    firstPageFrom: db.prepare('SELECT i FROM pages WHERE fid = ? AND (lt, lid) >= (?, ?) ORDER BY lt, lid LIMIT 1').pluck(),
    pageCount: db.prepare('SELECT count(*) FROM pages WHERE fid = ?').pluck(),
    undatedCount: db.prepare('SELECT count(*) FROM members WHERE fid = ? AND t = ?').pluck(),
    lastUndated: db.prepare('SELECT id FROM members WHERE fid = ? AND t = ? ORDER BY id DESC LIMIT 1').pluck(),
    pageLast: db.prepare('SELECT lt, lid FROM pages WHERE fid = ? AND i = ?'),
    pagePath: db.prepare('SELECT path FROM pages WHERE fid = ? AND i = ?').pluck(),
    pagePaths: db.prepare('SELECT path FROM pages WHERE fid = ? AND i >= ? AND i < ? ORDER BY i').pluck(),
    putPage: db.prepare('INSERT INTO pages(fid, i, path, lt, lid) VALUES (?, ?, ?, ?, ?) ON CONFLICT(fid, i) DO UPDATE SET path = excluded.path, lt = excluded.lt, lid = excluded.lid'),
    pagesFrom: db.prepare('SELECT path FROM pages WHERE fid = ? AND i >= ?'),
    dropPagesFrom: db.prepare('DELETE FROM pages WHERE fid = ? AND i >= ?'),
    listPath: db.prepare('SELECT path FROM lists WHERE fid = ? AND k = ?').pluck(),
    putList: db.prepare('INSERT INTO lists(fid, k, path) VALUES (?, ?, ?) ON CONFLICT(fid, k) DO UPDATE SET path = excluded.path'),
    listsFrom: db.prepare('SELECT path FROM lists WHERE fid = ? AND k >= ?'),
    listCount: db.prepare('SELECT count(*) FROM lists WHERE fid = ?').pluck(),
    /** The lists before `k`, oldest first. */
    listPaths: db.prepare('SELECT path FROM lists WHERE fid = ? AND k < ? ORDER BY k').pluck(),
    dropListsFrom: db.prepare('DELETE FROM lists WHERE fid = ? AND k >= ?'),
    membersFirst: db.prepare('SELECT t, id, path FROM members WHERE fid = ? ORDER BY t, id LIMIT ?'),
    membersAfter: db.prepare('SELECT t, id, path FROM members WHERE fid = ? AND (t, id) > (?, ?) ORDER BY t, id LIMIT ?'),
    facets: db.prepare('SELECT tag AS name, n AS count FROM feed_tags WHERE fid = ? AND n > 0 ORDER BY n DESC, tag LIMIT ?'),
    setHead: db.prepare('UPDATE feeds SET head = ? WHERE fid = ?'),
    dropFeedTags: db.prepare('DELETE FROM feed_tags WHERE fid = ?'),
    dropFeedNames: db.prepare('DELETE FROM feed_names WHERE fid = ?'),
    dropFeed: db.prepare('DELETE FROM feeds WHERE fid = ?'),
    item: db.prepare('SELECT item FROM articles WHERE id = ?').pluck(),
  }
}
