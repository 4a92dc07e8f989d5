// The keyboard over the real corpus: s saves the focused item, m marks it read, o opens it, g s / g w /
// g h go to saved, watchlist and home, / focuses the search box, ? lists every key; none fire while
// typing in the search box.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPage } from './support/browser.ts'
import { corpusBuild } from './support/context.ts'
import type { CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, open, routeOf, routes, shownItems, waitForH1 } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()

describe.runIf(build !== null)('the keyboard', () => {
  let server: StaticServer
  let model: CorpusModel
  let slug: string

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
    slug = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[0]?.slug ?? ''
  })
  afterAll(() => closeCorpusSite(server))

  it('s, m, o, g and ? act on the item j selected; / goes to search, where no key fires', async () => {
    const tab = await newPage()
    await open(tab, routes.category(server, slug))
    const first = tab.page.locator('main [data-feed-item]').first()
    await tab.waitVisible(first, 'the feed items')
    // The controls arrive after hydration: wait for a working 收藏 button.
    await tab.waitVisible(first.locator('[data-action="save"]:not([disabled])'), 'the 收藏 button')
    const [item] = await shownItems(tab.page)

    await tab.page.keyboard.press('j')
    await tab.page.keyboard.press('s')
    await expect.poll(() => first.locator('[data-action="save"]').getAttribute('aria-pressed')).toBe('true')
    await tab.page.keyboard.press('m')
    await expect.poll(() => first.locator('.read-mark').count()).toBe(1)
    await tab.page.keyboard.press('m')
    await expect.poll(() => first.locator('.read-mark').count()).toBe(0)

    await tab.page.keyboard.press('?')
    const help = tab.page.getByRole('dialog', { name: '键盘快捷键' })
    await tab.waitVisible(help, 'the key help')
    for (const key of ['j / k', 'Enter', 'o / v', 's', 'm', '/', 'g h', 'g s', 'g w', '?']) {
      expect(await help.locator('kbd', { hasText: key }).count(), `the help lists ${key}`).toBeGreaterThan(0)
    }
    await tab.page.keyboard.press('Escape')
    await expect.poll(() => help.count()).toBe(0)

    await tab.page.keyboard.press('g')
    await tab.page.keyboard.press('s')
    await waitForH1(tab, '收藏')
    await tab.waitVisible(tab.page.getByRole('link', { name: item?.title ?? '', exact: true }), 'the saved item')
    await tab.page.keyboard.press('g')
    await tab.page.keyboard.press('w')
    await waitForH1(tab, '自选新闻')
    await tab.page.keyboard.press('g')
    await tab.page.keyboard.press('h')
    await waitForH1(tab, '最新消息')

    // / focuses the search box; typing there (even g, s, m, ?) only types.
    const search = tab.page.locator('#site-search')
    await tab.page.keyboard.press('/')
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true)
    await tab.page.keyboard.type('gsm?')
    expect(await search.inputValue()).toBe('gsm?')
    expect(await tab.page.getByRole('dialog').count()).toBe(0)

    // o opens the selected item's article (a feed does not carry the original's address).
    await open(tab, routes.category(server, slug))
    await tab.waitVisible(first.locator('[data-action="save"]:not([disabled])'), 'the 收藏 button')
    await tab.page.keyboard.press('j')
    await tab.page.keyboard.press('o')
    await waitForH1(tab, item?.title ?? '')
    expect(routeOf(tab.page, server)).toBe(`/a/${item?.id ?? ''}`)
    expectClean(tab, model)
  })
})
