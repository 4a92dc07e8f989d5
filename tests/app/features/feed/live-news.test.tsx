// Live news: the reader checks the manifest every minute while the page is visible; a feed keeps the list
// it started with and offers "N 条新消息" for what a newer build adds to THIS feed; taking it up puts the
// new items on top without losing any loaded item or the reader's place.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MANIFEST_FILE } from '../../../../src/content/schema.ts'
import { paths } from '../../../../src/content/routes.ts'
import { LIVE_POLL_MS } from '../../../../src/features/feed/api/live-feed.ts'
import type { ArticleInput } from '../../fixtures/archive.ts'
import { addArticles } from '../../fixtures/live-update.ts'
import { ENERGY, ROLLING, sampleArchive } from '../../fixtures/sample-news.ts'
import { serveData } from '../../support/data-server.ts'
import { renderApp } from '../../support/render-app.tsx'

const archive = sampleArchive()
const emnewsPages = archive.feedPages.get('category:emnews') ?? []

const NEW_ARTICLES: ArticleInput[] = [
  { id: '202603101000000031', title: '示例银行下调存款利率 十年来首次', date: '2026-03-10T09:30:00+08:00', category: 'emnews', tags: [ROLLING] },
  { id: '202603101000000032', title: '示例光伏企业签下百亿订单', date: '2026-03-10T10:45:00+08:00', category: 'emnews', tags: [ROLLING, ENERGY] },
  { id: 'NW202603101000000133', title: 'TechWeb：示例云厂商下调存储价格', date: '2026-03-10T11:00:00+08:00', category: 'TechWeb', tags: ['TechWeb新闻'] },
]
const update = addArticles(archive, NEW_ARTICLES)

/** Serves the archive; `publish()` swaps in the newer build's manifest, as a host does when a build lands. */
function serveArchive() {
  const files = new Map([...archive.files, ...update.files])
  const server = serveData(files)
  return { server, publish: () => files.set(MANIFEST_FILE, update.manifest) }
}

/** One poll: the next minute passes. */
async function nextMinute() {
  await act(async () => {
    vi.advanceTimersByTime(LIVE_POLL_MS)
    await Promise.resolve()
  })
}

function setVisibility(state: 'hidden' | 'visible') {
  if (state === 'hidden') Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
  else Reflect.deleteProperty(document, 'visibilityState') // back to jsdom's own: visible
  document.dispatchEvent(new Event('visibilitychange'))
}

/** Headline links in list order (inside `scope`). */
function headlines(scope: HTMLElement = document.body): string[] {
  return within(scope)
    .queryAllByRole('article')
    .map((item) => within(item).getAllByRole('link')[0]?.textContent ?? '')
}

function badged(): string[] {
  return Array.from(document.querySelectorAll('.feed-item__new')).map((badge) => badge.nextElementSibling?.textContent ?? '')
}

let scrollBy = vi.fn()

beforeEach(() => {
  // Only the poll's interval is faked: everything else (fetches, React, user events) runs for real.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  scrollBy = vi.fn()
  vi.spyOn(window, 'scrollBy').mockImplementation(scrollBy)
})

afterEach(() => {
  vi.useRealTimers()
  Reflect.deleteProperty(document, 'visibilityState')
})

describe('live news on a feed', () => {
  test('a newer manifest leaves the list as it was and offers this feed’s new items in a status bar', async () => {
    const { publish } = serveArchive()
    renderApp(paths.category('emnews'))
    await screen.findByText('青松储能发布钠电池新品 能量密度提升两成')
    const before = headlines()

    publish()
    await nextMinute()
    const bar = await screen.findByRole('button', { name: '2 条新消息' })
    expect(bar.closest('[role="status"]')).not.toBeNull()
    expect(headlines()).toEqual(before)
    expect(screen.queryByText('示例银行下调存款利率 十年来首次')).toBeNull()
    // The heading still counts what the list shows.
    expect(screen.getByText(`共 ${archive.manifest.categories.find((c) => c.slug === 'emnews')?.count} 条`)).toBeTruthy()
  })

  test('showing them puts them on top, marked 新, keeps every loaded item and scrolls by what they added', async () => {
    const { server, publish } = serveArchive()
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))
    await user.click(await screen.findByRole('button', { name: '加载更多' }))
    await screen.findByText('新能源车2月销量同比增长三成')
    const before = headlines()
    expect(before).toHaveLength(10)

    publish()
    await nextMinute()
    const bar = await screen.findByRole('button', { name: '2 条新消息' })

    // A layout for jsdom, which has none: items 100 px apart, scrolled so the third is at the top.
    const scrolled = 250
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const i = Array.from(document.querySelectorAll('main [data-feed-item]')).indexOf(this)
      const top = i === -1 ? 0 : i * 100 - scrolled
      return { top, bottom: top + 90, left: 0, right: 600, width: 600, height: i === -1 ? 0 : 90, x: 0, y: top, toJSON: () => ({}) }
    })
    await user.click(bar)

    await waitFor(() => expect(headlines().slice(0, 2)).toEqual(['示例光伏企业签下百亿订单', '示例银行下调存款利率 十年来首次']))
    expect(headlines().slice(2)).toEqual(before)
    expect(badged()).toEqual(['示例光伏企业签下百亿订单', '示例银行下调存款利率 十年来首次'])
    expect(screen.queryByRole('button', { name: /条新消息/ })).toBeNull()
    // The item that was at the top of the screen moved down by two items; the page scrolled by as much.
    expect(scrollBy).toHaveBeenLastCalledWith(0, 200)
    expect(screen.getByText(`共 ${update.manifest.categories.find((c) => c.slug === 'emnews')?.count} 条`)).toBeTruthy()
    // Only the new newest page was read: the older pages on screen were kept, not loaded again.
    const second = emnewsPages[1] ?? ''
    expect(server.requests.filter((path) => path === second)).toHaveLength(1)
    expect(server.requests.filter((path) => path.startsWith('pages/v2-'))).toHaveLength(1)
  })

  test('another category counts only its own new items', async () => {
    const { publish } = serveArchive()
    renderApp(paths.category('TechWeb'))
    await screen.findByText('TechWeb：示例芯片公司发布新一代处理器')
    publish()
    await nextMinute()
    expect(await screen.findByRole('button', { name: '1 条新消息' })).toBeTruthy()
  })

  test('with a tag filter on, only new items that pass it are counted', async () => {
    const { publish } = serveArchive()
    renderApp(paths.category('emnews', [ENERGY]))
    await screen.findByText('青松储能发布钠电池新品 能量密度提升两成')
    publish()
    await nextMinute()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: '1 条新消息' }))
    expect(await screen.findByText('示例光伏企业签下百亿订单')).toBeTruthy()
    expect(screen.queryByText('示例银行下调存款利率 十年来首次')).toBeNull()
  })

  test('changing the tag filter narrows the list on screen, not the newest data, and the bar counts what passes', async () => {
    const { publish } = serveArchive()
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))
    await screen.findByText('青松储能发布钠电池新品 能量密度提升两成')
    publish()
    await nextMinute()
    await screen.findByRole('button', { name: '2 条新消息' })

    await user.click(screen.getByRole('button', { name: new RegExp(`^${ENERGY}（`) }))
    expect(await screen.findByRole('button', { name: '1 条新消息' })).toBeTruthy()
    expect(headlines()[0]).toBe('青松储能发布钠电池新品 能量密度提升两成')
    expect(screen.queryByText('示例光伏企业签下百亿订单')).toBeNull()
  })

  test('a feed the new build adds nothing to shows no bar', async () => {
    const { server, publish } = serveArchive()
    renderApp(paths.category('xugouribao'))
    await screen.findByText('虚构日报：一篇带着危险标记的稿件')
    publish()
    await nextMinute()
    await waitFor(() => expect(server.requests.filter((path) => path === MANIFEST_FILE).length).toBeGreaterThanOrEqual(2))
    expect(screen.queryByRole('button', { name: /条新消息/ })).toBeNull()
  })

  test('Back to the feed finds the list it left, bar and all', async () => {
    const { publish } = serveArchive()
    const user = userEvent.setup()
    const { router } = renderApp(paths.category('emnews'))
    await screen.findByText('青松储能发布钠电池新品 能量密度提升两成')
    const before = headlines()
    publish()
    await nextMinute()
    await screen.findByRole('button', { name: '2 条新消息' })

    await user.click(screen.getByRole('link', { name: '远帆电气中标海上风电项目' }))
    await screen.findByRole('heading', { level: 1, name: '远帆电气中标海上风电项目' })
    await act(() => router.navigate(-1))
    expect(await screen.findByRole('button', { name: '2 条新消息' })).toBeTruthy()
    expect(headlines()).toEqual(before)
  })
})

describe('polling', () => {
  test('checks the manifest once a minute while the page is visible, never while it is hidden', async () => {
    const { server } = serveArchive()
    renderApp(paths.category('emnews'))
    await screen.findByText('青松储能发布钠电池新品 能量密度提升两成')
    const manifestRequests = () => server.requests.filter((path) => path === MANIFEST_FILE).length
    const start = manifestRequests()

    await nextMinute()
    await waitFor(() => expect(manifestRequests()).toBe(start + 1))

    setVisibility('hidden')
    await nextMinute()
    await nextMinute()
    await nextMinute()
    expect(manifestRequests()).toBe(start + 1)

    setVisibility('visible')
    await nextMinute()
    await waitFor(() => expect(manifestRequests()).toBe(start + 2))
  })

  test('the home page offers every new article and shows them above the ten it listed', async () => {
    const { publish } = serveArchive()
    const user = userEvent.setup()
    renderApp(paths.home())
    const latest = await screen.findByRole('region', { name: '最新消息' })
    await within(latest).findByText('青松储能发布钠电池新品 能量密度提升两成')
    const before = headlines(latest)
    publish()
    await nextMinute()
    await user.click(await screen.findByRole('button', { name: '3 条新消息' }))
    await waitFor(() =>
      expect(headlines(latest)).toEqual(['TechWeb：示例云厂商下调存储价格', '示例光伏企业签下百亿订单', '示例银行下调存款利率 十年来首次', ...before]),
    )
  })

  test('the home page with a tag filter on offers only the new articles with the tag, and keeps the filter', async () => {
    const { publish } = serveArchive()
    const user = userEvent.setup()
    renderApp(`/?tag=${encodeURIComponent(ENERGY)}`)
    const latest = await screen.findByRole('region', { name: '最新消息' })
    await within(latest).findByText('青松储能发布钠电池新品 能量密度提升两成')
    const before = headlines(latest)
    publish()
    await nextMinute()
    // Three new articles, one of them with the tag.
    await user.click(await screen.findByRole('button', { name: '1 条新消息' }))
    await waitFor(() => expect(headlines(latest)).toEqual(['示例光伏企业签下百亿订单', ...before]))
    expect(badged()).toEqual(['示例光伏企业签下百亿订单'])
  })
})
