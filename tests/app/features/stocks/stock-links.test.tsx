// The ways to a stock page outside the cards: the 相关股票 list under an article and the chips in feeds.
import { describe, expect, test } from 'vitest'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { paths } from '../../../../src/content/routes.ts'
import { BEIJING, BOARD, HK_STOCK, MAIN_ID, MEDICAL, STEEL, US_STOCK, stockArchive } from '../../fixtures/stock-news.ts'
import { sampleArchive } from '../../fixtures/sample-news.ts'
import { serveData } from '../../support/data-server.ts'
import { renderApp } from '../../support/render-app.tsx'

const archive = stockArchive()
/** 央行开展示例逆回购操作, in the sample archive: it mentions no security. */
const PLAIN_ID = '202603091000000004'

describe('相关股票 under an article', () => {
  test('lists every mention in order of first appearance, with code and market, each linking to its stock page', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.article(MAIN_ID))

    const section = await screen.findByRole('region', { name: '相关股票' })
    const links = within(section).getAllByRole('link')
    const expected = [STEEL, MEDICAL, HK_STOCK, BOARD, BEIJING, US_STOCK]
    expect(links.map((link) => link.getAttribute('href'))).toEqual(expected.map((s) => paths.stock(s.secid)))
    expected.forEach((security, i) => {
      const text = links[i]?.textContent ?? ''
      expect(text).toContain(security.name)
      expect(text).toContain(security.code)
      expect(text).toContain(security.market)
    })
    // Below the body, not inside it.
    expect(document.querySelector('.article-body')?.contains(section)).toBe(false)

    await user.click(links[1] ?? section)
    expect(await screen.findByRole('heading', { level: 1, name: MEDICAL.name })).toBeTruthy()
  })

  test('an article without mentions has no such list', async () => {
    const sample = sampleArchive()
    serveData(sample.files)
    renderApp(paths.article(PLAIN_ID))
    await screen.findByRole('heading', { level: 1, name: sample.articles.get(PLAIN_ID)?.title ?? '' })
    expect(sample.articles.get(PLAIN_ID)?.mentions).toEqual([])
    expect(screen.queryByRole('region', { name: '相关股票' })).toBeNull()
    expect(screen.queryByText('相关股票')).toBeNull()
  })
})

describe('stock chips in feeds', () => {
  test('show up to three mentions of an item and lead to their stock pages', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))

    const first = (await screen.findAllByRole('article'))[0]
    if (!first) throw new Error('no feed item')
    const chips = within(within(first).getByRole('list', { name: '提及的证券' })).getAllByRole('link')
    expect(chips.map((chip) => chip.textContent)).toEqual([STEEL.name, MEDICAL.name, HK_STOCK.name])
    expect(chips.map((chip) => chip.getAttribute('href'))).toEqual([STEEL, MEDICAL, HK_STOCK].map((s) => paths.stock(s.secid)))
    // Stock pages belong to the reader: no new tab.
    expect(chips[0]?.hasAttribute('target')).toBe(false)

    await user.click(chips[2] ?? first)
    expect(await screen.findByRole('heading', { level: 1, name: HK_STOCK.name })).toBeTruthy()
    expect(screen.getByText(HK_STOCK.market)).toBeTruthy()
  })
})
