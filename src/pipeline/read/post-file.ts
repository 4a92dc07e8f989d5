// What a file name in _posts/ says: Jekyll names posts `YYYY-MM-DD-<slug>.<ext>`.
import { fnv1aHex } from '../../content/buckets.ts'

const POST_EXTENSIONS = ['.md', '.markdown', '.html'] as const

export interface PostFileName {
  /** The id: the part after the date, or a slug of an odd name. */
  id: string
  /** `YYYY-MM-DD` from the name, when it has a valid one. */
  date: string | null
  /** False when the name is not of Jekyll's form and the id is a slug of it. */
  wellFormed: boolean
}

/** Letters, digits, `_` and `-` only, so an id is safe in a URL and a file name. */
export function slugify(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
}

export function isPostFile(name: string): boolean {
  const lower = name.toLowerCase()
  return POST_EXTENSIONS.some((ext) => lower.endsWith(ext))
}

/** A slug, or for a name with no letters or digits to slug (蔚来新闻) a stable hash of it. */
function idOf(text: string): string {
  return slugify(text) || `p${fnv1aHex(text)}`
}

export function readPostFileName(fileName: string): PostFileName {
  const base = fileName.replace(/^.*\//, '').replace(/\.(md|markdown|html)$/i, '')
  const m = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/.exec(base)
  if (m?.[4]) {
    const id = idOf(m[4])
    return { id, date: `${m[1]}-${m[2]}-${m[3]}`, wellFormed: id === m[4] }
  }
  return { id: idOf(base), date: null, wellFormed: false }
}
