// An article page: title, Beijing date and time, category and tags, source, summary, the sanitized body
// with a card for each mention, the securities it mentions, the original link, and the neighbours in its
// category. The neighbours come from the article's look-up entry, not its file: when the reader came from a
// feed (which knows the file) the article may show first, and their places are kept until they arrive.
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import type { ArticleEntry } from '../../../content/lookup-schema.ts'
import type { Article, ArticleFlag, ArticleLink as Neighbour } from '../../../content/schema.ts'
import { DocumentTitle, SITE_NAME } from '../../../components/document-title.tsx'
import { ErrorState } from '../../../components/error-state.tsx'
import { NotFound } from '../../../components/not-found.tsx'
import { ArticleSkeleton } from '../../../components/skeletons.tsx'
import { isAbsent } from '../../../lib/fetch-data.ts'
import { formatDateTime } from '../../../lib/format-date.ts'
import { paths } from '../../../content/routes.ts'
import { categoryFeedPath } from '../../../content/site-paths.ts'
import { manifestQuery } from '../../../lib/query-keys.ts'
import { TwinNote } from '../../market/components/twin-note.tsx'
import { MentionCards } from '../../stocks/components/mention-cards.tsx'
import { RelatedStocks } from '../../stocks/components/related-stocks.tsx'
import { usePersonalUi } from '../../reader-state/personal.ts'
import { articleEntryQuery, articleQuery } from '../api/article-query.ts'
import { ArticleBody } from './article-body.tsx'
import { ArticleLink } from './article-link.tsx'
import './article.css'

const FLAG_NOTES: Readonly<Record<ArticleFlag, string>> = {
  'title-from-summary': '标题取自摘要',
  'title-from-body': '标题取自正文',
  'date-from-filename': '日期取自文件名',
  'date-missing': '原文缺少日期',
}

interface ArticleViewProps {
  id: string
  /** The article's file, when the link that led here knew it (a feed item). */
  path?: string | undefined
}

export function ArticleView({ id, path }: ArticleViewProps) {
  const query = useQuery(articleQuery(id, path))
  // Asked for at once, not after the article: without a path the article waits for this same query
  // (one request), with one the two load side by side.
  const entry = useQuery(articleEntryQuery(id))
  if (query.isPending) return <ArticleSkeleton />
  if (query.isError) {
    if (isAbsent(query.error)) return <NotFound title="找不到这篇文章" message={`存档中没有编号为 ${id} 的文章。`} />
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
  }
  return <ArticleContent article={query.data} entry={entry.data} entryFailed={entry.isError} />
}

interface ArticleContentProps {
  article: Article
  /** Undefined until the look-up entry arrives, or when it cannot (`entryFailed`). */
  entry: ArticleEntry | undefined
  entryFailed: boolean
}

function ArticleContent({ article, entry, entryFailed }: ArticleContentProps) {
  // The category's display name is in the manifest; until it arrives (or if it cannot), the slug will do.
  const { data: manifest } = useQuery(manifestQuery())
  const categoryName = manifest?.categories.find((c) => c.slug === article.category)?.name ?? article.category
  const categoryHref = paths.category(article.category)
  const notes = article.flags.map((flag) => FLAG_NOTES[flag])
  // Once the personal UI arrives (after hydration): the article is read, its 收藏 button works and
  // followed securities stand out in the body.
  const ui = usePersonalUi()

  return (
    <article className="article" data-article-id={article.id}>
      <DocumentTitle
        title={article.title}
        description={article.description ?? undefined}
        feed={{ title: `${categoryName} - ${SITE_NAME}`, path: categoryFeedPath(article.category) }}
      />
      <header className="article__head">
        <p className="article__crumb">
          <Link to={categoryHref}>{categoryName}</Link>
        </p>
        <h1 className="article__title">{article.title}</h1>
        <div className="article__meta">
          {article.date ? <time dateTime={article.date}>{formatDateTime(article.date)}</time> : <span>{formatDateTime(null)}</span>}
          {article.source ? <span>来源：{article.source}</span> : null}
          {ui ? (
            <ui.ArticleState article={article} />
          ) : (
            // The 收藏 button as drawn before the personal UI arrives: same text and size, not yet pressable.
            <button type="button" className="save-button" aria-pressed={false} disabled>
              <span aria-hidden="true">☆</span> 收藏<span className="visually-hidden">：{article.title}</span>
            </button>
          )}
        </div>
        {notes.length > 0 ? <p className="article__note">注：{notes.join('；')}</p> : null}
        {article.tags.length > 0 ? (
          <ul className="article__tags" aria-label="标签">
            {article.tags.map((tag) => (
              <li key={tag}>
                <Link className="chip" to={paths.tag(tag)}>
                  {tag}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </header>

      {article.summary ? <p className="article__summary">{article.summary}</p> : null}
      <MentionCards mentions={article.mentions} articleId={article.id}>
        <ArticleBody html={article.bodyHtml} />
      </MentionCards>
      <RelatedStocks mentions={article.mentions} />

      <footer className="article__foot">
        {article.sourceUrl ? (
          <p>
            <a href={article.sourceUrl} target="_blank" rel="noopener noreferrer" data-action="original">
              阅读原文 <span aria-hidden="true">↗</span>
            </a>
          </p>
        ) : null}
        <Neighbours entry={entry} failed={entryFailed} />
        <p>
          <Link className="button" to={categoryHref}>
            <span aria-hidden="true">←</span> 返回「{categoryName}」
          </Link>
        </p>
        {/* Last: it comes with the look-up entry, which may arrive after the article, and nothing may move then. */}
        <TwinNote twins={entry?.twins} className="article__twins" />
      </footer>
    </article>
  )
}

/**
 * 上一篇 and 下一篇. Both places are there from the start, each as tall as a three-line title (every title in
 * the corpus fits, the longest being 46 characters; a longer one is cut at three lines), so the text and
 * the buttons below do not move when the entry arrives after the article.
 */
function Neighbours({ entry, failed }: { entry: ArticleEntry | undefined; failed: boolean }) {
  return (
    <nav className="article__neighbours" aria-label="同分类的其他文章" aria-busy={entry === undefined && !failed}>
      <NeighbourSlot label="上一篇（较新）" rel="prev" to={entry?.newer} failed={failed} />
      <NeighbourSlot label="下一篇（较早）" rel="next" to={entry?.older} failed={failed} />
    </nav>
  )
}

interface NeighbourSlotProps {
  label: string
  rel: 'prev' | 'next'
  /** Null at the end of the category; undefined while the entry loads or when it could not. */
  to: Neighbour | null | undefined
  failed: boolean
}

function NeighbourSlot({ label, rel, to, failed }: NeighbourSlotProps) {
  return (
    <p className="article__neighbour">
      <span className="article__neighbour-label">{label}</span>
      {to ? (
        <ArticleLink id={to.id} rel={rel} className="article__neighbour-main article__neighbour-link">
          {to.title}
        </ArticleLink>
      ) : to === null ? (
        <span className="article__neighbour-main article__neighbour-none">没有了</span>
      ) : failed ? (
        <span className="article__neighbour-main article__neighbour-none">暂时无法加载</span>
      ) : (
        <span className="article__neighbour-main">
          <span className="visually-hidden">正在加载…</span>
          <span className="skeleton__bar" aria-hidden="true" />
        </span>
      )}
    </p>
  )
}
