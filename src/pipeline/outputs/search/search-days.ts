// One day's search postings: the part of a segment (search-index.ts) that a day's articles give. A day's
// terms are built from its article files with documents numbered from 0 (its newest), and kept in the
// archive index, encoded, under a hash of the day's articles. A segment of several days is their merge:
// each term's documents are the days' runs one after another, renumbered by the documents of the newer days
// before them. In the published delta coding (search-format.ts) only each run's first number changes, so
// the merge copies bytes; positions are per document and copied as they are.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ByteReader, ByteWriter, filterTerm, termDocs, termPositions, type EncodedTerm, type Shard, type TermEntry } from '../../../content/search-format.ts'
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

/** An article's filter terms, sorted (a day's filters are kept in the order of their first document, then name). */
function filterTerms(row: DayArticle, article: IndexedArticle): string[] {
  const terms = new Set([filterTerm('c', row.category), ...article.tags.map((t) => filterTerm('t', t)), ...article.mentions.map((m) => filterTerm('s', m.secid))])
  return [...terms].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** A filter's postings (a few dozen filters a day). */
interface FilterPostings {
  docs: ByteWriter
  last: number
  df: number
}

/**
 * The distinct bigrams of a day: an open-addressed hash table from a bigram's code (32 bits) to a dense
 * number, with per-bigram counters in flat arrays. Measured on 3,000 real posts: a `Map` of number keys
 * (codes of CJK pairs are above the small-integer range, so each was a boxed double) with a growing
 * writer per bigram took 0.13 ms a post, most of a cold build's search time; this takes a third of that.
 */
class BigramTable {
  codes = new Uint32Array(1024)
  /** Per bigram: occurrences, documents, the last document counted. */
  occurrences = new Uint32Array(1024)
  documents = new Uint32Array(1024)
  lastDoc = new Int32Array(1024).fill(-1)
  size = 0
  #slots = new Int32Array(2048).fill(-1)
  #mask = 2047
  /** 32 minus the table's bits: a slot is the top bits of the code times a large odd number. */
  #shift = 21

  /** The bigram's number, or -1. */
  find(code: number): number {
    for (let h = Math.imul(code, 0x9e3779b1) >>> this.#shift; ; h = (h + 1) & this.#mask) {
      const n = this.#slots[h] as number
      if (n === -1 || this.codes[n] === code) return n
    }
  }

  /** Adds a bigram not in the table; returns its number. */
  insert(code: number): number {
    if (this.size === this.codes.length) this.#growArrays()
    if ((this.size + 1) * 2 > this.#slots.length) this.#rehash()
    const n = this.size++
    this.codes[n] = code
    let h = Math.imul(code, 0x9e3779b1) >>> this.#shift
    while (this.#slots[h] !== -1) h = (h + 1) & this.#mask
    this.#slots[h] = n
    return n
  }

  #growArrays(): void {
    const grow = <T extends Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2)
      b.set(a)
      return b
    }
    this.codes = grow(this.codes, (n) => new Uint32Array(n))
    this.occurrences = grow(this.occurrences, (n) => new Uint32Array(n))
    this.documents = grow(this.documents, (n) => new Uint32Array(n))
    this.lastDoc = grow(this.lastDoc, (n) => new Int32Array(n).fill(-1))
  }

  #rehash(): void {
    this.#slots = new Int32Array(this.#slots.length * 2).fill(-1)
    this.#mask = this.#slots.length - 1
    this.#shift--
    for (let n = 0; n < this.size; n++) {
      let h = Math.imul(this.codes[n] as number, 0x9e3779b1) >>> this.#shift
      while (this.#slots[h] !== -1) h = (h + 1) & this.#mask
      this.#slots[h] = n
    }
  }
}

/** The bigram code at `i` of a normalized text, or -1 where either unit is a space. */
function codeAt(text: string, i: number): number {
  const a = text.charCodeAt(i)
  const b = text.charCodeAt(i + 1)
  return a === SPACE || b === SPACE ? -1 : a * 65536 + b
}

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder('utf-8', { fatal: true })

// A day's terms as kept in the archive index:
//   day     := varint docs, varint bigramCount, varint filterCount, bigram headers, filter headers, then the
//              postings in header order (a bigram's docs and positions, a filter's docs)
//   bigram  := varint code, varint df, varint last, varint docsBytes, varint positionsBytes
//   filter  := varint termBytes, term (UTF-8), varint df, varint last, varint docsBytes

/**
 * Builds a day's terms from its article files (under the data folder `root`), encoded as they are kept.
 * Two passes over the day's texts: the first numbers the bigrams and counts them, the second places every
 * occurrence in one flat array grouped by bigram, then document, then position (a counting sort), which
 * the encoding walks. Terms are encoded in the order they first occur, by code (a filter: by name) within a
 * document: bigrams, then filters.
 */
export function buildDay(root: string, rows: readonly DayArticle[]): Uint8Array {
  const table = new BigramTable()
  const order: number[] = []
  const filters = new Map<string, FilterPostings>()
  // Each text position's bigram number (-1: none there), the day's texts one after another, so that the
  // second pass reads them instead of looking every bigram up again; `starts[doc]`: where a text begins.
  let numbers = new Int32Array(1 << 16)
  let length = 0
  const starts = new Uint32Array(rows.length + 1)
  let occurrences = 0
  let entries = 0
  rows.forEach((row, doc) => {
    const article = readArticle(root, row.path)
    const text = normalizeText(searchText(article))
    starts[doc] = length
    if (length + text.length > numbers.length) {
      const grown = new Int32Array(Math.max(numbers.length * 2, length + text.length))
      grown.set(numbers.subarray(0, length))
      numbers = grown
    }
    const firstNew = order.length
    for (let i = 0; i + 1 < text.length; i++) {
      const code = codeAt(text, i)
      if (code === -1) {
        numbers[length + i] = -1
        continue
      }
      let n = table.find(code)
      if (n === -1) {
        n = table.insert(code)
        order.push(n)
      }
      numbers[length + i] = n
      table.occurrences[n] = (table.occurrences[n] as number) + 1
      occurrences++
      if (table.lastDoc[n] !== doc) {
        table.lastDoc[n] = doc
        table.documents[n] = (table.documents[n] as number) + 1
        entries++
      }
    }
    // A text's last unit starts no bigram.
    length += Math.max(text.length - 1, 0)
    if (order.length - firstNew > 1) {
      const added = order.splice(firstNew).sort((x, y) => (table.codes[x] as number) - (table.codes[y] as number))
      for (const n of added) order.push(n)
    }
    for (const term of filterTerms(row, article)) {
      let p = filters.get(term)
      if (!p) filters.set(term, (p = { docs: new ByteWriter(), last: 0, df: 0 }))
      p.docs.varint(doc - p.last)
      p.last = doc
      p.df++
    }
  })

  // Where each bigram's occurrences and document entries start in the flat arrays.
  const size = table.size
  const atOccurrence = new Uint32Array(size)
  const atEntry = new Uint32Array(size)
  for (let n = 0, o = 0, e = 0; n < size; n++) {
    atOccurrence[n] = o
    atEntry[n] = e
    o += table.occurrences[n] as number
    e += table.documents[n] as number
  }
  const positions = new Uint32Array(occurrences)
  const entryDoc = new Uint32Array(entries)
  /** Where each document entry's positions end. */
  const entryEnd = new Uint32Array(entries)
  const nextOccurrence = atOccurrence.slice()
  const nextEntry = atEntry.slice()
  starts[rows.length] = length
  table.lastDoc.fill(-1)
  for (let doc = 0; doc < rows.length; doc++) {
    const start = starts[doc] as number
    const end = starts[doc + 1] as number
    for (let k = start; k < end; k++) {
      const n = numbers[k] as number
      if (n === -1) continue
      const i = k - start
      let entry = nextEntry[n] as number
      if (table.lastDoc[n] !== doc) {
        table.lastDoc[n] = doc
        entryDoc[entry++] = doc
        nextEntry[n] = entry
      }
      const at = nextOccurrence[n] as number
      positions[at] = i
      nextOccurrence[n] = at + 1
      entryEnd[entry - 1] = at + 1
    }
  }

  const out = new ByteWriter()
  out.varint(rows.length)
  out.varint(size)
  out.varint(filters.size)
  const postings = new ByteWriter()
  const header = (n: number): void => {
    const docsFrom = postings.length
    const firstEntry = atEntry[n] as number
    const endEntry = firstEntry + (table.documents[n] as number)
    let last = 0
    for (let e = firstEntry; e < endEntry; e++) {
      postings.varint((entryDoc[e] as number) - last)
      last = entryDoc[e] as number
    }
    const positionsFrom = postings.length
    let o = atOccurrence[n] as number
    for (let e = firstEntry; e < endEntry; e++) {
      const end = entryEnd[e] as number
      postings.varint(end - o)
      let prev = 0
      for (; o < end; o++) {
        postings.varint((positions[o] as number) - prev)
        prev = positions[o] as number
      }
    }
    out.varint(table.codes[n] as number)
    out.varint(endEntry - firstEntry)
    out.varint(last)
    out.varint(positionsFrom - docsFrom)
    out.varint(postings.length - positionsFrom)
  }
  for (const n of order) header(n)
  for (const [term, p] of filters) {
    const name = utf8.encode(term)
    out.varint(name.length)
    out.raw(name)
    out.varint(p.df)
    out.varint(p.last)
    out.varint(p.docs.length)
  }
  out.raw(postings.view())
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

/** An article of a day changed in place: its document's number in the day (unchanged), and what it is now. */
export interface DayEdit {
  doc: number
  article: DayArticle
}

/** A term of a day being patched: its postings' bytes (docs, then a bigram's positions) and header. */
interface PatchedTerm {
  key: number | string
  first: number
  df: number
  last: number
  docsBytes: number
  bytes: Uint8Array
}

/** One document's entry in a term: its number and, for a bigram, its positions' bytes (count, then deltas). */
interface TermEntryBytes {
  doc: number
  positions: Uint8Array | null
}

/**
 * A day's terms after some of its articles changed in place, every other article and so every document's
 * number as before: `before`'s postings with the edited documents' entries taken out and their new ones put
 * in, the very bytes buildDay gives the day's articles now, but reading only the edited ones (an edited
 * old post re-read its day's 1,500 articles: 0.17 s of a one-second goal). A test checks it against
 * buildDay over random edits.
 */
export function patchDay(root: string, before: DayTerms, edits: readonly DayEdit[]): Uint8Array {
  const edited = new Uint8Array(before.docs)
  /** The edited documents' new entries by term, in document order. */
  const fresh = new Map<number | string, TermEntryBytes[]>()
  const add = (key: number | string, entry: TermEntryBytes): void => {
    const list = fresh.get(key)
    if (list) list.push(entry)
    else fresh.set(key, [entry])
  }
  for (const { doc, article: row } of [...edits].sort((a, b) => a.doc - b.doc)) {
    if (doc >= before.docs || edited[doc] === 1) throw new Error(`a day's edit names document ${doc} of ${before.docs} twice or past its end`)
    edited[doc] = 1
    const article = readArticle(root, row.path)
    const text = normalizeText(searchText(article))
    const at = new Map<number, number[]>()
    for (let i = 0; i + 1 < text.length; i++) {
      const code = codeAt(text, i)
      if (code === -1) continue
      const list = at.get(code)
      if (list) list.push(i)
      else at.set(code, [i])
    }
    for (const [code, list] of at) {
      const w = new ByteWriter()
      w.varint(list.length)
      let prev = 0
      for (const p of list) {
        w.varint(p - prev)
        prev = p
      }
      add(code, { doc, positions: w.view() })
    }
    for (const term of filterTerms(row, article)) add(term, { doc, positions: null })
  }

  const bigrams: PatchedTerm[] = []
  const filters: PatchedTerm[] = []
  const count = before.df.length
  for (let i = 0; i < count; i++) {
    const key = i < before.bigrams ? (before.codes[i] as number) : (before.filters[i - before.bigrams] as string)
    const docsAt = before.docsAt[i] as number
    const docsEnd = before.docsEnd[i] as number
    const r = new ByteReader(before.bytes, docsAt, docsEnd)
    let doc = 0
    let first = -1
    let touched = false
    while (!r.done()) {
      doc += r.varint()
      if (first === -1) first = doc
      if (edited[doc] === 1) touched = true
    }
    const added = fresh.get(key)
    const list = i < before.bigrams ? bigrams : filters
    if (!touched && !added) {
      list.push({ key, first, df: before.df[i] as number, last: before.last[i] as number, docsBytes: docsEnd - docsAt, bytes: before.bytes.subarray(docsAt, before.end[i]) })
      continue
    }
    fresh.delete(key)
    // The entries kept, then the new ones merged in by document.
    const kept: TermEntryBytes[] = []
    const docs = new ByteReader(before.bytes, docsAt, docsEnd)
    const positions = new ByteReader(before.bytes, docsEnd, before.end[i])
    doc = 0
    while (!docs.done()) {
      doc += docs.varint()
      let entry: Uint8Array | null = null
      if (i < before.bigrams) {
        const from = positions.at
        for (let n = positions.varint(); n > 0; n--) positions.varint()
        entry = before.bytes.subarray(from, positions.at)
      }
      if (edited[doc] !== 1) kept.push({ doc, positions: entry })
    }
    const term = termOf(key, mergeEntries(kept, added ?? []))
    if (term) list.push(term)
  }
  for (const [key, entries] of fresh) {
    const term = termOf(key, entries)
    if (term) (typeof key === 'number' ? bigrams : filters).push(term)
  }

  bigrams.sort((a, b) => a.first - b.first || (a.key as number) - (b.key as number))
  filters.sort((a, b) => a.first - b.first || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const out = new ByteWriter()
  out.varint(before.docs)
  out.varint(bigrams.length)
  out.varint(filters.length)
  for (const t of bigrams) {
    out.varint(t.key as number)
    out.varint(t.df)
    out.varint(t.last)
    out.varint(t.docsBytes)
    out.varint(t.bytes.length - t.docsBytes)
  }
  for (const t of filters) {
    const name = utf8.encode(t.key as string)
    out.varint(name.length)
    out.raw(name)
    out.varint(t.df)
    out.varint(t.last)
    out.varint(t.docsBytes)
  }
  for (const t of bigrams) out.raw(t.bytes)
  for (const t of filters) out.raw(t.bytes)
  return out.view()
}

/** Two runs of entries, each in document order, as one. */
function mergeEntries(a: readonly TermEntryBytes[], b: readonly TermEntryBytes[]): TermEntryBytes[] {
  const out: TermEntryBytes[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as TermEntryBytes).doc < (b[j] as TermEntryBytes).doc)) out.push(a[i++] as TermEntryBytes)
    else out.push(b[j++] as TermEntryBytes)
  }
  return out
}

/** A term's header and bytes from its entries (as buildDay codes them), or null for none. */
function termOf(key: number | string, entries: readonly TermEntryBytes[]): PatchedTerm | null {
  if (entries.length === 0) return null
  const w = new ByteWriter()
  let last = 0
  for (const e of entries) {
    w.varint(e.doc - last)
    last = e.doc
  }
  const docsBytes = w.length
  for (const e of entries) if (e.positions) w.raw(e.positions)
  return { key, first: (entries[0] as TermEntryBytes).doc, df: entries.length, last, docsBytes, bytes: w.view() }
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

/** The first number of a term's docs in a day, as firstDoc last read it (a pair per call was 2 million). */
let first = 0

/** Reads the first number of a term's docs in a day into `first`; returns where the rest starts. */
function firstDoc(bytes: Uint8Array, at: number): number {
  let value = 0
  let shift = 0
  for (;;) {
    const b = bytes[at++] as number
    value += (b & 0x7f) * 2 ** shift
    if (b < 0x80) {
      first = value
      return at
    }
    shift += 7
  }
}

/**
 * A segment's terms from its days, newest day first, in term order: the same bytes as building the segment
 * at once. Two passes: the first finds each term's merged size, the second copies the days' bytes into one
 * buffer.
 */
export function mergeDays(days: readonly DayTerms[]): EncodedTerm[] {
  // Each term's number (k): a bigram's through a BigramTable (a Map of its code, a boxed double, took 0.2 s
  // of an edit's month at 100,000 posts), a filter's by its name.
  const bigramTable = new BigramTable()
  const kOfBigram: number[] = []
  const filterIndex = new Map<string, number>()
  const keys: (number | string)[] = []
  const numberOf = (key: number | string): number => (typeof key === 'number' ? (kOfBigram[bigramTable.find(key)] as number) : (filterIndex.get(key) as number))
  const slots = days.map((day) => new Uint32Array(day.df.length))
  const df: number[] = []
  const last: number[] = []
  const docsBytes: number[] = []
  const positionsBytes: number[] = []
  let offset = 0
  for (const [d, day] of days.entries()) {
    const slot = slots[d] as Uint32Array
    for (let i = 0; i < day.df.length; i++) {
      let k: number
      let key: number | string | null = null
      if (i < day.bigrams) {
        const code = day.codes[i] as number
        const n = bigramTable.find(code)
        if (n === -1) {
          kOfBigram[bigramTable.insert(code)] = k = keys.length
          key = code
        } else k = kOfBigram[n] as number
      } else {
        const name = day.filters[i - day.bigrams] as string
        const known = filterIndex.get(name)
        if (known === undefined) {
          filterIndex.set(name, (k = keys.length))
          key = name
        } else k = known
      }
      if (key !== null) {
        keys.push(key)
        df.push(0)
        last.push(0)
        docsBytes.push(0)
        positionsBytes.push(0)
      }
      slot[i] = k
      const rest = firstDoc(day.bytes, day.docsAt[i] as number)
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
      const rest = firstDoc(day.bytes, day.docsAt[i] as number)
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
  const term = (key: number | string, k: number): EncodedTerm => {
    const start = at[k] as number
    const docsEnd = start + (docsBytes[k] as number)
    return {
      term: typeof key === 'number' ? bigramOf(key) : key,
      df: df[k] as number,
      docs: out.subarray(start, docsEnd),
      positions: out.subarray(docsEnd, docsEnd + (positionsBytes[k] as number)),
    }
  }
  // In term order (UTF-16 units, as the shards list them): a bigram's code orders bigrams as their text
  // does, so they are sorted as numbers (sorting the strings took 0.3 s of a month's 2.6 s).
  const codes = new Uint32Array(keys.length)
  let bigrams = 0
  const filters: string[] = []
  for (const key of keys) {
    if (typeof key === 'number') codes[bigrams++] = key
    else filters.push(key)
  }
  const sorted = codes.subarray(0, bigrams).sort()
  filters.sort((a, b) => (a < b ? -1 : 1))
  const terms: EncodedTerm[] = []
  let f = 0
  for (const code of sorted) {
    const text = bigramOf(code)
    while (f < filters.length && (filters[f] as string) < text) {
      terms.push(term(filters[f] as string, numberOf(filters[f] as string)))
      f++
    }
    terms.push(term(code, numberOf(code)))
  }
  for (; f < filters.length; f++) terms.push(term(filters[f] as string, numberOf(filters[f] as string)))
  return terms
}

function bigramOf(code: number): string {
  return String.fromCharCode(Math.floor(code / 65536), code % 65536)
}

/** Each term of a day by its text (a bigram's two units, a filter's name), to its number in the day. */
export function dayTermNumbers(day: DayTerms): Map<string, number> {
  const numbers = new Map<string, number>()
  for (let i = 0; i < day.df.length; i++) numbers.set(i < day.bigrams ? bigramOf(day.codes[i] as number) : (day.filters[i - day.bigrams] as string), i)
  return numbers
}

/** Whether term `i` of day `a` and term `j` of day `b` have the very same postings. */
export function samePostings(a: DayTerms, i: number, b: DayTerms, j: number): boolean {
  if (a.df[i] !== b.df[j] || a.last[i] !== b.last[j]) return false
  const from = a.docsAt[i] as number
  const length = (a.end[i] as number) - from
  if ((b.end[j] as number) - (b.docsAt[j] as number) !== length || (a.docsEnd[i] as number) - from !== (b.docsEnd[j] as number) - (b.docsAt[j] as number)) return false
  const x = a.bytes.subarray(from, from + length)
  const y = b.bytes.subarray(b.docsAt[j], (b.docsAt[j] as number) + length)
  for (let k = 0; k < length; k++) if (x[k] !== y[k]) return false
  return true
}

/**
 * Term `i` of a day: its documents (numbered in the day) and, for a bigram, its positions in each. A day's
 * postings are coded as a shard's (search-format.ts), so the shard's readers read them.
 */
export function dayPostings(day: DayTerms, i: number): { docs: Uint32Array; positions: Uint32Array[] | null } {
  const shard: Shard = { bytes: day.bytes, terms: new Map() }
  const entry: TermEntry = { df: day.df[i] as number, docsStart: day.docsAt[i] as number, docsEnd: day.docsEnd[i] as number, positionsEnd: day.end[i] as number }
  return { docs: termDocs(shard, entry), positions: i < day.bigrams ? termPositions(shard, entry) : null }
}
