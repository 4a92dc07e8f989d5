// @vitest-environment node
// Stock pages, and articles with their mention cards and 相关股票 list, render where there is no browser at
// all: nothing of theirs touches window or document outside effects and handlers.
import { describe, expect, test } from 'vitest'
import { paths } from '../../../../src/content/routes.ts'
import { MAIN_ID, MAIN_TITLE, MEDICAL, STEEL, stockArchive } from '../../fixtures/stock-news.ts'
import { prerender } from '../../support/prerender.tsx'

const archive = stockArchive()

describe('stocks without a browser', () => {
  test('there is no DOM here', () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
  })

  test('a stock page renders its facts and its newest articles', async () => {
    const html = await prerender(paths.stock(STEEL.secid), archive)
    expect(html).toContain(`<title>${STEEL.name}（${STEEL.code}） · 金融消息</title>`)
    expect(html).toContain(STEEL.market)
    expect(html).toContain(MAIN_TITLE)
    expect(html).toContain(`href="https://quote.eastmoney.com/unify/r/${STEEL.secid}"`)
  })

  test('an article renders its 相关股票 list, with no card open', async () => {
    const html = await prerender(paths.article(MAIN_ID), archive)
    expect(html).toContain('相关股票')
    expect(html).toContain(`href="${paths.stock(MEDICAL.secid)}"`)
    expect(html).not.toContain('role="dialog"')
  })
})
