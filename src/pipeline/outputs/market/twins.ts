// Twins at build time, incrementally: which articles are the same story (twin-rule.ts), and so which feeds
// each article is a member of and what its feed item says (`twins`: the other copies, for 同时见于).
// An article's placement depends on its own record and on its twins' records only, so a change set
// re-places the articles it changed and their twins before and after it; every other article stays put.
//
// The index keeps, beside the records: each article's story keys (to find twin candidates with one indexed
// query) and, for each article that has twins, the twins and the feeds it is left out of, as its members
// were last written (the "before" of the next change).
import type { FeedItem } from '../../../content/schema.ts'
import type { ArchiveIndex } from '../../index/archive-index.ts'
import type { PostRecord } from '../article-files.ts'
import { areTwins, candidateKeys, compareCopies, idsWithCandidates, listsEveryCopy, storyKeys, TITLE_WINDOW_MS } from './twin-rule.ts'

/** Bumped when the twin rule changes: every article is placed again by the next build. */
export const TWIN_RULE = '2'

export interface TwinLink {
  id: string
  category: string
}

/** Where an article is listed, and as what. */
export interface Placement {
  record: PostRecord
  /** The feeds it is a member of. */
  feeds: string[]
  /** Its feed item as pages show it (with `twins` when it has some). */
  item: FeedItem
  /** What its members' page keys hash: its file, and its twins (a new twin renames the pages it is on). */
  memberKey: string
}

export interface Move {
  before: PostRecord | null
  after: PostRecord | null
}

export interface PlacedMove {
  before: Placement | null
  after: Placement | null
}

function place(record: PostRecord, feedsOf: (r: PostRecord) => string[], twins: readonly TwinLink[], hidden: readonly string[]): Placement {
  const left = new Set(hidden)
  const feeds = feedsOf(record).filter((f) => !left.has(f))
  if (twins.length === 0) return { record, feeds, item: record.item, memberKey: record.item.path }
  const links = twins.map((t) => ({ id: t.id, category: t.category }))
  return { record, feeds, item: { ...record.item, twins: links }, memberKey: `${record.item.path}|${JSON.stringify(links)}` }
}

function samePlacement(a: Placement, b: Placement): boolean {
  return a.memberKey === b.memberKey && a.feeds.join('\n') === b.feeds.join('\n') && JSON.stringify(a.item) === JSON.stringify(b.item)
}

/**
 * Updates the twin tables for `moves` (articles whose published record changed; the articles table already
 * holds the new ones) and returns the placements to apply: one for each move, and one for each unchanged
 * article whose twins or hidden feeds changed with them.
 */
export function placeStories(index: ArchiveIndex, moves: readonly Move[], feedsOf: (r: PostRecord) => string[]): PlacedMove[] {
  const db = index.db
  const current = db.prepare('SELECT p.record FROM articles a JOIN posts p ON p.file = a.file WHERE a.id = ?').pluck()
  // A number key joins whatever the category and time; a title key only another category within the window
  // (areTwins decides; this only keeps a title that recurs in one column from being read record by record).
  const keysOf = db.prepare('SELECT id FROM story_keys WHERE key = ? AND id != ? AND (category IS NULL OR (category != ? AND t BETWEEN ? AND ?))').pluck()
  const dropKeys = db.prepare('DELETE FROM story_keys WHERE id = ?')
  const addKey = db.prepare('INSERT OR IGNORE INTO story_keys(key, id, category, t) VALUES (?, ?, ?, ?)')
  const stored = db.prepare('SELECT twins, hidden FROM twins WHERE id = ?')
  const putRow = db.prepare('INSERT INTO twins(id, twins, hidden) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET twins = excluded.twins, hidden = excluded.hidden')
  const dropRow = db.prepare('DELETE FROM twins WHERE id = ?')
  const setItem = db.prepare('UPDATE articles SET item = ? WHERE id = ?')

  // The records of this change set's articles, as published now; others are read from the index.
  const published = new Map<string, PostRecord | null>()
  for (const m of moves) published.set(((m.after ?? m.before) as PostRecord).id, m.after)
  const recordOf = (id: string): PostRecord | null => {
    const known = published.get(id)
    if (known !== undefined) return known
    const json = current.get(id) as string | undefined
    return json === undefined ? null : (JSON.parse(json) as PostRecord)
  }
  const storedOf = (id: string): { twins: TwinLink[]; hidden: string[] } => {
    const row = stored.get(id) as { twins: string; hidden: string } | undefined
    return row ? { twins: JSON.parse(row.twins) as TwinLink[], hidden: JSON.parse(row.hidden) as string[] } : { twins: [], hidden: [] }
  }
  // An article's twins are looked up twice for each article of the change set (for its neighbours, then to
  // place it): both times the same, as the story keys and the records are all in place before the first and
  // placing writes neither. Kept by id for this call only.
  const twinsFound = new Map<string, PostRecord[]>()
  const twinsOf = (record: PostRecord): PostRecord[] => {
    const known = twinsFound.get(record.id)
    if (known) return known
    const found = new Map<string, PostRecord>()
    for (const key of candidateKeys(record)) {
      for (const id of keysOf.all(key, record.id, record.item.category, record.t - TITLE_WINDOW_MS, record.t + TITLE_WINDOW_MS) as string[]) {
        if (found.has(id)) continue
        const other = recordOf(id)
        if (other && areTwins(record, other)) found.set(id, other)
      }
    }
    const twins = [...found.values()].sort(compareCopies)
    twinsFound.set(record.id, twins)
    return twins
  }

  // The articles to place again, with the record each was placed with before (null: it was not listed).
  const before = new Map<string, PostRecord | null>()
  const changed = new Set<string>()
  const addKeys = (record: PostRecord): void => {
    for (const key of storyKeys(record)) {
      const title = key.startsWith('t:')
      addKey.run(key, record.id, title ? record.item.category : null, title ? record.t : null)
    }
  }
  if (index.get('twinRule') !== TWIN_RULE) {
    // A new rule (or an index from before twins): every article's keys are made again, and every article
    // that may have twins now, or had some by the old rule, is placed again. Read in chunks: the database
    // runs no other statement while one iterates.
    db.exec('DELETE FROM story_keys')
    const chunk = db.prepare('SELECT a.id, p.record FROM articles a JOIN posts p ON p.file = a.file WHERE a.id > ? ORDER BY a.id LIMIT 2000')
    for (let last = '', rows: { id: string; record: string }[]; (rows = chunk.all(last) as { id: string; record: string }[]).length > 0; last = (rows.at(-1) as { id: string }).id) {
      for (const row of rows) addKeys(JSON.parse(row.record) as PostRecord)
    }
    const candidates = idsWithCandidates(db.prepare('SELECT key, id FROM story_keys ORDER BY key').raw().iterate() as Iterable<[string, string]>)
    for (const id of db.prepare('SELECT id FROM twins').pluck().all() as string[]) candidates.add(id)
    for (const id of candidates) before.set(id, recordOf(id))
    index.set('twinRule', TWIN_RULE)
  } else {
    for (const m of moves) dropKeys.run(((m.after ?? m.before) as PostRecord).id)
    for (const m of moves) if (m.after) addKeys(m.after)
  }
  for (const m of moves) {
    const id = ((m.after ?? m.before) as PostRecord).id
    before.set(id, m.before)
    changed.add(id)
  }
  for (const id of changed) {
    const neighbours = storedOf(id).twins.map((t) => t.id)
    const after = recordOf(id)
    if (after) neighbours.push(...twinsOf(after).map((t) => t.id))
    for (const other of neighbours) if (!before.has(other)) before.set(other, recordOf(other))
  }

  const placed: PlacedMove[] = []
  for (const [id, was] of before) {
    const old = storedOf(id)
    const from = was ? place(was, feedsOf, old.twins, old.hidden) : null
    const record = recordOf(id)
    let to: Placement | null = null
    if (record) {
      const twins = twinsOf(record)
      // Left out of every feed that spans writers where a copy listed before it is a member too.
      const hidden = feedsOf(record).filter((f) => !listsEveryCopy(f) && twins.some((t) => compareCopies(t, record) < 0 && feedsOf(t).includes(f)))
      const links = twins.map((t) => ({ id: t.id, category: t.item.category }))
      to = place(record, feedsOf, links, hidden)
      if (links.length > 0) putRow.run(id, JSON.stringify(links), JSON.stringify(hidden))
      else dropRow.run(id)
      if (links.length > 0 || old.twins.length > 0) setItem.run(JSON.stringify(to.item), id)
    } else dropRow.run(id)
    if (!from && !to) continue
    if (!changed.has(id) && from && to && samePlacement(from, to)) continue
    placed.push({ before: from, after: to })
  }
  return placed
}
