// The home page: the newest articles across the archive, each tag's five newest with its count (as the
// old site's home page had them), and every category and tag to go on from. Like a feed, it shows the
// manifest it started with and offers newer articles with the live-news bar.
import { useEffect, useId, useRef } from 'react'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import type { FeedItem, Home, Manifest } from '../../../content/schema.ts'
import { DocumentTitle, SITE_NAME } from '../../../components/document-title.tsx'
import { MAIN_FEED } from '../../../content/site-paths.ts'
import { ErrorState } from '../../../components/error-state.tsx'
import { ALL_CATEGORIES_ID } from '../../../components/layout.tsx'
import { FeedSkeleton } from '../../../components/skeletons.tsx'
import { formatDateTime, formatTime, dayOf } from '../../../lib/format-date.ts'
import { paths } from '../../../content/routes.ts'
import { ArticleLink } from '../../article/components/article-link.tsx'
import { feedQuery } from '../../feed/api/feed-query.ts'
import { together, useFeedUpdate, useLatestManifest, usePinned } from '../../feed/api/live-feed.ts'
import { FeedList } from '../../feed/components/feed-list.tsx'
import { NewItemsBar } from '../../feed/components/new-items-bar.tsx'
import { useFeedKeys } from '../../feed/components/use-feed-keys.ts'
import { homeQuery } from '../api/home-query.ts'
import './home.css'

/** How many of the newest articles the home page lists before the per-tag sections. */
const LATEST = 10

export function HomeScreen({ manifest: routeManifest }: { manifest: Manifest }) {
  const ref = useRef<HTMLDivElement>(null)
  useFeedKeys(ref)
  const latest = useLatestManifest() ?? routeManifest
  const [pinned, pin] = usePinned('home', latest)
  const manifest = pinned.value
  const list = useInfiniteQuery(feedQuery(manifest.feed.head))
  const update = useFeedUpdate({
    shown: manifest.feed,
    latest: latest.feed,
    loaded: list.data,
    // The tag sections below change with the update too: have them before it is shown.
    extra: { key: latest.home, load: (client) => client.ensureQueryData(homeQuery(latest.home)) },
  })
  const nothingShown = list.data === undefined && !list.isFetching
  useEffect(() => {
    if (nothingShown && manifest !== latest) pin({ value: latest, fresh: [] })
  })
  const updated = manifest.latest?.date ? formatDateTime(manifest.latest.date) : null

  return (
    <div className="home" ref={ref}>
      <DocumentTitle
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
            <NewItemsBar count={update.count} onShow={() => together(() => pin({ value: latest, fresh: update.take() }))} fresh={pinned.fresh} />
            <Latest head={manifest.feed.head} fresh={pinned.fresh} />
          </section>
          <TagSections path={manifest.home} />
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
                  <span className="home-index__count">{category.count}</span>
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
        </aside>
      </div>
    </div>
  )
}

function Latest({ head, fresh }: { head: string | null; fresh: readonly string[] }) {
  // The first page of the all-articles feed, shared with any feed view that reads it.
  const query = useInfiniteQuery(feedQuery(head))
  if (head === null) return <p className="feed-empty">存档里还没有文章。</p>
  if (query.isPending) return <FeedSkeleton rows={5} />
  if (query.data === undefined) return <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
  // New articles come on top of the ten that were there, so none the reader was looking at goes away.
  const items = query.data.pages[0]?.items.slice(0, LATEST + fresh.length) ?? []
  return <FeedList items={items} fresh={fresh} />
}

function TagSections({ path }: { path: string }) {
  const query = useQuery(homeQuery(path))
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
