// Folders the bench is done with are moved aside, not deleted, until the bench has finished timing.
// ext4 does not hand out again an inode freed in the last minute (six minutes while its inode table
// block is unwritten), and it walks past each such inode whenever it creates a file in that block
// group. On this machine a 100,000-post build that started right after a 113,000-file folder was deleted
// spent 20 s more in the kernel than one that did not (`perf record`: `recently_deleted` under
// `__ext4_new_inode`). That is the bench's own cleanup, not the build: no timed run may follow one.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'

export class Scratch {
  readonly #trash: string
  #moved = 0

  constructor(work: string) {
    this.#trash = join(work, 'trash')
    mkdirSync(this.#trash, { recursive: true })
  }

  /** Moves `path` (if it exists) out of the way, to be deleted by `empty`. */
  discard(path: string): void {
    if (existsSync(path)) renameSync(path, join(this.#trash, `${Date.now()}-${this.#moved++}`))
  }

  /** Deletes everything discarded: call it once nothing more is timed. */
  empty(): void {
    rmSync(this.#trash, { recursive: true, force: true })
  }
}
