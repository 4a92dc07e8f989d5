// @vitest-environment node
// Every route renders to HTML where there is no browser at all (no window, no document), from data put
// in the query cache: what a later prerender step of the first screen of each feed will rely on.
import { describe, expect, test } from 'vitest'
import { renderToString } from 'react-dom/server'
import { QueryClientProvider } from '@tanstack/react-query'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom'
import { FeedPageSchema, HomeSchema } from '../../../src/content/schema.ts'
import { appRoutes } from '../../../src/app/routes.tsx'
import { articleQuery } from '../../../src/features/article/api/article-query.ts'
import { feedQuery } from '../../../src/features/feed/api/feed-query.ts'
import { homeQuery } from '../../../src/features/home/api/home-query.ts'
import { paths } from '../../../src/content/routes.ts'
import { createQueryClient } from '../../../src/lib/query-client.ts'
import { manifestQuery } from '../../../src/lib/query-keys.ts'
import { ENERGY, sampleArchive } from '../fixtures/sample-news.ts'

const archive = sampleArchive()

/** Renders `url` on the server with every feed's newest page, the home file and all articles cached. */
async function prerender(url: string): Promise<string> {
  const handler = createStaticHandler(appRoutes)
  const context = await handler.query(new Request(new URL(url, 'http://localhost/')))
  if (context instanceof Response) throw new Error(`${url} redirected`)
  const client = createQueryClient()
  client.setQueryData(manifestQuery().queryKey, archive.manifest)
  client.setQueryData(homeQuery(archive.manifest.home).queryKey, HomeSchema.parse(archive.files.get(archive.manifest.home)))
  for (const [head] of archive.feedPages.values()) {
    if (head) client.setQueryData(feedQuery(head).queryKey, { pages: [FeedPageSchema.parse(archive.files.get(head))], pageParams: [head] })
  }
  for (const article of archive.articles.values()) client.setQueryData(articleQuery(article.id).queryKey, article)
  return renderToString(
    <QueryClientProvider client={client}>
      <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} />
    </QueryClientProvider>,
  )
}

describe('rendering without a browser', () => {
  test('there is no DOM here', () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
  })

  test('a feed renders its first screen, filter and all', async () => {
    const html = await prerender(paths.category('emnews', [ENERGY]))
    expect(html).toContain('<title>东财滚动新闻（新能源） · 金融消息</title>')
    expect(html).toContain('青松储能发布钠电池新品 能量密度提升两成')
    expect(html).toContain('2026年3月9日 星期一')
    expect(html).toContain('aria-pressed="true"')
    expect(html).not.toContain('央行开展示例逆回购操作')
  })

  test('the home page renders the newest articles and the tag sections', async () => {
    const html = await prerender(paths.home())
    expect(html).toContain('最新消息')
    expect(html).toContain('查看全部 6 篇')
  })

  test('the home page renders with a tag chosen: the filter and the narrowed newest', async () => {
    const html = await prerender(`/?tag=${encodeURIComponent(ENERGY)}`)
    expect(html).toContain('<title>最新消息（新能源） · 金融消息</title>')
    expect(html).toContain('aria-pressed="true"')
    const newest = html.slice(html.indexOf('最新消息</h1>'), html.indexOf('按标签浏览'))
    expect(newest).toContain('TechWeb：示例芯片公司发布新一代处理器')
    expect(newest).not.toContain('央行开展示例逆回购操作')
  })

  test('a category with no articles renders its name and says so', async () => {
    const html = await prerender(paths.category('shilizhoubao'))
    expect(html).toContain('示例周报新闻')
    expect(html).toContain('这个分类还没有文章。')
  })

  test('an article renders, but its body only where DOMPurify can sanitize it', async () => {
    const html = await prerender(paths.article('NW202603061000000201'))
    expect(html).toContain('虚构日报：一篇带着危险标记的稿件')
    expect(html).toContain('<div class="article-body"></div>')
    expect(html).not.toContain('__pwned')
  })
})
