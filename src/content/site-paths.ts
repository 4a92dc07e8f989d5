// Where the site's syndication files live, relative to the site's base path. The pipeline writes them
// and the app links them (<link rel="alternate">), so both compute the names here.
import { fnv1aHex } from './fnv1a.ts'

/** The site's name, as the old Jekyll site had it: page titles and the Atom feeds' titles and author. */
export const SITE_NAME = '金融消息'

/** The newest articles of the whole archive, at the address the old Jekyll site's feed had. */
export const MAIN_FEED = 'feed.xml'
export const SITEMAP = 'sitemap.xml'

/**
 * A file name that is safe on every host: readable where the key is ASCII, and unique even where keys
 * differ only in case (TechWeb / Techweb) or are Chinese (东财滚动新闻), thanks to a hash of the key.
 */
function fileKey(key: string): string {
  const readable = key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  const hash = fnv1aHex(key)
  return readable ? `${readable}-${hash}` : hash
}

export function categoryFeedPath(slug: string): string {
  return `feeds/category/${fileKey(slug)}.xml`
}

export function tagFeedPath(tag: string): string {
  return `feeds/tag/${fileKey(tag)}.xml`
}
