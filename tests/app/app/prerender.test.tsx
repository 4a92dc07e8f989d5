// @vitest-environment node
// Every route renders to HTML where there is no browser at all (no window, no document), from data put
// in the query cache: what a later prerender step of the first screen of each feed will rely on.
import { describe, expect, test } from 'vitest'
import { paths } from '../../../src/content/routes.ts'
import { ENERGY, sampleArchive } from '../fixtures/sample-news.ts'
import { prerender } from '../support/prerender.tsx'

const archive = sampleArchive()

describe('rendering without a browser', () => {
  test('there is no DOM here', () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
  })

  test('a feed renders its first screen, filter and all', async () => {
    const html = await prerender(paths.category('emnews', [ENERGY]), archive)
    expect(html).toContain('<title>东财滚动新闻（新能源） · 金融消息</title>')
    expect(html).toContain('青松储能发布钠电池新品 能量密度提升两成')
    expect(html).toContain('2026年3月9日 星期一')
    expect(html).toContain('aria-pressed="true"')
    expect(html).not.toContain('央行开展示例逆回购操作')
  })

  test('the home page renders the newest articles and the tag sections', async () => {
    const html = await prerender(paths.home(), archive)
    expect(html).toContain('最新消息')
    expect(html).toContain('查看全部 6 篇')
  })

  test('the home page renders with a tag chosen: the filter and the narrowed newest', async () => {
    const html = await prerender(`/?tag=${encodeURIComponent(ENERGY)}`, archive)
    expect(html).toContain('<title>最新消息（新能源） · 金融消息</title>')
    expect(html).toContain('aria-pressed="true"')
    const newest = html.slice(html.indexOf('最新消息</h1>'), html.indexOf('按标签浏览'))
    expect(newest).toContain('TechWeb：示例芯片公司发布新一代处理器')
    expect(newest).not.toContain('央行开展示例逆回购操作')
  })

  test('a category with no articles renders its name and says so', async () => {
    const html = await prerender(paths.category('shilizhoubao'), archive)
    expect(html).toContain('示例周报新闻')
    expect(html).toContain('这个分类还没有文章。')
  })

  test('an article renders, but its body only where DOMPurify can sanitize it', async () => {
    const html = await prerender(paths.article('NW202603061000000201'), archive)
    expect(html).toContain('虚构日报：一篇带着危险标记的稿件')
    expect(html).toContain('<div class="article-body"></div>')
    expect(html).not.toContain('__pwned')
  })
})
