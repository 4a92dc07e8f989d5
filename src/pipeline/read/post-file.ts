// What a file name in _posts/ says: Jekyll names posts `YYYY-MM-DD-<slug>.<ext>`. The id is made by the
// shared rule (src/content/ids.ts), so every id written here is one the app routes.
import { ARTICLE_ID_MAX_LENGTH, fitArticleId, slugOf } from '../../content/ids.ts'

const POST_EXTENSIONS = ['.md', '.markdown', '.html'] as const

export interface PostFileName {
  /** The id: the part after the date, or an id made of an odd or overlong name (see articleIdOf). */
  id: string
  /** `YYYY-MM-DD` from the name, when it has a valid one. */
  date: string | null
  /** False when the name is not of Jekyll's form, or too long, and the id was made from it. */
  wellFormed: boolean
  /** What the operator is told when the name is not well formed; null when it is. */
  reason: string | null
}

export function isPostFile(name: string): boolean {
  const lower = name.toLowerCase()
  return POST_EXTENSIONS.some((ext) => lower.endsWith(ext))
}

function named(name: string, date: string | null): PostFileName {
  const slug = slugOf(name)
  const id = fitArticleId(slug)
  if (id !== slug) {
    const reason = `the file name's id is ${slug.length} characters, more than the ${ARTICLE_ID_MAX_LENGTH} an article's address and file name allow: shortened to "${id}"`
    return { id, date, wellFormed: false, reason }
  }
  if (date === null || id !== name) return { id, date, wellFormed: false, reason: `file name is not YYYY-MM-DD-<id>.md: id "${id}" was made from it` }
  return { id, date, wellFormed: true, reason: null }
}

export function readPostFileName(fileName: string): PostFileName {
  const base = fileName.replace(/^.*\//, '').replace(/\.(md|markdown|html)$/i, '')
  const m = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/.exec(base)
  if (m?.[4]) return named(m[4], `${m[1]}-${m[2]}-${m[3]}`)
  return named(base, null)
}
