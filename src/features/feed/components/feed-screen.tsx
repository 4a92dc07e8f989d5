// A feed page (category or tag): heading, tag filter, the list under day headings, and loading more as
// the reader scrolls. The route component finds the feed in the manifest; this owns the URL's filter.
import { useMemo, useRef } from 'react'
import { useSearchParams } from 'react-router-dom'
import type { FeedRef, Manifest } from '../../../content/schema.ts'
import { DocumentTitle } from '../../../components/document-title.tsx'
import { ErrorState } from '../../../components/error-state.tsx'
import { FeedSkeleton } from '../../../components/skeletons.tsx'
import { TAG_PARAM } from '../../../content/routes.ts'
import { chosenTags, type FeedScope } from '../api/feed-filter.ts'
import { useFeedView } from '../api/use-feed-view.ts'
import { FeedList } from './feed-list.tsx'
import { TagFilter } from './tag-filter.tsx'
import { useFeedKeys } from './use-feed-keys.ts'
import { useNearEnd } from './use-near-end.ts'
import './feed.css'

interface FeedScreenProps {
  manifest: Manifest
  /** 分类 or 标签, said above the title. */
  kind: string
  title: string
  feed: FeedRef
  scope: FeedScope
}

export function FeedScreen({ manifest, kind, title, feed, scope }: FeedScreenProps) {
  const [search, setSearch] = useSearchParams()
  const { category, tag } = scope
  const chosen = useMemo(() => chosenTags(search, { category, tag }), [search, category, tag])
  const { nearEnd, sentinel } = useNearEnd()
  const view = useFeedView({ manifest, feed, scope, chosen, nearEnd })
  const { list } = view

  const loadMore = () => {
    if (list.hasNextPage && !list.isFetching) void list.fetchNextPage()
  }
  const listRef = useRef<HTMLDivElement>(null)
  useFeedKeys(listRef, loadMore)

  const setChosen = (tags: readonly string[]) => {
    const next = new URLSearchParams(search)
    next.delete(TAG_PARAM)
    for (const name of tags) next.append(TAG_PARAM, name)
    // A new history entry (so Back undoes it) that keeps the reader where they are on the page.
    setSearch(next, { preventScrollReset: true })
  }
  const toggle = (name: string) => setChosen(chosen.includes(name) ? chosen.filter((t) => t !== name) : [...chosen, name])

  const pageTitle = chosen.length > 0 ? `${title}（${chosen.join('、')}）` : title
  return (
    <div className="feed-screen">
      <DocumentTitle title={pageTitle} description={`${kind}「${title}」的财经消息，共 ${feed.count} 条。`} />
      <header className="page-head feed-screen__head">
        <p className="page-head__kind">{kind}</p>
        <h1>{title}</h1>
        <p className="page-head__meta">共 {feed.count} 条</p>
      </header>
      <TagFilter
        facets={view.facets}
        chosen={chosen}
        fixedTag={tag}
        total={feed.count}
        onToggle={toggle}
        onClear={() => setChosen([])}
      />
      <div className="feed-screen__list">
        {view.filtering ? (
          <p className="feed-status" aria-live="polite">
            {list.hasNextPage
              ? `已查看 ${view.loaded} / ${view.total} 条，找到 ${view.items.length} 条`
              : `找到 ${view.items.length} 条`}
          </p>
        ) : null}
        <div ref={listRef}>
          {view.empty ? (
            <EmptyFeed filtering={view.filtering} onClear={() => setChosen([])} />
          ) : list.isPending ? (
            <FeedSkeleton />
          ) : list.data === undefined ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
          ) : (
            <>
              {view.items.length > 0 ? <FeedList items={view.items} /> : null}
              {list.isError ? (
                <ErrorState
                  title="更多消息加载失败"
                  error={list.error}
                  onRetry={() => void list.fetchNextPage()}
                  retrying={list.isFetchingNextPage}
                />
              ) : list.hasNextPage ? (
                <div className="feed-more" ref={sentinel}>
                  {view.items.length === 0 ? <FeedSkeleton rows={2} label="正在查找符合条件的消息…" /> : null}
                  <button type="button" className="button" onClick={loadMore} disabled={list.isFetchingNextPage}>
                    {list.isFetchingNextPage ? '正在加载…' : '加载更多'}
                  </button>
                </div>
              ) : view.items.length === 0 ? (
                <EmptyFeed filtering={view.filtering} onClear={() => setChosen([])} />
              ) : (
                <p className="feed-end">已经到底了</p>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  )
}

function EmptyFeed({ filtering, onClear }: { filtering: boolean; onClear: () => void }) {
  if (!filtering) return <p className="feed-empty">这里还没有消息。</p>
  return (
    <div className="feed-empty">
      <p>没有同时带有这些标签的消息。</p>
      <button type="button" className="button" onClick={onClear}>
        清除筛选
      </button>
    </div>
  )
}
