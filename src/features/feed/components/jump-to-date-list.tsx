// A feed from the end of a day back (the lazy half of 跳到日期): the feed's newest page names its years,
// the year's day file says where the newest article of the day (or of the nearest older day with any) is,
// and that page is read with the page list naming it (and the feed's newest list, which names the lists
// after it), so older pages load on scroll as on any feed. Two rounds of requests after the newest page,
// whatever the archive's size.
import { skipToken, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { DayFileSchema, type DayEntry } from '../../../content/day-index.ts'
import { FeedPageSchema, PageListSchema, type FeedItem } from '../../../content/schema.ts'
import { ErrorState } from '../../../components/error-state.tsx'
import { FeedSkeleton } from '../../../components/skeletons.tsx'
import { DataError, fetchData } from '../../../lib/fetch-data.ts'
import { formatDay } from '../../../lib/format-date.ts'
import { queryKeys } from '../../../lib/query-keys.ts'
import { cursorInList } from '../api/day-cursor.ts'
import { feedQuery, headCursor, loadedPage, loadFeedPage, type FeedCursor, type LoadedPage } from '../api/feed-query.ts'
import { collectItems, useLoadOlder } from '../api/use-feed-view.ts'
import { useJumpDay } from './jump-to-date.tsx'
import { PagedList } from './paged-list.tsx'
import { useNearEnd } from './use-near-end.ts'

/** Pages keep loading until this many items show (a day may start at the end of a page). */
const MIN_ITEMS = 20

interface DayListProps {
  /** The newest page of the feed read. */
  head: string
  /** The day asked for (checked). */
  day: string
  /** The screen's own filter (a category's chosen tags), if any. */
  matches?: ((item: FeedItem) => boolean) | undefined
  empty: ReactNode
  moreFailed: string
}

/**
 * The page holding the day's newest article, with the cursor of the pages older than it. `newestList` is
 * the feed's newest list (its newest page's `older`), which names the lists after the day's.
 */
async function loadDayStart(head: string, newestList: string | null, [, page, list, pos]: DayEntry, signal: AbortSignal): Promise<LoadedPage> {
  if (page === null) return loadFeedPage(headCursor(head), signal)
  // Read side by side: the page to show, the list naming it for the pages after it, and the newest list for
  // the lists after that one.
  const newest = list === newestList || newestList === null ? null : fetchData(newestList, PageListSchema, { signal })
  const [names, data, all] = await Promise.all([fetchData(list, PageListSchema, { signal }), fetchData(page, FeedPageSchema, { signal }), newest])
  const cursor = cursorInList(list, names, pos, all === null || newestList === null ? null : { path: newestList, list: all })
  if (cursor === null) throw new DataError('invalid', list)
  return loadedPage(page, data, cursor)
}

export default function DayList({ head, day, matches, empty, moreFailed }: DayListProps) {
  const [, setDay] = useJumpDay()
  const { nearEnd, sentinel } = useNearEnd()
  const newest = useInfiniteQuery(feedQuery(head))
  const years = newest.data?.pages[0]?.days
  const newestList = newest.data?.pages[0]?.older ?? null
  // Years newest first: the first whose oldest day is not after the day holds the nearest day with articles.
  const file = years?.find(([, oldest]) => oldest <= day)?.[2]
  const days = useQuery({
    queryKey: [...queryKeys.all, 'day-file', file ?? ''],
    queryFn: file === undefined ? skipToken : ({ signal }) => fetchData(file, DayFileSchema, { signal }),
    staleTime: Infinity,
  })
  const entry = days.data?.days.find(([d]) => d <= day)
  const landed = entry?.[0]
  const list = useInfiniteQuery({
    queryKey: [...queryKeys.all, 'feed-day', head, landed ?? ''],
    queryFn:
      entry === undefined
        ? skipToken
        : ({ pageParam, signal }: { pageParam: FeedCursor | null; signal: AbortSignal }) => (pageParam === null ? loadDayStart(head, newestList, entry, signal) : loadFeedPage(pageParam, signal)),
    initialPageParam: null as FeedCursor | null,
    getNextPageParam: (last: LoadedPage) => last.next ?? undefined,
    staleTime: Infinity,
  })
  const { items } = collectItems(list.data?.pages, (item) => (item.date === null || item.date.slice(0, 10) <= day) && (matches?.(item) ?? true))
  const loadMore = useLoadOlder(list, nearEnd || items.length < MIN_ITEMS)

  const failed = newest.isError ? newest : days.isError ? days : null
  let body: ReactNode
  if (failed) body = <ErrorState error={failed.error} onRetry={() => void failed.refetch()} retrying={failed.isFetching} />
  else if (newest.isPending || (file !== undefined && days.isPending)) body = <FeedSkeleton />
  else if (landed === undefined) body = null
  else body = <PagedList list={list} items={items} fresh={[]} sentinel={sentinel} loadMore={loadMore} moreFailed={moreFailed} empty={empty} />

  const known = !newest.isPending && !failed && (file === undefined || days.data !== undefined)
  return (
    <div className="jumped">
      <p className="jumped__note" role="status">
        {!known
          ? `正在跳到 ${formatDay(day)}…`
          : landed === undefined
            ? `${formatDay(day)} 及更早没有消息。`
            : landed === day
              ? `从 ${formatDay(day)} 起，较早的消息在下面。`
              : `${formatDay(day)} 没有消息，已跳到之前最近有消息的一天：${formatDay(landed)}。`}{' '}
        <button type="button" className="button" onClick={() => setDay(null)}>
          回到最新
        </button>
      </p>
      {body}
    </div>
  )
}
