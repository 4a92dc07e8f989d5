// A feed page (category or tag): heading, tag filter, the list under day headings, loading more as the
// reader scrolls, and live news. The route checks the feed exists; this owns the URL's filter and shows
// the feed as the manifest it started with has it (pinned), offering what newer manifests add.
import { useEffect, useRef } from 'react'
import type { FeedItem, FeedRef, Manifest } from '../../../content/schema.ts'
import { DocumentTitle, SITE_NAME } from '../../../components/document-title.tsx'
import { categoryFeedPath, tagFeedPath } from '../../../content/site-paths.ts'
import { sameFeedIn, type FeedScope } from '../api/feed-filter.ts'
import { feedQuery } from '../api/feed-query.ts'
import { together, useFeedUpdate, useLatestManifest, usePinned } from '../api/live-feed.ts'
import { useFeedView } from '../api/use-feed-view.ts'
import { FeedSkeleton } from '../../../components/skeletons.tsx'
import { UNREAD_PENDING, usePersonalUi, useUnreadOnly } from '../../reader-state/personal.ts'
import { HotSlot } from '../../market/components/hot-slot.tsx'
import { EmptyFeed } from './empty-feed.tsx'
import { JumpedList, JumpToDate, useJumpDay } from './jump-to-date.tsx'
import { NewItemsBar } from './new-items-bar.tsx'
import { PagedList } from './paged-list.tsx'
import { TagFilter } from './tag-filter.tsx'
import { useChosenTags } from './use-chosen-tags.ts'
import { useFeedKeys } from './use-feed-keys.ts'
import { useNearEnd } from './use-near-end.ts'
import './feed.css'

interface FeedScreenProps {
  /** The newest manifest the route has; it holds this scope's category or tag. */
  manifest: Manifest
  /** 分类 or 标签, said above the title. */
  kind: string
  scope: FeedScope
}

interface RouteFeed {
  title: string
  feed: FeedRef
}

function routeFeedIn(manifest: Manifest, { category, tag }: FeedScope): RouteFeed | null {
  if (category !== undefined) {
    const found = manifest.categories.find((c) => c.slug === category)
    return found ? { title: found.name, feed: found.feed } : null
  }
  const found = manifest.tags.find((t) => t.name === tag)
  return found ? { title: found.name, feed: found.feed } : null
}

export function FeedScreen({ manifest, kind, scope }: FeedScreenProps) {
  const { category, tag } = scope
  const { chosen, setChosen, toggle } = useChosenTags(scope)
  const { nearEnd, sentinel } = useNearEnd()
  const [day] = useJumpDay()

  const latest = useLatestManifest() ?? manifest
  const [pinned, pin] = usePinned(`feed:${category ?? ''}:${tag ?? ''}`, latest)
  // A category new since the screen started is not in its pinned manifest; the route found it in the newest.
  const shown = routeFeedIn(pinned.value, scope) ? pinned.value : latest
  const { title, feed } = routeFeedIn(shown, scope) ?? { title: category ?? tag ?? '', feed: { count: 0, head: null } }
  const view = useFeedView({ manifest: shown, feed, scope, chosen, nearEnd })
  // A category's 热门 (loaded after hydration, in a row whose height is kept from the start).
  const hot = category === undefined ? undefined : shown.categories.find((c) => c.slug === category)?.hot
  const { list } = view

  const latestRoute = routeFeedIn(latest, scope)?.feed ?? null
  const latestBase = sameFeedIn(view.base, shown, latestRoute, latest)
  const routeHead = latestRoute?.head
  const update = useFeedUpdate({
    shown: view.base,
    latest: latestBase,
    loaded: list.data,
    matches: view.matches,
    // Reading a tag's feed for the filter, the facets still come from the route's own feed: have its new
    // head page too, so the filter does not blink when the update is shown.
    extra:
      latestBase !== latestRoute && routeHead
        ? { key: routeHead, load: (client) => client.ensureInfiniteQueryData(feedQuery(routeHead)) }
        : undefined,
  })
  // Pin what is shown when it is not the pin (a category newer than the pin), and take the newest data
  // while nothing is on screen (loading, or a file a newer build removed): there is no place to keep.
  const nothingShown = list.data === undefined && !list.isFetching
  const adopt = shown !== pinned.value ? shown : nothingShown && shown !== latest ? latest : null
  useEffect(() => {
    if (adopt) pin({ value: adopt, fresh: [] })
  })
  const showNew = () => together(() => pin({ value: latest, fresh: update.take() }))

  const listRef = useRef<HTMLDivElement>(null)
  useFeedKeys(listRef, view.loadMore)
  const ui = usePersonalUi()
  const [unreadOnly, setUnreadOnly] = useUnreadOnly()
  const emptyList =
    unreadOnly && view.items.length > 0 ? (
      <p className="feed-empty">这里的消息都已读过。</p>
    ) : (
      <EmptyFeed filtering={view.filtering} onClear={() => setChosen([])} kind={kind} />
    )
  const pagedList = (items: readonly FeedItem[]) => (
    <PagedList
      list={list}
      items={items}
      fresh={pinned.fresh}
      sentinel={sentinel}
      loadMore={view.loadMore}
      moreFailed="更多消息加载失败"
      empty={emptyList}
    />
  )

  const pageTitle = chosen.length > 0 ? `${title}（${chosen.join('、')}）` : title
  return (
    <div className="feed-screen">
      <DocumentTitle
        title={pageTitle}
        description={`${kind}「${title}」的财经消息，共 ${feed.count} 条。`}
        feed={{
          title: `${title} - ${SITE_NAME}`,
          path: category !== undefined ? categoryFeedPath(category) : tagFeedPath(tag ?? ''),
        }}
      />
      <header className="page-head feed-screen__head">
        <p className="page-head__kind">{kind}</p>
        <h1>{title}</h1>
        <p className="page-head__meta">共 {feed.count} 条</p>
      </header>
      <HotSlot path={hot} of="category" />
      <TagFilter
        facets={view.facets}
        chosen={chosen}
        fixedTag={tag}
        total={feed.count}
        onToggle={toggle}
        onClear={() => setChosen([])}
      />
      {ui ? <ui.ReadTools list={listRef} unreadOnly={unreadOnly} onUnreadOnly={setUnreadOnly} /> : <div className="read-tools" />}
      <JumpToDate head={feed.head} />
      <div className="feed-screen__list">
        {view.filtering && !day ? (
          <p className="feed-status" aria-live="polite">
            {list.hasNextPage
              ? `已查看 ${view.loaded} / ${view.total} 条，找到 ${view.items.length} 条`
              : `找到 ${view.items.length} 条`}
          </p>
        ) : null}
        {day ? null : <NewItemsBar count={update.count} onShow={showNew} fresh={pinned.fresh} />}
        <div ref={listRef}>
          {day && view.base?.head ? (
            // From the end of that day back (jump-to-date.tsx): newer articles, and live news, wait for 回到最新.
            <JumpedList head={view.base.head} day={day} matches={view.matches} empty={emptyList} moreFailed="更多消息加载失败" />
          ) : view.empty ? (
            <EmptyFeed filtering={view.filtering} onClear={() => setChosen([])} kind={kind} />
          ) : (
            // Wrapped only with 只看未读 on: the list is not drawn again when the personal UI arrives. With it on
            // the list waits for the read marks (a reload of `?unread=1`) rather than losing items under the reader.
            unreadOnly ? (
              ui ? (
                <ui.UnreadOnly items={view.items} on>
                  {pagedList}
                </ui.UnreadOnly>
              ) : (
                <FeedSkeleton label={UNREAD_PENDING} />
              )
            ) : (
              pagedList(view.items)
            )
          )}
        </div>
      </div>
    </div>
  )
}
