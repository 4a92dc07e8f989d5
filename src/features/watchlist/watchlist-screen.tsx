// /watchlist (自选): the followed securities, and one feed of every article that mentions any of them,
// newest first, loading more on scroll, with the same live "N 条新消息" as the other feeds. The list is
// pinned per history entry like theirs; a newer build that changed a followed security's feed is offered,
// not swapped in.
import { useEffect, useRef } from 'react'
import { useInfiniteQuery, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { paths } from '../../content/routes.ts'
import { DocumentTitle } from '../../components/document-title.tsx'
import { FeedSkeleton } from '../../components/skeletons.tsx'
import { isAbsent } from '../../lib/fetch-data.ts'
import { queryKeys } from '../../lib/query-keys.ts'
import { together, useLatestManifest, usePinned } from '../feed/api/live-feed.ts'
import { useLoadOlder } from '../feed/api/use-feed-view.ts'
import { NewItemsBar } from '../feed/components/new-items-bar.tsx'
import { PagedList } from '../feed/components/paged-list.tsx'
import { useFeedKeys } from '../feed/components/use-feed-keys.ts'
import { useNearEnd } from '../feed/components/use-near-end.ts'
import { ReadTools, useUnreadItems } from '../reader-state/read-tools.tsx'
import { useUnreadOnly } from '../reader-state/personal.ts'
import { useReader, type FollowedSecurity } from '../reader-state/reader-state.ts'
import { securityInBuildQuery } from '../stocks/api/security-query.ts'
import { FollowButton } from './follow-button.tsx'
import { mergedFeedQuery, newerItems, sourcesKey, startCursor, type MergedData, type Source } from './merged-feed.ts'
import '../feed/components/feed.css'
import '../reader-state/reader-state.css'
import './watchlist.css'

export function WatchlistScreen() {
  const loaded = useReader((view) => view.loaded)
  const watchlist = useReader((view) => view.state.watchlist)
  return (
    <div className="watchlist-screen">
      <DocumentTitle title="自选" description="关注的证券的最新消息。" />
      <header className="page-head">
        <p className="page-head__kind">自选</p>
        <h1>自选新闻</h1>
        <p className="page-head__meta">{loaded ? `关注 ${watchlist.length} 只证券，保存在这个浏览器中` : '正在读取…'}</p>
      </header>
      {!loaded ? (
        <FeedSkeleton rows={3} label="正在读取自选…" />
      ) : watchlist.length === 0 ? (
        <p className="feed-empty">还没有自选证券。在证券页、文章里的证券卡片或列表中证券名旁点“自选”即可加入。</p>
      ) : (
        <Followed watchlist={watchlist} />
      )}
    </div>
  )
}

/** The followed securities as the newest build has them, then their merged feed. */
function Followed({ watchlist }: { watchlist: readonly FollowedSecurity[] }) {
  const manifest = useLatestManifest()
  const version = manifest ? `${manifest.builtAt} ${manifest.feed.head ?? ''}` : ''
  const securities = useQueries({
    queries: watchlist.map((s) => ({ ...securityInBuildQuery(s.secid, version), enabled: manifest !== undefined })),
  })
  const ready = manifest !== undefined && securities.every((q) => !q.isPending)
  const sources: Source[] = watchlist.map((s, i) => ({ secid: s.secid, head: securities[i]?.data?.feed.head ?? null }))
  const gone = watchlist.filter((_, i) => isAbsent(securities[i]?.error ?? null))
  const failed = securities.some((q) => q.isError && !isAbsent(q.error))
  const key = watchlist.map((s) => s.secid).join(',')
  return (
    <>
      <section aria-labelledby="watchlist-securities" className="watchlist-securities">
        <h2 id="watchlist-securities" className="visually-hidden">
          关注的证券
        </h2>
        <ul className="stock-chips">
          {watchlist.map((s, i) => (
            <li key={s.secid}>
              <Link className="chip chip--followed" to={paths.stock(s.secid)}>
                {securities[i]?.data?.name ?? s.name}
              </Link>
              <FollowButton secid={s.secid} name={s.name} compact />
            </li>
          ))}
        </ul>
        {gone.length > 0 ? <p className="feed-status">{`${gone.map((s) => s.name).join('、')} 已不在存档中，没有它的消息。`}</p> : null}
        {failed ? <p className="feed-status">部分证券的信息暂时无法加载，列表可能不全。</p> : null}
      </section>
      {ready ? <MergedList key={key} latest={sources} /> : <FeedSkeleton rows={5} />}
    </>
  )
}

function MergedList({ latest }: { latest: Source[] }) {
  const client = useQueryClient()
  const [pinned, pin] = usePinned(`watchlist:${latest.map((s) => s.secid).join(',')}`, latest)
  const list = useInfiniteQuery(mergedFeedQuery(pinned.value))
  const all = list.data?.pages.flatMap((page) => page.items) ?? []
  const [unreadOnly, setUnreadOnly] = useUnreadOnly()
  const items = useUnreadItems(all, unreadOnly)

  const { nearEnd, sentinel } = useNearEnd()
  const loadMore = useLoadOlder(list, nearEnd)
  const listRef = useRef<HTMLDivElement>(null)
  useFeedKeys(listRef, loadMore)

  // Live news: a newer build changed a followed security's feed.
  const latestKey = sourcesKey(latest)
  const shownKey = sourcesKey(pinned.value)
  const changed = latestKey !== shownKey && list.data !== undefined
  const update = useQuery({
    queryKey: [...queryKeys.all, 'watchlist-update', latestKey, shownKey] as const,
    queryFn: ({ signal }) => newerItems(latest, all, signal),
    enabled: changed,
  })
  const fresh = changed ? (update.data ?? []) : []
  const nothingShown = list.data === undefined && !list.isFetching
  useEffect(() => {
    if (nothingShown && latestKey !== shownKey) pin({ value: latest, fresh: [] })
  })
  const showNew = () =>
    together(() => {
      const loaded = list.data
      if (!loaded) return
      // The new items go on top of the pages already loaded, which go on from where they were.
      const merged: MergedData = {
        pages: [{ items: fresh, next: null }, ...loaded.pages],
        pageParams: [startCursor(latest), ...loaded.pageParams],
      }
      client.setQueryData(mergedFeedQuery(latest).queryKey, merged)
      pin({ value: latest, fresh: fresh.map((item) => item.id) })
    })

  return (
    <section className="watchlist-feed" aria-labelledby="watchlist-news">
      <h2 id="watchlist-news" className="visually-hidden">
        提及自选证券的文章
      </h2>
      <ReadTools list={listRef} unreadOnly={unreadOnly} onUnreadOnly={setUnreadOnly} />
      <NewItemsBar count={fresh.length} onShow={showNew} fresh={pinned.fresh} />
      <div ref={listRef}>
        <PagedList
          list={list}
          items={items}
          fresh={pinned.fresh}
          sentinel={sentinel}
          loadMore={loadMore}
          moreFailed="更多消息加载失败"
          empty={<p className="feed-empty">{unreadOnly && all.length > 0 ? '这里的消息都已读过。' : '存档中还没有提及这些证券的文章。'}</p>}
        />
      </div>
    </section>
  )
}
