// The reader's own state in Chromium over the real corpus: read marks and 只看未读, saving and /saved,
// state surviving a reload and reaching a second tab within a second, home's count since the last visit,
// and storage that throws (the reader goes on and says what it could not keep).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { newPage } from './support/browser.ts'
import { corpusBuild } from './support/context.ts'
import type { CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, letPicturesFail, open, routes, scrollToFeedEnd, shownItems, waitForH1 } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'

const build = corpusBuild()
/** The goal: a change shows in another open tab within a second. */
const OTHER_TAB_MS = 1000

function items(page: Page) {
  return page.locator('main [data-feed-item]')
}

async function savedTitles(page: Page): Promise<string[]> {
  return (await shownItems(page)).map((item) => item.title)
}

describe.runIf(build !== null)("the reader's own state", () => {
  let server: StaticServer
  let model: CorpusModel
  let slug: string

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
    slug = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)[0]?.slug ?? ''
  })
  afterAll(() => closeCorpusSite(server))

  it('marks an opened article read, and 只看未读 (kept in the URL) hides it, also after a reload', async () => {
    const tab = await newPage()
    await open(tab, routes.category(server, slug))
    await tab.waitVisible(items(tab.page).first(), 'the feed items')
    const [first, second] = await shownItems(tab.page)
    expect(second).toBeDefined()
    await tab.page.getByRole('link', { name: first?.title ?? '', exact: true }).first().click()
    await waitForH1(tab, first?.title ?? '')
    await tab.page.goBack()
    const readItem = tab.page.locator(`main [data-article-id="${first?.id}"]`)
    // A read item says so to screen readers (已读) and is dimmed by that mark.
    await expect.poll(() => readItem.locator('.read-mark').textContent()).toBe('（已读）')

    // Clicked, not check(): the router applies the address in a transition, so the box follows a moment later.
    await tab.page.getByRole('switch', { name: '只看未读' }).click()
    await expect.poll(() => new URL(tab.page.url()).searchParams.get('unread')).toBe('1')
    await expect.poll(() => readItem.count()).toBe(0)
    // Every element of the read item put on the page from now on (by the HTML parser or by the app).
    await tab.page.addInitScript((id) => {
      const counter = window as unknown as { readItemShown: number }
      counter.readItemShown = 0
      const selector = `[data-article-id="${id}"]`
      const seen = new WeakSet<Element>()
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes) {
            if (!(node instanceof Element)) continue
            for (const item of [...(node.matches(selector) ? [node] : []), ...node.querySelectorAll(selector)]) {
              if (seen.has(item)) continue
              seen.add(item)
              counter.readItemShown++
            }
          }
      }).observe(document, { childList: true, subtree: true })
    }, first?.id ?? '')
    // The reader's own code (and with it the read marks) held back until the app has drawn what it draws
    // without them: the read item a second time, or a list that waits.
    let release = (): void => undefined
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const personalUi = /\/personal-ui-[^/]*\.js$/
    await tab.page.route(personalUi, async (route) => {
      await held
      await route.continue()
    })
    const shownTimes = () => tab.page.evaluate(() => (window as unknown as { readItemShown: number }).readItemShown)
    const waiting = tab.page.getByRole('status').filter({ hasText: '正在读取已读记录…' })
    await tab.page.reload({ waitUntil: 'commit' })
    await expect.poll(async () => (await shownTimes()) > 1 || (await waiting.count()) > 0).toBe(true)
    // The prerendered page, drawn unfiltered for every visitor, held it; the app did not draw it again.
    expect(await shownTimes()).toBe(1)
    // Released, the handler lets this and any later request through (no unroute: it would race the
    // handler's own continue, and Playwright would answer the request twice).
    release()
    await tab.waitVisible(tab.page.locator(`main [data-article-id="${second?.id}"]`), 'the second item, unread')
    await expect.poll(() => tab.page.getByRole('switch', { name: '只看未读' }).isChecked()).toBe(true)
    await expect.poll(() => readItem.count()).toBe(0)
    expect(await tab.page.locator(`main [data-article-id="${second?.id}"]`).count()).toBe(1)
    expect(await shownTimes()).toBe(1)

    // 以上标为已读 marks what was scrolled past.
    await tab.page.getByRole('switch', { name: '只看未读' }).click()
    await expect.poll(() => tab.page.getByRole('switch', { name: '只看未读' }).isChecked()).toBe(false)
    await tab.page.locator('main [data-feed-item]').nth(6).scrollIntoViewIfNeeded()
    await tab.page.evaluate(() => window.scrollBy(0, 400))
    await tab.page.getByRole('button', { name: '以上标为已读' }).click()
    await expect.poll(() => tab.page.getByRole('status').filter({ hasText: /已将上方 \d+ 条标为已读/ }).count()).toBe(1)
    await expect.poll(() => tab.page.locator(`main [data-article-id="${second?.id}"] .read-mark`).count()).toBe(1)
    expectClean(tab, model)
  })

  it('saves three articles from home, lists them newest saved first on /saved, and unsaves one; a reload keeps it', async () => {
    const tab = await newPage()
    await open(tab, routes.home(server))
    const latest = 'section[aria-labelledby="home-latest"]'
    await tab.waitVisible(tab.page.locator(`${latest} [data-feed-item]`).first(), 'the newest articles')
    const shown = (await shownItems(tab.page, latest)).slice(0, 3)
    for (const item of shown) {
      const button = tab.page.locator(`${latest} [data-article-id="${item.id}"]`).getByRole('button', { name: /收藏/ })
      await button.click()
      await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true')
    }
    await tab.page.getByRole('link', { name: '收藏', exact: true }).click()
    await waitForH1(tab, '收藏')
    await expect.poll(() => savedTitles(tab.page)).toEqual(shown.map((item) => item.title).reverse())

    await tab.page.locator(`main [data-article-id="${shown[1]?.id}"]`).getByRole('button', { name: /收藏/ }).click()
    await expect.poll(() => savedTitles(tab.page)).toEqual([shown[2]?.title, shown[0]?.title])
    await tab.page.reload()
    await waitForH1(tab, '收藏')
    await expect.poll(() => savedTitles(tab.page)).toEqual([shown[2]?.title, shown[0]?.title])
    expectClean(tab, model)
  })

  it('shows a change in a second tab within a second', async () => {
    const tab = await newPage()
    const other = await tab.context.newPage()
    await open(tab, routes.category(server, slug))
    await other.goto(`${server.url}saved`)
    await other.getByRole('heading', { level: 1, name: '收藏' }).waitFor()
    await other.getByText('还没有收藏的文章', { exact: false }).waitFor()

    const [item] = await shownItems(tab.page)
    await tab.page.locator(`main [data-article-id="${item?.id}"]`).getByRole('button', { name: /收藏/ }).click()
    await other.getByRole('link', { name: item?.title ?? '', exact: true }).waitFor({ timeout: OTHER_TAB_MS })
    expectClean(tab, model)
  })

  it("shows per category how many arrived since the last visit, capped at 99+", async () => {
    const tab = await newPage()
    const [big, small] = [...model.categories].sort((a, b) => b.articles.length - a.articles.length)
    expect(big && small).toBeTruthy()
    // The last visit as storage would hold it: the biggest category had 3 fewer, another 120 fewer.
    const counts = Object.fromEntries(model.categories.map((c) => [c.slug, c.articles.length]))
    counts[big?.slug ?? ''] = (big?.articles.length ?? 0) - 3
    counts[small?.slug ?? ''] = (small?.articles.length ?? 0) - 120
    const stored = JSON.stringify({ version: 2, read: [], saved: [], watchlist: [], visit: { at: 1, counts } })
    await tab.page.addInitScript((value) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('finews:reader-state', value)
        sessionStorage.setItem('seeded', '1')
      }
    }, stored)
    await open(tab, routes.home(server))
    const index = tab.page.locator('#all-categories + ul')
    const row = (name: string) => index.locator('li').filter({ has: tab.page.getByRole('link', { name, exact: true }) })
    await expect.poll(() => row(big?.name ?? '').locator('.new-count').textContent()).toContain('+3')
    if ((small?.articles.length ?? 0) > 99) await expect.poll(() => row(small?.name ?? '').locator('.new-count').textContent()).toContain('+99+')
    // This visit is now the last one: storage holds today's counts, and a reload shows nothing new.
    await expect
      .poll(() =>
        tab.page.evaluate((slug) => {
          const stored = JSON.parse(localStorage.getItem('finews:reader-state') ?? '{}') as { visit?: { counts?: Record<string, number> } }
          return stored.visit?.counts?.[slug]
        }, big?.slug ?? ''),
      )
      .toBe(big?.articles.length)
    await tab.page.reload()
    await tab.waitVisible(index.locator('li').first(), 'the category index')
    await expect.poll(() => index.locator('.new-count').count()).toBe(0)
    expectClean(tab, model)
  })

  it('keeps working when storage throws, and says what it could not keep', async () => {
    const tab = await newPage()
    await tab.page.addInitScript(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      }
    })
    await open(tab, routes.category(server, slug))
    await tab.waitVisible(items(tab.page).first(), 'the feed items')
    const [item] = await shownItems(tab.page)
    const button = tab.page.locator(`main [data-article-id="${item?.id}"]`).getByRole('button', { name: /收藏/ })
    await button.click()
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true')
    const notice = tab.page.getByRole('alert')
    await tab.waitVisible(notice, 'the storage notice')
    expect(await notice.textContent()).toMatch(/不会保留|没能保存/)
    await tab.page.getByRole('link', { name: '收藏', exact: true }).click()
    await tab.page.getByRole('link', { name: item?.title ?? '', exact: true }).waitFor()
    await tab.page.getByRole('button', { name: '知道了' }).click()
    await expect.poll(() => notice.count()).toBe(0)
    expectClean(tab, model)
  })

  it('follows securities from a stock chip, the stock page and a mention card; /watchlist lists their news merged, newest first', async () => {
    const tab = await newPage()
    await letPicturesFail(tab)
    await open(tab, routes.category(server, slug))
    await tab.waitVisible(items(tab.page).first(), 'the feed items')
    // Two securities from the chips of the feed.
    const chipLinks = tab.page.locator('main .stock-chips a')
    const hrefs = [...new Set(await chipLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? '')))]
    const [first, second] = hrefs
    expect(second).toBeDefined()
    const chip = tab.page.locator(`main .stock-chips li:has(a[href="${first}"])`).first()
    const chipName = (await chip.getByRole('link').textContent()) ?? ''
    await chip.getByRole('button', { name: `自选：${chipName}` }).click()
    await expect.poll(() => chip.getByRole('button').getAttribute('aria-pressed')).toBe('true')

    // The stock page says it is followed, and follows the second one.
    await tab.page.goto(`${server.url}${(second ?? '').slice(1)}`)
    const follow = tab.page.getByRole('button', { name: /加自选/ })
    await tab.waitVisible(follow, 'the stock page follow button')
    await follow.click()
    await tab.waitVisible(tab.page.getByRole('button', { name: /已自选/ }), 'the stock page, followed')
    const secondItems = await scrollToFeedEnd(tab).then(() => shownItems(tab.page))
    await tab.page.goto(`${server.url}${(first ?? '').slice(1)}`)
    await tab.waitVisible(tab.page.getByRole('button', { name: /已自选/ }), 'the first stock page, followed from its chip')
    const firstItems = await scrollToFeedEnd(tab).then(() => shownItems(tab.page))

    await tab.page.getByRole('link', { name: '自选', exact: true }).click()
    await waitForH1(tab, '自选新闻')
    await tab.waitVisible(items(tab.page).first(), 'the watchlist feed')
    await scrollToFeedEnd(tab)
    const merged = await shownItems(tab.page)
    const union = new Map([...firstItems, ...secondItems].map((item) => [item.id, item]))
    expect(new Set(merged.map((item) => item.id))).toEqual(new Set(union.keys()))
    expect(merged).toHaveLength(union.size)
    const times = merged.map((item) => (item.iso ? Date.parse(item.iso) : -Infinity))
    expect(times).toEqual([...times].sort((a, b) => b - a))

    // A mention card follows too, and a followed security's mentions stand out in the body.
    // The article and mention stocks.test.ts opens cards on.
    const article = model.byId.get('202205262391921712')
    expect(article).toBeDefined()
    await open(tab, routes.article(server, article?.id ?? ''))
    await waitForH1(tab, article?.title ?? '')
    const secid = '1.600160'
    await tab.page.locator('.article-body a[data-secid]', { hasText: /^巨化股份$/ }).first().hover()
    const card = tab.page.getByRole('dialog', { name: '巨化股份', exact: true })
    await tab.waitVisible(card, 'the mention card of 巨化股份')
    await card.getByRole('button', { name: /自选/ }).click()
    await expect.poll(() => tab.page.locator(`.article-body a[data-secid="${secid}"][data-followed]`).count()).toBeGreaterThan(0)
    await tab.page.getByRole('link', { name: '自选', exact: true }).click()
    await tab.waitVisible(tab.page.locator(`.watchlist-securities a[href="/s/${secid}"]`), 'the third security in the list')
    expectClean(tab, model)
  })

  it('exports everything as a JSON file, and imports it back after storage was cleared', async () => {
    const tab = await newPage()
    await open(tab, routes.category(server, slug))
    const first = tab.page.locator('main [data-feed-item]').first()
    await tab.waitVisible(first.locator('[data-action="save"]:not([disabled])'), 'the 收藏 button')
    const [item] = await shownItems(tab.page)
    await first.locator('[data-action="save"]').click()
    await expect.poll(() => first.locator('[data-action="save"]').getAttribute('aria-pressed')).toBe('true')

    await tab.page.getByRole('link', { name: '设置', exact: true }).click()
    await waitForH1(tab, '设置')
    // The summary, not the status line (已从「…」导入：… says the same numbers once a file is imported).
    const summary = tab.page.locator('p:not([role="status"])').filter({ hasText: /条已读，\d+ 篇收藏/ })
    await expect.poll(() => summary.textContent()).toContain('1 篇收藏')
    const [download] = await Promise.all([tab.page.waitForEvent('download'), tab.page.getByRole('button', { name: '导出为 JSON 文件' }).click()])
    const file = await download.path()

    await tab.page.evaluate(() => localStorage.clear())
    await tab.page.reload()
    await waitForH1(tab, '设置')
    await expect.poll(() => summary.textContent()).toContain('0 篇收藏')

    await tab.page.getByLabel('从文件导入').setInputFiles(file)
    await expect.poll(() => summary.textContent()).toContain('1 篇收藏')
    await expect.poll(() => tab.page.getByRole('status').filter({ hasText: '导入：' }).textContent()).toContain('1 篇收藏')
    await tab.page.reload()
    await expect.poll(() => summary.textContent()).toContain('1 篇收藏')
    await tab.page.goto(`${server.url}saved`)
    await tab.waitVisible(tab.page.getByRole('link', { name: item?.title ?? '', exact: true }), 'the imported saved article')

    // A file that is not an export is refused with the reason, and nothing changes.
    await tab.page.goto(`${server.url}settings`)
    await waitForH1(tab, '设置')
    await tab.page.getByLabel('从文件导入').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') })
    await tab.waitVisible(tab.page.getByText('「other.json」不是本站导出的阅读记录，未导入。'), 'the refusal')
    await expect.poll(() => summary.textContent()).toContain('1 篇收藏')
    expectClean(tab, model)
  })
})
