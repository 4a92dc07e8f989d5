// What an article link leaves in the history entry for the article page: the article's file, when the link
// knew it (feed items do). ArticleLink writes it; the article route reads it back. The reading half lives
// here, apart from ArticleLink, so the feeds (which import ArticleLink) do not load it.
import * as v from 'valibot'
import { FeedItemSchema } from '../../../content/schema.ts'

export interface ArticleLinkState {
  articlePath: string
}

/**
 * The article's file as the link that led here knew it, or undefined. History state outlives the page (a
 * reload, Back from another site) and anything may have written it, so only a data path is taken.
 */
export function knownArticlePath(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null || !('articlePath' in state)) return undefined
  const path = state.articlePath
  return v.is(FeedItemSchema.entries.path, path) ? path : undefined
}
