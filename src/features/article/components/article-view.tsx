// An article page: title, Beijing date and time, category and tags, source, summary, the sanitized body
// with a card for each mention, the securities it mentions, the original link, and the neighbours in its
// category.
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
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
import { MentionCards } from '../../stocks/components/mention-cards.tsx'
import { RelatedStocks } from '../../stocks/components/related-stocks.tsx'
import { articleQuery } from '../api/article-query.ts'
import { ArticleBody } from './article-body.tsx'
import { ArticleLink } from './article-link.tsx'
import './article.css'

const FLAG_NOTES: Readonly<Record<ArticleFlag, string>> = {
  'title-from-summary': '标题取自摘要',
  'title-from-body': '标题取自正文',
  'date-from-filename': '日期取自文件名',
  'date-missing': '原文缺少日期',
}

export function ArticleView({ id }: { id: string }) {
  const query = useQuery(articleQuery(id))
  if (query.isPending) return <ArticleSkeleton />
  if (query.isError) {
    if (isAbsent(query.error)) return <NotFound title="找不到这篇文章" message={`存档中没有编号为 ${id} 的文章。`} />
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
  }
  return <ArticleContent article={query.data} />
}

function ArticleContent({ article }: { article: Article }) {
  // The category's display name is in the manifest; until it arrives (or if it cannot), the slug will do.
  const { data: manifest } = useQuery(manifestQuery())
  const categoryName = manifest?.categories.find((c) => c.slug === article.category)?.name ?? article.category
  const categoryHref = paths.category(article.category)
  const notes = article.flags.map((flag) => FLAG_NOTES[flag])

  return (
    <article className="article">
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
            <a href={article.sourceUrl} target="_blank" rel="noopener noreferrer">
              阅读原文 <span aria-hidden="true">↗</span>
            </a>
          </p>
        ) : null}
        <nav className="article__neighbours" aria-label="同分类的其他文章">
          <NeighbourLink label="上一篇（较新）" to={article.newer} />
          <NeighbourLink label="下一篇（较早）" to={article.older} />
        </nav>
        <p>
          <Link className="button" to={categoryHref}>
            <span aria-hidden="true">←</span> 返回「{categoryName}」
          </Link>
        </p>
      </footer>
    </article>
  )
}

function NeighbourLink({ label, to }: { label: string; to: Neighbour | null }) {
  if (!to) return <p className="article__neighbour article__neighbour--none">{label}：没有了</p>
  return (
    <p className="article__neighbour">
      <span className="article__neighbour-label">{label}</span>
      <ArticleLink id={to.id} rel={label.startsWith('上') ? 'prev' : 'next'}>
        {to.title}
      </ArticleLink>
    </p>
  )
}
