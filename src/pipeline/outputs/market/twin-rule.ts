// When two articles are the same story ("twins"): the archive's two writers often post one Eastmoney story
// twice, once under 东财滚动新闻 with stock markup (id `202205302396506117`) and once under a media column
// (id `NW202205302396506117`). Decided on the real corpus (tests/pipeline/twins.test.ts):
//   1. the same Eastmoney number: the id, less a leading `NW`, is the same (7 pairs in the corpus);
//   2. else the same normalized title, in two different categories, both dated within 48 hours.
// The title rule needs two categories: one writer repeating a title (a daily column) is two stories. Text
// similarity (MinHash over the body) is not used: measured on the corpus (tests/pipeline/twins.test.ts),
// the only near-identical pairs the number misses are one writer's, and a flash and its update are more
// alike (0.80 Jaccard) than the least alike pair of twins (0.75).
import { compareIds } from '../../../content/order.ts'
import type { PostRecord } from '../article-files.ts'

/** Two dated copies further apart than this are two stories, whatever their titles say. */
export const TITLE_WINDOW_MS = 48 * 3600 * 1000

/** Titles shorter than this once normalized (公告, 快讯) say too little to join two articles. */
const MIN_TITLE_LENGTH = 8

/** The Eastmoney number in an id (`NW202205302396506117` → `202205302396506117`), or null. */
export function eastmoneyNumber(id: string): string | null {
  const match = /^(?:NW)?(\d{12,24})$/.exec(id)
  return match ? (match[1] as string) : null
}

/** A title without what writers vary: width, case, spaces, punctuation and symbols. */
export function normalizeTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')
}

/**
 * The 48-hour window a dated article falls in. A title key names it, so that the articles found under one
 * key stay few however often a title recurs over the years (a daily column): two copies within 48 hours
 * are in the same window or in adjacent ones.
 */
function windowOf(t: number): number {
  return Math.floor(t / TITLE_WINDOW_MS)
}

/** The keys an article is kept under, to be found as another's twin (an article has at most one of each). */
export function storyKeys(record: PostRecord): string[] {
  const keys: string[] = []
  const number = eastmoneyNumber(record.id)
  if (number) keys.push(`n:${number}`)
  const title = normalizeTitle(record.item.title)
  if (record.item.date !== null && title.length >= MIN_TITLE_LENGTH) keys.push(`t:${title}:${windowOf(record.t)}`)
  return keys
}

/** The keys under which an article's possible twins are found: its number, its title in three windows. */
export function candidateKeys(record: PostRecord): string[] {
  const keys: string[] = []
  for (const key of storyKeys(record)) {
    if (!key.startsWith('t:')) {
      keys.push(key)
      continue
    }
    const cut = key.lastIndexOf(':')
    const window = Number(key.slice(cut + 1))
    for (const w of [window - 1, window, window + 1]) keys.push(`${key.slice(0, cut)}:${w}`)
  }
  return keys
}

/**
 * Of story keys in key order (`[key, id]`), the ids that share a key with another, or whose title key has a
 * neighbour in the next window: every article that may have a twin.
 */
export function idsWithCandidates(rows: Iterable<[string, string]>): Set<string> {
  const found = new Set<string>()
  // The rows of one title are contiguous in key order (a normalized title has no ':'); windows within it
  // are in string order, so each title's windows are gathered, then compared as numbers.
  let group = ''
  let windows = new Map<number, string[]>()
  const flush = (): void => {
    for (const [w, ids] of windows) {
      if (ids.length > 1 || windows.has(w - 1) || windows.has(w + 1)) for (const id of ids) found.add(id)
    }
    windows = new Map()
  }
  for (const [key, id] of rows) {
    const cut = key.startsWith('t:') ? key.lastIndexOf(':') : key.length
    const head = key.slice(0, cut)
    if (head !== group) {
      flush()
      group = head
    }
    const w = cut < key.length ? Number(key.slice(cut + 1)) : 0
    const ids = windows.get(w)
    if (ids) ids.push(id)
    else windows.set(w, [id])
  }
  flush()
  return found
}

/** Whether `a` and `b` (two different articles sharing a story key) are the same story. */
export function areTwins(a: PostRecord, b: PostRecord): boolean {
  if (a.id === b.id) return false
  const number = eastmoneyNumber(a.id)
  if (number !== null && number === eastmoneyNumber(b.id)) return true
  if (a.item.date === null || b.item.date === null) return false
  if (a.item.category === b.item.category) return false
  if (Math.abs(a.t - b.t) > TITLE_WINDOW_MS) return false
  const title = normalizeTitle(a.item.title)
  return title.length >= MIN_TITLE_LENGTH && title === normalizeTitle(b.item.title)
}

/**
 * Which copy a mixed list shows (negative: `a`): the one with more stock mentions (the copy with Eastmoney's
 * stock markup), then the one whose id sorts first (`2022…` before `NW2022…`).
 */
export function compareCopies(a: PostRecord, b: PostRecord): number {
  return b.mentions.length - a.mentions.length || compareIds(a.id, b.id)
}

/**
 * Whether a feed lists every copy. A writer's category feed keeps its own copy; every other feed (all
 * articles, tags, stocks) spans writers and lists a story once.
 */
export function listsEveryCopy(feed: string): boolean {
  return feed.startsWith('c:')
}
