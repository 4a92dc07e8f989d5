// Results of the last build that the next one can reuse when their inputs are unchanged: article file
// names (a hash of the post's bytes and neighbours) and whole feeds (their pages, keyed by the list of
// articles they hold). This is what keeps a one-post rebuild of a large archive small.
import type { FeedRef } from '../content/schema.ts'

export interface FeedMemo {
  ref: FeedRef
  /** Every file of the feed (pages and page lists), so an unchanged feed is kept without being rebuilt. */
  pages: string[]
}

export interface MemoData {
  /** file → [signature, path] */
  articles: [string, [string, string]][]
  feeds: [string, FeedMemo][]
}

export class BuildMemo {
  #articles = new Map<string, [string, string]>()
  #feeds = new Map<string, FeedMemo>()
  #nextArticles = new Map<string, [string, string]>()
  #nextFeeds = new Map<string, FeedMemo>()

  static from(data: MemoData | undefined): BuildMemo {
    const memo = new BuildMemo()
    if (data) {
      memo.#articles = new Map(data.articles)
      memo.#feeds = new Map(data.feeds)
    }
    return memo
  }

  /** The article path of `file`, made by `make` only when the last build made none with this signature. */
  articlePath(file: string, signature: string, make: () => string): string {
    const last = this.#articles.get(file)
    const path = last && last[0] === signature ? last[1] : make()
    this.#nextArticles.set(file, [signature, path])
    return path
  }

  /** What the last build wrote for the feed with this key, if it wrote one. */
  lastFeed(key: string): FeedMemo | undefined {
    return this.#feeds.get(key)
  }

  keepFeed(key: string, feed: FeedMemo): void {
    this.#nextFeeds.set(key, feed)
  }

  /** Keeps only what this build used, for the next one. */
  commit(): void {
    this.#articles = this.#nextArticles
    this.#feeds = this.#nextFeeds
    this.#nextArticles = new Map()
    this.#nextFeeds = new Map()
  }

  clear(): void {
    this.#articles.clear()
    this.#feeds.clear()
  }

  toJSON(): MemoData {
    return { articles: [...this.#articles], feeds: [...this.#feeds] }
  }
}
