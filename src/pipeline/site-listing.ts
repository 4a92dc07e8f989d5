// The names in the live site folder, read once per folder by a build of the site: the prerenderer asks
// whether a page's file is there (100,000 article pages: one listing, not 100,000 stats), and the build then
// prunes the old site's files from the same listings instead of reading every folder again. At 100,000
// posts the prune read the article pages' folder again with each entry's kind, and took 218 ms of a
// one-post site build.
//
// A listing holds names, not kinds: a folder named like a page passes for that page. Only a hand could put
// one there (a build moves files in, never folders over files).
import { readdirSync } from 'node:fs'
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
      try {
        names = new Set(readdirSync(join(this.root, dir)))
      } catch {
        names = new Set()
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
