// The old Jekyll site's addresses, read into what they named, so saved links and search results keep
// working. The old site had:
//   /  and  /index.html                         the home page
//   /emnews/                                    a category's folder page (only emnews had one)
//   /category/<slug>.html                       a category page; the slug as written in `category:`
//                                               (spaces, brackets, TechWeb beside Techweb)
//   /<categories>/<yyyy>/<mm>/<dd>/<id>.html    a post: Jekyll's default `date` permalink
// Pure: the route that uses it checks what it names against the data (does the category or article exist).
import { articleIdParam } from './route-params.ts'

export type LegacyTarget =
  | { kind: 'home' }
  /** `slug` decoded, to be matched exactly (case and spaces included) against the archive's categories. */
  | { kind: 'category'; slug: string }
  | { kind: 'article'; id: string }

const HTML = /\.html?$/

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null // a malformed escape (`%E4%`) names nothing
  }
}

function isDate(year: string, month: string, day: string): boolean {
  if (!/^\d{4}$/.test(year) || !/^\d{2}$/.test(month) || !/^\d{2}$/.test(day)) return false
  const m = Number(month)
  const d = Number(day)
  // A real calendar day: Jekyll never wrote 2022/02/30.
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(Number(year), m, 0)).getUTCDate()
}

/**
 * What an old address named, or null when it is not one of the old site's forms. `pathname` is relative
 * to the site's base and may be URL-encoded (as the address bar has it) or not.
 */
export function parseLegacyPath(pathname: string): LegacyTarget | null {
  if (!pathname.startsWith('/')) return null
  const raw = pathname.slice(1).split('/')
  const segments: string[] = []
  for (const part of raw) {
    const decoded = decode(part)
    if (decoded === null) return null
    segments.push(decoded)
  }
  // A trailing slash leaves an empty last segment: `/emnews/` is a folder, `/category/x.html/` is nothing.
  const folder = segments.at(-1) === ''
  if (folder) segments.pop()
  if (segments.some((s) => s === '')) return null // `//` inside a path: no page of the old site

  const [first, second] = segments
  if (segments.length === 0) return { kind: 'home' }
  if (segments.length === 1 && first !== undefined) {
    if (!folder && /^index\.html?$/.test(first)) return { kind: 'home' }
    // `/emnews/` (and `/emnews`, which a host redirects to it): a category folder. Which slugs exist is the
    // data's business; the route matches it exactly.
    if (!HTML.test(first)) return { kind: 'category', slug: first }
    return null
  }
  if (segments.length === 2 && first === 'category' && second !== undefined && !folder) {
    // `/category/<slug>.html`; a host that serves `x.html` for `/x` (GitHub Pages) made `/category/<slug>` work too.
    const slug = second.replace(HTML, '')
    return slug.trim() === '' ? null : { kind: 'category', slug }
  }
  // `/<categories…>/<yyyy>/<mm>/<dd>/<id>.html`. The id names the article; the category folders before
  // the date are Jekyll's spelling of the post's categories (lower-cased and split at spaces), which says
  // nothing the id does not, so any are accepted.
  if (segments.length >= 4 && !folder) {
    const [year = '', month = '', day = '', file = ''] = segments.slice(-4)
    const id = articleIdParam(file.replace(HTML, ''))
    if (id !== null && id !== file && isDate(year, month, day)) return { kind: 'article', id }
  }
  return null
}
