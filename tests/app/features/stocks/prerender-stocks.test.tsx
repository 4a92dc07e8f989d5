// @vitest-environment node
// Stock pages, and articles with their mention cards and 相关股票 list, render where there is no browser at
// all: nothing of theirs touches window or document outside effects and handlers.
import { describe, expect, test } from 'vitest'
import { renderToString } from 'react-dom/server'
import { QueryClientProvider } from '@tanstack/react-query'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom'
import { FeedPageSchema } from '../../../../src/content/schema.ts'
import { appRoutes } from '../../../../src/app/routes.tsx'
import { articleQuery } from '../../../../src/features/article/api/article-query.ts'
import { feedQuery } from '../../../../src/features/feed/api/feed-query.ts'
import { securityQuery } from '../../../../src/features/stocks/api/security-query.ts'
import { paths } from '../../../../src/content/routes.ts'
import { createQueryClient } from '../../../../src/lib/query-client.ts'
import { manifestQuery } from '../../../../src/lib/query-keys.ts'
import { MAIN_ID, MAIN_TITLE, MEDICAL, STEEL, stockArchive } from '../../fixtures/stock-news.ts'

const archive = stockArchive()

async function prerender(url: string): Promise<string> {
  const handler = createStaticHandler(appRoutes)
  const context = await handler.query(new Request(new URL(url, 'http://localhost/')))
  if (context instanceof Response) throw new Error(`${url} redirected`)
  const client = createQueryClient()
  client.setQueryData(manifestQuery().queryKey, archive.manifest)
  for (const [head] of archive.feedPages.values()) {
    if (head) client.setQueryData(feedQuery(head).queryKey, { pages: [FeedPageSchema.parse(archive.files.get(head))], pageParams: [head] })
  }
  for (const article of archive.articles.values()) client.setQueryData(articleQuery(article.id).queryKey, article)
  for (const security of archive.securities.values()) client.setQueryData(securityQuery(security.secid).queryKey, security)
  return renderToString(
    <QueryClientProvider client={client}>
      <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} />
    </QueryClientProvider>,
  )
}

describe('stocks without a browser', () => {
  test('there is no DOM here', () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
  })

  test('a stock page renders its facts and its newest articles', async () => {
    const html = await prerender(paths.stock(STEEL.secid))
    expect(html).toContain(`<title>${STEEL.name}（${STEEL.code}） · 金融消息</title>`)
    expect(html).toContain(STEEL.market)
    expect(html).toContain(MAIN_TITLE)
    expect(html).toContain(`href="https://quote.eastmoney.com/unify/r/${STEEL.secid}"`)
  })

  test('an article renders its 相关股票 list, with no card open', async () => {
    const html = await prerender(paths.article(MAIN_ID))
    expect(html).toContain('相关股票')
    expect(html).toContain(`href="${paths.stock(MEDICAL.secid)}"`)
    expect(html).not.toContain('role="dialog"')
  })
})
