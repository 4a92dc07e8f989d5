// A feed as one infinite query: its pages, newest first, each naming the next older one.
import { infiniteQueryOptions, skipToken } from '@tanstack/react-query'
import { FeedPageSchema, type FeedPage } from '../../../content/schema.ts'
import { fetchData } from '../../../lib/fetch-data.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

export function getFeedPage(path: string, signal?: AbortSignal): Promise<FeedPage> {
  return fetchData(path, FeedPageSchema, { signal })
}

/** `head` is the feed's newest page; null for an empty feed, which needs no request at all. */
export function feedQuery(head: string | null) {
  return infiniteQueryOptions({
    queryKey: queryKeys.feed(head ?? ''),
    queryFn: head === null ? skipToken : ({ pageParam, signal }) => getFeedPage(pageParam, signal),
    initialPageParam: head ?? '',
    getNextPageParam: (last: FeedPage) => last.next ?? undefined,
  })
}
