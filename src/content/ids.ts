// The article id rule, shared by the pipeline (which makes ids from post file names) and the app (which
// routes `/a/<id>`): one rule, so every id the pipeline writes is one the app will open.
import { fnv1aHex } from './fnv1a.ts'

/**
 * Longest id. An id becomes a file name, `articles/<id>.<16 hex>.json` (id + 22 bytes), and file systems
 * cap a name at 255 bytes (eCryptfs home folders at 143); the whole path must also fit Windows' 260
 * characters with the output folder in front. Real ids are 18 to 20 characters (202205262391921712,
 * NW202205292395438077); 100 leaves room for a Jekyll slug made of an English headline.
 */
export const ARTICLE_ID_MAX_LENGTH = 100

/**
 * ASCII letters, digits and `_`, in runs joined by single `-`s: the same in a URL path, a file name on any
 * system and a JSON key, and exactly what slugify makes, so the app routes every id the pipeline can make
 * (a post named `YYYY-MM-DD-<id>.md` gets that id) and no other.
 */
const ID_FORM = /^[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*$/

/** Whether `value` is an article id: what the pipeline may write and the app routes. */
export function isArticleId(value: string): boolean {
  return value.length <= ARTICLE_ID_MAX_LENGTH && ID_FORM.test(value)
}

/** Letters, digits, `_` and `-` only, runs of anything else made one `-`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** A name's slug, or for a name with nothing to slug (蔚来新闻) `p` and a hash of it; of any length. */
export function slugOf(name: string): string {
  return slugify(name) || `p${fnv1aHex(name)}`
}

/**
 * `slug` (made of an id's characters, see slugOf) as an id: itself, or when longer than
 * ARTICLE_ID_MAX_LENGTH its first characters, `-` and a hash of the whole slug. Deterministic, so a post
 * keeps its id from build to build, and two long slugs that share a start still differ.
 *
 * A name too long for an id is shortened, not rejected: a reader who follows a feed expects the article
 * to open, and the name was too long only for an address and a file name, which says nothing against the
 * post. The pipeline publishes it as salvaged, with the shortened id in its reasons.
 */
export function fitArticleId(slug: string): string {
  if (slug.length <= ARTICLE_ID_MAX_LENGTH) return slug
  // Cut before a trailing `-` so the id never has `--` before its hash.
  const start = slug.slice(0, ARTICLE_ID_MAX_LENGTH - 9).replace(/-+$/, '')
  return `${start}-${fnv1aHex(slug)}`
}
