// Each security's stories as its stock page lists them (a story both writers posted once: twins.ts), with
// their time and category, in one table the market files read (热门, by time); how many of them fall on
// each Beijing day (a security's history); and how many stories each pair of securities shares (its
// co-mentions). Kept in step with the stock feeds' members.
import { UNDATED_TIME } from '../../../content/order.ts'
import type { ArchiveIndex } from '../../index/archive-index.ts'
import type { Touched } from '../../changes/apply-changes.ts'
import { DAY_OF_T, dayOf } from './market-files.ts'
import type { PlacedMove } from './twins.ts'

/** Bumped when the tables' meaning changes: the next build fills them again from the stock feeds. */
const ROWS_VERSION = '3'

const securityOf = (feed: string): string | null => (feed.startsWith('s:') ? feed.slice(2) : null)

/** Applies the placements of a change set (after the feeds' members); runs inside the build's transaction. */
export function applySecurityRows(index: ArchiveIndex, placed: readonly PlacedMove[], touched: Touched): void {
  const db = index.db
  if (index.get('securityRows') !== ROWS_VERSION) {
    // A new index, or one from before the market view: filled from the stock feeds in one statement, and
    // every security's files made again.
    db.exec('DELETE FROM sec_members')
    db.exec(
      "INSERT INTO sec_members(secid, t, id, category) SELECT substr(f.name, 3), m.t, m.id, a.category FROM members m JOIN feeds f ON f.fid = m.fid JOIN articles a ON a.id = m.id WHERE f.name >= 's:' AND f.name < 's;'",
    )
    db.exec('DELETE FROM sec_with')
    db.exec('INSERT INTO sec_with(secid, other, n) SELECT a.secid, b.secid, count(*) FROM sec_members a JOIN sec_members b ON b.id = a.id AND b.secid != a.secid GROUP BY a.secid, b.secid')
    db.exec('DELETE FROM sec_days')
    db.prepare(`INSERT INTO sec_days(secid, day, n) SELECT secid, ${DAY_OF_T} AS day, count(*) FROM sec_members WHERE t != ? GROUP BY secid, day`).run(UNDATED_TIME)
    for (const secid of db.prepare('SELECT DISTINCT secid FROM sec_members').pluck().all() as string[]) touched.securities.add(secid)
    for (const secid of db.prepare('SELECT secid FROM sec_history').pluck().all() as string[]) touched.securities.add(secid)
    index.set('securityRows', ROWS_VERSION)
    return
  }
  const drop = db.prepare('DELETE FROM sec_members WHERE secid = ? AND t = ? AND id = ?')
  const add = db.prepare('INSERT OR REPLACE INTO sec_members(secid, t, id, category) VALUES (?, ?, ?, ?)')
  for (const { before } of placed) {
    if (!before) continue
    for (const feed of before.feeds) {
      const secid = securityOf(feed)
      if (secid !== null) drop.run(secid, before.record.t, before.record.id)
    }
  }
  for (const { after } of placed) {
    if (!after) continue
    for (const feed of after.feeds) {
      const secid = securityOf(feed)
      if (secid !== null) add.run(secid, after.record.t, after.record.id, after.record.item.category)
    }
  }
  // Co-mentions: each pair of an article's securities, one story less before and one more after; and each
  // security's day, likewise.
  const shared = new Map<string, number>()
  const daily = new Map<string, number>()
  const count = (feeds: readonly string[], t: number, by: number): void => {
    const secids = feeds.map(securityOf).filter((s): s is string => s !== null)
    for (const a of secids) {
      if (t !== UNDATED_TIME) {
        const day = `${a}\u0000${dayOf(t)}`
        daily.set(day, (daily.get(day) ?? 0) + by)
      }
      for (const b of secids) {
        const pair = `${a}\u0000${b}`
        if (a !== b) shared.set(pair, (shared.get(pair) ?? 0) + by)
      }
    }
  }
  for (const { before, after } of placed) {
    if (before) count(before.feeds, before.record.t, -1)
    if (after) count(after.feeds, after.record.t, 1)
  }
  bumpCounts(db, 'sec_with', 'other', shared, (b) => b)
  bumpCounts(db, 'sec_days', 'day', daily, Number)
}

/** Adds each change of `counts` (keyed secid NUL second key) to `table`, dropping the rows it takes to 0. */
function bumpCounts(db: ArchiveIndex['db'], table: 'sec_with' | 'sec_days', second: 'other' | 'day', counts: ReadonlyMap<string, number>, key: (text: string) => string | number): void {
  const bump = db.prepare(`INSERT INTO ${table}(secid, ${second}, n) VALUES (?, ?, ?) ON CONFLICT(secid, ${second}) DO UPDATE SET n = n + excluded.n`)
  const prune = db.prepare(`DELETE FROM ${table} WHERE secid = ? AND ${second} = ? AND n <= 0`)
  for (const [pair, by] of counts) {
    if (by === 0) continue
    const [secid, other] = pair.split('\u0000') as [string, string]
    bump.run(secid, key(other), by)
    if (by < 0) prune.run(secid, key(other))
  }
}
