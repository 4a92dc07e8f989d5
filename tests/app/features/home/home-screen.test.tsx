// The home page: the newest articles of the whole archive with the tag filter every feed has (kept in the
// address as `/?tag=…`), each tag's five newest, every category with articles; and 全部分类
// (`/#all-categories`), which must land on the list of categories once the lists above it are in.
import { describe, expect, test, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { paths } from '../../../../src/content/routes.ts'
import { ENERGY, HK, STAR, sampleArchive } from '../../fixtures/sample-news.ts'
import { serveData } from '../../support/data-server.ts'
import { addressOf, renderApp } from '../../support/render-app.tsx'

const archive = sampleArchive()
/** Every article, newest first, as the archive's feed has them. */
const NEWEST = [...archive.articles.values()]
  .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.id.localeCompare(a.id))
  .map((article) => article.title)
const with_ = (...tags: string[]) =>
  [...archive.articles.values()]
    .filter((article) => tags.every((tag) => article.tags.includes(tag)))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.id.localeCompare(a.id))
    .map((article) => article.title)

async function newestList() {
  return within(await screen.findByRole('region', { name: '最新消息' }))
}

/** The headlines of the newest list, in order. */
function newest(): string[] {
  const region = screen.getByRole('region', { name: '最新消息' })
  return within(region)
    .queryAllByRole('article')
    .map((item) => within(item).getAllByRole('link')[0]?.textContent ?? '')
}

function filter() {
  return within(screen.getByRole('region', { name: '按标签筛选' }))
}

describe('the home page', () => {
  test('shows the ten newest articles (the newest page of five is not enough), each tag with its count and five newest, and every category with articles', async () => {
    serveData(archive.files)
    renderApp(paths.home())
    const latest = await newestList()
    expect(await latest.findByRole('link', { name: NEWEST[0] ?? '' })).toBeTruthy()
    await waitFor(() => expect(newest()).toEqual(NEWEST.slice(0, 10)))

    const energy = await screen.findByRole('article', { name: ENERGY })
    expect(within(energy).getByText('6 篇')).toBeTruthy()
    expect(within(within(energy).getByRole('list')).getAllByRole('link')).toHaveLength(5)
    expect(within(energy).getByRole('link', { name: '查看全部 6 篇' }).getAttribute('href')).toBe(paths.tag(ENERGY))

    // A category with no articles (an old category page) is a category, but none of the lists offer it.
    const empty = archive.manifest.categories.find((c) => c.count === 0)
    expect(empty).toBeDefined()
    const categories = screen.getByRole('region', { name: '全部分类' })
    expect(within(categories).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(
      archive.manifest.categories.filter((c) => c.count > 0).map((c) => paths.category(c.slug)),
    )
    const nav = screen.getByRole('navigation', { name: '分类' })
    expect(within(nav).queryByRole('link', { name: empty?.name ?? '?' })).toBeNull()
  })
})

describe('the tag filter of the newest articles', () => {
  test('every tag of the archive is a choice, with its count', async () => {
    serveData(archive.files)
    renderApp(paths.home())
    await screen.findByRole('region', { name: '按标签筛选' })
    for (const tag of archive.manifest.tags) {
      expect(filter().getByRole('button', { name: `${tag.name}（${tag.count} 条）` }).getAttribute('aria-pressed')).toBe('false')
    }
  })

  test('a tag narrows the list to the newest articles with it, from every category; the address says so; Back undoes it', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    const { router } = renderApp(paths.home())
    await (await newestList()).findByRole('link', { name: NEWEST[0] ?? '' })

    await user.click(filter().getByRole('button', { name: `${ENERGY}（6 条）` }))
    // TechWeb's article has the tag too: the home page is not one category.
    await waitFor(() => expect(newest()).toEqual(with_(ENERGY)))
    expect(newest()).toContain('TechWeb：示例芯片公司发布新一代处理器')
    expect(addressOf(router)).toBe(`/?tag=${ENERGY}`)
    expect(screen.getByText('找到 6 条')).toBeTruthy()
    await waitFor(() => expect(document.title).toBe(`最新消息（${ENERGY}） · 金融消息`))
    // The rest of the page stays.
    expect(screen.getByRole('article', { name: HK })).toBeTruthy()
    expect(screen.getByRole('region', { name: '全部分类' })).toBeTruthy()

    await user.click(filter().getByRole('button', { name: `${STAR}（3 条）` }))
    await waitFor(() => expect(newest()).toEqual(with_(ENERGY, STAR)))
    expect(with_(ENERGY, STAR)).toEqual(['远帆电气中标海上风电项目'])
    expect(addressOf(router)).toBe(`/?tag=${ENERGY}&tag=${STAR}`)

    await router.navigate(-1)
    await waitFor(() => expect(newest()).toEqual(with_(ENERGY)))
    await router.navigate(-1)
    await waitFor(() => expect(newest()).toEqual(NEWEST.slice(0, 10)))
    expect(addressOf(router)).toBe('/')
    expect(screen.queryByText(/找到/)).toBeNull()
  })

  test('tags no article has together: the list says so, and 清除筛选 brings the newest back', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    const { router } = renderApp(`/?tag=${encodeURIComponent(STAR)}&tag=${encodeURIComponent(HK)}`)
    expect(with_(STAR, HK)).toEqual([])
    const latest = await newestList()
    const nothing = await latest.findByText('没有同时带有这些标签的消息。')
    expect(newest()).toEqual([])
    expect(filter().getByRole('button', { name: `${STAR}（3 条）` }).getAttribute('aria-pressed')).toBe('true')

    const empty = nothing.parentElement
    if (!empty) throw new Error('the empty state has no frame')
    await user.click(within(empty).getByRole('button', { name: '清除筛选' }))
    await waitFor(() => expect(newest()).toEqual(NEWEST.slice(0, 10)))
    expect(addressOf(router)).toBe('/')
  })

  test('a tag of more articles than the list holds shows its newest ten and leads to all of them', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    const rolling = archive.manifest.tags[0]
    if (!rolling || rolling.count <= 10) throw new Error('the sample archive has no tag of more than ten articles')
    const { router } = renderApp(`/?tag=${encodeURIComponent(rolling.name)}`)
    await waitFor(() => expect(newest()).toEqual(with_(rolling.name).slice(0, 10)))
    expect(screen.getByText(`找到 ${rolling.count} 条`)).toBeTruthy()
    await user.click(screen.getByRole('link', { name: `查看全部 ${rolling.count} 条` }))
    expect(await screen.findByRole('heading', { level: 1, name: rolling.name })).toBeTruthy()
    expect(addressOf(router)).toBe(`/t/${rolling.name}`)
  })
})

describe('全部分类 (/#all-categories)', () => {
  /** Records each scroll to an element: which one, and whether the home page's lists were in by then. */
  function watchScrolls() {
    const scrolls: { id: string; loaded: boolean }[] = []
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolls.push({ id: this.id, loaded: document.querySelector('.home-tags article') !== null && document.querySelector('.home [data-feed-item]') !== null })
    }
    return scrolls
  }

  /** Holds the home file back until `release()`, so the page renders without its lists first. */
  function holdHomeFile() {
    const served = globalThis.fetch
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      if (url.endsWith(`/data/${archive.manifest.home}`)) await gate
      return served(input, init)
    })
    return { release: () => release() }
  }

  test('from another page, the list of categories is scrolled to once the lists above it are in', async () => {
    serveData(archive.files)
    const held = holdHomeFile()
    const user = userEvent.setup()
    const { router } = renderApp(paths.category('emnews'))
    await screen.findByRole('heading', { level: 1, name: archive.manifest.categories[0]?.name ?? '' })
    const scrolls = watchScrolls()
    await user.click(within(screen.getByRole('navigation', { name: '分类' })).getByRole('link', { name: '全部分类' }))
    await screen.findByRole('heading', { level: 1, name: '最新消息' })
    expect(router.state.location.hash).toBe('#all-categories')
    held.release()
    await screen.findAllByRole('article', { name: ENERGY })
    await waitFor(() => expect(scrolls.at(-1)).toEqual({ id: 'all-categories', loaded: true }))
  })

  test('a reader who scrolls while the page loads stays where they are', async () => {
    serveData(archive.files)
    const held = holdHomeFile()
    const { router } = renderApp(paths.category('emnews'))
    await screen.findByRole('heading', { level: 1, name: archive.manifest.categories[0]?.name ?? '' })
    const scrolls = watchScrolls()
    await router.navigate('/#all-categories')
    await screen.findByRole('heading', { level: 1, name: '最新消息' })
    const before = scrolls.length
    window.dispatchEvent(new WheelEvent('wheel', { deltaY: 300 }))
    held.release()
    await screen.findAllByRole('article', { name: ENERGY })
    expect(scrolls.slice(before)).toEqual([])
  })
})
