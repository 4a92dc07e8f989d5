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
import { opendirSync, type Dir } from 'node:fs'
import { join } from 'node:path'

export class SiteListing {
  readonly root: string
  readonly #listed = new Map<string, ReadonlySet<string>>()

  constructor(root: string) {
    this.root = root
  }

  /** The names in a folder of the site (`''` for the site folder itself), as first read; none if it cannot be read. */
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
    return this.names(slash < 0 ? '' : file.slice(0, slash)).has(file.slice(slash + 1))
  }
}
