// Keeping a data folder up to date while posts change: the dev server (vite-plugin.ts) and
// `npm run content -- --watch` (cli.ts). Each rebuild is the same build a new process runs, with the
// archive index kept open and only the files the watcher reported looked at; a folder added or removed, or
// a watcher error, makes the next build list the whole posts folder. Builds run one after another, so a
// save during a build is picked up by the next one.
import { buildContent, type ContentOptions, type ContentResult } from '../build-content.ts'
import type { ArchiveIndex } from '../index/archive-index.ts'
import { FolderWatcher } from './folder-watcher.ts'

export type WatchedContent = Pick<ContentOptions, 'posts' | 'categories' | 'out' | 'workers' | 'sizes' | 'progress' | 'search'>

export interface RebuildListener {
  /** A build finished; `initial` for the first one. */
  built(result: ContentResult, initial: boolean): void
  /** A rebuild failed (the first build's failure is thrown by `build` instead). */
  failed(error: unknown): void
}

/**
 * Editors and scrapers save in bursts (a truncate then a write, a temporary file then a rename, a batch of
 * posts): one rebuild per burst, once the folders have been quiet this long. Every save waits for it, so
 * it is short: 50 ms covers the events of one save, which come within a few milliseconds (webpack waits
 * 20 ms by default), and a burst longer than that costs only a second rebuild, never a save: the saves made
 * during one build all go to the next. It was 150 ms, a seventh of the 1.04 s an edit took in `--watch` at a
 * million posts (README, Speed).
 */
const SETTLE_MS = 50

export class ContentRebuilds {
  readonly #content: WatchedContent
  readonly #index: ArchiveIndex
  readonly #listener: RebuildListener
  #building: Promise<void> = Promise.resolve()
  #timer: NodeJS.Timeout | undefined
  #changed = new Set<string>()
  #listAll = true

  constructor(content: WatchedContent, index: ArchiveIndex, listener: RebuildListener) {
    this.#content = content
    this.#index = index
    this.#listener = listener
  }

  /** Builds now (after any build under way), with what the watcher reported since the last one. */
  build(initial: boolean): Promise<void> {
    this.#building = this.#building.then(async () => {
      const changed = this.#listAll ? undefined : this.#changed
      this.#changed = new Set()
      this.#listAll = false
      const result = await buildContent({ ...this.#content, cacheDir: null, index: this.#index, changed }).catch((error: unknown) => {
        // What this build was told of is not built: the next one looks at everything.
        this.#listAll = true
        throw error
      })
      this.#listener.built(result, initial)
    })
    return this.#building
  }

  /**
   * Watches the posts and category folders and rebuilds after every burst of changes. Returns what stops
   * the watching.
   */
  follow(): () => void {
    const folders = [this.#content.posts, this.#content.categories].filter((d): d is string => d !== null)
    const watcher = new FolderWatcher(folders, (file) => {
      if (file === null) this.#listAll = true
      else this.#changed.add(file)
      clearTimeout(this.#timer)
      this.#timer = setTimeout(() => {
        this.build(false).catch((error: unknown) => this.#listener.failed(error))
      }, SETTLE_MS)
    })
    return () => watcher.close()
  }

  /** Drops a rebuild that is still waiting for its burst to end, and resolves once none is running. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer)
    await this.#building.catch(() => undefined)
  }
}
