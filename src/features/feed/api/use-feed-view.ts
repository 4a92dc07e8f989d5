// The list a feed shows (a category, a tag, the home page's newest): the base feed's loaded pages,
// filtered, plus the route feed's tag facets, and the rule that keeps fetching older pages while the
// reader is near the end or too few items match. A stock page's list uses the same two pieces.
import { useCallback, useEffect, useMemo } from 'react'
import { useInfiniteQuery } from '@tanstack/react-query'
import type { FeedItem, FeedPage, FeedRef, Manifest, TagCount } from '../../../content/schema.ts'
import { feedQuery } from './feed-query.ts'
import { matchesFilter, pickBaseFeed, type FeedScope } from './feed-filter.ts'

/** With a filter on, pages keep loading until at least this many items match (or the feed ends). */
const MIN_MATCHES = 20

interface FeedViewInput {
  manifest: Manifest
  /** The route's own feed (a category's or a tag's). */
  feed: FeedRef
  scope: FeedScope
  chosen: readonly string[]
  /** The reader has scrolled (or stepped with j) close to the end of the list. */
  nearEnd: boolean
  /**
   * Pages keep loading until at least this many items match (or the feed ends): by default MIN_MATCHES
   * with a filter on and none without. A list of a fixed length (the home page's newest) asks for its
   * length, since a feed's newest page may hold a single item.
   */
  minItems?: number | undefined
}

export function useFeedView({ manifest, feed, scope, chosen, nearEnd, minItems }: FeedViewInput) {
  const base = pickBaseFeed(feed, chosen, manifest)
  const list = useInfiniteQuery(feedQuery(base?.head ?? null))
  // Facets come from the route's feed even when another feed is read, so the choices stay put.
  const route = useInfiniteQuery(feedQuery(feed.head))
  const facets: TagCount[] = route.data?.pages[0]?.tags ?? []

  const { category, tag } = scope
  const matches = useCallback((item: FeedItem) => matchesFilter(item, { category, tag }, chosen), [category, tag, chosen])
  const { items, loaded } = useMemo(() => collectItems(list.data?.pages, matches), [list.data, matches])

  const filtering = chosen.length > 0
  const empty = base === null || base.head === null
  const wantMore = nearEnd || items.length < (minItems ?? (filtering ? MIN_MATCHES : 0))
  const loadMore = useLoadOlder(list, wantMore)

  return {
    items,
    facets,
    /** The feed read for the list (the smallest that holds every match), null when nothing can match. */
    base,
    /** Whether an item belongs in the list: the screen's filter, also for items live news brings. */
    matches,
    /** How many items of the base feed are loaded, and how many it has in all. */
    loaded,
    total: empty ? 0 : base.count,
    empty,
    filtering,
    list,
    /** Fetches the next older page now (j at the end of the list, the 加载更多 button). */
    loadMore,
  }
}

/**
 * The items of the loaded pages that pass `matches`, each once: pages taken up from live news can overlap
 * the ones loaded before them. `loaded` counts every item read.
 */
export function collectItems(pages: readonly FeedPage[] | undefined, matches: (item: FeedItem) => boolean = () => true) {
  const seen = new Set<string>()
  const items: FeedItem[] = []
  let loaded = 0
  for (const page of pages ?? []) {
    loaded += page.items.length
    for (const item of page.items) {
      if (seen.has(item.id)) continue
      seen.add(item.id)
      if (matches(item)) items.push(item)
    }
  }
  return { items, loaded }
}

/** What useLoadOlder reads of an infinite query's result. */
interface PagedList {
  data?: { pages: readonly unknown[] } | undefined
  hasNextPage: boolean
  isFetching: boolean
  isError: boolean
  fetchNextPage: () => Promise<unknown>
}

/**
 * Keeps fetching older pages of `list` while `wantMore`; returns the way to fetch the next one by hand.
 * After a failed page the reader retries by hand: looping on a broken file would only repeat the error.
 */
export function useLoadOlder(list: PagedList, wantMore: boolean): () => void {
  const { hasNextPage, isFetching, isError, fetchNextPage } = list
  // A page can arrive in the same render that ends its fetch, leaving every flag above as it was; the
  // number of pages always changes, so the effect looks again after each one.
  const pages = list.data?.pages.length ?? 0
  useEffect(() => {
    if (wantMore && hasNextPage && !isFetching && !isError) void fetchNextPage()
  }, [wantMore, hasNextPage, isFetching, isError, fetchNextPage, pages])
  return () => {
    if (hasNextPage && !isFetching) void fetchNextPage()
  }
}
