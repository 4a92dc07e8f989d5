// A merged segment's files: its term shards and documents files, a pure function of its days' kept terms
// and its documents (search-index.ts plans which, and keeps the terms). It needs no archive index, so a
// cold build runs it on the search's worker thread (day-builds.ts) beside this thread's other work, and
// there, when the folder started empty, writes the files too; anywhere else it runs on this thread. Either
// way the bytes are these.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { docsFile, shardFile, type SearchDoc, type SearchSegment } from '../../../content/search.ts'
import { encodeShard, shardOf, type EncodedTerm } from '../../../content/search-format.ts'
import { writeComplete } from '../output-folder.ts'
import { decodeDay, mergeDays } from './search-days.ts'
import { termBytes } from './segment-patch.ts'

/** Documents per documents file: a result page of a rare word reads one file per result, a common word two. */
export const DOC_CHUNK = 16
/**
 * About how many bytes a term shard holds before a segment is cut into more (a power of two of them). A
 * query reads one shard per word's bigram per segment whatever their size, most of it other terms' postings:
 * 16 KB rather than 48 took a fifth to a third off a first page's download at 100,000 posts (README, Search)
 * for 1.8 times the index's files.
 */
export const SHARD_BYTES = 16 * 1024
const MAX_SHARDS = 4096

/** How many shards a segment of terms of this size (termBytes summed) is cut into. */
export function shardsFor(bytes: number): number {
  let n = 1
  while (n < MAX_SHARDS && bytes / n > SHARD_BYTES) n *= 2
  return n
}

/** A day of a segment: its key and how many documents it gives, newest day first. */
export interface SegmentDay {
  day: string
  count: number
}

/** A segment's root entry, its shards not yet cut: the days it starts (none for the undated one). */
export function segmentEntry(key: string, hash: string, days: readonly SegmentDay[], shards: number): SearchSegment {
  const segment: SearchSegment = { key, hash, docs: days.reduce((n, d) => n + d.count, 0), shards, chunk: DOC_CHUNK, days: [] }
  if (key !== 'undated') {
    let doc = 0
    for (const d of days) {
      if (d.count > 0) segment.days.push([d.day, doc])
      doc += d.count
    }
  }
  return segment
}

/** A documents file's bytes. */
export function docsJson(docs: readonly SearchDoc[]): string {
  return JSON.stringify({ docs })
}

/** What a file's bytes are remembered by, to link a later file of the same bytes to it (search_sums). */
export function fileSum(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64url').slice(0, 22)
}

/** What a segment is merged from. */
export interface SegmentInput {
  key: string
  hash: string
  days: SegmentDay[]
  /** Each day's kept terms (search-days.ts), in the order of `days`. */
  terms: Uint8Array[]
  /** Its documents, newest first. */
  docs: SearchDoc[]
}

/** A file of a segment: its bytes, or null when they were written already (`writeTo`), and their sum. */
export interface SegmentFile {
  path: string
  sum: string
  size: number
  data: string | Uint8Array | null
}

export interface EncodedSegment {
  segment: SearchSegment
  /** The size its shard count was cut for. */
  bytes: number
  files: SegmentFile[]
}

/**
 * Merges a segment's days and cuts its files. With `writeTo` (a data folder that started empty, so that no
 * file could be linked instead) each file is written there complete, and not returned.
 */
export function encodeSegment(input: SegmentInput, writeTo: string | null): EncodedSegment {
  const terms = mergeDays(input.terms.map(decodeDay))
  const bytes = terms.reduce((n, t) => n + termBytes(t), 0)
  const segment = segmentEntry(input.key, input.hash, input.days, shardsFor(bytes))
  const byShard: EncodedTerm[][] = Array.from({ length: segment.shards }, () => [])
  for (const t of terms) byShard[shardOf(t.term, segment.shards)]?.push(t)
  const files: SegmentFile[] = []
  const place = (path: string, data: string | Uint8Array): void => {
    const file: SegmentFile = { path, sum: fileSum(data), size: typeof data === 'string' ? Buffer.byteLength(data) : data.length, data }
    if (writeTo !== null) {
      writeComplete(join(writeTo, path), data, writeTo)
      file.data = null
    }
    files.push(file)
  }
  byShard.forEach((list, n) => place(shardFile(segment, n), encodeShard(list)))
  for (let k = 0; k * DOC_CHUNK < segment.docs; k++) place(docsFile(segment, k), docsJson(input.docs.slice(k * DOC_CHUNK, (k + 1) * DOC_CHUNK)))
  return { segment, bytes, files }
}
