// The home page: the newest articles across the archive (narrowed by the tag filter every feed has, kept
// in the URL as `/?tag=…`), each tag's five newest with its count (as the old site's home page had them),
// and every category and tag to go on from. Like a feed, it shows the manifest it started with and offers
// newer articles with the live-news bar.
import { useEffect, useId, useRef } from 'react'
import { useQuery, type UseQueryResult } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import type { FeedItem, Home, Manifest } from '../../../content/schema.ts'
import { DocumentTitle, SITE_NAME } from '../../../components/document-title.tsx'
import { MAIN_FEED } from '../../../content/site-paths.ts'
import { ErrorState } from '../../../components/error-state.tsx'
import { ALL_CATEGORIES_ID } from '../../../components/layout.tsx'
import { FeedSkeleton } from '../../../components/skeletons.tsx'
import { useHashTarget } from '../../../components/use-hash-target.ts'
import { formatDateTime, formatTime, dayOf } from '../../../lib/format-date.ts'
import { paths } from '../../../content/routes.ts'
import { ArticleLink } from '../../article/components/article-link.tsx'
import { sameFeedIn } from '../../feed/api/feed-filter.ts'
import { feedQuery } from '../../feed/api/feed-query.ts'
import { together, useFeedUpdate, useLatestManifest, usePinned } from '../../feed/api/live-feed.ts'
import { useFeedView } from '../../feed/api/use-feed-view.ts'
import { EmptyFeed } from '../../feed/components/empty-feed.tsx'
import { FeedList } from '../../feed/components/feed-list.tsx'
import { NewItemsBar } from '../../feed/components/new-items-bar.tsx'
import { TagFilter } from '../../feed/components/tag-filter.tsx'
import { useChosenTags } from '../../feed/components/use-chosen-tags.ts'
import { useFeedKeys } from '../../feed/components/use-feed-keys.ts'
import { HotSlot } from '../../market/components/hot-slot.tsx'
import { usePersonalUi } from '../../reader-state/personal.ts'
import { homeQuery } from '../api/home-query.ts'
import './home.css'

/** How many of the newest articles the home page lists before the per-tag sections. */
const LATEST = 10
/** The home page filters the archive's whole feed: no category or tag of its own. */
const NO_SCOPE = {}

export function HomeScreen({ manifest: routeManifest }: { manifest: Manifest }) {
  const ref = useRef<HTMLDivElement>(null)
  useFeedKeys(ref)
  const { chosen, setChosen, toggle } = useChosenTags(NO_SCOPE)
  const latest = useLatestManifest() ?? routeManifest
  const [pinned, pin] = usePinned('home', latest)
  const manifest = pinned.value
  // The newest of the whole archive, or of the items with every chosen tag (read from the smallest feed
  // that holds them all); the filter's choices are the tags of the archive's newest page.
  const view = useFeedView({ manifest, feed: manifest.feed, scope: NO_SCOPE, chosen, nearEnd: false, minItems: LATEST })
  const { list } = view
  const latestBase = sameFeedIn(view.base, manifest, latest.feed, latest)
  const update = useFeedUpdate({
    shown: view.base,
    latest: latestBase,
    loaded: list.data,
    matches: view.matches,
    // The tag sections below change with the update too, and so do the filter's choices when a tag's feed
    // is read for it: have them before the update is shown.
    extra: {
      key: latestBase === latest.feed ? latest.home : `${latest.home} ${latest.feed.head ?? ''}`,
      load: (client) => {
        const facets = latestBase === latest.feed ? null : latest.feed.head
        return Promise.all([
          client.ensureQueryData(homeQuery(latest.home)),
          facets === null ? null : client.ensureInfiniteQueryData(feedQuery(facets)),
        ])
      },
    },
  })
  const nothingShown = list.data === undefined && !list.isFetching
  useEffect(() => {
    if (nothingShown && manifest !== latest) pin({ value: latest, fresh: [] })
  })

  // The index of categories comes after everything else on a phone: 全部分类 (`/#all-categories`) lands
  // on it once the lists above it are in (the newest list may take a second page to fill).
  const tagSections = useQuery(homeQuery(manifest.home))
  const listDone = list.data !== undefined && !list.isFetching && (view.items.length >= LATEST || !list.hasNextPage || list.isError)
  useHashTarget((view.empty || list.isError || listDone) && !tagSections.isPending)

  // How many items pass the filter, when that is known: every page read, or one tag (whose own feed is read).
  const found = !list.hasNextPage ? view.items.length : chosen.length === 1 && view.base ? view.base.count : null
  const updated = manifest.latest?.date ? formatDateTime(manifest.latest.date) : null
  const filterName = chosen.join('、')
  // Each category's count since the last visit comes with the personal UI, after hydration.
  const ui = usePersonalUi()

  return (
    <div className="home" ref={ref}>
      <DocumentTitle
        title={view.filtering ? `最新消息（${filterName}）` : undefined}
        description={`东方财富滚动新闻存档：${manifest.counts.articles} 篇文章，${manifest.counts.categories} 个分类。`}
        feed={{ title: SITE_NAME, path: MAIN_FEED }}
      />
      <div className="home__columns">
        <div className="home__main">
          <section aria-labelledby="home-latest">
            <header className="page-head">
              <h1 id="home-latest">最新消息</h1>
              <p className="page-head__meta">
                共 {manifest.counts.articles} 篇{updated ? `，更新至 ${updated}` : ''}
              </p>
            </header>
            <TagFilter facets={view.facets} chosen={chosen} total={manifest.feed.count} onToggle={toggle} onClear={() => setChosen([])} />
            {view.filtering && !view.empty && list.data !== undefined ? (
              <p className="feed-status" aria-live="polite">
                {found === null ? `已查看 ${view.loaded} / ${view.total} 条，找到 ${view.items.length} 条` : `找到 ${found} 条`}
              </p>
            ) : null}
            <NewItemsBar count={update.count} onShow={() => together(() => pin({ value: latest, fresh: update.take() }))} fresh={pinned.fresh} />
            <Latest view={view} fresh={pinned.fresh} onClear={() => setChosen([])} />
            {view.filtering && (found ?? Infinity) > LATEST ? (
              // The whole filtered list is the first chosen tag's view, filtered by the others.
              <p className="home-latest__more">
                <Link to={paths.tag(chosen[0] ?? '', chosen.slice(1))}>{found === null ? '查看全部符合条件的消息' : `查看全部 ${found} 条`}</Link>
              </p>
            ) : null}
          </section>
          <TagSections query={tagSections} />
        </div>
        <aside className="home__aside">
          <section aria-labelledby={ALL_CATEGORIES_ID} className="home-index">
            <h2 id={ALL_CATEGORIES_ID} className="home-index__title">
              全部分类
            </h2>
            <ul className="home-index__list">
              {manifest.categories.filter((category) => category.count > 0).map((category) => (
                <li key={category.slug}>
                  <Link to={paths.category(category.slug)}>{category.name}</Link>
                  <span className="home-index__count">
                    {category.count}
                    {ui ? <ui.NewCount manifest={manifest} slug={category.slug} /> : null}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="all-tags" className="home-index">
            <h2 id="all-tags" className="home-index__title">
              全部标签
            </h2>
            <ul className="home-index__list home-index__list--tags">
              {manifest.tags.map((tag) => (
                <li key={tag.name}>
                  <Link className="chip" to={paths.tag(tag.name)}>
                    {tag.name} <span className="home-index__count">{tag.count}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
          {/* Last: it arrives after hydration (hot-slot.tsx), and nothing below it may move when it does. */}
          <HotSlot path={manifest.market} />
        </aside>
      </div>
    </div>
  )
}

interface LatestProps {
  view: ReturnType<typeof useFeedView>
  fresh: readonly string[]
  onClear: () => void
}

function Latest({ view, fresh, onClear }: LatestProps) {
  const { list } = view
  if (view.empty) return view.filtering ? <EmptyFeed filtering onClear={onClear} /> : <p className="feed-empty">存档里还没有文章。</p>
  if (list.isPending) return <FeedSkeleton rows={5} />
  if (list.data === undefined) return <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
  // New articles come on top of the ten that were there, so none the reader was looking at goes away.
  const items = view.items.slice(0, LATEST + fresh.length)
  return (
    <>
      {items.length > 0 ? <FeedList items={items} fresh={fresh} /> : null}
      {items.length >= LATEST ? null : list.isError ? (
        <ErrorState title="更多消息加载失败" error={list.error} onRetry={() => void list.fetchNextPage()} retrying={list.isFetchingNextPage} />
      ) : list.hasNextPage ? (
        <FeedSkeleton rows={2} label={view.filtering ? '正在查找符合条件的消息…' : '正在加载消息…'} />
      ) : items.length === 0 ? (
        <EmptyFeed filtering={view.filtering} onClear={onClear} />
      ) : null}
    </>
  )
}

function TagSections({ query }: { query: UseQueryResult<Home> }) {
  return (
    <section className="home-tags" aria-labelledby="home-tags-title">
      <h2 id="home-tags-title" className="home-tags__title">
        按标签浏览
      </h2>
      {query.isPending ? (
        <FeedSkeleton rows={3} label="正在加载各标签的消息…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      ) : (
        <div className="home-tags__grid">
          {query.data.tags.map((tag) => (
            <TagCard key={tag.name} tag={tag} />
          ))}
        </div>
      )}
    </section>
  )
}

function TagCard({ tag }: { tag: Home['tags'][number] }) {
  const titleId = useId()
  // An article, not a section: a region landmark per tag would crowd the landmarks, and tag names may
  // differ only in case (TechWeb新闻, Techweb新闻), which assistive tech would not tell apart.
  return (
    <article className="tag-card" aria-labelledby={titleId}>
      <h3 className="tag-card__title">
        <Link id={titleId} to={paths.tag(tag.name)}>
          {tag.name}
        </Link>
        <span className="tag-card__count">{`${tag.count} 篇`}</span>
      </h3>
      <ol className="tag-card__items">
        {tag.items.map((item) => (
          <li key={item.id} data-feed-item="">
            <ArticleLink id={item.id} path={item.path}>
              {item.title}
            </ArticleLink>
            <ShortDate item={item} />
          </li>
        ))}
      </ol>
      <p className="tag-card__more">
        <Link to={paths.tag(tag.name)}>{`查看全部 ${tag.count} 篇`}</Link>
      </p>
    </article>
  )
}

/** `03-09 19:54` beside a headline: the year is clear from the rest of the page. */
function ShortDate({ item }: { item: FeedItem }) {
  const day = dayOf(item.date)
  if (!day || !item.date) return null
  return (
    <time className="tag-card__date" dateTime={item.date}>
      {day.slice(5)} {formatTime(item.date)}
    </time>
  )
}
