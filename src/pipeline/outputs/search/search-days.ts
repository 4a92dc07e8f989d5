// One day's search postings: the part of a segment (search-index.ts) that a day's articles give. A day's
// terms are built from its article files with documents numbered from 0 (its newest), and kept in the
// archive index, encoded, under a hash of the day's articles. A segment of several days is their merge:
// each term's documents are the days' runs one after another, renumbered by the documents of the newer days
// before them. In the published delta coding (search-format.ts) only each run's first number changes, so
// the merge copies bytes; positions are per document and copied as they are.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ByteReader, ByteWriter, filterTerm, type EncodedTerm } from '../../../content/search-format.ts'
import { normalizeText, searchText, type SearchableArticle } from '../../../content/search-text.ts'

/**
 * A day's terms as read back from their bytes, in flat arrays (a month is tens of thousands of terms a day,
 * thirty days): term i's postings are `bytes[docsAt[i], docsEnd[i])` and positions `[docsEnd[i], end[i])`.
 * Terms below `bigrams` are bigrams, by code (first UTF-16 unit × 65536 + second); the rest filters.
 */
export interface DayTerms {
  docs: number
  bytes: Uint8Array
  bigrams: number
  codes: Uint32Array
  filters: string[]
  df: Uint32Array
  /** The last document number in a term's docs (so the next day's run can be made relative to it). */
  last: Uint32Array
  docsAt: Uint32Array
  docsEnd: Uint32Array
  end: Uint32Array
}

/** What a day's terms are built from: its articles, newest first. */
export interface DayArticle {
  category: string
  path: string
}

const SPACE = 32
/** 2^21: more than the characters of the largest post read (POST_MAX_BYTES, 2 MiB). */
const POSITION_SPAN = 2 ** 21

/** Reads what search needs of an article file (written by this build or an earlier one with the same key). */
interface IndexedArticle extends SearchableArticle {
  tags: string[]
  mentions: { name: string; code: string; secid: string }[]
}

function readArticle(root: string, path: string): IndexedArticle {
  const raw = JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>
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

function add(p: Postings, doc: number): void {
  p.docs.varint(doc - p.last)
  p.last = doc
  p.df++
}

/** Builds a day's terms from its article files (under the data folder `root`), encoded as they are kept. */
export function buildDay(root: string, rows: readonly DayArticle[]): Uint8Array {
  const bigrams = new Map<number, Postings>()
  const filters = new Map<string, Postings>()
  rows.forEach((row, doc) => {
    const article = readArticle(root, row.path)
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
  return encodeDay(rows.length, bigrams, filters)
}

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder('utf-8', { fatal: true })

// A day's terms as kept in the archive index:
//   day     := varint docs, varint bigramCount, varint filterCount, bigram headers, filter headers, then the
//              postings in header order (a bigram's docs and positions, a filter's docs)
//   bigram  := varint code, varint df, varint last, varint docsBytes, varint positionsBytes
//   filter  := varint termBytes, term (UTF-8), varint df, varint last, varint docsBytes
function encodeDay(docs: number, bigrams: ReadonlyMap<number, Postings>, filters: ReadonlyMap<string, Postings>): Uint8Array {
  const out = new ByteWriter()
  out.varint(docs)
  out.varint(bigrams.size)
  out.varint(filters.size)
  for (const [code, p] of bigrams) {
    out.varint(code)
    out.varint(p.df)
    out.varint(p.last)
    out.varint(p.docs.length)
    out.varint(p.positions?.length ?? 0)
  }
  for (const [term, p] of filters) {
    const name = utf8.encode(term)
    out.varint(name.length)
    out.raw(name)
    out.varint(p.df)
    out.varint(p.last)
    out.varint(p.docs.length)
  }
  for (const p of bigrams.values()) {
    out.raw(p.docs.view())
    if (p.positions) out.raw(p.positions.view())
  }
  for (const p of filters.values()) out.raw(p.docs.view())
  return out.view()
}

/** Reads a kept day back. Throws when the bytes do not add up. */
export function decodeDay(bytes: Uint8Array): DayTerms {
  const r = new ByteReader(bytes)
  const docs = r.varint()
  const bigrams = r.varint()
  const count = bigrams + r.varint()
  const day: DayTerms = {
    docs,
    bytes,
    bigrams,
    codes: new Uint32Array(bigrams),
    filters: [],
    df: new Uint32Array(count),
    last: new Uint32Array(count),
    docsAt: new Uint32Array(count),
    docsEnd: new Uint32Array(count),
    end: new Uint32Array(count),
  }
  const positions = new Uint32Array(count)
  for (let i = 0; i < count; i++) {
    if (i < bigrams) day.codes[i] = r.varint()
    else {
      const n = r.varint()
      if (r.at + n > bytes.length) throw new Error('a kept search day ends in the middle of a term')
      day.filters.push(fromUtf8.decode(bytes.subarray(r.at, r.at + n)))
      r.at += n
    }
    day.df[i] = r.varint()
    day.last[i] = r.varint()
    day.docsEnd[i] = r.varint()
    if (i < bigrams) positions[i] = r.varint()
  }
  let at = r.at
  for (let i = 0; i < count; i++) {
    day.docsAt[i] = at
    at += day.docsEnd[i] as number
    day.docsEnd[i] = at
    at += positions[i] as number
    day.end[i] = at
  }
  if (at !== bytes.length) throw new Error('a kept search day does not end where its postings do')
  return day
}

function varintSize(value: number): number {
  let n = 1
  for (let v = value; v >= 0x80; v = Math.floor(v / 128)) n++
  return n
}

function putVarint(out: Uint8Array, at: number, value: number): number {
  let v = value
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80
    v = Math.floor(v / 128)
  }
  out[at++] = v
  return at
}

/** The first number of a term's docs in a day, and where the rest starts. */
function firstDoc(bytes: Uint8Array, at: number): [number, number] {
  let value = 0
  let shift = 0
  for (;;) {
    const b = bytes[at++] as number
    value += (b & 0x7f) * 2 ** shift
    if (b < 0x80) return [value, at]
    shift += 7
  }
}

/**
 * A segment's terms from its days, newest day first: the same bytes as building the segment at once. Two
 * passes: the first finds each term's merged size, the second copies the days' bytes into one buffer.
 */
export function mergeDays(days: readonly DayTerms[]): EncodedTerm[] {
  // A bigram by its code, a filter by its name: numbers and strings are distinct keys of one map.
  const index = new Map<number | string, number>()
  const keys: (number | string)[] = []
  const slots = days.map((day) => new Uint32Array(day.df.length))
  const df: number[] = []
  const last: number[] = []
  const docsBytes: number[] = []
  const positionsBytes: number[] = []
  let offset = 0
  for (const [d, day] of days.entries()) {
    const slot = slots[d] as Uint32Array
    for (let i = 0; i < day.df.length; i++) {
      const key = i < day.bigrams ? (day.codes[i] as number) : (day.filters[i - day.bigrams] as string)
      let k = index.get(key)
      if (k === undefined) {
        k = keys.length
        index.set(key, k)
        keys.push(key)
        df.push(0)
        last.push(0)
        docsBytes.push(0)
        positionsBytes.push(0)
      }
      slot[i] = k
      const [first, rest] = firstDoc(day.bytes, day.docsAt[i] as number)
      docsBytes[k] = (docsBytes[k] as number) + varintSize(offset + first - (last[k] as number)) + ((day.docsEnd[i] as number) - rest)
      positionsBytes[k] = (positionsBytes[k] as number) + (day.end[i] as number) - (day.docsEnd[i] as number)
      df[k] = (df[k] as number) + (day.df[i] as number)
      last[k] = offset + (day.last[i] as number)
    }
    offset += day.docs
  }

  let total = 0
  const at: number[] = []
  for (let k = 0; k < keys.length; k++) {
    at.push(total)
    total += (docsBytes[k] as number) + (positionsBytes[k] as number)
  }
  // Each term's docs, then its positions, in one buffer; the days are copied in order into both.
  const out = new Uint8Array(total)
  const docsAt = at.slice()
  const positionsAt = at.map((a, k) => a + (docsBytes[k] as number))
  const lastOut = new Float64Array(keys.length)
  offset = 0
  for (const [d, day] of days.entries()) {
    const slot = slots[d] as Uint32Array
    for (let i = 0; i < day.df.length; i++) {
      const k = slot[i] as number
      const [first, rest] = firstDoc(day.bytes, day.docsAt[i] as number)
      let w = putVarint(out, docsAt[k] as number, offset + first - (lastOut[k] as number))
      const docsEnd = day.docsEnd[i] as number
      out.set(day.bytes.subarray(rest, docsEnd), w)
      w += docsEnd - rest
      docsAt[k] = w
      const end = day.end[i] as number
      out.set(day.bytes.subarray(docsEnd, end), positionsAt[k])
      positionsAt[k] = (positionsAt[k] as number) + end - docsEnd
      lastOut[k] = offset + (day.last[i] as number)
    }
    offset += day.docs
  }
  const terms: EncodedTerm[] = keys.map((key, k) => {
    const start = at[k] as number
    const docsEnd = start + (docsBytes[k] as number)
    return {
      term: typeof key === 'number' ? String.fromCharCode(Math.floor(key / 65536), key % 65536) : key,
      df: df[k] as number,
      docs: out.subarray(start, docsEnd),
      positions: out.subarray(docsEnd, docsEnd + (positionsBytes[k] as number)),
    }
  })
  return terms
}
