// What search matches against, one definition for the pipeline (which indexes it), the reader (which
// highlights it) and the tests (which scan it by brute force): an article's title, summary, body text (not
// its markup), source, and the names and codes of the securities it mentions, one field a line.
// Matching is substring matching on a normalized copy of that text: letters lower-cased and full-width
// ASCII (６００５１９, ＢＩＤＵ) folded to half-width, one UTF-16 unit for one, so a position in the
// normalized text is the same position in the original (the reader highlights the original).

/** The fields of an article that search reads (an Article has them all). */
export interface SearchableArticle {
  title: string
  summary: string | null
  bodyHtml: string
  source: string | null
  mentions: readonly { name: string; code: string }[]
}

/** Elements whose boundaries separate text: their tags become a line break, so words in two paragraphs never join. */
const BLOCK_TAG = /^<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|thead|tbody|blockquote|pre|hr|figure|figcaption|section|article|dl|dt|dd)\b/i

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole
  })
}

/**
 * The text a reader sees in a cleaned body (the pipeline's allow-listed HTML): tags removed, block
 * boundaries as line breaks, entities decoded. No DOM, so the pipeline and the browser share it.
 */
export function bodyText(html: string): string {
  let out = ''
  let at = 0
  while (at < html.length) {
    const lt = html.indexOf('<', at)
    if (lt === -1) {
      out += decodeEntities(html.slice(at))
      break
    }
    out += decodeEntities(html.slice(at, lt))
    // Attribute values in the cleaned HTML have `>` escaped, so the first `>` ends the tag.
    const gt = html.indexOf('>', lt)
    const tag = html.slice(lt, gt === -1 ? html.length : gt + 1)
    if (BLOCK_TAG.test(tag)) out += '\n'
    at = gt === -1 ? html.length : gt + 1
  }
  return out
}

/** The searchable text of an article, its fields one a line (a query never spans two: it has no white space). */
export function searchText(article: SearchableArticle): string {
  const mentions = article.mentions.map((m) => (m.name === m.code ? m.code : `${m.name} ${m.code}`)).join('\n')
  return [article.title, article.summary ?? '', bodyText(article.bodyHtml), article.source ?? '', mentions].join('\n')
}

const FULL_WIDTH_ASCII = /[\uff01-\uff5e]/g
const SPACE = /\s/g

/**
 * The normalized text: full-width ASCII folded, lower case, every white space character a plain space.
 * Always the same length as the input, unit for unit.
 */
export function normalizeText(text: string): string {
  const folded = text.replace(FULL_WIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  let lower = folded.toLowerCase()
  if (lower.length !== folded.length) {
    // A few letters lower-case to two units (İ): those keep their case, so positions stay put.
    lower = ''
    for (const c of folded) {
      const l = c.toLowerCase()
      lower += l.length === c.length ? l : c
    }
  }
  return lower.replace(SPACE, ' ')
}

/** Shortest word searched in the whole text: one character is in nearly every article (see parseQuery). */
export const MIN_WORD = 2

export type ParsedQuery =
  | { ok: true; words: string[] }
  | { ok: false; reason: 'empty' | 'short'; words: string[] }

/**
 * A query's words: split at white space, normalized, duplicates dropped. Every word must occur. A word of
 * one character is refused with a reason: it occurs in most articles, and a bigram index cannot answer it.
 */
export function parseQuery(query: string): ParsedQuery {
  const words = [...new Set(normalizeText(query).split(' ').filter((w) => w !== ''))]
  if (words.length === 0) return { ok: false, reason: 'empty', words }
  if (words.some((w) => w.length < MIN_WORD)) return { ok: false, reason: 'short', words }
  return { ok: true, words }
}

/** Whether a normalized text has every word: the rule the index answers, as a plain scan. */
export function matchesAll(normalized: string, words: readonly string[]): boolean {
  return words.every((w) => normalized.includes(w))
}
