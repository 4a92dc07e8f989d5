// The article route is its own chunk: DOMPurify and the article code load only when an article is opened.
import { useLocation, useParams } from 'react-router-dom'
import { NotFound } from '../../components/not-found.tsx'
import { knownArticlePath } from '../../features/article/api/link-state.ts'
import { ArticleView } from '../../features/article/components/article-view.tsx'
import { articleIdParam } from '../../lib/route-params.ts'

export function Component() {
  const id = articleIdParam(useParams().id)
  // A reader who came from a feed brought the article's file along: it loads beside the look-up entry.
  const path = knownArticlePath(useLocation().state)
  if (id === null) return <NotFound title="找不到这篇文章" message="这个链接里的文章编号不正确。" />
  return <ArticleView key={id} id={id} path={path} />
}
