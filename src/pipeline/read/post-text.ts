// One post file's text, read so that no file in the posts folder can hang, crash or swamp the thread that
// reads it: a FIFO, a file too big to parse in bounded memory, a binary file, bytes that are not UTF-8.
import { isUtf8 } from 'node:buffer'
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

/**
 * Largest post read, in bytes. The real archive's biggest post is 15 KB; 2 MiB is over a hundred times
 * that (room for a post of long financial tables), and parsing a post takes roughly 20 times its size in
 * memory, so two workers each on a post this big stay well inside the build's memory budget. A bigger
 * file is rejected without being read.
 */
export const POST_MAX_BYTES = 2 * 1024 * 1024

export type PostText =
  | { ok: true; text: string; /** False when bytes that are not UTF-8 were replaced with �. */ utf8: boolean }
  | { ok: false; reason: string }

/** `52,428,800 bytes (50.0 MB)`: exact, so a file just over the limit does not read as equal to it. */
function size(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / (1024 * 1024)).toFixed(1)} MB)`
}

export function readPostText(path: string): PostText {
  let fd: number
  try {
    // Non-blocking: opening a FIFO (put where a post was when the folder was listed) would otherwise
    // wait for a writer forever. Regular files ignore the flag.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    return { ok: false, reason: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) return { ok: false, reason: 'not a regular file: nothing to read' }
    if (st.size > POST_MAX_BYTES) {
      return { ok: false, reason: `too big to be a post: ${size(st.size)}, over the limit of ${size(POST_MAX_BYTES)}` }
    }
    // The size as stat-ed bounds the read: a file still growing is read as it was then.
    const bytes = Buffer.allocUnsafe(st.size)
    let got = 0
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, got)
      if (n === 0) break
      got += n
    }
    const content = bytes.subarray(0, got)
    // Text never holds a NUL byte; a picture, an archive or UTF-16 text does, and would parse into garbage.
    if (content.includes(0)) return { ok: false, reason: 'not a text file: it has NUL bytes (a binary file, or text saved as UTF-16)' }
    return { ok: true, text: content.toString('utf8'), utf8: isUtf8(content) }
  } catch (error) {
    return { ok: false, reason: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }
  } finally {
    closeSync(fd)
  }
}
