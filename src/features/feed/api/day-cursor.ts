// Where a jump to a date starts reading a feed (src/content/day-index.ts): apart from the feed's own
// cursor code (feed-query.ts) so that the feed route's first load does not carry it.
import type { PageList } from '../../../content/schema.ts'
import type { FeedCursor } from './feed-query.ts'

/**
 * The cursor at page `pos` of `list` (a day file's entry, src/content/day-index.ts): that page and the rest of
 * the list, then the lists older than it, which the feed's newest list names (`newest`: its path and
 * contents). Null when the newest list does not name `list` (data of another build).
 */
export function cursorInList(list: string, named: PageList, pos: number, newest: { path: string; list: PageList } | null): FeedCursor | null {
  const older = (newest ?? { list: named }).list.lists ?? []
  const at = newest === null || newest.path === list ? -1 : older.indexOf(list)
  if (newest !== null && newest.path !== list && at === -1) return null
  return { pages: named.pages.slice(pos), lists: older.slice(at + 1) }
}
