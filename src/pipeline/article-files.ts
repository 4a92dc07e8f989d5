// How a parsed post becomes its feed item and its article file. Shared by the main thread (feeds) and
// the workers (which hold the bodies and write the article files), so both always agree.
import { ArticleSchema, type Article, type ArticleLink, type FeedItem } from '../content/schema.ts'
import type { ParsedPost } from './parse-post.ts'

/** A parsed post without its body, as the main thread and the cache keep it. */
export type PostRecord = Omit<ParsedPost, 'bodyHtml'>

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

/** The article file's JSON, checked against the shared schema. */
export function articleJson(post: ParsedPost, job: ArticleJob): string {
  const article: Article = {
    ...toFeedItem(post, job.path),
    bodyHtml: post.bodyHtml,
    sourceUrl: post.sourceUrl,
    mentions: post.mentions,
    images: post.images,
    textLength: post.textLength,
    older: job.near.older,
    newer: job.near.newer,
    file: post.file,
  }
  return JSON.stringify(ArticleSchema.parse(article))
}

export function withoutBody(post: ParsedPost): PostRecord {
  const { bodyHtml: _body, ...record } = post
  return record
}
