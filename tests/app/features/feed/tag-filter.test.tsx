import { describe, expect, test } from 'vitest'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { paths } from '../../../../src/content/routes.ts'
import { ENERGY, HK, ROLLING, STAR, sampleArchive } from '../../fixtures/sample-news.ts'
import { serveData } from '../../support/data-server.ts'
import { addressOf, renderApp } from '../../support/render-app.tsx'

const archive = sampleArchive()

function headlines(): string[] {
  return screen.queryAllByRole('article').map((item) => within(item).getAllByRole('link')[0]?.textContent ?? '')
}

function filter() {
  return within(screen.getByRole('region', { name: '按标签筛选' }))
}

const ENERGY_IN_EMNEWS = [
  '青松储能发布钠电池新品 能量密度提升两成',
  '远帆电气中标海上风电项目',
  '新能源车2月销量同比增长三成',
  '光伏板块午后走强 组件龙头涨停',
  '储能与港股双双走强',
]

describe('the tag filter', () => {
  test('choosing tags narrows the list to items with every chosen tag, and the URL says so', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    const { router } = renderApp(paths.category('emnews'))
    await screen.findByText('央行开展示例逆回购操作')
    // Every item here has the feed's own tag: offering it would narrow nothing.
    expect(filter().queryByRole('button', { name: new RegExp(`^${ROLLING}`) })).toBeNull()

    await user.click(filter().getByRole('button', { name: `${ENERGY}（5 条）` }))
    await waitFor(() => expect(headlines()).toEqual(ENERGY_IN_EMNEWS))
    expect(addressOf(router)).toBe(`/c/emnews?tag=${ENERGY}`)
    expect(router.state.location.search).toBe(`?tag=${encodeURIComponent(ENERGY)}`)
    expect(filter().getByRole('button', { name: `${ENERGY}（5 条）` }).getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByText('找到 5 条')).toBeTruthy()
    // The TechWeb item carries the tag too, but this is the emnews feed.
    expect(screen.queryByText('TechWeb：示例芯片公司发布新一代处理器')).toBeNull()

    await user.click(filter().getByRole('button', { name: `${STAR}（3 条）` }))
    await waitFor(() => expect(headlines()).toEqual(['远帆电气中标海上风电项目']))
    expect(addressOf(router)).toBe(`/c/emnews?tag=${ENERGY}&tag=${STAR}`)
    await waitFor(() => expect(document.title).toBe(`${ROLLING}（${ENERGY}、${STAR}） · 金融消息`))

    await user.click(filter().getByRole('button', { name: '清除筛选' }))
    expect(await screen.findByText('央行开展示例逆回购操作')).toBeTruthy()
    expect(headlines()).toHaveLength(5)
    expect(addressOf(router)).toBe('/c/emnews')
  })

  test('Back undoes the last choice', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    const { router } = renderApp(paths.category('emnews'))
    await screen.findByText('央行开展示例逆回购操作')
    await user.click(filter().getByRole('button', { name: `${ENERGY}（5 条）` }))
    await user.click(filter().getByRole('button', { name: `${STAR}（3 条）` }))
    await waitFor(() => expect(headlines()).toEqual(['远帆电气中标海上风电项目']))

    await router.navigate(-1)
    await waitFor(() => expect(headlines()).toEqual(ENERGY_IN_EMNEWS))
    expect(filter().getByRole('button', { name: `${STAR}（3 条）` }).getAttribute('aria-pressed')).toBe('false')

    await router.navigate(-1)
    expect(await screen.findByText('央行开展示例逆回购操作')).toBeTruthy()
    expect(addressOf(router)).toBe('/c/emnews')
    expect(filter().getByRole('button', { name: `${ENERGY}（5 条）` }).getAttribute('aria-pressed')).toBe('false')
  })

  test('a shared or reloaded address opens with its filter applied', async () => {
    serveData(archive.files)
    renderApp(paths.category('emnews', [HK, ENERGY]))
    expect(await screen.findByText('储能与港股双双走强')).toBeTruthy()
    expect(headlines()).toEqual(['储能与港股双双走强'])
    expect(filter().getByRole('button', { name: `${HK}（3 条）` }).getAttribute('aria-pressed')).toBe('true')
    expect(filter().getByRole('button', { name: `${ENERGY}（5 条）` }).getAttribute('aria-pressed')).toBe('true')
  })

  test('reads the smallest of the feeds involved, and keeps loading its pages until the matches show', async () => {
    const small = sampleArchive(2)
    const server = serveData(small.files)
    renderApp(paths.category('emnews', [ENERGY]))

    await waitFor(() => expect(headlines()).toEqual(ENERGY_IN_EMNEWS))
    expect(screen.getByText('找到 5 条')).toBeTruthy()
    // Every page of the tag's feed (3 pages), and of the category's only the newest one, for its tags.
    const energyPages = small.feedPages.get(`tag:${ENERGY}`) ?? []
    const emnewsPages = small.feedPages.get('category:emnews') ?? []
    expect(energyPages).toHaveLength(3)
    for (const page of energyPages) expect(server.requests).toContain(page)
    expect(new Set(server.requests.filter((path) => emnewsPages.includes(path)))).toEqual(new Set(emnewsPages.slice(0, 1)))
  })

  test('a tag that does not exist matches nothing and can be cleared', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.category('emnews', ['不存在的标签']))
    expect(await screen.findByText('没有同时带有这些标签的消息。')).toBeTruthy()
    expect(filter().getByRole('button', { name: '不存在的标签' }).getAttribute('aria-pressed')).toBe('true')

    await user.click(screen.getAllByRole('button', { name: '清除筛选' })[0] ?? document.body)
    expect(await screen.findByText('央行开展示例逆回购操作')).toBeTruthy()
  })
})

describe('a tag view', () => {
  test('lists the tag across categories and filters it further by the tags it co-occurs with', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    const { router } = renderApp(paths.tag(ENERGY))
    expect(await screen.findByRole('heading', { level: 1, name: ENERGY })).toBeTruthy()
    expect(await screen.findByText('TechWeb：示例芯片公司发布新一代处理器')).toBeTruthy()
    // Its own tag is not offered: every item has it already.
    expect(filter().queryByRole('button', { name: new RegExp(`^${ENERGY}`) })).toBeNull()

    await user.click(filter().getByRole('button', { name: `${STAR}（1 条）` }))
    await waitFor(() => expect(headlines()).toEqual(['远帆电气中标海上风电项目']))
    expect(addressOf(router)).toBe(`/t/${ENERGY}?tag=${STAR}`)
    expect(router.state.location.pathname).toBe(`/t/${encodeURIComponent(ENERGY)}`)
  })

  test('an unknown tag gets a not-found page', async () => {
    serveData(archive.files)
    renderApp(paths.tag('没有这个标签'))
    expect(await screen.findByRole('heading', { level: 1, name: '找不到这个标签' })).toBeTruthy()
    expect(screen.getByRole('link', { name: '返回首页' })).toBeTruthy()
  })
})
