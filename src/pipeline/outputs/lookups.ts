// The look-up tables: article id → { file, older and newer neighbours in its category } and secid → what the
// archive knows of the security, each cut into shards by a hash of the key (src/content/buckets.ts), and an
// index file naming the shards. An entry is remade when its article or a neighbour changed; a shard is
// rewritten only when one of its entries did (or the number of shards changed).
import { bucketCount, fnv1a } from '../../content/buckets.ts'
import { compareIds } from '../../content/order.ts'
import {
  ArticleEntrySchema,
  LookupIndexSchema,
  SecuritySchema,
  type ArticleLink,
  type FeedItem,
  type FeedRef,
  type Mention,
  type Security,
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

/** Remakes the look-up entries of `ids`; returns the buckets (among maxShards) whose entries changed. */
export function updateArticleEntries(c: LookupContext, ids: Iterable<string>): Set<number> {
  const db = c.index.db
  const article = db.prepare('SELECT t, category, path, item FROM articles WHERE id = ?')
  const fid = db.prepare('SELECT fid FROM feeds WHERE name = ?').pluck()
  const older = db.prepare('SELECT m.id, a.title FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = ? AND (m.t, m.id) < (?, ?) ORDER BY m.t DESC, m.id DESC LIMIT 1')
  const newer = db.prepare('SELECT m.id, a.title FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = ? AND (m.t, m.id) > (?, ?) ORDER BY m.t, m.id LIMIT 1')
  const current = db.prepare('SELECT json FROM entries WHERE id = ?').pluck()
  const put = db.prepare('INSERT INTO entries(id, b, json) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json')
  const drop = db.prepare('DELETE FROM entries WHERE id = ?')
  const dirty = new Set<number>()
  const link = (row: { id: string; title: string } | undefined): ArticleLink | null => (row ? { id: row.id, title: row.title } : null)
  for (const id of ids) {
    const b = fnv1a(id) % c.sizes.maxShards
    const a = article.get(id) as { t: number; category: string; path: string; item: string } | undefined
    const was = current.get(id) as string | undefined
    if (!a) {
      if (was !== undefined) {
        drop.run(id)
        dirty.add(b)
      }
      continue
    }
    const f = fid.get(`c:${a.category}`) as number
    const entry = {
      path: a.path,
      older: link(older.get(f, a.t, id) as { id: string; title: string } | undefined),
      newer: link(newer.get(f, a.t, id) as { id: string; title: string } | undefined),
      // Its twins (outputs/market/twins.ts), only when it has some: other entries keep their bytes.
      ...twinsOf(a.item),
    }
    const json = JSON.stringify(ArticleEntrySchema.parse(entry))
    if (json === was) continue
    put.run(id, b, json)
    dirty.add(b)
  }
  return dirty
}

function twinsOf(itemJson: string): { twins?: FeedItem['twins'] } {
  const { twins } = JSON.parse(itemJson) as FeedItem
  return twins ? { twins } : {}
}

/** Most used first, then by name (code point order, as the index sorts). */
function commonest(names: readonly string[]): string | undefined {
  const counts = new Map<string, number>()
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1)
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

/** Remakes the entries of `secids` from their feeds; returns the buckets whose entries changed. */
export function updateSecurities(c: LookupContext, secids: Iterable<string>, feedRef: (name: string) => FeedRef): Set<number> {
  const db = c.index.db
  const fid = db.prepare('SELECT fid FROM feeds WHERE name = ?').pluck()
  const notes = db.prepare('SELECT note FROM members WHERE fid = ? ORDER BY t DESC, id DESC').pluck()
  const headlines = db.prepare('SELECT a.id, a.title, a.date FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = ? ORDER BY m.t DESC, m.id DESC LIMIT ?')
  // Its history file (outputs/market/market-files.ts), written before the entries.
  const history = db.prepare('SELECT path FROM sec_history WHERE secid = ?').pluck()
  const current = db.prepare('SELECT json FROM securities WHERE secid = ?').pluck()
  const put = db.prepare('INSERT INTO securities(secid, b, json) VALUES (?, ?, ?) ON CONFLICT(secid) DO UPDATE SET json = excluded.json')
  const drop = db.prepare('DELETE FROM securities WHERE secid = ?')
  const dirty = new Set<number>()
  for (const secid of secids) {
    const b = fnv1a(secid) % c.sizes.maxShards
    const was = current.get(secid) as string | undefined
    const f = fid.get(`s:${secid}`) as number | undefined
    const ref = feedRef(`s:${secid}`)
    if (f === undefined || ref.count === 0) {
      if (was !== undefined) {
        drop.run(secid)
        dirty.add(b)
      }
      continue
    }
    const mentions = (notes.all(f) as string[]).map((n) => JSON.parse(n) as Mention)
    const first = mentions[0]
    if (!first) continue
    // A K-line chart alone names a security by its code (NIO); any article that writes its name (蔚来) wins.
    const written = mentions.filter((m) => m.name !== m.code).map((m) => m.name)
    const name = commonest(written.length > 0 ? written : mentions.map((m) => m.name)) ?? first.name
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
    put.run(secid, b, json)
    dirty.add(b)
  }
  return dirty
}

/**
 * Writes the shards of `table` whose buckets are dirty (all of them when the number of shards changed) and
 * returns every shard's file, by bucket.
 */
export function writeShards(c: LookupContext, table: Table, dirtyBuckets: ReadonlySet<number>, everything: boolean): string[] {
  const db = c.index.db
  const size = db.prepare(table === 'articles' ? 'SELECT count(*) FROM entries' : 'SELECT count(*) FROM securities').pluck().get() as number
  const shards = bucketCount(size, c.sizes.shardKeys, c.sizes.maxShards)
  const was = Number(c.index.get(`shards:${table}`) ?? -1)
  const all = everything || was !== shards
  const rows = table === 'articles' ? db.prepare('SELECT id, json FROM entries WHERE b = ? ORDER BY id').raw() : db.prepare('SELECT secid, json FROM securities WHERE b = ? ORDER BY secid').raw()
  const shardPath = db.prepare('SELECT path FROM shards WHERE tbl = ? AND b = ?').pluck()
  const putShard = db.prepare('INSERT INTO shards(tbl, b, path) VALUES (?, ?, ?) ON CONFLICT(tbl, b) DO UPDATE SET path = excluded.path')
  const dirtyShards = new Set<number>()
  if (all) for (let b = 0; b < shards; b++) dirtyShards.add(b)
  else for (const b of dirtyBuckets) dirtyShards.add(b % shards)
  for (const shard of dirtyShards) {
    // A shard holds every bucket (among maxShards) that falls to it; ordered by key across them.
    const pairs: [string, string][] = []
    for (let b = shard; b < c.sizes.maxShards; b += shards) pairs.push(...(rows.all(b) as [string, string][]))
    pairs.sort((x, y) => compareIds(x[0], y[0]))
    const json = table === 'articles' ? `[${pairs.map(([key, entry]) => `[${JSON.stringify(key)},${entry}]`).join(',')}]` : `[${pairs.map(([, entry]) => entry).join(',')}]`
    const path = `lookups/${table === 'articles' ? 'a' : 's'}-${hashKey(c.outputKey, String(shard), String(shards), json)}.json`
    c.folder.put(path, () => json)
    const old = shardPath.get(table, shard) as string | undefined
    if (old !== path) {
      if (old !== undefined) c.garbage.add(old)
      putShard.run(table, shard, path)
    }
  }
  for (const row of db.prepare('SELECT path FROM shards WHERE tbl = ? AND b >= ?').pluck().all(table, shards) as string[]) c.garbage.add(row)
  db.prepare('DELETE FROM shards WHERE tbl = ? AND b >= ?').run(table, shards)
  c.index.set(`shards:${table}`, String(shards))
  return db.prepare('SELECT path FROM shards WHERE tbl = ? ORDER BY b').pluck().all(table) as string[]
}

/** The file that names every shard of both tables. */
export function writeLookupIndex(c: LookupContext, articles: string[], securities: string[]): string {
  const json = JSON.stringify(LookupIndexSchema.parse({ articles, securities }))
  const path = `lookups/index-${hashKey(c.outputKey, json)}.json`
  c.folder.put(path, () => json)
  return path
}
