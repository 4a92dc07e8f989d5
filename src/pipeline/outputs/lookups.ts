// The look-up tables: article id → { file, older and newer neighbours in its category } and secid → what the
// archive knows of the security, each cut into shards of keys in order where the keys say
// (src/content/lookup-shards.ts), and an index file naming each shard with its first key. An entry is remade
// when its article or a neighbour changed; a shard is written again only when one of its entries did, or a
// key came or went in it (which may cut it in two or join it to the next).
import { shardOf, shardRun, shardStarts } from '../../content/lookup-shards.ts'
import { recutShards, type Shard } from './shard-cuts.ts'
import {
  ArticleEntrySchema,
  LookupIndexSchema,
  SecuritySchema,
  type Security,
} from '../../content/lookup-schema.ts'
import {
  type ArticleLink,
  type FeedItem,
  type FeedRef,
  type Mention,
} from '../../content/schema.ts'
import type { ArchiveIndex } from '../index/archive-index.ts'
import { hashKey } from '../hash-key.ts'
import type { OutputFolder } from './output-folder.ts'
import type { OutputSizes } from './sizes.ts'

export type Table = 'articles' | 'securities'

export interface LookupContext {
  index: ArchiveIndex
  folder: OutputFolder
  sizes: OutputSizes
  outputKey: string
  garbage: Set<string>
}

/** Look-up entries are remade in runs of this many, with a breath (`breathe`) between runs. */
const ENTRY_RUN = 2_000

interface EntryArticle {
  id: string
  t: number
  title: string
  category: string
  path: string
  item: string
}

/**
 * Remakes the look-up entries of `ids`; returns the ids whose entries changed, came or went. `breathe` is
 * awaited between runs of entries, so that other work on this thread's event loop goes on meanwhile.
 *
 * An entry names its article's neighbours in its category. For a few ids each is looked up (its article, and
 * its older and newer neighbour, each through the members' index); when they are most of the archive (a cold
 * build), each category's members are read once in order instead, and a member's neighbours are the rows
 * beside it: at a million posts 7.7 s of queries instead of 21.7 s. Both give the same entry, one rule
 * (`entryJson`); an id no category lists (a removed article) is looked up.
 */
export async function updateArticleEntries(c: LookupContext, ids: Iterable<string>, breathe: () => Promise<void>): Promise<Set<string>> {
  const db = c.index.db
  const current = db.prepare('SELECT json FROM entries WHERE id = ?').pluck()
  const put = db.prepare('INSERT INTO entries(id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json')
  const drop = db.prepare('DELETE FROM entries WHERE id = ?')
  const dirty = new Set<string>()
  const remake = (id: string, a: EntryArticle | undefined, older: ArticleLink | null, newer: ArticleLink | null): void => {
    const was = current.get(id) as string | undefined
    if (!a) {
      if (was !== undefined) {
        drop.run(id)
        dirty.add(id)
      }
      return
    }
    const json = entryJson(a, older, newer)
    if (json === was) return
    put.run(id, json)
    dirty.add(id)
  }

  const left = new Set(ids)
  // The count only for a run's worth of ids or more: counting a million articles takes 40 ms.
  if (left.size >= ENTRY_RUN && left.size * 3 > (db.prepare('SELECT count(*) FROM articles').pluck().get() as number)) {
    const categories = db.prepare("SELECT fid FROM feeds WHERE name LIKE 'c:%' ORDER BY fid").pluck().all() as number[]
    const columns = 'SELECT m.id, m.t, a.title, a.category, a.path, a.item FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = ?'
    const first = db.prepare(`${columns} ORDER BY m.t, m.id LIMIT ?`)
    const after = db.prepare(`${columns} AND (m.t, m.id) > (?, ?) ORDER BY m.t, m.id LIMIT ?`)
    for (const fid of categories) {
      // Each member is remade once its newer neighbour is read: `held` is the one before it.
      let older: EntryArticle | null = null
      let held: EntryArticle | null = null
      for (let rows = first.all(fid, ENTRY_RUN) as EntryArticle[]; rows.length > 0; ) {
        for (const row of rows) {
          if (held && left.delete(held.id)) remake(held.id, held, link(older), link(row))
          older = held
          held = row
        }
        await breathe()
        const last = rows[rows.length - 1] as EntryArticle
        rows = rows.length < ENTRY_RUN ? [] : (after.all(fid, last.t, last.id, ENTRY_RUN) as EntryArticle[])
      }
      if (held && left.delete(held.id)) remake(held.id, held, link(older), null)
    }
  }

  const article = db.prepare('SELECT id, t, title, category, path, item FROM articles WHERE id = ?')
  const fid = db.prepare('SELECT fid FROM feeds WHERE name = ?').pluck()
  const olderOf = db.prepare('SELECT m.id, a.title FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = ? AND (m.t, m.id) < (?, ?) ORDER BY m.t DESC, m.id DESC LIMIT 1')
  const newerOf = db.prepare('SELECT m.id, a.title FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = ? AND (m.t, m.id) > (?, ?) ORDER BY m.t, m.id LIMIT 1')
  let run = 0
  for (const id of left) {
    const a = article.get(id) as EntryArticle | undefined
    if (!a) remake(id, undefined, null, null)
    else {
      const f = fid.get(`c:${a.category}`) as number
      remake(id, a, link(olderOf.get(f, a.t, id) as ArticleLink | undefined), link(newerOf.get(f, a.t, id) as ArticleLink | undefined))
    }
    if (++run % ENTRY_RUN === 0) await breathe()
  }
  return dirty
}

/** What a neighbour is in an entry: its id and title. */
function link(row: { id: string; title: string } | null | undefined): ArticleLink | null {
  return row ? { id: row.id, title: row.title } : null
}

/** An article's look-up entry: its file, its neighbours in its category, and its twins. */
function entryJson(a: EntryArticle, older: ArticleLink | null, newer: ArticleLink | null): string {
  const entry = {
    path: a.path,
    older,
    newer,
    // Its twins (outputs/market/twins.ts), only when it has some: other entries keep their bytes.
    ...twinsOf(a.item),
  }
  return JSON.stringify(ArticleEntrySchema.parse(entry))
}

function twinsOf(itemJson: string): { twins?: FeedItem['twins'] } {
  const { twins } = JSON.parse(itemJson) as FeedItem
  return twins ? { twins } : {}
}

/** The most used of `counts` (name, uses), the first by name (code point order, as the index sorts) of a tie. */
function commonest(counts: readonly (readonly [string, number])[]): string | undefined {
  let best: string | undefined
  let bestCount = 0
  for (const [name, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== undefined && name < best)) {
      best = name
      bestCount = n
    }
  }
  return best
}

/** Remakes the entries of `secids` from their feeds; returns the secids whose entries changed, came or went. */
export function updateSecurities(c: LookupContext, secids: Iterable<string>, feedRef: (name: string) => FeedRef): Set<string> {
  const db = c.index.db
  const fid = db.prepare('SELECT fid FROM feeds WHERE name = ?').pluck()
  const newestNote = db.prepare('SELECT note FROM members WHERE fid = ? ORDER BY t DESC, id DESC LIMIT 1').pluck()
  const names = db.prepare('SELECT name, n FROM feed_names WHERE fid = ? AND written = ? AND n > 0').raw()
  const headlines = db.prepare('SELECT a.id, a.title, a.date FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = ? ORDER BY m.t DESC, m.id DESC LIMIT ?')
  // Its history file (outputs/market/market-files.ts), written before the entries.
  const history = db.prepare('SELECT path FROM sec_history WHERE secid = ?').pluck()
  const current = db.prepare('SELECT json FROM securities WHERE secid = ?').pluck()
  const put = db.prepare('INSERT INTO securities(secid, json) VALUES (?, ?) ON CONFLICT(secid) DO UPDATE SET json = excluded.json')
  const drop = db.prepare('DELETE FROM securities WHERE secid = ?')
  const dirty = new Set<string>()
  for (const secid of secids) {
    const was = current.get(secid) as string | undefined
    const f = fid.get(`s:${secid}`) as number | undefined
    const ref = feedRef(`s:${secid}`)
    if (f === undefined || ref.count === 0) {
      if (was !== undefined) {
        drop.run(secid)
        dirty.add(secid)
      }
      continue
    }
    const note = newestNote.get(f) as string | null | undefined
    if (!note) continue
    const first = JSON.parse(note) as Mention
    // A K-line chart alone names a security by its code (NIO); any article that writes its name (蔚来) wins.
    const written = names.all(f, 1) as [string, number][]
    const name = commonest(written.length > 0 ? written : (names.all(f, 0) as [string, number][])) ?? first.name
    const security: Security = {
      secid,
      market: first.market,
      code: first.code,
      name,
      kind: first.kind,
      exchange: first.exchange,
      count: ref.count,
      headlines: headlines.all(f, c.sizes.headlines) as Security['headlines'],
      feed: ref,
    }
    const historyPath = history.get(secid) as string | undefined
    if (historyPath !== undefined) security.history = historyPath
    const json = JSON.stringify(SecuritySchema.parse(security))
    if (json === was) continue
    put.run(secid, json)
    dirty.add(secid)
  }
  return dirty
}

/**
 * Cuts `table` into shards (src/content/lookup-shards.ts) and writes each shard that holds a changed key
 * (`dirtyKeys`: entries remade, added or dropped) or whose run of keys is new (every one when `everything`);
 * the others keep their files. Returns each shard's first key and file, in key order.
 */
export function writeShards(c: LookupContext, table: Table, dirtyKeys: ReadonlySet<string>, everything: boolean): [string, string][] {
  const db = c.index.db
  const storedRows = db.prepare('SELECT first, n, path FROM shards WHERE tbl = ? ORDER BY first').raw().all(table) as [string, number, string][]
  // No key added, removed or changed: the shards are the ones stored.
  if (!everything && dirtyKeys.size === 0) return storedRows.map(([first, , path]) => [first, path])
  const [rowsTable, key] = table === 'articles' ? ['entries', 'id'] : ['securities', 'secid']
  const stored = new Map(storedRows.map(([first, n, path]) => [first, { n, path }]))
  const runFor = (size: number): number => shardRun(size, c.sizes.shardKeys, c.sizes.maxShards)
  // Every key read and cut: the first time, or when asked. Otherwise only around the changed keys
  // (shard-cuts.ts), unless the table's new size asks for another run length.
  const cutAll = (): Shard[] => {
    // SQLite orders text by its UTF-8 bytes, which is compareIds' order (src/content/order.ts).
    const keys = db.prepare(`SELECT ${key} FROM ${rowsTable} ORDER BY ${key}`).pluck().all() as string[]
    const starts = shardStarts(keys, runFor(keys.length))
    return starts.map((start, s) => ({ first: keys[start] as string, n: (starts[s + 1] ?? keys.length) - start }))
  }
  let cuts: Shard[] | null = null
  if (!everything && storedRows.length > 0) {
    const run = runFor(storedRows.reduce((sum, [, n]) => sum + n, 0))
    const fromFirst = db.prepare(`SELECT ${key} FROM ${rowsTable} ORDER BY ${key} LIMIT ?`).pluck()
    const fromKey = db.prepare(`SELECT ${key} FROM ${rowsTable} WHERE ${key} >= ? ORDER BY ${key} LIMIT ?`).pluck()
    const keysFrom = (from: string | null, limit: number): string[] => (from === null ? fromFirst.all(limit) : fromKey.all(from, limit)) as string[]
    cuts = recutShards(
      storedRows.map(([first, n]) => ({ first, n })),
      [...dirtyKeys].sort(),
      run,
      keysFrom,
    )
    if (runFor(cuts.reduce((sum, shard) => sum + shard.n, 0)) !== run) cuts = null
  }
  cuts ??= cutAll()
  const firsts = cuts.map((shard) => [shard.first] as const)
  const dirty = new Set<number>()
  for (const changed of dirtyKeys) dirty.add(shardOf(firsts, changed))
  const run = db.prepare(`SELECT ${key}, json FROM ${rowsTable} WHERE ${key} >= ? ORDER BY ${key} LIMIT ?`).raw()
  const shards: { first: string; n: number; path: string }[] = []
  cuts.forEach(({ first, n }, s) => {
    const was = stored.get(first)
    // The same first key and count with no changed key among them: the same keys, the same entries.
    if (!everything && !dirty.has(s) && was?.n === n) {
      shards.push({ first, n, path: was.path })
      return
    }
    const pairs = run.all(first, n) as [string, string][]
    const json = table === 'articles' ? `[${pairs.map(([id, entry]) => `[${JSON.stringify(id)},${entry}]`).join(',')}]` : `[${pairs.map(([, entry]) => entry).join(',')}]`
    const path = `lookups/${table === 'articles' ? 'a' : 's'}-${hashKey(c.outputKey, json)}.json`
    c.folder.put(path, () => json)
    shards.push({ first, n, path })
  })
  const inUse = new Set(shards.map((shard) => shard.path))
  for (const { path } of stored.values()) if (!inUse.has(path)) c.garbage.add(path)
  db.prepare('DELETE FROM shards WHERE tbl = ?').run(table)
  const put = db.prepare('INSERT INTO shards(tbl, first, n, path) VALUES (?, ?, ?, ?)')
  for (const shard of shards) put.run(table, shard.first, shard.n, shard.path)
  return shards.map((shard) => [shard.first, shard.path])
}

/** The file that names every shard of both tables. */
export function writeLookupIndex(c: LookupContext, articles: [string, string][], securities: [string, string][]): string {
  const json = JSON.stringify(LookupIndexSchema.parse({ articles, securities }))
  const path = `lookups/index-${hashKey(c.outputKey, json)}.json`
  c.folder.put(path, () => json)
  return path
}
