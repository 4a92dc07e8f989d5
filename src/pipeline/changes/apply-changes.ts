// Applies a change set to the index: the posts' rows, which post each id is published from, and every
// feed's members. Returns what that touched, from which the outputs know what to rewrite: each feed's
// oldest member added or removed (from which its pages shift) and the members whose article changed in
// place, the look-up entries whose article or neighbours changed, the securities whose articles changed.
// Runs inside the build's transaction.
import { compareIds, olderFirst, UNDATED_TIME } from '../../content/order.ts'
import type { Mention } from '../../content/schema.ts'
import type { ArchiveIndex } from '../index/archive-index.ts'
import type { PostRecord } from '../outputs/article-files.ts'
import type { ReadOutcome } from '../read/read-posts.ts'
import type { ListedFile } from '../listing/post-listing.ts'
import { applySecurityRows } from '../outputs/market/security-rows.ts'
import { placeStories, type PlacedMove, type Placement } from '../outputs/market/twins.ts'
import type { ChangeSet } from './change-set.ts'

/** A position in a feed: older first by sort time, then id (src/content/order.ts). */
export interface Key {
  t: number
  id: string
}

/**
 * What changed in one feed. Its pages are cut from its oldest end, so a member added or removed shifts every
 * page after it, while an article that changed in place (same feed, same key) changes only its own page.
 */
export interface FeedChange {
  /** The oldest member added or removed; null: the whole feed is rewritten; undefined: none. */
  shift?: Key | null
  /** The oldest dated member added or removed: undated members are paged apart, before the dated ones. */
  dated?: Key
  /** Members whose article changed while their place did not. */
  edited: Key[]
}

/** How many republished ids a change set names (Touched.republished). */
export const REPUBLISHED_NAMED = 16

export interface Touched {
  /** Feed name → what changed in it. */
  feeds: Map<string, FeedChange>
  /** Ids whose look-up entry may differ: changed articles and their old and new neighbours. */
  entries: Set<string>
  /** Securities whose articles changed. */
  securities: Set<string>
  /** Output files whose owner now names another (or none). */
  garbage: Set<string>
  /**
   * Ids now published from another post or article file than before (new, edited, or another of their
   * claimants elected): the first REPUBLISHED_NAMED of them, so that the site build can start their pages
   * while the rest is done. A build with more renders on every core anyway.
   */
  republished: string[]
  /** Renames: a removed file whose exact bytes reappear under a new name. */
  renamed: { from: string; to: string }[]
}

interface PostRow {
  file: string
  hash: string
  id: string | null
  reasons: string
  record: string | null
}

/** The feeds an article is in. */
export function feedsOf(record: PostRecord): string[] {
  const names = ['all', `c:${record.item.category}`]
  for (const tag of new Set(record.item.tags)) names.push(`t:${tag}`)
  for (const secid of new Set(record.mentions.map((m) => m.secid))) names.push(`s:${secid}`)
  return names
}

/** Which of the files claiming one id is published: the one read most fully, then the first by name. */
function elect(rows: { file: string; reasons: string[] }[]): number {
  let best = 0
  rows.forEach((row, i) => {
    const b = rows[best] as { file: string; reasons: string[] }
    if (row.reasons.length < b.reasons.length || (row.reasons.length === b.reasons.length && row.file < b.file)) best = i
  })
  return best
}

const olderKey = (a: Key, b: Key): boolean => a.t < b.t || (a.t === b.t && compareIds(a.id, b.id) < 0)

/** Notes a change in feed `name`: a member added or removed at `key` (null: everything), or changed in place. */
export function touchFeed(touched: Touched, name: string, key: Key | null, inPlace = false): void {
  let change = touched.feeds.get(name)
  if (!change) touched.feeds.set(name, (change = { edited: [] }))
  if (key !== null && inPlace) {
    change.edited.push(key)
    return
  }
  if (change.shift === null) return
  if (key === null) {
    change.shift = null
    return
  }
  if (change.shift === undefined || olderKey(key, change.shift)) change.shift = key
  if (key.t !== UNDATED_TIME && (change.dated === undefined || olderKey(key, change.dated))) change.dated = key
}

/** What a build that applies its change set in parts carries from one part to the next. */
export interface ApplyState {
  touched: Touched
  /** Hash → removed file: a file read in a later part with those bytes is a rename. */
  gone: Map<string, string>
}

export function newApplyState(): ApplyState {
  return { touched: { feeds: new Map(), entries: new Set(), securities: new Set(), garbage: new Set(), republished: [], renamed: [] }, gone: new Map() }
}

/**
 * Applies `changes` (its removals and listing problems, and the `outcomes` of the files it read) and adds
 * what that touched to `state`. A large change set is applied in parts, each a change set of its own
 * against the index as the part before left it, so the records of one part only are ever in memory.
 * `ensureArticle` makes sure a post's article file is on disk: a post that lost its id to another file had
 * its article removed, and needs it again when it wins the id back.
 */
export function applyChanges(
  index: ArchiveIndex,
  changes: Pick<ChangeSet, 'removed' | 'problems' | 'full'>,
  outcomes: readonly ReadOutcome[],
  listed: ReadonlyMap<string, ListedFile>,
  ensureArticle: (file: string, path: string) => void,
  state: ApplyState = newApplyState(),
): Touched {
  const db = index.db
  const { touched, gone } = state
  const getPost = db.prepare('SELECT file, hash, id, reasons, record FROM posts WHERE file = ?')
  const deletePost = db.prepare('DELETE FROM posts WHERE file = ?')
  const putPost = db.prepare(
    'INSERT INTO posts(file, size, mtime, hash, id, reasons, record) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(file) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, hash = excluded.hash, id = excluded.id, reasons = excluded.reasons, record = excluded.record',
  )
  const claims = db.prepare('SELECT file, reasons, record FROM posts WHERE id = ?')
  const getArticle = db.prepare('SELECT file, path FROM articles WHERE id = ?')
  const putArticle = db.prepare(
    'INSERT INTO articles(id, file, t, title, date, category, path, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET file = excluded.file, t = excluded.t, title = excluded.title, date = excluded.date, category = excluded.category, path = excluded.path, item = excluded.item',
  )
  const deleteArticle = db.prepare('DELETE FROM articles WHERE id = ?')

  const affected = new Set<string>()
  /** The records rows held before this change set replaced them: what a published article was. */
  const was = new Map<string, string>()
  const remember = (row: PostRow): void => {
    if (row.record !== null && !was.has(row.file)) was.set(row.file, row.record)
  }
  const dropRow = (file: string): void => {
    const row = getPost.get(file) as PostRow | undefined
    if (!row) return
    remember(row)
    if (row.id !== null) affected.add(row.id)
    if (row.record !== null) touched.garbage.add((JSON.parse(row.record) as PostRecord).item.path)
    if (row.hash) gone.set(row.hash, file)
    deletePost.run(file)
  }
  for (const file of changes.removed) dropRow(file)

  for (const outcome of outcomes) {
    const f = listed.get(outcome.file)
    if (!f) continue
    const old = getPost.get(outcome.file) as PostRow | undefined
    if (old) remember(old)
    if (old?.id) affected.add(old.id)
    const record = outcome.record
    if (old?.record && (!record || (JSON.parse(old.record) as PostRecord).item.path !== record.item.path)) {
      touched.garbage.add((JSON.parse(old.record) as PostRecord).item.path)
    }
    if (!old) {
      const from = gone.get(outcome.hash)
      if (from) touched.renamed.push({ from, to: outcome.file })
    }
    if (record) {
      affected.add(record.id)
      putPost.run(outcome.file, f.size, f.mtimeMs, outcome.hash, record.id, JSON.stringify(record.reasons), JSON.stringify(record))
    } else {
      putPost.run(outcome.file, f.size, f.mtimeMs, outcome.hash, null, JSON.stringify(outcome.reasons), null)
    }
  }

  // Entries that are not files: kept as rows (size -1) so the report names them on every run.
  if (changes.full) {
    const listedProblems = new Set(changes.problems.map((p) => p.file))
    for (const row of db.prepare('SELECT file FROM posts WHERE size = -1').all() as { file: string }[]) {
      if (!listedProblems.has(row.file)) deletePost.run(row.file)
    }
  }
  for (const p of changes.problems) {
    // A post that turned into something unreadable (a dangling link, a FIFO...) leaves its feeds first.
    dropRow(p.file)
    putPost.run(p.file, -1, -1, '', null, JSON.stringify(p.reasons), null)
  }

  // Each affected id: the post it is published from now, against the one it was published from.
  const moves: { before: PostRecord | null; after: PostRecord | null }[] = []
  for (const id of affected) {
    const rows = (claims.all(id) as { file: string; reasons: string; record: string }[]).map((r) => ({ file: r.file, reasons: JSON.parse(r.reasons) as string[], record: r.record }))
    const winner = rows.length > 0 ? rows[elect(rows)] : undefined
    // Only the kept post of an id is published: the others' article files go.
    for (const row of rows) if (row !== winner) touched.garbage.add((JSON.parse(row.record) as PostRecord).item.path)
    const current = getArticle.get(id) as { file: string; path: string } | undefined
    const after = winner ? (JSON.parse(winner.record) as PostRecord) : null
    if (current && after && current.file === after.file && current.path === after.item.path) continue
    if (after) ensureArticle(after.file, after.item.path)
    // The published post's record as it was: from the row this change set replaced, else its row as it is.
    const beforeJson = current ? (was.get(current.file) ?? (getPost.get(current.file) as PostRow | undefined)?.record ?? null) : null
    const before = beforeJson ? (JSON.parse(beforeJson) as PostRecord) : null
    if (!before && !after) continue
    moves.push({ before, after })
    if (after) {
      putArticle.run(id, after.file, after.t, after.item.title, after.item.date, after.item.category, after.item.path, JSON.stringify(after.item))
      if (touched.republished.length < REPUBLISHED_NAMED) touched.republished.push(id)
    } else deleteArticle.run(id)
  }
  // In feed order (older first), so each feed's members are appended where the last one went: index pages
  // stay in the cache instead of being read from disk again for every post of a large cold build.
  // Twins: a story is listed once in feeds that span writers, so a change re-places its twins too.
  const placed = placeStories(index, moves, feedsOf)
  const keyOf = (m: PlacedMove): Key => ((m.after ?? m.before) as Placement).record
  placed.sort((a, b) => olderFirst(keyOf(a), keyOf(b)))
  applyMembers(index, placed, touched)
  applySecurityRows(index, placed, touched)
  return touched
}

/** Feed ids by name, made on first use. */
export class FeedIds {
  readonly #get: ReturnType<ArchiveIndex['db']['prepare']>
  readonly #make: ReturnType<ArchiveIndex['db']['prepare']>
  readonly #known = new Map<string, number>()
  constructor(index: ArchiveIndex) {
    this.#get = index.db.prepare('SELECT fid FROM feeds WHERE name = ?')
    this.#make = index.db.prepare('INSERT INTO feeds(name, count, head) VALUES (?, 0, NULL)')
  }
  of(name: string): number {
    let fid = this.#known.get(name)
    if (fid === undefined) {
      const row = this.#get.get(name) as { fid: number } | undefined
      fid = row ? row.fid : Number(this.#make.run(name).lastInsertRowid)
      this.#known.set(name, fid)
    }
    return fid
  }
}

/** Moves each changed article out of its old feeds and into its new ones, and counts the tags of each feed. */
function applyMembers(index: ArchiveIndex, moves: readonly PlacedMove[], touched: Touched): void {
  const db = index.db
  const fids = new FeedIds(index)
  const removeMember = db.prepare('DELETE FROM members WHERE fid = ? AND t = ? AND id = ?')
  const addMember = db.prepare('INSERT INTO members(fid, t, id, path, note) VALUES (?, ?, ?, ?, ?)')
  const counts = new Map<number, number>()
  const tagCounts = new Map<number, Map<string, number>>()
  const count = (fid: number, tags: readonly string[], by: number): void => {
    counts.set(fid, (counts.get(fid) ?? 0) + by)
    let perTag = tagCounts.get(fid)
    if (!perTag) tagCounts.set(fid, (perTag = new Map<string, number>()))
    for (const tag of new Set(tags)) perTag.set(tag, (perTag.get(tag) ?? 0) + by)
  }
  /** Category positions to look around once every member is in place: their neighbours' entries change. */
  const around: { fid: number; key: Key }[] = []
  /** What a stock feed keeps of the article: its mention of the security (none in other feeds). */
  const mentionIn = (record: PostRecord, name: string): Mention | undefined => {
    if (!name.startsWith('s:')) return undefined
    const secid = name.slice(2)
    return record.mentions.find((m: Mention) => m.secid === secid)
  }
  // How often each stock feed's articles name its security each way (written or by its code).
  const nameCounts = new Map<string, { fid: number; written: number; name: string; n: number }>()
  const countName = (fid: number, mention: Mention | undefined, by: number): void => {
    if (!mention) return
    const written = mention.name !== mention.code ? 1 : 0
    const key = `${fid}\u0000${written}\u0000${mention.name}`
    const counted = nameCounts.get(key)
    if (counted) counted.n += by
    else nameCounts.set(key, { fid, written, name: mention.name, n: by })
  }
  for (const move of moves) {
    // The feeds the article stays in at the same place: their pages do not shift, one of them changes.
    const inPlace = new Set<string>()
    if (move.before && move.after && move.before.record.t === move.after.record.t && move.before.record.id === move.after.record.id) {
      const after = new Set(move.after.feeds)
      for (const name of move.before.feeds) if (after.has(name)) inPlace.add(name)
    }
    if (move.before) {
      const before = move.before.record
      const key = { t: before.t, id: before.id }
      for (const name of move.before.feeds) {
        const fid = fids.of(name)
        removeMember.run(fid, key.t, key.id)
        count(fid, before.item.tags, -1)
        countName(fid, mentionIn(before, name), -1)
        if (!inPlace.has(name)) touchFeed(touched, name, key)
        if (name.startsWith('c:')) around.push({ fid, key })
      }
      touched.entries.add(before.id)
      for (const m of before.mentions) touched.securities.add(m.secid)
    }
    if (move.after) {
      const after = move.after.record
      const key = { t: after.t, id: after.id }
      for (const name of move.after.feeds) {
        const fid = fids.of(name)
        const mention = mentionIn(after, name)
        addMember.run(fid, key.t, key.id, move.after.memberKey, mention ? JSON.stringify(mention) : null)
        count(fid, after.item.tags, 1)
        countName(fid, mention, 1)
        touchFeed(touched, name, key, inPlace.has(name))
        if (name.startsWith('c:')) around.push({ fid, key })
      }
      touched.entries.add(after.id)
      for (const m of after.mentions) touched.securities.add(m.secid)
    }
  }
  const older = db.prepare('SELECT id FROM members WHERE fid = ? AND (t, id) < (?, ?) ORDER BY t DESC, id DESC LIMIT 1').pluck()
  const newer = db.prepare('SELECT id FROM members WHERE fid = ? AND (t, id) > (?, ?) ORDER BY t, id LIMIT 1').pluck()
  for (const { fid, key } of around) {
    const o = older.get(fid, key.t, key.id) as string | undefined
    const n = newer.get(fid, key.t, key.id) as string | undefined
    if (o !== undefined) touched.entries.add(o)
    if (n !== undefined) touched.entries.add(n)
  }
  const addCount = db.prepare('UPDATE feeds SET count = count + ? WHERE fid = ?')
  for (const [fid, by] of counts) if (by !== 0) addCount.run(by, fid)
  const addTag = db.prepare('INSERT INTO feed_tags(fid, tag, n) VALUES (?, ?, ?) ON CONFLICT(fid, tag) DO UPDATE SET n = n + excluded.n')
  const dropTag = db.prepare('DELETE FROM feed_tags WHERE fid = ? AND tag = ? AND n <= 0')
  for (const [fid, perTag] of tagCounts) {
    for (const [tag, by] of perTag) {
      if (by === 0) continue
      addTag.run(fid, tag, by)
      if (by < 0) dropTag.run(fid, tag)
    }
  }
  const addName = db.prepare('INSERT INTO feed_names(fid, written, name, n) VALUES (?, ?, ?, ?) ON CONFLICT(fid, written, name) DO UPDATE SET n = n + excluded.n')
  const dropName = db.prepare('DELETE FROM feed_names WHERE fid = ? AND written = ? AND name = ? AND n <= 0')
  for (const { fid, written, name, n } of nameCounts.values()) {
    if (n === 0) continue
    addName.run(fid, written, name, n)
    if (n < 0) dropName.run(fid, written, name)
  }
}
