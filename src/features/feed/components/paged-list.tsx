// A list read page by page (a feed, a stock's articles): a skeleton while its first page loads, the error
// with 重试 in its place, then the items, and at the end either what failed, the way to more (loaded by
// itself once the sentinel comes near the screen), or 已经到底了.
import type { ReactNode } from 'react'
import type { FeedItem } from '../../../content/schema.ts'
import { ErrorState } from '../../../components/error-state.tsx'
import { FeedSkeleton } from '../../../components/skeletons.tsx'
import { FeedList } from './feed-list.tsx'

/** What the list reads of its infinite query. */
interface PagedQuery {
  isPending: boolean
  data: unknown
  error: Error | null
  isFetching: boolean
  isError: boolean
  hasNextPage: boolean
  isFetchingNextPage: boolean
  refetch: () => Promise<unknown>
  fetchNextPage: () => Promise<unknown>
}

interface PagedListProps {
  list: PagedQuery
  items: readonly FeedItem[]
  /** Ids of items live news just brought in. */
  fresh: readonly string[]
  sentinel: (element: HTMLElement | null) => (() => void) | undefined
  loadMore: () => void
  /** The title of the error when a later page fails: 更多消息加载失败. */
  moreFailed: string
  /** What the list says when it ends without an item. */
  empty: ReactNode
}

export function PagedList({ list, items, fresh, sentinel, loadMore, moreFailed, empty }: PagedListProps) {
  if (list.isPending) return <FeedSkeleton />
  if (list.data === undefined) return <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
  return (
    <>
      {items.length > 0 ? <FeedList items={items} fresh={fresh} /> : null}
      {list.isError ? (
        <ErrorState title={moreFailed} error={list.error} onRetry={() => void list.fetchNextPage()} retrying={list.isFetchingNextPage} />
      ) : list.hasNextPage ? (
        <div className="feed-more" ref={sentinel}>
          {items.length === 0 ? <FeedSkeleton rows={2} label="正在查找符合条件的消息…" /> : null}
          <button type="button" className="button" onClick={loadMore} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? '正在加载…' : '加载更多'}
          </button>
        </div>
      ) : items.length === 0 ? (
        empty
      ) : (
        <p className="feed-end">已经到底了</p>
      )}
    </>
  )
}
