// One result: title and a snippet with the matches marked, date and category, and for a story both writers
// posted, 同时见于 and the other copy (the list shows the story once). The snippet comes from the
// article's own file, loaded as the result is shown (and then in the cache when the reader opens it).
import { useQuery } from '@tanstack/react-query'
import type { SearchDoc } from '../../../content/search.ts'
import { formatDateTime } from '../../../lib/format-date.ts'
import { articleQuery } from '../../article/api/article-query.ts'
import { ArticleLink } from '../../article/components/article-link.tsx'
import { TwinNote } from '../../market/components/twin-note.tsx'
import { Highlighted, snippetOf } from '../highlight.tsx'

export function SearchResult({ doc, words, categoryName }: { doc: SearchDoc; words: readonly string[]; categoryName: string }) {
  const [id, path, date, , title, twins] = doc
  const article = useQuery(articleQuery(id, path))
  return (
    <article className="search-result" data-feed-item="" data-article-id={id}>
      <h2 className="search-result__title">
        <ArticleLink id={id} path={path} className="search-result__link">
          <Highlighted text={title} words={words} />
        </ArticleLink>
      </h2>
      <p className="search-result__snippet">
        {article.data ? <Highlighted text={snippetOf(article.data, words)} words={words} /> : article.isError ? '摘要加载失败。' : '…'}
      </p>
      <p className="search-result__meta">
        {date ? <time dateTime={date}>{formatDateTime(date)}</time> : <span>日期不详</span>}
        <span className="search-result__category">{categoryName}</span>
      </p>
      <TwinNote twins={twins} className="search-result__twins" />
    </article>
  )
}
