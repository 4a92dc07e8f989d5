// The order of every list of articles, one rule for the pipeline (which sorts, pages and stores it in its
// index) and the app: newest first, undated posts last, ties by id. A total order, since ids are unique.
import { timeValue } from './beijing-time.ts'

/** The sort time of an undated post: earlier than any date, so it comes last when newest come first. */
export const UNDATED_TIME = -8_640_000_000_000_000

/** Milliseconds since the epoch for sorting; UNDATED_TIME without a date. An integer, as the index stores it. */
export function sortTime(date: string | null): number {
  const t = timeValue(date)
  return Number.isFinite(t) ? t : UNDATED_TIME
}

/**
 * Ids in Unicode code point order, which is also the byte order of their UTF-8 (the order SQLite's index
 * keeps): UTF-16 code units order surrogates (U+D800–DFFF) below U+E000–FFFF, code points do not.
 */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000
  if (unit >= 0xe000) return unit - 0x800
  return unit
}

/** Older first: by sort time, then id. Lists show the reverse; pages are cut from this end. */
export function olderFirst(a: { t: number; id: string }, b: { t: number; id: string }): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1
  return compareIds(a.id, b.id)
}

/** Newest first, for lists of articles with their dates. */
export function newestFirst(a: { date: string | null; id: string }, b: { date: string | null; id: string }): number {
  return olderFirst({ t: sortTime(b.date), id: b.id }, { t: sortTime(a.date), id: a.id })
}
