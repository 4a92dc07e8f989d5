// Results of the last build that the next one can reuse when their inputs are unchanged: article file
// names (a hash of the post's bytes and neighbours) and whole feeds (their pages, keyed by the list of
// articles they hold). This is what keeps a one-post rebuild of a large archive small.
//
// The CLI saves the memo with its cache and gets it back as plain data. A process that builds again and
// again (the dev server) also keeps, in memory, the very objects the last build used (records, feed
// items, the order of the posts, the output folder's contents): finding the same objects again, a build
// skips the hashing and sorting that prove nothing changed.
import type { ArticleLookup, FeedItem, FeedRef, Security, SecurityLookup } from '../../content/schema.ts'
import type { PostRecord } from '../outputs/article-files.ts'
import type { Grouped, SecurityGroup } from '../outputs/feed-groups.ts'
import { OutputStore } from '../outputs/output-store.ts'

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

/** Where one post's article file went. */
export interface Placement {
  /** The post's bytes and its neighbours, in short. */
  signature: string
  path: string
  /** In memory only: the neighbours it was placed between, and the feed item made with it. */
  made?: { newer: PostRecord | undefined; older: PostRecord | undefined; item: FeedItem }
}

/** Look-up shards and the files they went to, by bucket. */
export interface Sharded<T> {
  shards: T[]
  paths: string[]
}

export type Made = Placement & { made: NonNullable<Placement['made']> }

/** In memory only: the items a named feed (all, a category, a tag, a security) held, and what was written for it. */
interface FeedSeen {
  key: string
  items: readonly FeedItem[]
  feed: FeedMemo
}

export class BuildMemo {
  /** Placements read from a saved cache, by file; those this process makes are kept by record. */
  #loaded = new Map<string, Placement>()
  #placed = new WeakMap<PostRecord, Placement>()
  #feeds = new Map<string, FeedMemo>()
  #nextFeeds = new Map<string, FeedMemo>()
  #seen = new Map<string, FeedSeen>()
  #nextSeen = new Map<string, FeedSeen>()
  /** In memory only: the posts of the last build, newest first, and as it listed them (by file). */
  order: PostRecord[] | null = null
  listed: readonly PostRecord[] | null = null
  /** In memory only: what the last build's feeds held, and the look-up shards it wrote. */
  grouped: Grouped | null = null
  articleShards: Sharded<ArticleLookup> | null = null
  securityShards: Sharded<SecurityLookup> | null = null
  #securities = new WeakMap<SecurityGroup, Security>()
  #store: OutputStore | null = null

  static from(data: MemoData | undefined): BuildMemo {
    const memo = new BuildMemo()
    if (data) {
      memo.#loaded = new Map(data.articles.map(([file, [signature, path]]) => [file, { signature, path }]))
      memo.#feeds = new Map(data.feeds)
    }
    return memo
  }

  /** Starts a build: forgets what an unfinished build before it kept. */
  begin(): void {
    this.#nextFeeds = new Map()
    this.#nextSeen = new Map()
  }

  /** The output folder: the last build's view of it when it wrote the same folder and finished, else read afresh. */
  store(root: string): OutputStore {
    this.#store = this.#store?.continueAt(root) ?? new OutputStore(root)
    return this.#store
  }

  /** Where an earlier build put the article of `post`. */
  lastPlacement(post: PostRecord): Placement | undefined {
    return this.#placed.get(post) ?? this.#loaded.get(post.file)
  }

  /** The placement of `post` when this process placed this very record between these very neighbours. */
  samePlacement(post: PostRecord, newer: PostRecord | undefined, older: PostRecord | undefined): Made | undefined {
    const last = this.#placed.get(post)
    const made = last?.made
    // The check above is what makes `last` a Made.
    return made && made.newer === newer && made.older === older ? (last as Made) : undefined
  }

  place(post: PostRecord, placement: Made): void {
    this.#placed.set(post, placement)
  }

  /** The feed item made when `post` was placed. */
  itemOf(post: PostRecord): FeedItem | undefined {
    return this.#placed.get(post)?.made?.item
  }

  /** What the last build wrote for the feed with this key, if it wrote one. */
  lastFeed(key: string): FeedMemo | undefined {
    return this.#feeds.get(key)
  }

  /** What this process's last build wrote for the feed `name` when it held these very items, in this order. */
  sameFeed(name: string, items: readonly FeedItem[]): { key: string; feed: FeedMemo } | undefined {
    const last = this.#seen.get(name)
    if (last?.items === items) return last
    if (!last || last.items.length !== items.length) return undefined
    for (let i = 0; i < items.length; i++) if (last.items[i] !== items[i]) return undefined
    return last
  }

  keepFeed(name: string, key: string, items: readonly FeedItem[], feed: FeedMemo): void {
    this.#nextFeeds.set(key, feed)
    this.#nextSeen.set(name, { key, items, feed })
  }

  /** The look-up entry made for this very group of articles, if any. */
  security(group: SecurityGroup): Security | undefined {
    return this.#securities.get(group)
  }

  rememberSecurity(group: SecurityGroup, security: Security): void {
    this.#securities.set(group, security)
  }

  /** Keeps only what this build used, for the next one. */
  commit(): void {
    this.#loaded = new Map()
    this.#feeds = this.#nextFeeds
    this.#seen = this.#nextSeen
    this.begin()
  }

  clear(): void {
    this.#loaded.clear()
    this.#placed = new WeakMap()
    this.#feeds.clear()
    this.#seen.clear()
    this.order = null
    this.listed = null
    this.grouped = null
    this.articleShards = null
    this.securityShards = null
    this.#securities = new WeakMap()
    this.#store = null
  }

  toJSON(): MemoData {
    // The placements of the last build's posts (its order), by file.
    const articles: MemoData['articles'] = []
    for (const post of this.order ?? []) {
      const p = this.#placed.get(post)
      if (p) articles.push([post.file, [p.signature, p.path]])
    }
    return { articles, feeds: [...this.#feeds] }
  }
}
