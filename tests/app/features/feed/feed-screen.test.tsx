import { describe, expect, test, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { paths } from '../../../../src/content/routes.ts'
import { CATEGORY_NAMES, sampleArchive, ROLLING } from '../../fixtures/sample-news.ts'
import { serveData, type Fault } from '../../support/data-server.ts'
import { addressOf, renderApp } from '../../support/render-app.tsx'

const archive = sampleArchive()
const emnewsPages = archive.feedPages.get('category:emnews') ?? []
const [headPage = ''] = emnewsPages

/** Headline links in list order: what a reader scans. */
function headlines(): string[] {
  return screen.queryAllByRole('article').map((item) => within(item).getAllByRole('link')[0]?.textContent ?? '')
}

describe('a category feed', () => {
  test('lists items newest first under Beijing-day headings, with summary, source, time and up to three chips', async () => {
    serveData(archive.files)
    renderApp(paths.category('emnews'))

    expect(await screen.findByRole('heading', { level: 1, name: ROLLING })).toBeTruthy()
    await screen.findByText('青松储能发布钠电池新品 能量密度提升两成')
    const days = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)
    expect(days).toEqual(expect.arrayContaining(['2026年3月9日 星期一', '2026年3月8日 星期日']))
    expect(days.indexOf('2026年3月9日 星期一')).toBeLessThan(days.indexOf('2026年3月8日 星期日'))
    expect(headlines()).toEqual([
      '青松储能发布钠电池新品 能量密度提升两成',
      '港股收评：恒指涨1.2% 示例科技领涨',
      '远帆电气中标海上风电项目',
      '央行开展示例逆回购操作',
      '北辰材料拟定增募资不超过20亿元',
    ])

    const first = screen.getAllByRole('article')[0]
    if (!first) throw new Error('no first item')
    const item = within(first)
    expect(item.getByText('青松储能发布钠电池新品 能量密度提升两成。（示例通讯社）')).toBeTruthy()
    expect(item.getByText('示例通讯社')).toBeTruthy()
    expect(item.getByText('19:54').getAttribute('datetime')).toBe('2026-03-09T19:54:03+08:00')
    const chips = within(item.getByRole('list', { name: '提及的证券' })).getAllByRole('link')
    expect(chips.map((chip) => chip.textContent)).toEqual(['青松储能', '远帆电气', '北辰材料'])
    expect(chips[0]?.getAttribute('href')).toBe(paths.stock('1.688901'))
    expect(item.getByRole('link', { name: '青松储能发布钠电池新品 能量密度提升两成' }).getAttribute('href')).toBe('/a/202603091000000001')
  })

  test('loads older pages on request, puts undated items last under 日期不详, and says when the end is reached', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))

    await user.click(await screen.findByRole('button', { name: '加载更多' }))
    expect(await screen.findByText('新能源车2月销量同比增长三成')).toBeTruthy()
    await user.click(await screen.findByRole('button', { name: '加载更多' }))
    expect(await screen.findByText('旧稿：年度财经回顾')).toBeTruthy()

    expect(screen.getAllByRole('heading', { level: 2 }).at(-1)?.textContent).toBe('日期不详')
    expect(headlines().at(-1)).toBe('旧稿：年度财经回顾')
    expect(screen.getByText('已经到底了')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()
    expect(headlines()).toHaveLength(13)
  })

  test('Back from an article returns to the list with every loaded page, without loading them again', async () => {
    const server = serveData(archive.files)
    const user = userEvent.setup()
    const { router } = renderApp(paths.category('emnews'))

    await user.click(await screen.findByRole('button', { name: '加载更多' }))
    await user.click(await screen.findByRole('link', { name: '新能源车2月销量同比增长三成' }))
    expect(await screen.findByRole('heading', { level: 1, name: '新能源车2月销量同比增长三成' })).toBeTruthy()
    const pageRequests = server.requests.filter((path) => emnewsPages.includes(path)).length

    await router.navigate(-1)
    expect(await screen.findByRole('link', { name: '新能源车2月销量同比增长三成' })).toBeTruthy()
    expect(headlines()).toHaveLength(10)
    expect(server.requests.filter((path) => emnewsPages.includes(path))).toHaveLength(pageRequests)
  })

  test('j and k move between items with visible focus, Enter opens the focused one', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))
    const first = await screen.findByRole('link', { name: '青松储能发布钠电池新品 能量密度提升两成' })
    const second = screen.getByRole('link', { name: '港股收评：恒指涨1.2% 示例科技领涨' })

    await user.keyboard('j')
    expect(document.activeElement).toBe(first)
    await user.keyboard('j')
    expect(document.activeElement).toBe(second)
    await user.keyboard('k')
    expect(document.activeElement).toBe(first)

    await user.keyboard('{Enter}')
    expect(await screen.findByRole('heading', { level: 1, name: '青松储能发布钠电池新品 能量密度提升两成' })).toBeTruthy()
  })

  test('pointing at a headline loads its article ahead of the click', async () => {
    const server = serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))

    await user.hover(await screen.findByRole('link', { name: '远帆电气中标海上风电项目' }))
    await waitFor(() => expect(server.requests).toContain('articles/202603091000000003.json'))
    await user.click(screen.getByRole('link', { name: '远帆电气中标海上风电项目' }))
    expect(await screen.findByRole('heading', { level: 1, name: '远帆电气中标海上风电项目' })).toBeTruthy()
    expect(server.requests.filter((path) => path === 'articles/202603091000000003.json')).toHaveLength(1)
  })

  test('names the feed in the document title', async () => {
    serveData(archive.files)
    renderApp(paths.category('emnews'))
    await screen.findByRole('heading', { level: 1, name: ROLLING })
    await waitFor(() => expect(document.title).toBe(`${ROLLING} · 金融消息`))
  })
})

describe('a feed that fails to load', () => {
  test.each<[Fault, string]>([
    ['http-500', '服务器暂时无法提供数据（HTTP 500）。'],
    ['http-404', '找不到所需的数据文件（404），站点可能刚刚更新。'],
    ['broken-json', '数据文件已损坏，无法读取。'],
    ['invalid', '数据格式与阅读器版本不符，无法显示。'],
  ])('%s: says so where the list would be, offers 重试, and the rest of the page keeps working', async (fault, message) => {
    const server = serveData(archive.files)
    server.fail(headPage, fault)
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))

    const alert = await screen.findByRole('alert')
    expect(within(alert).getByText(message)).toBeTruthy()
    expect(screen.getByRole('heading', { level: 1, name: ROLLING })).toBeTruthy()
    expect(within(screen.getByRole('navigation', { name: '分类' })).getByRole('link', { name: 'TechWeb新闻' })).toBeTruthy()

    server.heal(headPage)
    await user.click(within(alert).getByRole('button', { name: '重试' }))
    expect(await screen.findByText('青松储能发布钠电池新品 能量密度提升两成')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
  })

  test('after a new build replaced the files, 重试 reads the new manifest and finds the list', async () => {
    const files = new Map(archive.files)
    files.delete(headPage)
    serveData(files)
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))
    const alert = await screen.findByRole('alert')
    expect(within(alert).getByText('找不到所需的数据文件（404），站点可能刚刚更新。')).toBeTruthy()

    // The new build: the same page under a new content hash, named by a new manifest.
    const manifest = structuredClone(archive.manifest)
    const emnews = manifest.categories.find((c) => c.slug === 'emnews')
    if (!emnews) throw new Error('no emnews')
    emnews.feed.head = 'pages/rebuilt.json'
    files.set('pages/rebuilt.json', archive.files.get(headPage))
    files.set('manifest.json', manifest)

    await user.click(within(alert).getByRole('button', { name: '重试' }))
    expect(await screen.findByText('青松储能发布钠电池新品 能量密度提升两成')).toBeTruthy()
  })

  test('a page that never answers times out with a message', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const server = serveData(archive.files)
      server.fail(headPage, 'hang')
      renderApp(paths.category('emnews'))
      await screen.findByRole('heading', { level: 1, name: ROLLING })
      expect(screen.queryByText('加载超时，请稍后重试。')).toBeNull()
      // One time limit per attempt, and a timeout is retried twice before the reader is told.
      for (let attempt = 0; attempt < 3; attempt++) await vi.advanceTimersByTimeAsync(15_000)
      expect(await screen.findByText('加载超时，请稍后重试。')).toBeTruthy()
      expect(screen.getByRole('button', { name: '重试' })).toBeTruthy()
    } finally {
      vi.useRealTimers()
    }
  })

  test('the next page failing keeps the loaded items and offers to retry just that page', async () => {
    const server = serveData(archive.files)
    server.fail(emnewsPages[1] ?? '', 'http-500')
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))

    await user.click(await screen.findByRole('button', { name: '加载更多' }))
    const alert = await screen.findByRole('alert')
    expect(within(alert).getByText('更多消息加载失败')).toBeTruthy()
    expect(headlines()).toHaveLength(5)

    server.heal(emnewsPages[1] ?? '')
    await user.click(within(alert).getByRole('button', { name: '重试' }))
    expect(await screen.findByText('新能源车2月销量同比增长三成')).toBeTruthy()
    expect(headlines()).toHaveLength(10)
  })
})

describe('categories by slug', () => {
  test('slugs with spaces and brackets, and slugs that differ only in case, each open their own feed', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    const { router } = renderApp(paths.category('shiliapp  licai [APP] (Beta)'))
    expect(await screen.findByRole('heading', { level: 1, name: '示例财经APP新闻' })).toBeTruthy()
    expect(await screen.findByText('示例财经APP：理财子公司新品发行提速')).toBeTruthy()

    const nav = screen.getByRole('navigation', { name: '分类' })
    await user.click(within(nav).getByRole('link', { name: 'TechWeb新闻' }))
    expect(await screen.findByText('TechWeb：示例芯片公司发布新一代处理器')).toBeTruthy()
    expect(screen.queryByText('Techweb：示例手机厂商季度出货量回升')).toBeNull()
    expect(addressOf(router)).toBe('/c/TechWeb')

    await user.click(within(nav).getByRole('link', { name: 'Techweb科技' }))
    expect(await screen.findByText('Techweb：示例手机厂商季度出货量回升')).toBeTruthy()
    expect(screen.queryByText('TechWeb：示例芯片公司发布新一代处理器')).toBeNull()
  })

  test('a category with no articles (an old category page no post is filed under) shows its name and says so, loading no page', async () => {
    const server = serveData(archive.files)
    renderApp(paths.category('shilizhoubao'))
    expect(await screen.findByRole('heading', { level: 1, name: CATEGORY_NAMES.shilizhoubao })).toBeTruthy()
    expect(await screen.findByText('这个分类还没有文章。')).toBeTruthy()
    expect(screen.getByText('共 0 条')).toBeTruthy()
    expect(screen.queryByRole('status', { busy: true })).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.queryByRole('region', { name: '按标签筛选' })).toBeNull()
    await waitFor(() => expect(document.title).toBe(`${CATEGORY_NAMES.shilizhoubao} · 金融消息`))
    expect(document.querySelector('meta[name="robots"]')).toBeNull()
    expect(server.requests.filter((path) => path.startsWith('pages/'))).toEqual([])
  })

  test('an unknown category gets a not-found page with a way back', async () => {
    serveData(archive.files)
    renderApp(paths.category('EMNEWS'))
    expect(await screen.findByRole('heading', { level: 1, name: '找不到这个分类' })).toBeTruthy()
    expect(screen.getByRole('link', { name: '返回首页' }).getAttribute('href')).toBe('/')
  })

  test('any other path gets the 404 page', async () => {
    serveData(archive.files)
    renderApp('/no/such/page')
    expect(await screen.findByRole('heading', { level: 1, name: '页面不存在' })).toBeTruthy()
    expect(screen.getByRole('link', { name: '返回首页' })).toBeTruthy()
  })
})
