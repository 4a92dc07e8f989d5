// The incremental cache: what each post file parsed to last time (without its body), keyed by path,
// size and modification time. A long-running process (the dev server) keeps one in memory; the CLI
// reads and writes it as one JSON file. It is thrown away whenever the pipeline's code changes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { BuildMemo, type MemoData } from './build-memo.ts'
import { hashKey } from '../outputs/output-store.ts'
import type { ListedFile } from '../read/post-listing.ts'
import type { RecordOutcome } from '../read/post-host.ts'

interface Entry {
  size: number
  mtimeMs: number
  outcome: RecordOutcome
}

interface CacheFile {
  fingerprint: string
  entries: Record<string, Entry>
  memo?: MemoData
}

export class PostCache {
  readonly #path: string | null
  #fingerprint: string
  #entries = new Map<string, Entry>()
  #dirty = false
  /** What the last build made, for the next build to reuse. */
  memo = new BuildMemo()
  /** The posts folder as the last build listed it; kept in memory only (see post-listing.ts). */
  listing: ListedFile[] | null = null

  private constructor(path: string | null, fingerprint: string) {
    this.#path = path
    this.#fingerprint = fingerprint
  }

  /** The cache of one posts folder, kept in `dir` (or only in memory when dir is null). */
  static open(dir: string | null, postsDir: string, fingerprint: string): PostCache {
    const cache = new PostCache(dir ? join(dir, `posts-${hashKey(postsDir)}.json`) : null, fingerprint)
    if (cache.#path && existsSync(cache.#path)) {
      try {
        const file = JSON.parse(readFileSync(cache.#path, 'utf8')) as CacheFile
        if (file.fingerprint === fingerprint) {
          cache.#entries = new Map(Object.entries(file.entries))
          cache.memo = BuildMemo.from(file.memo)
        }
      } catch {
        // an unreadable cache is an empty one
      }
    }
    return cache
  }

  /** Starts over when the pipeline's code has changed since these entries were made. */
  checkFingerprint(fingerprint: string): void {
    if (fingerprint === this.#fingerprint) return
    this.#fingerprint = fingerprint
    this.#entries.clear()
    this.memo.clear()
    this.#dirty = true
  }

  get(file: string, size: number, mtimeMs: number): RecordOutcome | undefined {
    const hit = this.#entries.get(file)
    return hit && hit.size === size && hit.mtimeMs === mtimeMs ? hit.outcome : undefined
  }

  set(file: string, size: number, mtimeMs: number, outcome: RecordOutcome): void {
    this.#entries.set(file, { size, mtimeMs, outcome })
    this.#dirty = true
  }

  /** Forgets files that are gone from the folder. */
  retain(files: readonly ListedFile[]): void {
    const listed = new Set(files.map((f) => f.file))
    this.forget([...this.#entries.keys()].filter((file) => !listed.has(file)))
  }

  forget(files: readonly string[]): void {
    for (const file of files) if (this.#entries.delete(file)) this.#dirty = true
  }

  /** Marks the memo as changed (a build always changes it unless nothing was rebuilt). */
  touch(): void {
    this.#dirty = true
  }

  save(): void {
    if (!this.#path || !this.#dirty) return
    mkdirSync(dirname(this.#path), { recursive: true })
    const file: CacheFile = { fingerprint: this.#fingerprint, entries: Object.fromEntries(this.#entries), memo: this.memo.toJSON() }
    writeFileSync(this.#path, JSON.stringify(file))
    this.#dirty = false
  }
}
