// A segment's shards after an edit, patched instead of merged again. When a segment keeps its days and
// each day its number of articles (an old post edited in place, its twins changed), the documents keep
// their numbers, so a term's postings change only if they changed in an edited day. Those terms are few
// (an article of this archive has 115 distinct bigrams at the median), so they reach a few of the month's
// shards: each of those is read back, its changed terms' postings spliced (the old day's documents out,
// the new day's in), and it is written again; every other shard keeps its bytes, linked under the new name.
// The result is the same bytes as a merge of every day (search-days.ts), by construction of the format
// (a term's postings are its documents' ascending numbers and positions, whatever days they came from),
// and tests/pipeline/search-incremental.test.ts compares it with a clean build.
//
// What the last write of a segment was made from (its days, each with its hash and documents, and the
// size its shard count was cut for) is kept beside it (search_layouts). Anything that does not match, a
// file or a memo missing, or too many shards reached, and the caller merges the segment as before.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FILTER_MARK, ByteWriter, encodeShard, readShard, shardOf, termDocs, termPositions, type EncodedTerm, type Shard } from '../../../content/search-format.ts'
import { shardFile, type SearchSegment } from '../../../content/search.ts'
import { dayPostings, dayTermNumbers, samePostings, type DayTerms } from './search-days.ts'

/**
 * A day of a segment as its last write numbered it: the day's key, the hash its terms are kept under, its
 * number of documents, and the hash of its documents (what the segment's name is made of).
 */
export type LayoutDay = [string, string, number, string]

/** What a term adds to the size a segment's shard count is cut for. */
export function termBytes(t: { term: string; docs: Uint8Array; positions: Uint8Array }): number {
  return t.term.length * 3 + t.docs.length + t.positions.length + 8
}

/** A day whose terms changed: where its documents are in the segment, its terms before and after. */
export interface EditedDay {
  /** Its first document's number in the segment. */
  from: number
  docs: number
  before: DayTerms
  after: DayTerms
}

export interface ShardPatch {
  /** The new bytes of each shard that changed, by shard number. */
  changed: Map<number, Uint8Array>
  /** The size the shard count is cut for, after the edit. */
  bytes: number
}

/**
 * The shards of `old` (files under `root`) patched for `edited`, or null when more than `limit` of them
 * would change or a file cannot be read (the caller then merges the segment whole).
 */
export function patchShards(root: string, old: SearchSegment, layoutBytes: number, edited: readonly EditedDay[], limit: number): ShardPatch | null {
  // The terms whose postings changed in some edited day, by shard.
  const byShard = new Map<number, Set<string>>()
  for (const day of edited) {
    const before = dayTermNumbers(day.before)
    const after = dayTermNumbers(day.after)
    const note = (term: string): void => {
      const n = shardOf(term, old.shards)
      let terms = byShard.get(n)
      if (!terms) byShard.set(n, (terms = new Set()))
      terms.add(term)
    }
    for (const [term, i] of before) {
      const j = after.get(term)
      if (j === undefined || !samePostings(day.before, i, day.after, j)) note(term)
    }
    for (const term of after.keys()) if (!before.has(term)) note(term)
  }
  if (byShard.size > limit) return null

  const ordered = [...edited].sort((a, b) => a.from - b.from)
  const afterNumbers = ordered.map((day) => dayTermNumbers(day.after))
  let bytes = layoutBytes
  const changed = new Map<number, Uint8Array>()
  for (const [n, terms] of byShard) {
    let shard: Shard
    try {
      shard = readShard(readFileSync(join(root, shardFile(old, n))))
    } catch {
      return null
    }
    const list: EncodedTerm[] = []
    for (const [term, entry] of shard.terms) {
      const kept = {
        term,
        df: entry.df,
        docs: shard.bytes.subarray(entry.docsStart, entry.docsEnd),
        positions: shard.bytes.subarray(entry.docsEnd, entry.positionsEnd),
      }
      if (!terms.has(term)) {
        list.push(kept)
        continue
      }
      bytes -= termBytes(kept)
    }
    for (const term of terms) {
      const entry = shard.terms.get(term)
      const filter = term.startsWith(FILTER_MARK)
      const oldDocs = entry ? termDocs(shard, entry) : new Uint32Array(0)
      const oldPositions = entry && !filter ? termPositions(shard, entry) : null
      const docs: number[] = []
      const positions: Uint32Array[] = []
      let k = 0
      const keepOld = (below: number): void => {
        for (; k < oldDocs.length && (oldDocs[k] as number) < below; k++) {
          docs.push(oldDocs[k] as number)
          if (oldPositions) positions.push(oldPositions[k] as Uint32Array)
        }
      }
      ordered.forEach((day, d) => {
        keepOld(day.from)
        while (k < oldDocs.length && (oldDocs[k] as number) < day.from + day.docs) k++
        const i = (afterNumbers[d] as Map<string, number>).get(term)
        if (i === undefined) return
        const now = dayPostings(day.after, i)
        now.docs.forEach((doc, m) => {
          docs.push(day.from + doc)
          if (now.positions) positions.push(now.positions[m] as Uint32Array)
        })
      })
      keepOld(Infinity)
      if (docs.length === 0) continue
      const encoded = encodeTerm(term, docs, filter ? null : positions)
      bytes += termBytes(encoded)
      list.push(encoded)
    }
    list.sort((a, b) => (a.term < b.term ? -1 : 1))
    changed.set(n, encodeShard(list))
  }
  return { changed, bytes }
}

function encodeTerm(term: string, docs: readonly number[], positions: readonly Uint32Array[] | null): EncodedTerm {
  const d = new ByteWriter()
  let last = 0
  for (const doc of docs) {
    d.varint(doc - last)
    last = doc
  }
  const p = new ByteWriter()
  if (positions) {
    for (const list of positions) {
      p.varint(list.length)
      let prev = 0
      for (const at of list) {
        p.varint(at - prev)
        prev = at
      }
    }
  }
  return { term, df: docs.length, docs: d.view(), positions: p.view() }
}
