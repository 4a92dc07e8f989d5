// The data folder: every file but manifest.json is named by a hash of what determines its content, so a
// host can cache it forever and a rebuild writes only the files that changed. Files the new build does not
// reference are removed at the end; manifest.json is written last, atomically, so a reader never sees a
// manifest that names a file not yet written.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { MANIFEST_FILE } from '../../content/schema.ts'

const DATA_DIRS = ['articles', 'pages', 'lookups', 'home'] as const
export type DataDir = (typeof DATA_DIRS)[number]

export function hashKey(...parts: readonly string[]): string {
  const h = createHash('sha256')
  for (const part of parts) h.update(part).update('\u0000')
  return h.digest('hex').slice(0, 16)
}

export class OutputStore {
  readonly #root: string
  #existing = new Set<string>()
  #keep = new Set<string>()
  #finished = false
  written = 0
  bytesWritten = 0

  constructor(root: string) {
    this.#root = root
    for (const dir of DATA_DIRS) {
      const full = join(root, dir)
      if (existsSync(full)) for (const name of readdirSync(full)) this.#existing.add(`${dir}/${name}`)
      else mkdirSync(full, { recursive: true })
    }
  }

  /**
   * This store, ready for the next build of the same folder, when its last build finished: what that build
   * kept is what is on disk (a process that owns the folder need not read it again). Else null, and also
   * when the manifest is gone (the folder was emptied meanwhile).
   */
  continueAt(root: string): OutputStore | null {
    if (root !== this.#root || !this.#finished || !existsSync(join(root, MANIFEST_FILE))) return null
    this.#existing = this.#keep
    this.#keep = new Set()
    this.#finished = false
    this.written = 0
    this.bytesWritten = 0
    return this
  }

  /** Whether a file of this name is already on disk from an earlier build. */
  has(path: string): boolean {
    return this.#existing.has(path) || this.#keep.has(path)
  }

  /**
   * Keeps `path` in the output, calling `produce` for its bytes only when it is not already there.
   * `path` must be derived from everything that determines the bytes.
   */
  put(path: string, produce: () => string): string {
    if (!this.#keep.has(path)) {
      if (!this.#existing.has(path)) this.#write(path, produce())
      this.#keep.add(path)
    }
    return path
  }

  /**
   * Keeps `path` in the output without producing it here: returns true when someone must still write
   * it (the workers write article files), false when an earlier build already did.
   */
  claim(path: string): boolean {
    if (this.#keep.has(path)) return false
    this.#keep.add(path)
    return !this.#existing.has(path)
  }

  /**
   * Stores a file named by the hash of its own bytes. `check` (a schema's) runs only when the file is
   * written: bytes already on disk under their own hash were checked when they were written.
   */
  putContent(dir: DataDir, json: string, prefix = '', check?: () => unknown): string {
    const path = `${dir}/${prefix}${hashKey(json)}.json`
    return this.put(path, () => {
      check?.()
      return json
    })
  }

  #write(path: string, text: string): void {
    writeFileSync(join(this.#root, path), text)
    this.written++
    this.bytesWritten += Buffer.byteLength(text)
  }

  /** Writes the manifest atomically and removes what no longer belongs to the archive. */
  finish(manifestJson: string): { removed: number } {
    const target = join(this.#root, MANIFEST_FILE)
    const unchanged = existsSync(target) && readFileSync(target, 'utf8') === manifestJson
    if (!unchanged) {
      const tmp = join(this.#root, `.${MANIFEST_FILE}.tmp`)
      writeFileSync(tmp, manifestJson)
      renameSync(tmp, target)
    }
    let removed = 0
    for (const path of this.#existing) {
      if (!this.#keep.has(path)) {
        rmSync(join(this.#root, path), { force: true })
        removed++
      }
    }
    this.#finished = true
    return { removed }
  }
}
