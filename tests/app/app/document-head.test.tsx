// Every route names itself in <head>: a title, a description, and where there is one, the Atom feed of
// what it lists (<link rel="alternate">) at the address the pipeline writes it to.
import { describe, expect, test } from 'vitest'
import { screen, waitFor } from '@testing-library/react'
import { paths } from '../../../src/content/routes.ts'
import { MAIN_FEED, categoryFeedPath, tagFeedPath } from '../../../src/content/site-paths.ts'
import { CATEGORY_NAMES, ENERGY, sampleArchive } from '../fixtures/sample-news.ts'
import { serveData } from '../support/data-server.ts'
import { renderApp } from '../support/render-app.tsx'

const archive = sampleArchive()

function head() {
  const feeds = Array.from(document.head.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]'))
  return {
    title: document.title,
    description: document.head.querySelector('meta[name="description"]')?.getAttribute('content') ?? null,
    feeds: feeds.map((link) => ({ title: link.getAttribute('title'), href: link.getAttribute('href') })),
  }
}

describe('<head> of each route', () => {
  test.each([
    [paths.home(), '最新消息', '金融消息', { title: '金融消息', href: `/${MAIN_FEED}` }],
    [paths.category('Techweb'), CATEGORY_NAMES.Techweb, `${CATEGORY_NAMES.Techweb} · 金融消息`, { title: `${CATEGORY_NAMES.Techweb} - 金融消息`, href: `/${categoryFeedPath('Techweb')}` }],
    [paths.tag(ENERGY), ENERGY, `${ENERGY} · 金融消息`, { title: `${ENERGY} - 金融消息`, href: `/${tagFeedPath(ENERGY)}` }],
    [paths.article('202603091000000003'), '远帆电气中标海上风电项目', '远帆电气中标海上风电项目 · 金融消息', { title: '东财滚动新闻 - 金融消息', href: `/${categoryFeedPath('emnews')}` }],
    [paths.stock('0.300998'), '远帆电气', '远帆电气（300998） · 金融消息', { title: '金融消息', href: `/${MAIN_FEED}` }],
  ])('%s', async (path, heading, title, feed) => {
    serveData(archive.files)
    renderApp(path)
    await screen.findByRole('heading', { level: 1, name: heading })
    await waitFor(() => expect(head().title).toBe(title))
    await waitFor(() => expect(head().feeds).toEqual([feed]))
    expect(head().description?.length).toBeGreaterThan(8)
  })

  test('an article without a summary is described by the first sentence of its body', async () => {
    serveData(archive.files)
    renderApp(paths.article('202600001000000013'))
    await screen.findByRole('heading', { level: 1, name: '旧稿：年度财经回顾' })
    await waitFor(() => expect(head().description).toBe('旧稿：年度财经回顾'))
  })

  test('a not-found page says so in its title and description, and offers no feed', async () => {
    serveData(archive.files)
    renderApp('/no/such/page')
    await screen.findByRole('heading', { level: 1, name: '页面不存在' })
    await waitFor(() => expect(head().title).toBe('页面不存在 · 金融消息'))
    expect(head().description).toContain('不存在')
    expect(head().feeds).toEqual([])
  })
})
