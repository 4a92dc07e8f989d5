// Where a feed's undated pages end. Undated articles have no date to keep a newcomer at one end: each lands
// among them by its id, anywhere (as a multiplied archive's `-<id>-<n>` names do). Pages cut every `page`
// articles from the oldest end then shift from there on: 2,709 undated pages rewritten for a scraper's 500
// new posts at a million, 35.6 MB of the 37.6 MB of pages. So their cuts are content-defined, as
// in content-defined chunking: a page ends after an article whose id says so, once the page holds at least
// half a page, or at four pages' worth. An article arriving or leaving then changes its own page and, where
// it moves a cut, the next one or two; every page after that is cut where it was.
import { fnv1a } from '../../../content/fnv1a.ts'

export interface UndatedCuts {
  /** Articles a page holds before an id may end it. */
  min: number
  /** One id in `chance` ends a page (from `min` on): pages average `min - 1 + chance` articles, about `page`. */
  chance: number
  /** No page holds more. */
  max: number
}

export function undatedCuts(page: number): UndatedCuts {
  const min = Math.ceil(page / 2)
  return { min, chance: page - min + 1, max: 4 * page }
}

/** Whether the undated page that `id` makes `length` articles long ends after it. */
export function endsUndatedPage(id: string, length: number, cuts: UndatedCuts): boolean {
  return length >= cuts.max || (length >= cuts.min && mixed(fnv1a(id)) % cuts.chance === 0)
}

/**
 * FNV-1a's low bits follow the last characters of ids that differ only there (`-<id>-1`, `-<id>-2`...), which
 * made pages a sixth shorter than they should be: murmur3's finalizer spreads every bit over all of them.
 */
function mixed(hash: number): number {
  let h = hash ^ (hash >>> 16)
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
