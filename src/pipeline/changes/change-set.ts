// What changed in the posts folder since the index last saw it: one explicit change set, found by comparing
// the folder's listing (names, sizes, modification times) with the index's rows (summed by bucket first),
// never by reading posts that did not change. A watcher's list of touched files narrows the look to those
// files; anything it cannot vouch for (a folder, a file the index does not know how to place) makes it
// list everything.
import { lstatSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ArchiveIndex } from '../index/archive-index.ts'
import { addSignature, bucketOf, bucketRows, sameDigest, storedDigests, type Digest } from '../index/signature-buckets.ts'
import { byFile, listPosts, type ListedFile, type ListingProblem } from '../listing/post-listing.ts'

export interface ChangeSet {
  /** Files to read: new ones and ones whose signature changed. */
  toRead: ListedFile[]
  added: number
  changed: number
  /** Files the index knows that are gone. */
  removed: string[]
  /** Entries that are not readable files, with why; complete only when `full`. */
  problems: ListingProblem[]
  /** Whether the whole folder was listed (else only the watcher's files were looked at). */
  full: boolean
  /** Files left as they were. */
  unchanged: number
  /** The buckets whose sums the index must make again once this is applied (signature-buckets.ts). */
  buckets: string[]
}

interface Signature {
  size: number
  mtime: number
  /** Set when the listing has the file. */
  listed?: true
}

/** A listed file against what the index knew of it: added, changed, or left as it was. */
function compare(changes: ChangeSet, f: ListedFile, known: Signature | undefined): void {
  if (!known) {
    changes.toRead.push(f)
    changes.added++
  } else if (known.size !== f.size || known.mtime !== f.mtimeMs) {
    changes.toRead.push(f)
    changes.changed++
  } else changes.unchanged++
}

/**
 * Every entry of the folder against the index: its signatures summed by bucket (signature-buckets.ts),
 * and file by file only in the buckets whose sums differ. The index's sums are read while another thread
 * stats the files.
 */
function fullChanges(index: ArchiveIndex, postsDir: string): ChangeSet {
  let stored = new Map<string, Digest>()
  // About as many files as the index knows (rowids only grow): whether a second thread is worth starting.
  const expected = (index.db.prepare('SELECT max(rowid) FROM posts').pluck().get() as number | null) ?? 0
  const listing = listPosts(postsDir, {
    expected,
    meanwhile: () => {
      stored = storedDigests(index.db)
    },
  })
  const buckets = new Map<string, Digest>()
  const sum = (file: string, size: number, mtime: number): string => {
    const bucket = bucketOf(file)
    let digest = buckets.get(bucket)
    if (!digest) buckets.set(bucket, (digest = { n: 0, a: 0, b: 0 }))
    addSignature(digest, file, size, mtime)
    return bucket
  }
  const bucketOfFile = listing.files.map((f) => sum(f.file, f.size, f.mtimeMs))
  // A listing problem is kept as a row of size and time -1 (apply-changes.ts).
  for (const p of listing.problems) sum(p.file, -1, -1)
  const differ = new Set<string>()
  for (const [bucket, digest] of buckets) if (!sameDigest(digest, stored.get(bucket))) differ.add(bucket)
  for (const bucket of stored.keys()) if (!buckets.has(bucket)) differ.add(bucket)

  const known = new Map<string, Signature>()
  for (const bucket of differ) for (const r of bucketRows(index.db, bucket)) known.set(r.file, { size: r.size, mtime: r.mtime })
  const changes: ChangeSet = { toRead: [], added: 0, changed: 0, removed: [], problems: listing.problems, full: true, unchanged: 0, buckets: [] }
  listing.files.forEach((f, i) => {
    if (!differ.has(bucketOfFile[i] as string)) {
      changes.unchanged++
      return
    }
    const sig = known.get(f.file)
    if (sig) sig.listed = true
    compare(changes, f, sig)
  })
  for (const p of listing.problems) {
    const sig = known.get(p.file)
    if (sig) sig.listed = true
  }
  for (const [file, sig] of known) if (!sig.listed) changes.removed.push(file)
  changes.toRead.sort(byFile)
  changes.removed.sort()
  // The problems' rows are written again on every run (their reasons may change): their buckets too.
  changes.buckets = [...new Set([...differ, ...listing.problems.map((p) => bucketOf(p.file))])]
  return changes
}

/**
 * Only the files a watcher reported. Null when one of them is not a plain file or a file the index knew
 * (a folder, a symlink...): then only a full listing can say what changed.
 */
function hintedChanges(index: ArchiveIndex, postsDir: string, hint: Iterable<string>): ChangeSet | null {
  const get = index.db.prepare('SELECT size, mtime FROM posts WHERE file = ?')
  const changes: ChangeSet = { toRead: [], added: 0, changed: 0, removed: [], problems: [], full: false, unchanged: 0, buckets: [] }
  const seen = new Set<string>()
  for (const file of hint) {
    if (seen.has(file)) continue
    seen.add(file)
    const sig = get.get(file) as Signature | undefined
    let st
    try {
      if (!lstatSync(join(postsDir, file)).isFile()) return null
      st = statSync(join(postsDir, file))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return null
      if (sig) changes.removed.push(file)
      continue
    }
    compare(changes, { file, size: st.size, mtimeMs: st.mtimeMs }, sig)
  }
  changes.buckets = [...new Set([...seen].map(bucketOf))]
  return changes
}

/**
 * The change set of the posts folder against the index; `hint` narrows it to a watcher's files, unless the
 * index holds no finished build (new, or just started afresh because the data folder was emptied): then
 * it knows no post, and every post must be read whatever the watcher saw.
 */
export function findChanges(index: ArchiveIndex, postsDir: string, hint?: Iterable<string>): ChangeSet {
  const trusted = hint && index.get('manifest') !== undefined ? hint : undefined
  return (trusted && hintedChanges(index, postsDir, trusted)) ?? fullChanges(index, postsDir)
}
