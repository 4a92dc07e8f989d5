import { describe, expect, test } from 'vitest'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { paths } from '../../../../src/content/routes.ts'
import { BEIJING, MEDICAL, STEEL, STEEL_TITLES, US_STOCK, shardOf, stockArchive } from '../../fixtures/stock-news.ts'
import { serveData } from '../../support/data-server.ts'
import { renderApp } from '../../support/render-app.tsx'

const archive = stockArchive()
const steelPages = archive.feedPages.get(`security:${STEEL.secid}`) ?? []

/** Headline links in list order. */
function headlines(): string[] {
  return screen.queryAllByRole('article').map((item) => within(item).getAllByRole('link')[0]?.textContent ?? '')
}

describe('a stock page', () => {
  test('shows name, code, market, count and the quote link, and every article that mentions it, newest first', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.stock(STEEL.secid))

    expect(await screen.findByRole('heading', { level: 1, name: STEEL.name })).toBeTruthy()
    const facts = within(document.querySelector<HTMLElement>('.stock-head') ?? document.body)
    expect(facts.getByText(STEEL.code)).toBeTruthy()
    expect(facts.getByText(STEEL.market)).toBeTruthy()
    expect(facts.getByText('7 篇')).toBeTruthy()
    const quote = screen.getByRole('link', { name: /查看行情/ })
    expect(quote.getAttribute('href')).toBe(`https://quote.eastmoney.com/unify/r/${STEEL.secid}`)
    expect(quote.getAttribute('target')).toBe('_blank')
    expect(quote.getAttribute('rel')).toBe('noopener noreferrer')
    await waitFor(() => expect(document.title).toBe(`${STEEL.name}（${STEEL.code}） · 金融消息`))

    // The first page holds five; the rest arrive on request (or as the reader scrolls near the end).
    await waitFor(() => expect(headlines()).toEqual(STEEL_TITLES.slice(0, 5)))
    await user.click(screen.getByRole('button', { name: '加载更多' }))
    await waitFor(() => expect(headlines()).toEqual(STEEL_TITLES))
    expect(await screen.findByText('已经到底了')).toBeTruthy()
    expect(steelPages).toHaveLength(2)
  })

  test('names every market in words', async () => {
    serveData(archive.files)
    const { router } = renderApp(paths.stock(BEIJING.secid))
    expect(await screen.findByRole('heading', { level: 1, name: BEIJING.name })).toBeTruthy()
    expect(screen.getByText(BEIJING.market)).toBeTruthy()

    await router.navigate(paths.stock(US_STOCK.secid))
    expect(await screen.findByRole('heading', { level: 1, name: US_STOCK.name })).toBeTruthy()
    expect(screen.getByText(US_STOCK.market)).toBeTruthy()
  })

  test('a malformed secid is the not-found page, and so is one the archive never mentions', async () => {
    const server = serveData(archive.files)
    const { router } = renderApp('/s/not-a-secid')
    expect(await screen.findByRole('heading', { level: 1, name: '找不到这只证券' })).toBeTruthy()
    expect(screen.getByText('这个链接里的证券代码不正确。')).toBeTruthy()
    expect(server.requests.filter((path) => path.startsWith('lookups/s'))).toEqual([])

    await router.navigate(paths.stock('1.699999'))
    expect(await screen.findByText('存档中没有提及 1.699999 的文章。')).toBeTruthy()
    expect(screen.getByRole('heading', { level: 1, name: '找不到这只证券' })).toBeTruthy()
  })

  test('a failed shard shows what went wrong with a retry that works', async () => {
    const server = serveData(archive.files)
    const shard = shardOf(archive, MEDICAL.secid)
    server.fail(shard, 'http-500')
    const user = userEvent.setup()
    renderApp(paths.stock(MEDICAL.secid))

    expect(await screen.findByRole('alert')).toBeTruthy()
    expect(screen.getByText(/服务器暂时无法提供数据/)).toBeTruthy()
    server.heal(shard)
    await user.click(screen.getByRole('button', { name: '重试' }))
    expect(await screen.findByRole('heading', { level: 1, name: MEDICAL.name })).toBeTruthy()
    await waitFor(() => expect(headlines()).toEqual(['晨星钢铁与蓝湾医疗签署战略合作协议', '蓝湾医疗新品获批上市']))
  })

  test('a failed list of articles shows a retry under the stock’s facts', async () => {
    const server = serveData(archive.files)
    const [head = ''] = steelPages
    server.fail(head, 'broken-json')
    const user = userEvent.setup()
    renderApp(paths.stock(STEEL.secid))

    expect(await screen.findByRole('heading', { level: 1, name: STEEL.name })).toBeTruthy()
    expect(await screen.findByText('数据文件已损坏，无法读取。')).toBeTruthy()
    server.heal(head)
    await user.click(screen.getByRole('button', { name: '重试' }))
    await waitFor(() => expect(headlines()).toEqual(STEEL_TITLES.slice(0, 5)))
  })
})
