// A stock page (/s/:secid): the security's name, code and market, its quote page, and every article that
// mentions it, newest first, loading more as the reader scrolls. The list is the feeds' own list, read
// from the security's feed in the data folder.
import { useEffect, useRef } from 'react'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import type { Security } from '../../../content/schema.ts'
import { classifySecurity, KIND_NAMES } from '../../../content/markets.ts'
import { quoteUrl } from '../../../content/secid.ts'
import { DocumentTitle } from '../../../components/document-title.tsx'
import { ErrorState } from '../../../components/error-state.tsx'
import { NotFound } from '../../../components/not-found.tsx'
import { FeedSkeleton } from '../../../components/skeletons.tsx'
import { isAbsent } from '../../../lib/fetch-data.ts'
import { feedQuery } from '../../feed/api/feed-query.ts'
import { FeedList } from '../../feed/components/feed-list.tsx'
import { useFeedKeys } from '../../feed/components/use-feed-keys.ts'
import { useNearEnd } from '../../feed/components/use-near-end.ts'
import { securityQuery } from '../api/security-query.ts'
import './stock-screen.css'

export const STOCK_NOT_FOUND = '找不到这只证券'

export function StockScreen({ secid }: { secid: string }) {
  const query = useQuery(securityQuery(secid))
  if (query.isPending) return <FeedSkeleton label="正在加载证券信息…" />
  if (query.isError) {
    if (isAbsent(query.error)) return <NotFound title={STOCK_NOT_FOUND} message={`存档中没有提及 ${secid} 的文章。`} />
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
  }
  return <StockPage security={query.data} />
}

function StockPage({ security }: { security: Security }) {
  const { marketName } = classifySecurity(security.market, security.code)
  // Securities an article never names are known by their code alone: say it once.
  const label = security.name === security.code ? security.code : `${security.name}（${security.code}）`
  const list = useInfiniteQuery(feedQuery(security.feed.head))
  const items = list.data?.pages.flatMap((page) => page.items) ?? []

  const { nearEnd, sentinel } = useNearEnd()
  const { hasNextPage, isFetching, isError, fetchNextPage } = list
  const pages = list.data?.pages.length ?? 0
  useEffect(() => {
    // After a failed page the reader retries by hand, as on a feed: looping on a broken file only repeats it.
    if (nearEnd && hasNextPage && !isFetching && !isError) void fetchNextPage()
  }, [nearEnd, hasNextPage, isFetching, isError, fetchNextPage, pages])

  const loadMore = () => {
    if (hasNextPage && !isFetching) void fetchNextPage()
  }
  const listRef = useRef<HTMLDivElement>(null)
  useFeedKeys(listRef, loadMore)

  return (
    <div className="stock-screen">
      <DocumentTitle
        title={label}
        description={`存档中提及${label}（${marketName}）的 ${security.count} 篇财经消息。`}
      />
      <header className="page-head stock-head">
        <p className="page-head__kind">{KIND_NAMES[security.kind]}</p>
        <h1>{security.name}</h1>
        <dl className="stock-head__facts">
          <div>
            <dt>代码</dt>
            <dd>{security.code}</dd>
          </div>
          <div>
            <dt>市场</dt>
            <dd>{marketName}</dd>
          </div>
          <div>
            <dt>提及文章</dt>
            <dd>{`${security.count} 篇`}</dd>
          </div>
        </dl>
        <p className="stock-head__actions">
          <a className="button" href={quoteUrl(security.secid)} target="_blank" rel="noopener noreferrer">
            查看行情 <span aria-hidden="true">↗</span>
          </a>
        </p>
      </header>
      <section className="stock-screen__list" aria-labelledby="stock-articles">
        <h2 id="stock-articles" className="visually-hidden">
          提及{security.name}的文章
        </h2>
        <div ref={listRef}>
          {security.feed.head === null ? (
            <p className="feed-empty">存档中还没有提及它的文章。</p>
          ) : list.isPending ? (
            <FeedSkeleton />
          ) : list.data === undefined ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
          ) : (
            <>
              <FeedList items={items} />
              {list.isError ? (
                <ErrorState
                  title="更多文章加载失败"
                  error={list.error}
                  onRetry={() => void list.fetchNextPage()}
                  retrying={list.isFetchingNextPage}
                />
              ) : hasNextPage ? (
                <div className="feed-more" ref={sentinel}>
                  <button type="button" className="button" onClick={loadMore} disabled={list.isFetchingNextPage}>
                    {list.isFetchingNextPage ? '正在加载…' : '加载更多'}
                  </button>
                </div>
              ) : (
                <p className="feed-end">已经到底了</p>
              )}
            </>
          )}
        </div>
      </section>
    </div>
  )
}
