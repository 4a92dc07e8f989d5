// How a parsed post becomes its feed item and its article file. Shared by the main thread (feeds) and
// the workers (which hold the bodies and write the article files), so both always agree.
import { ArticleSchema, type Article, type ArticleLink, type FeedItem } from '../../content/schema.ts'
import type { ParsedPost } from '../read/parse-post.ts'

/**
 * What the main thread and the cache keep of a parsed post: what feeds, look-ups and the report need.
 * The body, images, original link, text length and description live only in the article file, which the worker
 * that parsed the post writes.
 */
export type PostRecord = Omit<ParsedPost, 'bodyHtml' | 'images' | 'sourceUrl' | 'textLength' | 'description'>

export interface Neighbours {
  older: ArticleLink | null
  newer: ArticleLink | null
}

/** What a worker needs to write one article file. */
export interface ArticleJob {
  file: string
  path: string
  near: Neighbours
}

export function toFeedItem(post: PostRecord, path: string): FeedItem {
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

const PLACEHOLDER_PATH = 'articles/placeholder.json'

/**
 * The article file's JSON without the three fields that depend on the rest of the archive (its own path
 * and its neighbours), checked against the shared schema. Workers keep this one string per post instead
 * of the parsed object, which keeps their heaps small; `articleJson` completes it.
 */
export function articleCore(post: ParsedPost): string {
  const article: Article = {
    ...toFeedItem(post, PLACEHOLDER_PATH),
    bodyHtml: post.bodyHtml,
    sourceUrl: post.sourceUrl,
    mentions: post.mentions,
    images: post.images,
    textLength: post.textLength,
    description: post.description,
    older: null,
    newer: null,
    file: post.file,
  }
  const { path: _path, older: _older, newer: _newer, ...rest } = ArticleSchema.parse(article)
  return JSON.stringify(rest)
}

/**
 * The whole article file, as UTF-8: the core (see articleCore, kept as UTF-8 bytes) with its path and
 * neighbours (simple values, valid by construction).
 */
export function articleBytes(core: Buffer, job: ArticleJob): Buffer {
  const tail = `,"path":${JSON.stringify(job.path)},"older":${JSON.stringify(job.near.older)},"newer":${JSON.stringify(job.near.newer)}}`
  // The core's closing brace is one byte.
  return Buffer.concat([core.subarray(0, core.length - 1), Buffer.from(tail)])
}

export function toRecord(post: ParsedPost): PostRecord {
  const { bodyHtml: _body, images: _images, sourceUrl: _sourceUrl, textLength: _textLength, description: _description, ...record } = post
  return record
}
