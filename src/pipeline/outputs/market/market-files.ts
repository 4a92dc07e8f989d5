// The market view's files: each security's history (stories per Beijing day, the securities mentioned with
// it), rewritten only for the securities whose stories changed, and 热门 (the securities mentioned most in
// the 24 hours up to the archive's newest article, with a 30-day sparkline), one small file made again by
// every build (it moves with the newest article) and written only when its bytes change.
import { SecurityHistorySchema, SPARK_DAYS, HotSchema, type HotSecurity, type SecurityHistory } from '../../../content/market.ts'
import { UNDATED_TIME } from '../../../content/order.ts'
import type { Security } from '../../../content/schema.ts'
import { hashKey } from '../../hash-key.ts'
import type { ArchiveIndex } from '../../index/archive-index.ts'
import type { OutputFolder } from '../output-folder.ts'

/** A security's history holds its newest this many days with stories (three years of them). */
export const HISTORY_DAYS = 1100
/** And the securities mentioned with it most, this many. */
export const WITH_LIMIT = 30
/** 热门 lists this many securities, for the archive and for each category. */
export const HOT_LIMIT = 10

const DAY_MS = 86_400_000
/** Beijing is UTC+8 all year: a Beijing day number is the UTC day number of t + 8 hours. */
const BEIJING_MS = 8 * 3_600_000
const dayOf = (t: number): number => Math.floor((t + BEIJING_MS) / DAY_MS)
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
  const times = db.prepare('SELECT t FROM sec_members WHERE secid = ? ORDER BY t').pluck()
  const withOthers = db.prepare(
    'SELECT b.secid, count(*) AS n FROM sec_members a JOIN sec_members b ON b.id = a.id AND b.secid != a.secid WHERE a.secid = ? GROUP BY b.secid ORDER BY n DESC, b.secid LIMIT ?',
  )
  const current = db.prepare('SELECT path FROM sec_history WHERE secid = ?').pluck()
  const put = db.prepare('INSERT INTO sec_history(secid, path) VALUES (?, ?) ON CONFLICT(secid) DO UPDATE SET path = excluded.path')
  const drop = db.prepare('DELETE FROM sec_history WHERE secid = ?')
  for (const secid of secids) {
    const old = current.get(secid) as string | undefined
    const days = new Map<number, number>()
    let undated = 0
    for (const t of times.iterate(secid) as Iterable<number>) {
      if (t === UNDATED_TIME) undated++
      else days.set(dayOf(t), (days.get(dayOf(t)) ?? 0) + 1)
    }
    if (days.size === 0 && undated === 0) {
      if (old !== undefined) {
        c.garbage.add(old)
        drop.run(secid)
      }
      continue
    }
    const history: SecurityHistory = {
      secid,
      days: [...days].slice(-HISTORY_DAYS).map(([day, n]) => [dayText(day), n]),
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
  let hot: { until: string | null; all: HotSecurity[]; categories: { slug: string; items: HotSecurity[] }[] } = { until: null, all: [], categories: [] }
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
    const byCategory = db.prepare('SELECT category, secid, count(*) AS n FROM sec_members WHERE t > ? AND t <= ? GROUP BY category, secid ORDER BY category, n DESC, secid').all(from, newest.t) as {
      category: string
      secid: string
      n: number
    }[]
    const categories = new Map<string, HotSecurity[]>()
    for (const row of byCategory) {
      const list = categories.get(row.category) ?? []
      if (list.length < HOT_LIMIT) list.push(entry(row.secid, row.n))
      categories.set(row.category, list)
    }
    hot = { until: newest.date, all: all.map((r) => entry(r.secid, r.n)), categories: [...categories].map(([slug, items]) => ({ slug, items })) }
  }
  const json = JSON.stringify(HotSchema.parse(hot))
  const path = `home/hot-${hashKey(c.outputKey, json)}.json`
  c.folder.put(path, () => json)
  return path
}
