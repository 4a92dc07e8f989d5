// A stock page (/s/:secid): the security's name, code and market, its quote page, and every article that
// mentions it, newest first, loading more as the reader scrolls. The list is the feeds' own list, read
// from the security's feed in the data folder, with live news like any feed.
import { useEffect, useRef } from 'react'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import type { Security } from '../../../content/lookup-schema.ts'
import { classifySecurity, KIND_NAMES } from '../../../content/markets.ts'
import { quoteUrl } from '../../../content/secid.ts'
import { DocumentTitle, SITE_NAME } from '../../../components/document-title.tsx'
import { MAIN_FEED } from '../../../content/site-paths.ts'
import { ErrorState } from '../../../components/error-state.tsx'
import { NotFound } from '../../../components/not-found.tsx'
import { FeedSkeleton } from '../../../components/skeletons.tsx'
import { isAbsent } from '../../../lib/fetch-data.ts'
import { feedQuery } from '../../feed/api/feed-query.ts'
import { collectItems, useLoadOlder } from '../../feed/api/use-feed-view.ts'
import { together, useFeedUpdate, useLatestManifest, usePinned } from '../../feed/api/live-feed.ts'
import { NewItemsBar } from '../../feed/components/new-items-bar.tsx'
import { JumpedList, JumpToDate, useJumpDay } from '../../feed/components/jump-to-date.tsx'
import { PagedList } from '../../feed/components/paged-list.tsx'
import { useFeedKeys } from '../../feed/components/use-feed-keys.ts'
import { useNearEnd } from '../../feed/components/use-near-end.ts'
import { usePersonalUi } from '../../reader-state/personal.ts'
import { StockHistory } from '../../market/components/stock-history.tsx'
import { securityInBuildQuery, securityQuery } from '../api/security-query.ts'
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

/** The security as the newest manifest has it: read again from its look-up shard whenever that changes. */
function useLatestSecurity(first: Security): Security {
  const manifest = useLatestManifest()
  const version = manifest ? `${manifest.builtAt} ${manifest.feed.head ?? ''}` : ''
  const { secid } = first
  const query = useQuery({ ...securityInBuildQuery(secid, version), enabled: manifest !== undefined })
  return query.data ?? first
}

function StockPage({ security: first }: { security: Security }) {
  const latest = useLatestSecurity(first)
  const [pinned, pin] = usePinned(`stock:${first.secid}`, latest)
  const security = pinned.value
  const { marketName } = classifySecurity(security.market, security.code)
  // Securities an article never names are known by their code alone: say it once.
  const label = security.name === security.code ? security.code : `${security.name}（${security.code}）`
  const list = useInfiniteQuery(feedQuery(security.feed.head))
  const { items } = collectItems(list.data?.pages)
  const update = useFeedUpdate({ shown: security.feed, latest: latest.feed, loaded: list.data })
  const nothingShown = list.data === undefined && !list.isFetching
  useEffect(() => {
    if (nothingShown && security !== latest) pin({ value: latest, fresh: [] })
  })

  const { nearEnd, sentinel } = useNearEnd()
  const [day] = useJumpDay()
  const loadMore = useLoadOlder(list, nearEnd)
  const listRef = useRef<HTMLDivElement>(null)
  useFeedKeys(listRef, loadMore)
  const ui = usePersonalUi()

  return (
    <div className="stock-screen">
      <DocumentTitle
        title={label}
        description={`存档中提及${label}（${marketName}）的 ${security.count} 篇财经消息。`}
        // There is no feed per security; the whole archive's is the nearest one.
        feed={{ title: SITE_NAME, path: MAIN_FEED }}
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
          </a>{' '}
          {ui ? (
            <ui.FollowButton secid={security.secid} name={security.name} />
          ) : (
            <button type="button" className="button follow-button" aria-pressed={false} disabled>
              <span aria-hidden="true">☆ </span>加自选<span className="visually-hidden">：{security.name}</span>
            </button>
          )}
        </p>
      </header>
      <StockHistory security={security} />
      <section className="stock-screen__list" aria-labelledby="stock-articles">
        <h2 id="stock-articles" className="visually-hidden">
          提及{security.name}的文章
        </h2>
        <JumpToDate head={security.feed.head} />
        {day ? null : <NewItemsBar count={update.count} onShow={() => together(() => pin({ value: latest, fresh: update.take() }))} fresh={pinned.fresh} />}
        <div ref={listRef}>
          {security.feed.head === null ? (
            <p className="feed-empty">存档中还没有提及它的文章。</p>
          ) : day ? (
            <JumpedList head={security.feed.head} day={day} empty={<p className="feed-empty">这一天及更早没有提及它的文章。</p>} moreFailed="更多文章加载失败" />
          ) : (
            <PagedList
              list={list}
              items={items}
              fresh={pinned.fresh}
              sentinel={sentinel}
              loadMore={loadMore}
              moreFailed="更多文章加载失败"
              empty={<p className="feed-empty">存档中还没有提及它的文章。</p>}
            />
          )}
        </div>
      </section>
    </div>
  )
}
