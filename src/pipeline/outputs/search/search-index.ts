// The search index: one more output of the build, cut into time segments (src/content/search.ts) so that
// new posts rewrite one small segment (a day of the newest month) whatever the archive's size, and older
// segments stay as they are. A segment is a pure function of its articles (their content-keyed files) and
// the output code: it is named by a hash of both, and rewritten only when that hash changes.
//
// Its text comes from the article files on disk, not from the index (which keeps records, never bodies):
// a segment rebuilt because one of its articles changed reads its other articles' files again. So new
// output code, which changes every segment's hash, rebuilds every segment from what is published.
//
// Memory is bounded by the largest segment (a month of posts), never by the archive.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compareIds } from '../../../content/order.ts'
import { docsFile, segmentOf, shardFile, type SearchDoc, type SearchRoot, type SearchSegment } from '../../../content/search.ts'
import { ByteWriter, encodeShard, filterTerm, shardOf, type EncodedTerm } from '../../../content/search-format.ts'
import { normalizeText, searchText, type SearchableArticle } from '../../../content/search-text.ts'
import { hashKey } from '../../hash-key.ts'
import type { ArchiveIndex } from '../../index/archive-index.ts'
import { writeComplete, type OutputFolder } from '../output-folder.ts'

/** Documents per documents file: a result page (20) needs one or two. */
export const DOC_CHUNK = 50
/** About how many bytes a term shard holds before a segment is cut into more (a power of two of them). */
export const SHARD_BYTES = 48 * 1024
const MAX_SHARDS = 4096

export interface SearchContext {
  index: ArchiveIndex
  folder: OutputFolder
  outputKey: string
  garbage: Set<string>
}

interface ArticleRow {
  id: string
  t: number
  date: string | null
  category: string
  title: string
  path: string
}

interface SegmentRow {
  key: string
  hash: string
  json: string
  files: string
}

const SPACE = 32
/** 2^21: more than the characters of the largest post read (POST_MAX_BYTES, 2 MiB). */
const POSITION_SPAN = 2 ** 21

/** The day an article is filed under: its Beijing date, or `undated`. */
function dayOf(date: string | null): string {
  return date === null ? 'undated' : date.slice(0, 10)
}

/** The days of a segment key, as a range of `search_docs.day`. */
function dayRange(key: string): [string, string] {
  if (key === 'undated') return ['undated', 'undated']
  if (key.length === 7) return [`${key}-00`, `${key}-99`]
  return [key, key]
}

/** Reads what search needs of an article file (written by this build or an earlier one with the same key). */
interface IndexedArticle extends SearchableArticle {
  tags: string[]
  mentions: { name: string; code: string; secid: string }[]
}

function readArticle(folder: OutputFolder, path: string): IndexedArticle {
  const raw = JSON.parse(readFileSync(join(folder.root, path), 'utf8')) as Record<string, unknown>
  const str = (v: unknown): string => (typeof v === 'string' ? v : '')
  const opt = (v: unknown): string | null => (typeof v === 'string' ? v : null)
  const mentions = Array.isArray(raw.mentions) ? (raw.mentions as Record<string, unknown>[]).map((m) => ({ name: str(m.name), code: str(m.code), secid: str(m.secid) })) : []
  return {
    title: str(raw.title),
    summary: opt(raw.summary),
    bodyHtml: str(raw.bodyHtml),
    source: opt(raw.source),
    mentions,
    tags: Array.isArray(raw.tags) ? (raw.tags as unknown[]).filter((t): t is string => typeof t === 'string') : [],
  }
}

interface Postings {
  docs: ByteWriter
  positions: ByteWriter | null
  last: number
  df: number
}

/** Builds one segment's terms from its articles, newest first. */
function buildTerms(folder: OutputFolder, rows: readonly ArticleRow[]): EncodedTerm[] {
  const bigrams = new Map<number, Postings>()
  const filters = new Map<string, Postings>()
  const add = (p: Postings, doc: number): void => {
    p.docs.varint(doc - p.last)
    p.last = doc
    p.df++
  }
  rows.forEach((row, doc) => {
    const article = readArticle(folder, row.path)
    const text = normalizeText(searchText(article))
    // Each bigram occurrence packed as key·2^21 + position (a post is at most 2 MiB, so a position fits in
    // 21 bits and the product stays an exact double) and sorted: occurrences group by bigram with their
    // positions in order, without a map or an array per bigram per document.
    const packed = new Float64Array(Math.max(0, text.length - 1))
    let m = 0
    for (let i = 0; i + 1 < text.length; i++) {
      const a = text.charCodeAt(i)
      const b = text.charCodeAt(i + 1)
      if (a === SPACE || b === SPACE) continue
      packed[m++] = (a * 65536 + b) * POSITION_SPAN + i
    }
    const sorted = packed.subarray(0, m).sort()
    for (let g = 0; g < m; ) {
      const key = Math.floor((sorted[g] as number) / POSITION_SPAN)
      let end = g + 1
      while (end < m && Math.floor((sorted[end] as number) / POSITION_SPAN) === key) end++
      let p = bigrams.get(key)
      if (!p) bigrams.set(key, (p = { docs: new ByteWriter(), positions: new ByteWriter(), last: 0, df: 0 }))
      add(p, doc)
      const pos = p.positions as ByteWriter
      pos.varint(end - g)
      let prev = 0
      for (let k = g; k < end; k++) {
        const at = (sorted[k] as number) % POSITION_SPAN
        pos.varint(at - prev)
        prev = at
      }
      g = end
    }
    const terms = new Set([filterTerm('c', row.category), ...article.tags.map((t) => filterTerm('t', t)), ...article.mentions.map((m) => filterTerm('s', m.secid))])
    for (const term of terms) {
      let p = filters.get(term)
      if (!p) filters.set(term, (p = { docs: new ByteWriter(), positions: null, last: 0, df: 0 }))
      add(p, doc)
    }
  })
  const out: EncodedTerm[] = []
  const empty = new Uint8Array(0)
  for (const [key, p] of bigrams) out.push({ term: String.fromCharCode(Math.floor(key / 65536), key % 65536), df: p.df, docs: p.docs.view(), positions: p.positions?.view() ?? empty })
  for (const [term, p] of filters) out.push({ term, df: p.df, docs: p.docs.view(), positions: empty })
  return out
}

function shardCount(terms: readonly EncodedTerm[]): number {
  let bytes = 0
  for (const t of terms) bytes += t.term.length * 3 + t.docs.length + t.positions.length + 8
  let n = 1
  while (n < MAX_SHARDS && bytes / n > SHARD_BYTES) n *= 2
  return n
}

function putFile(folder: OutputFolder, path: string, data: string | Uint8Array): void {
  folder.produced.add(path)
  if (folder.has(path)) return
  writeComplete(join(folder.root, path), data)
  folder.written++
  folder.bytesWritten += typeof data === 'string' ? Buffer.byteLength(data) : data.length
}

/** Writes one segment's files; returns its root entry and the files it owns. */
function writeSegment(c: SearchContext, key: string, hash: string, rows: readonly ArticleRow[]): { segment: SearchSegment; files: string[] } {
  const terms = buildTerms(c.folder, rows)
  const shards = shardCount(terms)
  const byShard: EncodedTerm[][] = Array.from({ length: shards }, () => [])
  for (const t of terms) byShard[shardOf(t.term, shards)]?.push(t)
  const segment: SearchSegment = { key, hash, docs: rows.length, shards, chunk: DOC_CHUNK, days: [] }
  const files: string[] = []
  byShard.forEach((list, n) => {
    list.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    const path = shardFile(segment, n)
    putFile(c.folder, path, encodeShard(list))
    files.push(path)
  })
  for (let k = 0; k * DOC_CHUNK < rows.length; k++) {
    const docs: SearchDoc[] = rows.slice(k * DOC_CHUNK, (k + 1) * DOC_CHUNK).map((r) => [r.id, r.path, r.date, r.category, r.title])
    const path = docsFile(segment, k)
    putFile(c.folder, path, JSON.stringify({ docs }))
    files.push(path)
  }
  if (key !== 'undated') {
    rows.forEach((r, doc) => {
      const day = dayOf(r.date)
      if (segment.days.at(-1)?.[0] !== day) segment.days.push([day, doc])
    })
  }
  return { segment, files }
}

function newestFirst(a: ArticleRow, b: ArticleRow): number {
  if (a.t !== b.t) return a.t > b.t ? -1 : 1
  return -compareIds(a.id, b.id)
}

/**
 * Brings the search index up to date with the articles: `ids` are those whose article may have changed
 * (added, edited, removed); `everything` after new output code. Returns the root file's path.
 */
export function updateSearch(c: SearchContext, ids: Iterable<string>, everything: boolean): string {
  const db = c.index.db
  const touchedDays = new Set<string>()
  if (everything) {
    db.exec('DELETE FROM search_docs')
    db.exec("INSERT INTO search_docs(id, day, path) SELECT id, coalesce(substr(date, 1, 10), 'undated'), path FROM articles")
  } else {
    const now = db.prepare('SELECT date, path FROM articles WHERE id = ?')
    const was = db.prepare('SELECT day, path FROM search_docs WHERE id = ?')
    const put = db.prepare('INSERT INTO search_docs(id, day, path) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET day = excluded.day, path = excluded.path')
    const drop = db.prepare('DELETE FROM search_docs WHERE id = ?')
    for (const id of ids) {
      const a = now.get(id) as { date: string | null; path: string } | undefined
      const b = was.get(id) as { day: string; path: string } | undefined
      const day = a ? dayOf(a.date) : null
      if (a && b && b.day === day && b.path === a.path) continue
      if (b) touchedDays.add(b.day)
      if (a && day !== null) {
        touchedDays.add(day)
        put.run(id, day, a.path)
      } else drop.run(id)
    }
  }

  const newestDay = db.prepare("SELECT max(day) FROM search_docs WHERE day < 'u'").pluck().get() as string | null
  const newestMonth = newestDay ? newestDay.slice(0, 7) : null
  const wanted = new Map<string, string[]>()
  for (const day of db.prepare('SELECT DISTINCT day FROM search_docs').pluck().iterate() as Iterable<string>) {
    const key = segmentOf(day === 'undated' ? null : day, newestMonth)
    const days = wanted.get(key)
    if (days) days.push(day)
    else wanted.set(key, [day])
  }
  const existing = new Map((db.prepare('SELECT key, hash, json, files FROM search_segments').all() as SegmentRow[]).map((r) => [r.key, r]))
  const touchedKeys = new Set([...touchedDays].map((day) => segmentOf(day === 'undated' ? null : day, newestMonth)))

  const articlesOf = db.prepare('SELECT a.id, a.t, a.date, a.category, a.title, a.path FROM search_docs d JOIN articles a ON a.id = d.id WHERE d.day BETWEEN ? AND ?')
  const save = db.prepare('INSERT INTO search_segments(key, hash, json, files) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET hash = excluded.hash, json = excluded.json, files = excluded.files')
  let changed = false
  for (const key of wanted.keys()) {
    const old = existing.get(key)
    if (old && !everything && !touchedKeys.has(key)) continue
    const rows = (articlesOf.all(...dayRange(key)) as ArticleRow[]).sort(newestFirst)
    const hash = hashKey(c.outputKey, key, ...rows.map((r) => `${r.id}\u0000${r.path}\u0000${r.category}`))
    if (old?.hash === hash) continue
    const { segment, files } = writeSegment(c, key, hash, rows)
    if (old) for (const f of JSON.parse(old.files) as string[]) c.garbage.add(f)
    save.run(key, hash, JSON.stringify(segment), JSON.stringify(files))
    changed = true
  }
  const dropSegment = db.prepare('DELETE FROM search_segments WHERE key = ?')
  for (const [key, old] of existing) {
    if (wanted.has(key)) continue
    for (const f of JSON.parse(old.files) as string[]) c.garbage.add(f)
    dropSegment.run(key)
    changed = true
  }

  const rootPath = c.index.get('searchRoot')
  if (rootPath !== undefined && !changed && !everything) {
    c.folder.produced.add(rootPath)
    return rootPath
  }
  const segments = (db.prepare('SELECT json FROM search_segments').pluck().all() as string[]).map((j) => JSON.parse(j) as SearchSegment)
  // Newest first: keys sort as dates (a day of the newest month after every older month), undated last.
  segments.sort((a, b) => (a.key === 'undated' ? 1 : b.key === 'undated' ? -1 : a.key < b.key ? 1 : -1))
  const root: SearchRoot = { segments, docs: segments.reduce((n, s) => n + s.docs, 0) }
  const json = JSON.stringify(root)
  const path = `search/root-${hashKey(c.outputKey, json)}.json`
  putFile(c.folder, path, json)
  if (rootPath !== undefined && rootPath !== path) c.garbage.add(rootPath)
  c.index.set('searchRoot', path)
  return path
}

/** Every file the search index owns (for the clean-up after a build that did not finish). */
export function searchFiles(index: ArchiveIndex): string[] {
  const files: string[] = []
  for (const json of index.db.prepare('SELECT files FROM search_segments').pluck().iterate() as Iterable<string>) files.push(...(JSON.parse(json) as string[]))
  const root = index.get('searchRoot')
  if (root !== undefined) files.push(root)
  return files
}
