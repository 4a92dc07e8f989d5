// Watches the posts and category folders for files added, changed or removed, with one fs.watch per folder
// (inotify on Linux). The platform names the file that changed, so a new post in a folder of 100,000 is
// seen at once: chokidar, which Vite's watcher is, reads the whole folder again to find out what a
// "rename" event added, and took 3 s to report a new post at 100,000 posts (README, decision 10).
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs'
import { join, sep } from 'node:path'

/**
 * Told of each change: the file added, changed or removed, or null when only a full listing can follow it
 * (a folder added or removed, a change the platform could not name, a watch that failed).
 */
export type OnChange = (file: string | null) => void

export class FolderWatcher {
  readonly #watchers = new Map<string, FSWatcher>()
  readonly #onChange: OnChange

  /** Starts watching `roots` and every folder under them; folders that do not exist are skipped. */
  constructor(roots: readonly string[], onChange: OnChange) {
    this.#onChange = onChange
    for (const root of roots) this.#watchTree(root)
  }

  #watchTree(dir: string): void {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
      this.#watchers.set(dir, watch(dir, (_event, name) => this.#changed(dir, name)).on('error', () => this.#failed(dir)))
    } catch {
      return // gone already; its parent's event says so
    }
    for (const entry of entries) if (entry.isDirectory()) this.#watchTree(join(dir, entry.name))
  }

  #changed(dir: string, name: string | null): void {
    if (name === null) {
      this.#onChange(null)
      return
    }
    const path = join(dir, name)
    let isFolder = false
    try {
      isFolder = statSync(path).isDirectory()
    } catch {
      // removed: a file, or a folder this watcher knew
    }
    if (isFolder) {
      if (this.#watchers.has(path)) return
      this.#watchTree(path)
      this.#onChange(null)
    } else if (this.#watchers.has(path)) {
      this.#unwatchTree(path)
      this.#onChange(null)
    } else {
      this.#onChange(path)
    }
  }

  #failed(dir: string): void {
    this.#unwatchTree(dir)
    this.#onChange(null)
  }

  #unwatchTree(dir: string): void {
    for (const [path, watcher] of this.#watchers) {
      if (path === dir || path.startsWith(dir + sep)) {
        watcher.close()
        this.#watchers.delete(path)
      }
    }
  }

  close(): void {
    for (const watcher of this.#watchers.values()) watcher.close()
    this.#watchers.clear()
  }
}
