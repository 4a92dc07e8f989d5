// What changed in the posts folder since the index last saw it: one explicit change set, found by comparing
// the folder's listing (names, sizes, modification times) with the index's rows, never by reading posts
// that did not change. A watcher's list of touched files narrows the look to those files; anything it
// cannot vouch for (a folder, a file the index does not know how to place) makes it list everything.
import { lstatSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ArchiveIndex } from '../index/archive-index.ts'
import { listPosts, type ListedFile, type ListingProblem } from '../listing/post-listing.ts'

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
}

interface Signature {
  size: number
  mtime: number
  /** Set when the listing has the file. */
  listed?: true
}

function signatures(index: ArchiveIndex): Map<string, Signature> {
  const known = new Map<string, Signature>()
  for (const row of index.db.prepare('SELECT file, size, mtime FROM posts').raw().iterate() as Iterable<[string, number, number]>) {
    known.set(row[0], { size: row[1], mtime: row[2] })
  }
  return known
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

/** Every entry of the folder against the index (whose rows are read while another thread stats the files). */
function fullChanges(index: ArchiveIndex, postsDir: string): ChangeSet {
  let known = new Map<string, Signature>()
  const listing = listPosts(postsDir, () => {
    known = signatures(index)
  })
  const changes: ChangeSet = { toRead: [], added: 0, changed: 0, removed: [], problems: listing.problems, full: true, unchanged: 0 }
  // Marked, not deleted: deleting from a map of 1,000,000 entries cost more than the marks.
  let seen = 0
  for (const f of listing.files) {
    const sig = known.get(f.file)
    if (sig) {
      sig.listed = true
      seen++
    }
    compare(changes, f, sig)
  }
  for (const p of listing.problems) {
    const sig = known.get(p.file)
    if (sig && !sig.listed) {
      sig.listed = true
      seen++
    }
  }
  if (seen < known.size) for (const [file, sig] of known) if (!sig.listed) changes.removed.push(file)
  return changes
}

/**
 * Only the files a watcher reported. Null when one of them is not a plain file or a file the index knew
 * (a folder, a symlink...): then only a full listing can say what changed.
 */
function hintedChanges(index: ArchiveIndex, postsDir: string, hint: Iterable<string>): ChangeSet | null {
  const get = index.db.prepare('SELECT size, mtime FROM posts WHERE file = ?')
  const changes: ChangeSet = { toRead: [], added: 0, changed: 0, removed: [], problems: [], full: false, unchanged: 0 }
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
