// The binary shard of the search index, written by the pipeline (src/pipeline/outputs/search) and read by
// the reader (src/features/search). A segment's terms are spread over its shards by a hash of the term;
// a shard holds, for each of its terms, the segment's documents that have it and, for bigrams, where.
//
//   shard   := varint termCount, then termCount × header, then the blobs in header order
//   header  := varint termBytes, term (UTF-8), varint df, varint docsBytes, varint positionsBytes
//   docs    := df × varint (doc number minus the previous one; doc numbers ascend, 0 the newest)
//   positions := for each doc: varint count, count × varint (position minus the previous one, from 0)
//
// Terms: a bigram is two UTF-16 units of the normalized text (search-text.ts), neither a space; a filter
// term is FILTER_MARK + `c:<category>`, `t:<tag>` or `s:<secid>` and has no positions.
import { fnv1a } from './fnv1a.ts'

/** Starts a filter term; it never occurs in normalized text, so no bigram is ever a filter term. */
export const FILTER_MARK = '\u0001'

export function filterTerm(kind: 'c' | 't' | 's', value: string): string {
  return `${FILTER_MARK}${kind}:${value}`
}

/** Which shard of a segment holds a term (`hash & (shards - 1)`): FNV-1a over UTF-16 units. */
export const termHash: (term: string) => number = fnv1a

export function shardOf(term: string, shards: number): number {
  return termHash(term) & (shards - 1)
}

/** A growable byte buffer for varints. */
export class ByteWriter {
  bytes = new Uint8Array(16)
  length = 0

  #room(n: number): void {
    if (this.length + n <= this.bytes.length) return
    let size = this.bytes.length * 2
    while (size < this.length + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.bytes.subarray(0, this.length))
    this.bytes = next
  }

  varint(value: number): void {
    this.#room(5)
    let v = value >>> 0
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80
      v >>>= 7
    }
    this.bytes[this.length++] = v
  }

  raw(data: Uint8Array): void {
    this.#room(data.length)
    this.bytes.set(data, this.length)
    this.length += data.length
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length)
  }
}

export class ByteReader {
  at: number
  readonly #bytes: Uint8Array
  readonly #end: number

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.#bytes = bytes
    this.at = start
    this.#end = end
  }

  varint(): number {
    const bytes = this.#bytes
    const end = this.#end
    let at = this.at
    let value = 0
    // Up to five bytes of seven bits (a multiplier, not 2 ** shift: reading a month's kept search days
    // back is five million numbers).
    for (let scale = 1; scale <= 0x10000000; scale *= 128) {
      if (at >= end) throw new Error('the search shard ends in the middle of a number')
      const b = bytes[at++] as number
      value += (b & 0x7f) * scale
      if (b < 0x80) {
        this.at = at
        return value
      }
    }
    throw new Error('the search shard holds a number too long')
  }

  done(): boolean {
    return this.at >= this.#end
  }
}

/** One term's postings as written: the encoded docs and positions. */
export interface EncodedTerm {
  term: string
  df: number
  docs: Uint8Array
  positions: Uint8Array
}

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder('utf-8', { fatal: true })

export function encodeShard(terms: readonly EncodedTerm[]): Uint8Array {
  const out = new ByteWriter()
  out.varint(terms.length)
  for (const t of terms) {
    const name = utf8.encode(t.term)
    out.varint(name.length)
    out.raw(name)
    out.varint(t.df)
    out.varint(t.docs.length)
    out.varint(t.positions.length)
  }
  for (const t of terms) {
    out.raw(t.docs)
    out.raw(t.positions)
  }
  return out.view()
}

/** Where one term's postings are in a shard. */
export interface TermEntry {
  df: number
  docsStart: number
  docsEnd: number
  positionsEnd: number
}

export interface Shard {
  bytes: Uint8Array
  terms: Map<string, TermEntry>
}

/** Reads a shard's headers; the postings are decoded only for the terms a query asks for. */
export function readShard(bytes: Uint8Array): Shard {
  const r = new ByteReader(bytes)
  const count = r.varint()
  const heads: { term: string; df: number; docs: number; positions: number }[] = []
  for (let i = 0; i < count; i++) {
    const n = r.varint()
    if (r.at + n > bytes.length) throw new Error('the search shard ends in the middle of a term')
    const term = fromUtf8.decode(bytes.subarray(r.at, r.at + n))
    r.at += n
    heads.push({ term, df: r.varint(), docs: r.varint(), positions: r.varint() })
  }
  const terms = new Map<string, TermEntry>()
  let at = r.at
  for (const h of heads) {
    const entry = { df: h.df, docsStart: at, docsEnd: at + h.docs, positionsEnd: at + h.docs + h.positions }
    at = entry.positionsEnd
    terms.set(h.term, entry)
  }
  if (at !== bytes.length) throw new Error('the search shard is not as long as its headers say')
  return { bytes, terms }
}

/** The doc numbers of a term, ascending. */
export function termDocs(shard: Shard, entry: TermEntry): Uint32Array {
  const out = new Uint32Array(entry.df)
  const r = new ByteReader(shard.bytes, entry.docsStart, entry.docsEnd)
  let doc = 0
  for (let i = 0; i < entry.df; i++) {
    doc += r.varint()
    out[i] = doc
  }
  return out
}

/** The positions of a term in each of its docs, in the order of termDocs. */
export function termPositions(shard: Shard, entry: TermEntry): Uint32Array[] {
  const out: Uint32Array[] = []
  const r = new ByteReader(shard.bytes, entry.docsEnd, entry.positionsEnd)
  for (let i = 0; i < entry.df; i++) {
    const n = r.varint()
    const list = new Uint32Array(n)
    let p = 0
    for (let k = 0; k < n; k++) {
      p += r.varint()
      list[k] = p
    }
    out.push(list)
  }
  return out
}

/**
 * The bigrams that prove a word is in a text, with their offsets in the word: every other bigram and the
 * last one, so together they cover every character. A text has the word at p exactly when each of these
 * bigrams is at p + its offset.
 */
export function coverBigrams(word: string): { bigram: string; offset: number }[] {
  const out: { bigram: string; offset: number }[] = []
  for (let o = 0; o + 2 <= word.length; o += 2) out.push({ bigram: word.slice(o, o + 2), offset: o })
  if (word.length % 2 === 1 && word.length >= 3) out.push({ bigram: word.slice(-2), offset: word.length - 2 })
  return out
}
