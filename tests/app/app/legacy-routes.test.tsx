// Old links in the app: each form of the old site's addresses lands, in place of itself in the history, on
// the page that shows the same thing now; what the archive lacks is a not-found page.
import { describe, expect, test } from 'vitest'
import { screen, waitFor } from '@testing-library/react'
import { CATEGORY_NAMES, ROLLING, sampleArchive } from '../fixtures/sample-news.ts'
import { serveData } from '../support/data-server.ts'
import { addressOf, renderApp } from '../support/render-app.tsx'

const archive = sampleArchive()
const SPACED = 'shiliapp  licai [APP] (Beta)'

describe('old addresses', () => {
  test.each([
    ['/emnews/', '/c/emnews', ROLLING],
    ['/category/TechWeb.html', '/c/TechWeb', CATEGORY_NAMES.TechWeb],
    ['/category/Techweb.html', '/c/Techweb', CATEGORY_NAMES.Techweb],
    [`/category/${encodeURIComponent(SPACED)}.html`, `/c/${SPACED}`, CATEGORY_NAMES[SPACED]],
    // A category with no articles: its old page lands on it all the same.
    ['/category/shilizhoubao.html', '/c/shilizhoubao', CATEGORY_NAMES.shilizhoubao],
    ['/emnews/2026/03/09/202603091000000003.html', '/a/202603091000000003', '远帆电气中标海上风电项目'],
    ['/techweb/2026/03/09/NW202603091000000101.html', '/a/NW202603091000000101', 'TechWeb：示例芯片公司发布新一代处理器'],
    ['/index.html', '/', '最新消息'],
  ])('%s → %s', async (from, to, heading) => {
    serveData(archive.files)
    const { router } = renderApp(from)
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeTruthy()
    expect(addressOf(router)).toBe(to)
    // Replaced, not pushed: Back leaves the site instead of bouncing on the redirect.
    expect(router.state.historyAction).toBe('REPLACE')
  })

  test.each([
    ['/category/techweb.html', '找不到这个分类'],
    ['/category/nosuch.html', '找不到这个分类'],
    ['/nosuch/', '找不到这个分类'],
    ['/emnews/2026/03/09/209912319999999999.html', '找不到这篇文章'],
    ['/emnews/2026/02/30/202603091000000003.html', '页面不存在'],
    ['/no/such/page', '页面不存在'],
  ])('%s is a not-found page', async (from, heading) => {
    serveData(archive.files)
    renderApp(from)
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeTruthy()
    expect(screen.getByText('404')).toBeTruthy()
    await waitFor(() => expect(document.title).toBe(`${heading} · 金融消息`))
  })
})
