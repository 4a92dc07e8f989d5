// The data folder on disk. Every file but manifest.json is named by a content key of what determines it and
// appears under that name only complete (written beside, then renamed: a reader or a kill never sees half a
// file). Nothing the live manifest names is deleted before the manifest that replaces it is in place: files
// a build no longer needs are only listed (the index's garbage) and removed after the swap.
import { existsSync, linkSync, mkdirSync, opendirSync, readdirSync } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { MANIFEST_FILE } from '../../content/schema.ts'
import { isTempName, writeFileAtomicSync } from '../durable-file.ts'

export const DATA_DIRS = ['articles', 'pages', 'days', 'lookups', 'home', 'search'] as const

/**
 * Writes `data` so that `target` only ever holds a complete file (see durable-file.ts), making its folder if
 * need be. `root`, the data folder `target` is in, takes the temporary file: its data folders hold up to a
 * million files each, where one more name made and removed per file is dear (durable-file.ts). A temporary
 * file a killed build left there is found by the clean-up (everyFile) and removed like any unnamed file.
 */
export function writeComplete(target: string, data: string | Uint8Array, root: string): void {
  try {
    writeFileAtomicSync(target, data, root)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    mkdirSync(dirname(target), { recursive: true })
    writeFileAtomicSync(target, data, root)
  }
}

export class OutputFolder {
  readonly root: string
  written = 0
  bytesWritten = 0
  /** Files put as a second name of a file holding the same bytes (putLinked): none of their bytes written. */
  linked = 0
  /** Every file put this build (written or found complete): none of them may go as garbage. */
  readonly produced = new Set<string>()
  /**
   * Set when the build started on an empty folder: then no file can be there already, and the stat before
   * each write (about 50 to 100 µs on this disk, a million times on a cold build) is skipped.
   */
  empty = false

  constructor(root: string) {
    this.root = root
    for (const dir of DATA_DIRS) mkdirSync(join(root, dir), { recursive: true })
  }

  has(path: string): boolean {
    return !this.empty && existsSync(join(this.root, path))
  }

  /** Writes a content-keyed file unless a complete one of that name is there already. */
  put(path: string, produce: () => string): void {
    this.produced.add(path)
    const target = join(this.root, path)
    if (this.has(path)) return
    this.#write(target, produce())
  }

  /**
   * Puts `data` at `path` unless a complete file of that name is there. When `same` names a file of this
   * folder that holds the very same bytes, the new name is a hard link to it: no byte is written, and the
   * file appears complete in one step, as a rename would make it. Where no link can be made (that file
   * went meanwhile, or the file system has none) the bytes are written (`data`, or what it returns).
   */
  putLinked(path: string, data: string | Uint8Array | (() => string | Uint8Array), same: string | null): void {
    this.produced.add(path)
    const target = join(this.root, path)
    if (same !== null && same !== path) {
      // The link itself says whether the name is taken (by a complete file: files appear only complete), so
      // no stat before it (an edit links thousands of search files).
      try {
        linkSync(join(this.root, same), target)
        this.linked++
        return
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return
        // written below
      }
    }
    if (this.has(path)) return
    this.#write(target, typeof data === 'function' ? data() : data)
  }

  /** Records a file of `size` bytes that another thread wrote complete under `path`, as put would have. */
  wroteElsewhere(path: string, size: number): void {
    this.produced.add(path)
    this.written++
    this.bytesWritten += size
  }

  #write(target: string, data: string | Uint8Array): void {
    writeComplete(target, data, this.root)
    this.written++
    this.bytesWritten += typeof data === 'string' ? Buffer.byteLength(data) : data.length
  }

  /** Puts the manifest in place in one step. */
  swapManifest(json: string): void {
    writeComplete(join(this.root, MANIFEST_FILE), json, this.root)
  }

  /** Whether the folder holds no data file and no manifest (a first build into a new folder). */
  isEmpty(): boolean {
    if (existsSync(join(this.root, MANIFEST_FILE))) return false
    // A first build killed before its first file was complete left only a temporary one (writeComplete).
    if (readdirSync(this.root).some(isTempName)) return false
    for (const dir of DATA_DIRS) {
      const handle = opendirSync(join(this.root, dir))
      try {
        if (handle.readSync() !== null) return false
      } finally {
        handle.closeSync()
      }
    }
    return true
  }

  /**
   * Removes the files `paths` (those gone already are skipped), several at a time on libuv's threads: an
   * unlink is mostly the kernel's work, which the second core can share (removing a cron run's 5,550 replaced
   * files took 1.3 s one at a time at a million posts). Returns how many it removed.
   */
  async removeMany(paths: readonly string[], atOnce = 8): Promise<number> {
    let removed = 0
    let next = 0
    const removeNext = async (): Promise<void> => {
      while (next < paths.length) {
        const path = paths[next++] as string
        try {
          await unlink(join(this.root, path))
          removed++
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(atOnce, paths.length) }, removeNext))
    return removed
  }

  /**
   * Every data file on disk (and every temporary file a killed build left), for the clean-up after a build
   * that did not finish: the index then learns which of them nothing names.
   */
  *everyFile(): Generator<string> {
    for (const dir of DATA_DIRS) {
      let names: string[]
      try {
        names = readdirSync(join(this.root, dir))
      } catch {
        continue
      }
      for (const name of names) yield `${dir}/${name}`
    }
    for (const name of readdirSync(this.root)) if (isTempName(name)) yield name
  }
}
