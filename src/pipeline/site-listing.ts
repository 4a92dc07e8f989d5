// The names in the live site folder, read once per folder by a build of the site: the prerenderer asks
// whether a page's file is there (100,000 article pages: one listing, not 100,000 stats), and the build then
// prunes the old site's files from the same listings instead of reading every folder again. At 100,000
// posts the prune read the article pages' folder again with each entry's kind, and took 218 ms of a
// one-post site build.
//
// A listing holds names, not kinds: a folder named like a page passes for that page. Only a hand could put
// one there (a build moves files in, never folders over files). The names are read in the folder's own
// order, as scan-folder.ts reads the posts: readdirSync sorts them first (libuv's scandir). Into a set,
// the 100,000 article pages' names took 71 to 75 ms this way, 78 to 103 ms through readdirSync (three runs).
//
// A folder the page keys vouch for is not read at all (page-keys.ts): its stamp (folderStamp) is the one the
// last build recorded when it saved the keys, so it holds exactly the files they name, and the prerenderer
// asks only whether those are there. At 100,000 posts, reading the article pages' folder and looking each
// page up took 0.1 s of a one-post site build. Its names, for the prune, are those that may go: the pages the
// keys no longer keep whole.
import { opendirSync, statSync, type Dir } from 'node:fs'
import { join } from 'node:path'

/**
 * A folder's stamp: its identity and the times and size its entries change, as one string, or null when
 * it cannot be read. Adding, removing or renaming an entry moves its modification and status-change times
 * (and renaming or copying the folder its inode), to the nanosecond on Linux's file systems, in steps of
 * the kernel's clock tick (1 to 10 ms).
 */
export function folderStamp(dir: string): { stamp: string; changedMs: number } | null {
  const st = statSync(dir, { bigint: true, throwIfNoEntry: false })
  if (!st?.isDirectory()) return null
  return { stamp: [st.dev, st.ino, st.size, st.nlink, st.mtimeNs, st.ctimeNs].join(':'), changedMs: Number(st.ctimeNs / 1_000_000n) }
}

/**
 * A change to a folder within one clock tick of the last leaves its stamp as it was: a stamp is recorded
 * once this long has passed since the folder last changed, so that any change after it moves the stamp.
 */
export const STAMP_SETTLE_MS = 25

/**
 * The stamp of `dir` once it has settled (STAMP_SETTLE_MS after its last change: a build that just moved
 * files in waits that long at most), or null when it cannot be read.
 */
export async function settledStamp(dir: string): Promise<string | null> {
  for (;;) {
    const now = Date.now()
    const stamp = folderStamp(dir)
    if (!stamp) return null
    const wait = stamp.changedMs + STAMP_SETTLE_MS - now
    // A change time ahead of this clock (another machine's, on a network file system) never settles here.
    if (wait > STAMP_SETTLE_MS) return null
    if (wait <= 0) return stamp.stamp
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
}

export class SiteListing {
  readonly root: string
  readonly #listed = new Map<string, ReadonlySet<string>>()
  readonly #vouched = new Set<string>()

  constructor(root: string) {
    this.root = root
  }

  /**
   * Takes the page keys' word for a folder that holds exactly the files they name (its stamp is the one they
   * recorded): it is not read, `has` is true of every file in it (it is asked only of files the keys name),
   * and its names are `mayGo`, those of its files this build may not keep, as the prerenderer fills it in.
   */
  vouch(dir: string, mayGo: ReadonlySet<string>): void {
    this.#vouched.add(dir)
    this.#listed.set(dir, mayGo)
  }

  /** Whether the page keys vouch for `dir` (see vouch): the build keeps it, with the files they keep. */
  vouches(dir: string): boolean {
    return this.#vouched.has(dir)
  }

  /**
   * The names in a folder of the site (`''` for the site folder itself), as first read; none if it cannot be
   * read. For a folder vouched for, those that may go.
   */
  names(dir: string): ReadonlySet<string> {
    let names = this.#listed.get(dir)
    if (!names) {
      const read = new Set<string>()
      let handle: Dir | undefined
      try {
        handle = opendirSync(join(this.root, dir), { bufferSize: 1024 })
        for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) read.add(entry.name)
        names = read
      } catch {
        names = new Set()
      } finally {
        handle?.closeSync()
      }
      this.#listed.set(dir, names)
    }
    return names
  }

  /** Whether `file` (relative to the site folder, with `/` between folders) was there when its folder was read. */
  has(file: string): boolean {
    const slash = file.lastIndexOf('/')
    const dir = slash < 0 ? '' : file.slice(0, slash)
    return this.#vouched.has(dir) || this.names(dir).has(file.slice(slash + 1))
  }
}
