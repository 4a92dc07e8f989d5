// The posts folder as a build sees it: every file with its size and modification time, in a stable order.
// A long-running process (the dev server) lists the folder once and then looks again only at the files
// its watcher reports: stat-ing 100,000 files takes longer than rebuilding after one post changed.
import { readdirSync, statSync, type Stats } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'

export interface ListedFile {
  /** Relative to the posts folder, with `/` between folders. */
  file: string
  size: number
  mtimeMs: number
}

/** The listing's order: by path inside the posts folder, in code-unit order (the same on every machine). */
export const byFile = (a: { file: string }, b: { file: string }): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)

/** Every file under `root`, sorted by name. */
export function listFiles(root: string): ListedFile[] {
  const out: ListedFile[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile() || entry.isSymbolicLink()) {
        const listed = look(root, full)
        if (listed) out.push(listed)
      }
    }
  }
  walk(root)
  return out.sort(byFile)
}

/** The path of `full` inside `root`, with `/` between folders. */
function inside(root: string, full: string): string {
  return relative(root, full).split(sep).join('/')
}

/** `file` as listed from its stats; null when it is not a file (or not there). */
function listed(file: string, st: Stats | undefined): ListedFile | null {
  return st?.isFile() ? { file, size: st.size, mtimeMs: st.mtimeMs } : null
}

function look(root: string, full: string): ListedFile | null {
  return listed(inside(root, full), statSync(full, { throwIfNoEntry: false }))
}

/**
 * `last` (a listing of `root`, sorted) brought up to date with the files in `changed` (paths inside
 * `root`, absolute or relative to it): each is stat-ed again, then added, replaced or dropped. Returns
 * null when a changed path is or was a folder, which only a full listing can follow. `gone`: the files
 * no longer there.
 */
export function relist(root: string, last: readonly ListedFile[], changed: Iterable<string>): { files: ListedFile[]; gone: string[] } | null {
  const updates = new Map<string, ListedFile | null>()
  for (const path of changed) {
    const full = isAbsolute(path) ? path : join(root, path)
    const file = inside(root, full)
    if (file === '' || file.startsWith('../') || file === '..' || isAbsolute(file)) continue
    const st = statSync(full, { throwIfNoEntry: false })
    if (st?.isDirectory()) return null
    updates.set(file, listed(file, st))
  }
  if (updates.size === 0) return { files: [...last], gone: [] }
  const out: ListedFile[] = []
  const gone: string[] = []
  for (const entry of last) {
    const update = updates.get(entry.file)
    if (update === undefined) out.push(entry)
    else {
      if (update !== null) out.push(update)
      else gone.push(entry.file)
      updates.delete(entry.file)
    }
  }
  // What is left is new, or gone without having been a file here (a removed folder: list it all again).
  const added: ListedFile[] = []
  for (const update of updates.values()) {
    if (update === null) return null
    added.push(update)
  }
  return { files: added.length === 0 ? out : [...out, ...added].sort(byFile), gone }
}
