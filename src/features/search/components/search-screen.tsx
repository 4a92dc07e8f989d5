// /search?q=…: the results of the query in the header's box, newest first, with the exact total (找到 N 篇),
// more as the reader scrolls, and filters (category, tag, security, date range) kept in the URL so Back
// undoes each. No result says so and offers to search again without the filters.
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { DocumentTitle } from '../../../components/document-title.tsx'
import { ErrorState } from '../../../components/error-state.tsx'
import { paths } from '../../../content/routes.ts'
import { parseQuery } from '../../../content/search-text.ts'
import { manifestQuery } from '../../../lib/query-keys.ts'
import { useNearEnd } from '../../feed/components/use-near-end.ts'
import { useSearch } from '../api/use-search.ts'
import { hasFilters, readSearch, searchQueryString, type SearchState } from '../search-params.ts'
import { SearchFiltersForm } from './search-filters.tsx'
import { SearchResult } from './search-result.tsx'
import './search.css'

function Explain({ reason }: { reason: 'empty' | 'short' }) {
  if (reason === 'empty') return <p className="search-note">在页面顶部的搜索框里输入要找的词：标题、摘要、正文、来源和股票名称、代码都能搜到。</p>
  return (
    <p className="search-note" role="status">
      每个词至少要两个字：单个汉字几乎出现在每篇文章里，索引按相邻两个字建立，无法单独搜一个字。
    </p>
  )
}

export function SearchScreen() {
  const [params, setParams] = useSearchParams()
  const state = useMemo(() => readSearch(params), [params])
  const parsed = parseQuery(state.q)
  const manifest = useQuery(manifestQuery())
  const rootPath = manifest.data?.search ?? null
  const words = parsed.ok ? parsed.words : null
  const search = useSearch(rootPath, words, state.filters, state.sort)
  const { nearEnd, sentinel } = useNearEnd()
  const { more } = search
  useEffect(() => {
    if (nearEnd) more()
  }, [nearEnd, more, search.results.length])

  const categoryName = (slug: string) => manifest.data?.categories.find((c) => c.slug === slug)?.name ?? slug
  const setSearch = (next: SearchState) => setParams(new URLSearchParams(searchQueryString(next)))
  const withoutFilters = `${paths.search()}?${searchQueryString({ q: state.q, filters: {}, sort: state.sort })}`

  let body
  if (!parsed.ok) body = <Explain reason={parsed.reason} />
  else if (manifest.isError) body = <ErrorState error={manifest.error} onRetry={() => void manifest.refetch()} />
  else if (manifest.data && !rootPath) body = <p className="search-note">这个站点的数据还没有搜索索引：重新构建站点后即可搜索。</p>
  else if (search.status === 'error') body = <ErrorState title="搜索失败" error={search.error} onRetry={search.retry} />
  else if (search.status === 'loading') body = <p className="search-note" role="status">正在搜索…</p>
  else if (search.results.length === 0)
    body = (
      <div className="search-empty" role="status">
        <p>没有找到包含“{parsed.words.join(' ')}”的文章{hasFilters(state.filters) ? '（已按筛选条件缩小范围）' : ''}。</p>
        {hasFilters(state.filters) ? (
          <p>
            <Link to={withoutFilters}>去掉筛选条件再搜</Link>
          </p>
        ) : null}
      </div>
    )
  else
    body = (
      <>
        <ol className="search-results">
          {search.results.map((doc) => (
            <li key={doc[0]}>
              <SearchResult doc={doc} words={parsed.words} categoryName={categoryName(doc[3])} />
            </li>
          ))}
        </ol>
        {search.done ? (
          <>
            <p className="search-note search-end">已经到底了</p>
            {/* The count is of articles; a story both writers posted is one result (同时见于 names the other copy). */}
            {search.merged > 0 ? <p className="search-note">另有 {search.merged} 篇是上面某条新闻的另一版本，见该条的“同时见于”。</p> : null}
          </>
        ) : (
          <div ref={sentinel} className="search-more">
            <button type="button" className="button" onClick={more} disabled={search.loadingMore}>
              {search.loadingMore ? '正在加载…' : '更多结果'}
            </button>
          </div>
        )}
      </>
    )

  return (
    <section className="search-screen" aria-labelledby="search-heading">
      <DocumentTitle title={state.q ? `搜索：${state.q}` : '搜索'} description={state.q ? `在存档的全部文章中搜索“${state.q}”的结果。` : '在存档的全部文章中搜索：标题、正文、证券代码与名称。'} />
      <h1 id="search-heading" className="search-screen__title">
        {state.q ? `搜索“${state.q}”` : '搜索'}
      </h1>
      {parsed.ok ? (
        <p className="search-count" role="status" aria-live="polite">
          {search.status === 'ready' ? (search.total === null ? `已找到 ${search.taken}${search.done ? '' : '+'} 篇，正在统计总数…` : `找到 ${search.total} 篇`) : ''}
        </p>
      ) : null}
      {parsed.ok ? (
        <div className="search-sort" role="group" aria-label="排序">
          {(['new', 'rel'] as const).map((sort) => (
            <button key={sort} type="button" className="search-sort__option" aria-pressed={(state.sort ?? 'new') === sort} onClick={() => setSearch({ ...state, sort })}>
              {sort === 'new' ? '最新' : '相关度'}
            </button>
          ))}
        </div>
      ) : null}
      {parsed.ok ? <SearchFiltersForm state={state} onChange={setSearch} manifest={manifest.data} /> : null}
      {body}
    </section>
  )
}
