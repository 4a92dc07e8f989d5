// A feed's day files (src/content/day-index.ts): for each Beijing year, the days with articles and where
// each day's newest article is (page, page list, place in the list), so a reader jumps to any day with
// two requests. Written after the feed's pages and lists, from them: a day whose newest article is older
// than every page the rebuild touched keeps its entry, so a new post recomputes only the last days
// (the pages of the newest page list), and only its year's file, and the next year's, change.
import { DayFileSchema, type DayEntry, type DayYear } from '../../../content/day-index.ts'
import { beijingDay, dayStart } from '../../../content/days.ts'
import { UNDATED_TIME } from '../../../content/order.ts'
import type { Key } from '../../changes/apply-changes.ts'
import type { ArchiveIndex } from '../../index/archive-index.ts'
import { hashKey } from '../../hash-key.ts'
import type { FeedContext } from '../feeds.ts'

/** A day's newest article and the page that holds it (none: nulls). */
interface NewestOfDay {
  t: number
  id: string
  i: number | null
  path: string | null
}

interface YearRow {
  year: string
  path: string
  json: string
  newest: string
  oldest: string
}

export class DayIndexWriter {
  readonly #c: FeedContext
  readonly #s: ReturnType<typeof statements>

  constructor(context: FeedContext) {
    this.#c = context
    this.#s = statements(context.index)
  }

  /**
   * Rewrites the day files of feed `name` whose days may have moved: every day from that of `since` (the
   * newest article before the first page list the rebuild rewrote; null: the whole feed). Call it once the
   * feed's pages and lists are in the index. Returns the feed's years, newest first.
   */
  update(name: string, fid: number, since: Key | null): DayYear[] {
    const s = this.#s
    const from = since && since.t !== UNDATED_TIME ? beijingDay(since.t) : null
    const fromYear = from?.slice(0, 4) ?? ''
    const rows = s.years.all(fid) as YearRow[]

    // The days from `from` on, newest first: one indexed step per day with articles, never a scan. A list
    // holds the pages of many days: each list's path is asked for once.
    const fresh = new Map<string, DayEntry[]>()
    const pages = s.pageCount.get(fid) as number
    const { list: L } = this.#c.sizes
    const lower = from ? dayStart(from) : UNDATED_TIME + 1
    const lists = new Map<number, string>()
    const listPath = (k: number): string => {
      let path = lists.get(k)
      if (path === undefined) lists.set(k, (path = s.listPath.get(fid, k) as string))
      return path
    }
    let bound = Number.MAX_SAFE_INTEGER
    for (;;) {
      const newest = s.newestDay.get({ fid, bound, lower }) as NewestOfDay | undefined
      if (!newest) break
      const day = beijingDay(newest.t)
      let entry: DayEntry = [day, null, null, null]
      if (newest.i !== null && newest.path !== null) {
        const k = Math.floor(newest.i / L)
        const lastInList = Math.min((k + 1) * L, pages) - 1
        entry = [day, newest.path, listPath(k), lastInList - newest.i]
      }
      const year = day.slice(0, 4)
      const days = fresh.get(year)
      if (days) days.push(entry)
      else fresh.set(year, [entry])
      bound = dayStart(day)
    }
    // `from`'s year keeps its days before `from`.
    const kept = rows.find((r) => r.year === fromYear)
    if (kept && from) {
      const older = DayFileSchema.parse(JSON.parse(kept.json)).days.filter(([day]) => day < from)
      if (older.length > 0) fresh.set(fromYear, [...(fresh.get(fromYear) ?? []), ...older])
    }

    for (const row of rows) {
      if (row.year < fromYear || fresh.has(row.year)) continue
      this.#c.garbage.add(row.path)
      s.dropYear.run(fid, row.year)
    }
    for (const [year, days] of fresh) {
      const json = JSON.stringify(DayFileSchema.parse({ days }))
      const path = `days/${hashKey(this.#c.outputKey, name, json)}.json`
      const old = rows.find((r) => r.year === year)
      if (old && old.path !== path) this.#c.garbage.add(old.path)
      if (old?.path !== path) s.putYear.run(fid, year, path, json, (days[0] as DayEntry)[0], (days.at(-1) as DayEntry)[0])
      this.#c.folder.put(path, () => json)
    }
    return (s.years.all(fid) as YearRow[]).reverse().map((r) => [r.newest, r.oldest, r.path])
  }

  /** A feed that is gone: its day files go too. */
  drop(fid: number): void {
    for (const row of this.#s.years.all(fid) as YearRow[]) this.#c.garbage.add(row.path)
    this.#s.dropAll.run(fid)
  }
}

function statements(index: ArchiveIndex) {
  const db = index.db
  return {
    years: db.prepare('SELECT year, path, json, newest, oldest FROM day_files WHERE fid = ? ORDER BY year'),
    putYear: db.prepare(
      'INSERT INTO day_files(fid, year, path, json, newest, oldest) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(fid, year) DO UPDATE SET path = excluded.path, json = excluded.json, newest = excluded.newest, oldest = excluded.oldest',
    ),
    dropYear: db.prepare('DELETE FROM day_files WHERE fid = ? AND year = ?'),
    dropAll: db.prepare('DELETE FROM day_files WHERE fid = ?'),
    /**
     * The newest article before `bound` (from `lower` on) and the page that holds it, the first whose last
     * article is not older: one statement a day. As three (the article, the page's number, its path) they
     * took 2.2 times as long, every day of the bench's million-post feeds.
     */
    newestDay: db.prepare(
      `SELECT m.t, m.id, p.i, p.path FROM (SELECT t, id FROM members WHERE fid = @fid AND t < @bound AND t >= @lower ORDER BY t DESC, id DESC LIMIT 1) m
       LEFT JOIN pages p ON p.fid = @fid AND p.i = (SELECT i FROM pages WHERE fid = @fid AND (lt, lid) >= (m.t, m.id) ORDER BY lt, lid LIMIT 1)`,
    ),
    /** The main pages (undated ones are numbered below 0, see feeds.ts). */
    pageCount: db.prepare('SELECT count(*) FROM pages WHERE fid = ? AND i >= 0').pluck(),
    listPath: db.prepare('SELECT path FROM lists WHERE fid = ? AND k = ?').pluck(),
  }
}
