// The watchlist's feed: the feeds of every followed security (each a paged feed like a category's) merged
// newest first, an article that mentions two of them listed once, and so is a story both writers posted
// (twins: each stock feed lists it once, but two securities' feeds may list different copies): the first
// copy reached stays, with its 同时见于. One infinite query: each page is the
// next 25 of the merge, and its cursor carries each feed's unshown items and where its next page is.
import { infiniteQueryOptions, type InfiniteData } from '@tanstack/react-query'
import type { FeedItem } from '../../content/schema.ts'
import { newestFirst } from '../../content/order.ts'
import { queryKeys } from '../../lib/query-keys.ts'
import { headCursor, loadFeedPage, type FeedCursor } from '../feed/api/feed-query.ts'

export const MERGED_PAGE = 25

/** A followed security's feed as the merge reads it: its newest page (null when it has no articles). */
export interface Source {
  secid: string
  head: string | null
}

interface FeedState {
  /** Items read from the feed but not yet shown, newest first. */
  buffer: FeedItem[]
  next: FeedCursor | null
}

export interface MergeCursor {
  feeds: FeedState[]
  /** Ids already shown and their twins, so an article (a story) in two feeds shows once. */
  seen: string[]
}

export interface MergedPage {
  items: FeedItem[]
  next: MergeCursor | null
}

export function startCursor(sources: readonly Source[]): MergeCursor {
  return { feeds: sources.map((s) => ({ buffer: [], next: s.head === null ? null : headCursor(s.head) })), seen: [] }
}

/** The next `size` items of the merge after `cursor`. */
export async function loadMerged(cursor: MergeCursor, signal?: AbortSignal, size = MERGED_PAGE): Promise<MergedPage> {
  const feeds = cursor.feeds.map((f) => ({ buffer: [...f.buffer], next: f.next }))
  const seen = new Set(cursor.seen)
  const items: FeedItem[] = []
  while (items.length < size) {
    // Every feed with nothing buffered reads its next page first: the newest item could be in any of them.
    await Promise.all(
      feeds.map(async (feed) => {
        if (feed.buffer.length > 0 || feed.next === null) return
        const page = await loadFeedPage(feed.next, signal)
        feed.buffer = page.items
        feed.next = page.next
      }),
    )
    let best: FeedState | null = null
    for (const feed of feeds) {
      const first = feed.buffer[0]
      const top = best?.buffer[0]
      if (first && (!top || newestFirst(first, top) < 0)) best = feed
    }
    const item = best?.buffer.shift()
    if (!item) break
    if (seen.has(item.id)) continue
    seen.add(item.id)
    for (const twin of item.twins ?? []) seen.add(twin.id)
    items.push(item)
  }
  const done = feeds.every((f) => f.buffer.length === 0 && f.next === null)
  return { items, next: done ? null : { feeds, seen: [...seen] } }
}

export function sourcesKey(sources: readonly Source[]): string {
  return sources.map((s) => `${s.secid}=${s.head ?? ''}`).join(' ')
}

export function mergedFeedQuery(sources: readonly Source[]) {
  return infiniteQueryOptions({
    queryKey: [...queryKeys.all, 'watchlist', sourcesKey(sources)] as const,
    queryFn: ({ pageParam, signal }) => loadMerged(pageParam, signal),
    initialPageParam: startCursor(sources),
    getNextPageParam: (last: MergedPage) => last.next ?? undefined,
  })
}

export type MergedData = InfiniteData<MergedPage>

/**
 * The items `latest` has that are newer than the newest item shown (read from its head pages, never more
 * than `pages` of them): what live news offers as "N 条新消息".
 */
export async function newerItems(latest: readonly Source[], shown: readonly FeedItem[], signal?: AbortSignal, pages = 4): Promise<FeedItem[]> {
  const newest = shown[0]
  if (!newest) return []
  const known = new Set(shown.map((item) => item.id))
  const fresh: FeedItem[] = []
  let cursor: MergeCursor | null = startCursor(latest)
  for (let i = 0; i < pages && cursor !== null; i++) {
    const page: MergedPage = await loadMerged(cursor, signal)
    for (const item of page.items) {
      if (newestFirst(item, newest) >= 0) return fresh
      if (!known.has(item.id)) fresh.push(item)
    }
    cursor = page.next
  }
  return fresh
}
