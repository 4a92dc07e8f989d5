// The posts folder as a build sees it: every entry either a file to read, with its size and modification
// time, in a stable order, or a problem with the reason it is not read. Nothing in the folder stops the
// build. A long-running process (the dev server) lists the folder once and then looks again only at the
// files its watcher reports: stat-ing 100,000 files takes longer than rebuilding after one post changed.
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'
import { statFiles } from './stat-files.ts'

export interface ListedFile {
  /** Relative to the posts folder, with `/` between folders. */
  file: string
  size: number
  mtimeMs: number
}

/** An entry of the posts folder that is not read, and why (for the build's report). */
export interface ListingProblem {
  /** Relative to the posts folder, with `/` between folders. */
  file: string
  reasons: string[]
}

export interface PostListing {
  files: ListedFile[]
  problems: ListingProblem[]
}

/** The listing's order: by path inside the posts folder, in code-unit order (the same on every machine). */
export const byFile = (a: { file: string }, b: { file: string }): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error)
}

/** What a thing that is neither file, folder nor symlink is, in an operator's words. */
function oddKind(entry: Dirent | Stats): string {
  if (entry.isFIFO()) return 'a FIFO (named pipe)'
  if (entry.isSocket()) return 'a socket'
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'a device'
  return 'of an unknown kind'
}

/** Whether `path` is `folder` or inside it (both real, absolute paths). */
function within(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep)
}

/**
 * Every entry under `root`: the files to read and the entries that are not, each with its reason, both
 * sorted by file. Only `root` itself missing or unreadable throws: that is a wrong path, and publishing
 * an empty archive over the live one would be worse than stopping.
 *
 * Symlinks are resolved (only they are: one realpath each) and followed while they stay inside the
 * folder, as Jekyll does; one that leads out of it is not followed, as Jekyll's safe mode does. A
 * symlink to a folder inside is never walked: the walk reaches that folder under its own name anyway,
 * so following it would list its posts twice (or forever, for a link to a folder it is in).
 *
 * `meanwhile` runs once on this thread while a second thread stats the files (see stat-files.ts).
 */
export function listPosts(root: string, meanwhile?: () => void): PostListing {
  const top = realpathSync.native(root)
  const files: ListedFile[] = []
  const problems: ListingProblem[] = []
  const problem = (file: string, reason: string): void => {
    problems.push({ file, reasons: [reason] })
  }

  const listFile = (file: string, full: string): void => {
    let st: Stats | undefined
    try {
      st = statSync(full, { throwIfNoEntry: false })
    } catch (error) {
      problem(file, `cannot read the file's size and time (${errorCode(error)})`)
      return
    }
    // Gone since the folder was read: not an entry any more (a watcher reports it).
    if (st === undefined) return
    if (st.isFile()) files.push({ file, size: st.size, mtimeMs: st.mtimeMs })
    else problem(file, `not a regular file but ${st.isDirectory() ? 'a folder' : oddKind(st)}: nothing to read`)
  }

  const followLink = (file: string, full: string, dir: string): void => {
    let target: string
    try {
      target = realpathSync.native(full)
    } catch (error) {
      const code = errorCode(error)
      if (code === 'ELOOP') problem(file, 'a symlink loop: following it never reaches a file')
      else if (code === 'ENOENT' || code === 'ENOTDIR') problem(file, `a dangling symlink: its target ${linkText(full)} does not exist`)
      else problem(file, `cannot follow the symlink (${code})`)
      return
    }
    if (!within(top, target)) {
      problem(file, `a symlink to ${target}, outside the posts folder: not followed, as Jekyll's safe mode does`)
      return
    }
    let st: Stats
    try {
      st = statSync(target)
    } catch (error) {
      problem(file, `cannot read the symlink's target (${errorCode(error)})`)
      return
    }
    if (st.isFile()) files.push({ file, size: st.size, mtimeMs: st.mtimeMs })
    else if (st.isDirectory()) {
      const name = target === top ? 'the posts folder itself' : `"${relative(top, target).split(sep).join('/')}"`
      problem(
        file,
        within(target, dir)
          ? `a symlink to ${name}, which it is in: a loop, not followed`
          : `a symlink to the folder ${name}, whose posts are listed under that name: not listed twice`,
      )
    } else problem(file, `a symlink to ${oddKind(st)}, not a regular file: nothing to read`)
  }

  /** `dir` is a real path (the walk enters real folders only), `prefix` its path inside the posts folder and `/`. */
  const walk = (dir: string, prefix: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch (error) {
      if (prefix === '') throw error
      problem(prefix.slice(0, -1), `cannot read the folder (${errorCode(error)}): the posts in it, if any, are not listed`)
      return
    }
    const base = dir.endsWith(sep) ? dir : dir + sep
    for (const entry of entries) {
      const full = base + entry.name
      const file = prefix + entry.name
      // A name that is not UTF-8 (GBK from an old Windows zip, say) comes back with � in it, and no file
      // has that name: without this it would vanish from the listing without a word.
      if (entry.name.includes('\uFFFD') && lstatSync(full, { throwIfNoEntry: false }) === undefined) {
        problem(file, 'its name is not valid UTF-8 (shown here with �), so it cannot be opened: rename it')
        continue
      }
      if (entry.isDirectory()) walk(full, `${file}/`)
      else if (entry.isFile()) plainNames.push(file)
      else if (entry.isSymbolicLink()) followLink(file, full, dir)
      else problem(file, `not a regular file but ${oddKind(entry)}: nothing to read`)
    }
  }

  // Entries the folder listed as plain files, stat-ed together (on two threads when there are many), while
  // this thread does the caller's `meanwhile`.
  const plainNames: string[] = []
  walk(top, '')
  const base = top.endsWith(sep) ? top : top + sep
  const stats = statFiles(plainNames, { base, meanwhile })
  for (let i = 0; i < plainNames.length; i++) {
    const size = stats[2 * i] as number
    // Not a plain file any more, or not stat-able: looked at again, to say why (or to skip it if gone).
    if (size < 0) listFile(plainNames[i] as string, base + (plainNames[i] as string))
    else files.push({ file: plainNames[i] as string, size, mtimeMs: stats[2 * i + 1] as number })
  }
  return { files: files.sort(byFile), problems: problems.sort(byFile) }
}

/** A dangling symlink's target as written, for the report. */
function linkText(full: string): string {
  try {
    return `"${readlinkSync(full)}"`
  } catch {
    return '(unreadable)'
  }
}

/** The path of `full` inside `root`, with `/` between folders. */
function inside(root: string, full: string): string {
  return relative(root, full).split(sep).join('/')
}

/** `file` as listed from its stats; null when it is not a file (or not there). */
function listed(file: string, st: Stats | undefined): ListedFile | null {
  return st?.isFile() ? { file, size: st.size, mtimeMs: st.mtimeMs } : null
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
