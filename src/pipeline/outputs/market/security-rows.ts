// Each security's stories as its stock page lists them (a story both writers posted once: twins.ts), with
// their time and category, in one table the market files read: per-day counts and co-mentions of one
// security (by secid, then by article id) and 热门 (by time). Kept in step with the stock feeds' members.
import type { ArchiveIndex } from '../../index/archive-index.ts'
import type { Touched } from '../../changes/apply-changes.ts'
import type { PlacedMove } from './twins.ts'

/** Bumped when the table's meaning changes: the next build fills it again from the stock feeds. */
const ROWS_VERSION = '1'

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
}
