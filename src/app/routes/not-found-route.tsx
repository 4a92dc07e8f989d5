// Every address the other routes do not match. Most are mistakes and get the not-found page, but some are
// the old Jekyll site's addresses, which saved links and search engines still hold: those are replaced
// (no extra history entry, so Back skips them) by the page that shows the same thing now. On a static
// host they are missing files, so the host answers with 404.html, which is the app, and it lands here.
//
// A lazy chunk that imports nothing the feeds do not already have in the entry: sharing a module with
// the feed routes would split it into a chunk of its own and make every feed load one more file.
import { useQuery } from '@tanstack/react-query'
import { Navigate, useLocation } from 'react-router-dom'
import { NotFound } from '../../components/not-found.tsx'
import { FeedSkeleton } from '../../components/skeletons.tsx'
import { paths } from '../../content/routes.ts'
import { parseLegacyPath } from '../../lib/legacy-paths.ts'
import { manifestQuery } from '../../lib/query-keys.ts'

export function Component() {
  const target = parseLegacyPath(useLocation().pathname)
  if (target === null) return <NotFound />
  if (target.kind === 'home') return <Navigate to={paths.home()} replace />
  // An id the archive lacks gets the article route's own not-found page, which says which id it looked for.
  if (target.kind === 'article') return <Navigate to={paths.article(target.id)} replace />
  return <LegacyCategory slug={target.slug} />
}

function LegacyCategory({ slug }: { slug: string }) {
  // A manifest that cannot load is the route error page's business (it offers a reload).
  const { data: manifest } = useQuery({ ...manifestQuery(), throwOnError: true })
  if (manifest === undefined) return <FeedSkeleton />
  // Exactly, case included: TechWeb and Techweb were two categories of the old site, and still are.
  if (manifest.categories.some((c) => c.slug === slug)) return <Navigate to={paths.category(slug)} replace />
  return <NotFound title="找不到这个分类" message={`存档中没有名为「${slug}」的分类。`} />
}
