// One post's outputs that depend on that post alone: its article file and its feed item. The article file
// is named by a content key of the post's bytes, its file name (the id comes from it) and the parsing code,
// so the host that parses a post writes its article at once and no other post can ever change it (its
// neighbours live in the look-up entry, see lookups.ts).
import { ArticleSchema, type Article, type FeedItem, type Mention } from '../../content/schema.ts'
import { sortTime } from '../../content/order.ts'
import { hashKey } from '../hash-key.ts'
import type { ParsedPost } from '../read/parse-post.ts'

/** What the index keeps of a parsed post: everything feeds, look-ups and the report need, never the body. */
export interface PostRecord {
  file: string
  hash: string
  id: string
  /** The sort time (see src/content/order.ts). */
  t: number
  item: FeedItem
  mentions: Mention[]
  /** Why the post is only salvaged; empty for a post read in full. */
  reasons: string[]
}

export function articlePath(post: Pick<ParsedPost, 'id' | 'inputHash' | 'file'>, parseKey: string): string {
  return `articles/${post.id}.${hashKey(parseKey, post.inputHash, post.file)}.json`
}

export function toFeedItem(post: ParsedPost, path: string): FeedItem {
  return {
    id: post.id,
    title: post.title,
    date: post.date,
    category: post.category,
    tags: post.tags,
    summary: post.summary,
    source: post.source,
    chips: post.mentions.slice(0, 3).map((m) => ({ secid: m.secid, name: m.name })),
    mentionCount: post.mentions.length,
    flags: post.flags,
    path,
  }
}

/** The article file's JSON, checked against the shared schema. */
export function articleJson(post: ParsedPost, path: string): string {
  const article: Article = {
    ...toFeedItem(post, path),
    bodyHtml: post.bodyHtml,
    sourceUrl: post.sourceUrl,
    mentions: post.mentions,
    images: post.images,
    textLength: post.textLength,
    description: post.description,
    file: post.file,
  }
  return JSON.stringify(ArticleSchema.parse(article))
}

export function toRecord(post: ParsedPost, path: string): PostRecord {
  return {
    file: post.file,
    hash: post.inputHash,
    id: post.id,
    t: sortTime(post.date),
    item: toFeedItem(post, path),
    mentions: post.mentions,
    reasons: post.reasons,
  }
}
