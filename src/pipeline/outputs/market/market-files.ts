// The market view's files: each security's history (stories per Beijing day, the securities mentioned with
// it), rewritten only for the securities whose stories changed, and 热门 (the securities mentioned most in
// the 24 hours up to the archive's newest article, with a 30-day sparkline), one small file made again by
// every build (it moves with the newest article) and written only when its bytes change; and each
// category's 热门 (the 24 hours up to that category's newest article), made again only for the categories
// a change set touched or whose listed securities changed (their names).
import { CategoryHotSchema, HotSchema, SecurityHistorySchema, SPARK_DAYS, type CategoryHot, type Hot, type HotSecurity, type SecurityHistory } from '../../../content/market.ts'
import { UNDATED_TIME } from '../../../content/order.ts'
import type { Security } from '../../../content/lookup-schema.ts'
import { hashKey } from '../../hash-key.ts'
import type { ArchiveIndex } from '../../index/archive-index.ts'
import type { OutputFolder } from '../output-folder.ts'
import type { FeedChange } from '../../changes/apply-changes.ts'

/** A security's history holds its newest this many days with stories (three years of them). */
export const HISTORY_DAYS = 1100
/** And the securities mentioned with it most, this many. */
export const WITH_LIMIT = 30
/** 热门 lists this many securities, for the archive and for each category. */
export const HOT_LIMIT = 10

const DAY_MS = 86_400_000
/** Beijing is UTC+8 all year: a Beijing day number is the UTC day number of t + 8 hours. */
const BEIJING_MS = 8 * 3_600_000
export const dayOf = (t: number): number => Math.floor((t + BEIJING_MS) / DAY_MS)
/** dayOf in SQL, of the column `t`: division that rounds down for times before 1970 too. */
export const DAY_OF_T = `(t + ${BEIJING_MS} - CASE WHEN t + ${BEIJING_MS} < 0 THEN ${DAY_MS - 1} ELSE 0 END) / ${DAY_MS}`
const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

export interface MarketContext {
  index: ArchiveIndex
  folder: OutputFolder
  outputKey: string
  garbage: Set<string>
}

/** Remakes the history files of `secids` (those whose stories changed). */
export function writeHistories(c: MarketContext, secids: Iterable<string>): void {
  const db = c.index.db
  // Its stories by Beijing day, as counted in sec_days (security-rows.ts), and without a date.
  const perDay = db.prepare('SELECT day, n FROM sec_days WHERE secid = ? ORDER BY day DESC LIMIT ?').raw()
  const undatedCount = db.prepare('SELECT count(*) FROM sec_members WHERE secid = ? AND t = ?').pluck()
  const withOthers = db.prepare('SELECT other AS secid, n FROM sec_with WHERE secid = ? ORDER BY n DESC, other LIMIT ?')
  const current = db.prepare('SELECT path FROM sec_history WHERE secid = ?').pluck()
  const put = db.prepare('INSERT INTO sec_history(secid, path) VALUES (?, ?) ON CONFLICT(secid) DO UPDATE SET path = excluded.path')
  const drop = db.prepare('DELETE FROM sec_history WHERE secid = ?')
  for (const secid of secids) {
    const old = current.get(secid) as string | undefined
    const days = (perDay.all(secid, HISTORY_DAYS) as [number, number][]).reverse()
    const undated = undatedCount.get(secid, UNDATED_TIME) as number
    if (days.length === 0 && undated === 0) {
      if (old !== undefined) {
        c.garbage.add(old)
        drop.run(secid)
      }
      continue
    }
    const history: SecurityHistory = {
      secid,
      days: days.map(([day, n]) => [dayText(day), n]),
      undated,
      with: (withOthers.all(secid, WITH_LIMIT) as { secid: string; n: number }[]).map((r) => [r.secid, r.n]),
    }
    const json = JSON.stringify(SecurityHistorySchema.parse(history))
    const path = `lookups/h-${hashKey(c.outputKey, secid, json)}.json`
    c.folder.put(path, () => json)
    if (old !== path) {
      if (old !== undefined) c.garbage.add(old)
      put.run(secid, path)
    }
  }
}

/** Writes 热门 and returns its path (after the securities' entries: it shows their names). */
export function writeHot(c: MarketContext): string {
  const db = c.index.db
  const newest = db.prepare('SELECT t, date FROM articles WHERE t != ? ORDER BY t DESC, id DESC LIMIT 1').get(UNDATED_TIME) as { t: number; date: string } | undefined
  let hot: Hot = { until: null, all: [] }
  if (newest) {
    // The 24 hours that end with the newest article, that article included.
    const from = newest.t - DAY_MS
    const lastDay = dayOf(newest.t)
    const sparkFrom = (lastDay - SPARK_DAYS + 1) * DAY_MS - BEIJING_MS
    const spark = db.prepare('SELECT t FROM sec_members WHERE secid = ? AND t >= ? AND t <= ?').pluck()
    const nameOf = db.prepare('SELECT json FROM securities WHERE secid = ?').pluck()
    const entry = (secid: string, n: number): HotSecurity => {
      const days: number[] = Array.from({ length: SPARK_DAYS }, () => 0)
      for (const t of spark.all(secid, sparkFrom, newest.t) as number[]) {
        const i = dayOf(t) - (lastDay - SPARK_DAYS + 1)
        days[i] = (days[i] ?? 0) + 1
      }
      const json = nameOf.get(secid) as string | undefined
      const name = json ? (JSON.parse(json) as Security).name : secid
      return { secid, name, count: n, spark: days }
    }
    const all = db.prepare('SELECT secid, count(*) AS n FROM sec_members WHERE t > ? AND t <= ? GROUP BY secid ORDER BY n DESC, secid LIMIT ?').all(from, newest.t, HOT_LIMIT) as { secid: string; n: number }[]
    hot = { until: newest.date, all: all.map((r) => entry(r.secid, r.n)) }
  }
  const json = JSON.stringify(HotSchema.parse(hot))
  const path = `home/hot-${hashKey(c.outputKey, json)}.json`
  c.folder.put(path, () => json)
  return path
}

const nameIn = (json: string | undefined, secid: string): string => (json ? (JSON.parse(json) as Security).name : secid)

/**
 * Remakes the 热门 of the categories whose feed changed within what their 热门 reads (`changes`, by slug),
 * of those listing one of `securities` (a name may have changed), and of any category without one yet (a
 * new index); drops those of categories now empty. A category's 热门 is the 24 hours up to its newest
 * dated article and counts the articles its feed lists: its own copies, each with the securities it
 * mentions, those a twin lists for it in stock feeds included (the `hidden` feeds of the twins table).
 * Its sparklines come from counts kept by day (cat_hot_days), each counted again once a change reaches it.
 */
export function writeCategoryHot(c: MarketContext, changes: ReadonlyMap<string, FeedChange>, securities: ReadonlySet<string>): void {
  const db = c.index.db
  const rows = new Map(
    (db.prepare('SELECT slug, path, secids FROM cat_hot').all() as { slug: string; path: string | null; secids: string }[]).map((r) => [r.slug, r]),
  )
  const live = db.prepare("SELECT fid, substr(name, 3) AS slug FROM feeds WHERE name >= 'c:' AND name < 'c;' AND count > 0").all() as { fid: number; slug: string }[]
  const put = db.prepare('INSERT INTO cat_hot(slug, path, secids) VALUES (?, ?, ?) ON CONFLICT(slug) DO UPDATE SET path = excluded.path, secids = excluded.secids')
  const drop = db.prepare('DELETE FROM cat_hot WHERE slug = ?')
  forgetChangedDays(c, changes)
  const liveSlugs = new Set(live.map((f) => f.slug))
  for (const [slug, row] of rows) {
    if (liveSlugs.has(slug)) continue
    if (row.path !== null) c.garbage.add(row.path)
    drop.run(slug)
  }
  db.prepare('DELETE FROM cat_hot_days WHERE slug NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify([...liveSlugs]))
  const newestIn = db.prepare('SELECT m.t, a.date FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = ? AND m.t != ? ORDER BY m.t DESC, m.id DESC LIMIT 1')
  const window = db.prepare('SELECT t, id FROM members WHERE fid = ? AND t >= ? AND t <= ?')
  const listed = db.prepare('SELECT secid FROM sec_members WHERE id = ?').pluck()
  const hiddenOf = db.prepare('SELECT hidden FROM twins WHERE id = ?').pluck()
  const nameOf = db.prepare('SELECT json FROM securities WHERE secid = ?').pluck()
  const keptDay = db.prepare('SELECT counts FROM cat_hot_days WHERE slug = ? AND day = ?').pluck()
  const keepDay = db.prepare('INSERT INTO cat_hot_days(slug, day, counts) VALUES (?, ?, ?)')
  const dropOlder = db.prepare('DELETE FROM cat_hot_days WHERE slug = ? AND day < ?')
  /** The members of `fid` in [from, to], each with the securities it counts for. */
  const articlesIn = (fid: number, from: number, to: number): { t: number; secids: Set<string> }[] => {
    const articles: { t: number; secids: Set<string> }[] = []
    for (const { t, id } of window.all(fid, from, to) as { t: number; id: string }[]) {
      const secids = new Set(listed.all(id) as string[])
      const hidden = hiddenOf.get(id) as string | undefined
      if (hidden) for (const feed of JSON.parse(hidden) as string[]) if (feed.startsWith('s:')) secids.add(feed.slice(2))
      if (secids.size > 0) articles.push({ t, secids })
    }
    return articles
  }
  for (const { fid, slug } of live) {
    const row = rows.get(slug)
    const newest = newestIn.get(fid, UNDATED_TIME) as { t: number; date: string } | undefined
    const stale = row === undefined || reaches(changes.get(slug), newest) || (JSON.parse(row.secids) as string[]).some((secid) => securities.has(secid))
    if (!stale) continue
    const hot = newest
      ? categoryHot(
          slug,
          newest,
          articlesIn(fid, newest.t - DAY_MS + 1, newest.t),
          (day) => {
            const kept = keptDay.get(slug, day) as string | undefined
            if (kept !== undefined) return new Map(JSON.parse(kept) as [string, number][])
            const counts = new Map<string, number>()
            for (const { secids } of articlesIn(fid, day * DAY_MS - BEIJING_MS, (day + 1) * DAY_MS - BEIJING_MS - 1)) {
              for (const secid of secids) counts.set(secid, (counts.get(secid) ?? 0) + 1)
            }
            keepDay.run(slug, day, JSON.stringify([...counts]))
            return counts
          },
          (secid) => nameIn(nameOf.get(secid) as string | undefined, secid),
        )
      : null
    if (newest) dropOlder.run(slug, dayOf(newest.t) - SPARK_DAYS + 1)
    let path: string | null = null
    if (hot) {
      const json = JSON.stringify(CategoryHotSchema.parse(hot))
      path = `home/hot-c-${hashKey(c.outputKey, slug, json)}.json`
      c.folder.put(path, () => json)
    }
    if (row?.path && row.path !== path) c.garbage.add(row.path)
    put.run(slug, path, JSON.stringify(hot ? hot.items.map((i) => i.secid) : []))
  }
}

/**
 * Forgets the kept counts of every category day a change reached: the days of members added, removed or
 * changed in place, and every day from the oldest dated member added or removed (a whole feed rewritten:
 * all of them). Done for every change, whether or not its 热门 is made now, so a kept day is always its
 * members' count.
 */
function forgetChangedDays(c: MarketContext, changes: ReadonlyMap<string, FeedChange>): void {
  const db = c.index.db
  const all = db.prepare('DELETE FROM cat_hot_days WHERE slug = ?')
  const from = db.prepare('DELETE FROM cat_hot_days WHERE slug = ? AND day >= ?')
  const one = db.prepare('DELETE FROM cat_hot_days WHERE slug = ? AND day = ?')
  for (const [slug, change] of changes) {
    if (change.shift === null) {
      all.run(slug)
      continue
    }
    if (change.dated !== undefined) from.run(slug, dayOf(change.dated.t))
    for (const key of change.edited) if (key.t !== UNDATED_TIME) one.run(slug, dayOf(key.t))
  }
}

/** The first time a category's 热门 reads, given its newest dated article. */
function windowStart(newest: { t: number }): number {
  return (dayOf(newest.t) - SPARK_DAYS + 1) * DAY_MS - BEIJING_MS
}

/**
 * Whether a change of a category's feed can change its 热门. Members added or removed can move its newest
 * article, and with it the window; members edited in place (their time kept) change it only inside the
 * window: an old post edited, or an undated one, leaves the 热门 as it was (0.2 s a build at 100,000 posts).
 */
function reaches(change: FeedChange | undefined, newest: { t: number } | undefined): boolean {
  if (change === undefined) return false
  if (change.shift !== undefined || change.dated !== undefined || newest === undefined) return true
  const from = windowStart(newest)
  return change.edited.some((key) => key.t >= from)
}

/**
 * One category's 热门, given its newest dated article: its articles of the 24 hours up to it (`recent`) by how
 * many mention each security, each with its 30 days of counts (`dayCounts`, by Beijing day), or null if none.
 */
function categoryHot(
  slug: string,
  newest: { t: number; date: string },
  recent: readonly { t: number; secids: Set<string> }[],
  dayCounts: (day: number) => ReadonlyMap<string, number>,
  nameOf: (secid: string) => string,
): CategoryHot | null {
  const counts = new Map<string, number>()
  for (const { secids } of recent) for (const secid of secids) counts.set(secid, (counts.get(secid) ?? 0) + 1)
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, HOT_LIMIT)
  if (top.length === 0) return null
  const firstDay = dayOf(newest.t) - SPARK_DAYS + 1
  const days = Array.from({ length: SPARK_DAYS }, (_, i) => dayCounts(firstDay + i))
  const items: HotSecurity[] = top.map(([secid, count]) => ({ secid, name: nameOf(secid), count, spark: days.map((d) => d.get(secid) ?? 0) }))
  return { slug, until: newest.date, items }
}
