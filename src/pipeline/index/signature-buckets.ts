// The posts folder's signatures (name, size, modification time of every entry) summed up by bucket, so that a
// new process compares a few hundred sums with the index instead of a row per post. Reading every row's
// signature took 2.2 s at 1,000,000 posts and 0.3 s at 100,000, on every cron run; a scrape's new posts
// and an edit fall in one or two buckets, whose rows alone are then read and compared file by file.
//
// A bucket is the start of a file's name (a Jekyll post's date): a run of the index's rows by file. Its
// digest is the count of its entries and two 32-bit sums of a hash of each signature, kept in the index in
// the same transaction as the rows, and always summed from the rows themselves: a bucket whose digest
// matches the listing's holds the listing's signatures, but for a chance of about 2^-64 per bucket. Any
// write to a post's row drops its bucket's digest (a trigger, archive-index.ts), so a write that forgets to
// sum the bucket again costs a look at its rows next time, never a change missed.
import type Database from 'better-sqlite3'

type Db = Database.Database

/** Code units of a name's start that make its bucket: `2022-01-04`. */
const BUCKET_UNITS = 10

/**
 * A file's bucket: the first ten code units of its path inside the posts folder, cut before the first that
 * is not ASCII (so that its rows are one range of the index in any order of text).
 */
export function bucketOf(file: string): string {
  const end = Math.min(file.length, BUCKET_UNITS)
  for (let i = 0; i < end; i++) if (file.charCodeAt(i) >= 0x80) return file.slice(0, i)
  return file.slice(0, end)
}

export interface Digest {
  n: number
  a: number
  b: number
}

const numbers = new Float64Array(2)
const words = new Uint32Array(numbers.buffer)

/** Adds one entry's signature to `d`: two FNV-like hashes over its name's units and its numbers' bits. */
export function addSignature(d: Digest, file: string, size: number, mtime: number): void {
  let a = 0x811c9dc5
  let b = 0x3c6ef372
  for (let i = 0; i < file.length; i++) {
    const c = file.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
  }
  numbers[0] = size
  numbers[1] = mtime
  for (let i = 0; i < 4; i++) {
    const w = words[i] as number
    a = Math.imul(a ^ w, 0x01000193)
    b = Math.imul(b ^ w, 0x5bd1e995) ^ (b >>> 15)
  }
  // Avalanche, so that entries that differ in a bit or two do not cancel out in the sums.
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b)
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35) ^ (a >>> 16)
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b)
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35) ^ (b >>> 16)
  d.n++
  d.a = (d.a + (a >>> 0)) >>> 0
  d.b = (d.b + (b >>> 0)) >>> 0
}

export function sameDigest(x: Digest | undefined, y: Digest | undefined): boolean {
  return x !== undefined && y !== undefined && x.n === y.n && x.a === y.a && x.b === y.b
}

/**
 * The range of the index's files that start with `bucket` (ASCII, not empty): a superset of the bucket, to be
 * filtered by bucketOf. Files sort by their UTF-8 bytes there, where whatever follows `bucket` sorts below
 * its last character plus one.
 */
function range(bucket: string): [string, string] {
  const last = bucket.charCodeAt(bucket.length - 1)
  return [bucket, bucket.slice(0, -1) + String.fromCharCode(last + 1)]
}

export interface SignatureRow {
  file: string
  size: number
  mtime: number
}

/** The index's rows of one bucket. */
export function bucketRows(db: Db, bucket: string): SignatureRow[] {
  const rows = (bucket === '' ? db.prepare('SELECT file, size, mtime FROM posts').all() : db.prepare('SELECT file, size, mtime FROM posts WHERE file >= ? AND file < ?').all(...range(bucket))) as SignatureRow[]
  return rows.filter((r) => bucketOf(r.file) === bucket)
}

/** The digests the index holds. */
export function storedDigests(db: Db): Map<string, Digest> {
  const digests = new Map<string, Digest>()
  for (const [bucket, n, a, b] of db.prepare('SELECT bucket, n, a, b FROM post_buckets').raw().all() as [string, number, number, number][]) {
    digests.set(bucket, { n, a, b })
  }
  return digests
}

/** Sums `buckets` again from their rows (after the rows changed, in the same transaction). */
export function storeDigests(db: Db, buckets: Iterable<string>): void {
  const put = db.prepare('INSERT INTO post_buckets(bucket, n, a, b) VALUES (?, ?, ?, ?) ON CONFLICT(bucket) DO UPDATE SET n = excluded.n, a = excluded.a, b = excluded.b')
  const drop = db.prepare('DELETE FROM post_buckets WHERE bucket = ?')
  for (const bucket of buckets) {
    const d: Digest = { n: 0, a: 0, b: 0 }
    for (const r of bucketRows(db, bucket)) addSignature(d, r.file, r.size, r.mtime)
    if (d.n === 0) drop.run(bucket)
    else put.run(bucket, d.n, d.a, d.b)
  }
}
