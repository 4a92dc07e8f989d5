// A link to an article that starts loading it as soon as the reader points at it or tabs to it, so the
// article is usually in the cache by the time the click lands. Small on purpose: feeds import it.
import type { ReactNode } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { paths } from '../../../content/routes.ts'
import { articleQuery } from '../api/article-query.ts'
import type { ArticleLinkState } from '../api/link-state.ts'

interface ArticleLinkProps {
  id: string
  /** The article's data file when the caller knows it (feed items do). */
  path?: string | undefined
  className?: string
  rel?: string
  children: ReactNode
}

export function ArticleLink({ id, path, className, rel, children }: ArticleLinkProps) {
  const client = useQueryClient()
  const prefetch = () => {
    void client.prefetchQuery(articleQuery(id, path))
  }
  // The article page then loads the file and the look-up entry (its neighbours) at the same time.
  const state: ArticleLinkState | undefined = path === undefined ? undefined : { articlePath: path }
  return (
    <Link to={paths.article(id)} state={state} className={className} rel={rel} onMouseEnter={prefetch} onFocus={prefetch}>
      {children}
    </Link>
  )
}
