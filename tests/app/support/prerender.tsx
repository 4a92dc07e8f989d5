// Renders a route to HTML on the server (no window, no document), from a fixture archive put in the query
// cache: the manifest, the home file, each feed's newest page, every article with its look-up entry and
// every security. This is what a later prerender step of the first screen of each page will rely on.
import { renderToString } from 'react-dom/server'
import { QueryClientProvider } from '@tanstack/react-query'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom'
import { FeedPageSchema, HomeSchema } from '../../../src/content/schema.ts'
import { appRoutes } from '../../../src/app/routes.tsx'
import { articleEntryQuery, articleQuery } from '../../../src/features/article/api/article-query.ts'
import { feedQuery, headCursor, loadedPage } from '../../../src/features/feed/api/feed-query.ts'
import { homeQuery } from '../../../src/features/home/api/home-query.ts'
import { securityQuery } from '../../../src/features/stocks/api/security-query.ts'
import { createQueryClient } from '../../../src/lib/query-client.ts'
import { manifestQuery } from '../../../src/lib/query-keys.ts'
import type { Archive } from '../fixtures/archive.ts'

export async function prerender(url: string, archive: Archive): Promise<string> {
  const handler = createStaticHandler(appRoutes)
  const context = await handler.query(new Request(new URL(url, 'http://localhost/')))
  if (context instanceof Response) throw new Error(`${url} redirected`)
  const client = createQueryClient()
  client.setQueryData(manifestQuery().queryKey, archive.manifest)
  client.setQueryData(homeQuery(archive.manifest.home).queryKey, HomeSchema.parse(archive.files.get(archive.manifest.home)))
  for (const [head] of archive.feedPages.values()) {
    if (head) client.setQueryData(feedQuery(head).queryKey, { pages: [loadedPage(head, FeedPageSchema.parse(archive.files.get(head)), headCursor(head))], pageParams: [headCursor(head)] })
  }
  for (const article of archive.articles.values()) client.setQueryData(articleQuery(article.id).queryKey, article)
  for (const [id, entry] of archive.entries) client.setQueryData(articleEntryQuery(id).queryKey, entry)
  for (const security of archive.securities.values()) client.setQueryData(securityQuery(security.secid).queryKey, security)
  return renderToString(
    <QueryClientProvider client={client}>
      <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} />
    </QueryClientProvider>,
  )
}
