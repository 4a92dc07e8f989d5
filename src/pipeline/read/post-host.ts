// Reading one post file: its bytes, then parsePost. An unreadable or unparseable file becomes a rejection
// with its reason, never a crash.
import { join } from 'node:path'
import { hashText, parsePost, type ParsedPost } from './parse-post.ts'
import { readPostText } from './post-text.ts'

export type Rejection = { status: 'rejected'; file: string; inputHash: string; reasons: string[] }

/** Reads and parses one file; an unreadable or unparseable file becomes a rejection, never a crash. */
export function parseFile(dir: string, file: string): { status: 'ok'; post: ParsedPost } | Rejection {
  // A file that cannot be a post (too big, binary, not a file) is rejected before parsing: see readPostText.
  const read = readPostText(join(dir, file))
  if (!read.ok) return { status: 'rejected', file, inputHash: '', reasons: [read.reason] }
  const text = read.text
  try {
    const outcome = parsePost(file, text)
    if (outcome.status === 'ok' && !read.utf8) {
      outcome.post.reasons.push('the file is not valid UTF-8: unreadable characters are shown as �')
    }
    return outcome
  } catch (error) {
    return { status: 'rejected', file, inputHash: hashText(text), reasons: [`could not be parsed: ${(error as Error).message}`] }
  }
}
