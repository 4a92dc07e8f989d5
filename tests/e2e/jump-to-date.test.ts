// 跳到日期 (#13): a category and a stock feed jump to a day kept in the address (`?day=`), show that day's
// articles and older ones, newest first (per the post files, support/corpus-model.ts), load older ones on
// scroll, land on the nearest older day when the day has none (and say so), and Back, reload and 回到最新
// behave. Screenshots at 1280 and 390 px, light and dark, go to $FINEWS_SCREENSHOTS when it is set.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPage, type TestPage } from './support/browser.ts'
import { corpusBuild, requireCorpusBuild } from './support/context.ts'
import { type CorpusArticle, type CorpusModel } from './support/corpus-model.ts'
import { closeCorpusSite, openCorpusSite } from './support/corpus-site.ts'
import { expectClean, open, routes, routeUrl, scrollToFeedEnd, shownItems } from './support/reader.ts'
import type { StaticServer } from './support/static-server.ts'
import { articlesMentioning } from './support/stock-corpus.ts'

const build = corpusBuild()
/** A board mentioned on two days of the corpus, months apart. */
const SECID = '90.BK0740'

/** The feed from the end of `day` back, as the post files have it. */
const fromDay = (list: readonly CorpusArticle[], day: string) => list.filter((a) => a.day <= day)

function dayInUrl(tab: TestPage): string | null {
  return new URL(tab.page.url()).searchParams.get('day')
}

async function expectShown(tab: TestPage, expected: readonly CorpusArticle[], what: string): Promise<void> {
  try {
    await expect.poll(async () => (await shownItems(tab.page)).map((item) => item.id), { timeout: 15_000 }).toEqual(expected.map((a) => a.id))
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}\n${await tab.summary()}`, { cause: error })
  }
}

/** The first `n` items shown are the first `n` expected ones (the rest loads on scroll). */
async function expectShownStart(tab: TestPage, expected: readonly CorpusArticle[], n: number): Promise<void> {
  await expect.poll(async () => (await shownItems(tab.page)).slice(0, n).map((item) => item.id), { timeout: 15_000 }).toEqual(expected.slice(0, n).map((a) => a.id))
}

describe.runIf(build !== null)('jump to a date', () => {
  let server: StaticServer
  let model: CorpusModel
  let stock: CorpusArticle[]

  beforeAll(async () => {
    ;({ server, model } = await openCorpusSite())
    stock = await articlesMentioning(model, requireCorpusBuild().posts, SECID)
  })
  afterAll(() => closeCorpusSite(server))

  function category(slug: string): CorpusArticle[] {
    const found = model.categoryBySlug.get(slug)?.articles
    if (!found) throw new Error(`the corpus has no category ${slug}`)
    return found
  }

  it('in a category: the day and older, newest first, older ones on scroll; the address keeps it, reload too, and Back returns to the newest', async () => {
    const all = category('emnews')
    // A day with articles that is neither the newest nor the oldest, so the jump leaves some out and keeps some.
    const days = [...new Set(all.map((a) => a.day))]
    const day = days[Math.floor(days.length / 2)] ?? ''
    expect(fromDay(all, day).length).toBeLessThan(all.length)
    expect(fromDay(all, day).length).toBeGreaterThan(25)

    const tab = await newPage()
    await open(tab, routes.category(server, 'emnews'))
    await expectShownStart(tab, all, 10)
    const input = tab.page.getByLabel('跳到日期')
    // Bounded by the feed's first and last day.
    expect(await input.getAttribute('min')).toBe(days.at(-1))
    expect(await input.getAttribute('max')).toBe(days[0])
    await input.fill(day)

    await expect.poll(() => dayInUrl(tab)).toBe(day)
    await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '较早的消息在下面' }), 'the note of the day jumped to')
    const expected = fromDay(all, day)
    await expectShownStart(tab, expected, 20)
    expect(await input.inputValue()).toBe(day)
    await scrollToFeedEnd(tab)
    await expectShown(tab, expected, 'scrolled to the end after the jump')

    await tab.page.reload()
    await expectShownStart(tab, expected, 20)
    expect(dayInUrl(tab)).toBe(day)

    await tab.page.goBack()
    await expect.poll(() => dayInUrl(tab)).toBeNull()
    await expectShownStart(tab, all, 10)
    expectClean(tab, model)
  })

  it('a day without articles lands on the nearest older day and says so; 回到最新 goes back to the newest', async () => {
    const all = category('emnews')
    const days = [...new Set(all.map((a) => a.day))]
    // The day after the second newest day with articles, when it has none.
    const second = days[1] ?? ''
    const empty = new Date(Date.parse(`${second}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    expect(days).not.toContain(empty)
    expect(empty < (days[0] ?? '')).toBe(true)

    const tab = await newPage()
    await open(tab, `${routes.category(server, 'emnews')}?day=${empty}`)
    await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '没有消息，已跳到之前最近有消息的一天' }), 'the note that the day had none')
    await expectShownStart(tab, fromDay(all, second), 10)
    expect((await shownItems(tab.page))[0]?.iso?.slice(0, 10)).toBe(second)

    // Before the feed's first day there is nothing to show, and the page says it.
    await open(tab, `${routes.category(server, 'emnews')}?day=2001-01-01`)
    await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '及更早没有消息' }), 'the note that nothing is that old')
    expect(await shownItems(tab.page)).toEqual([])

    await tab.page.getByRole('button', { name: '回到最新' }).click()
    await expect.poll(() => dayInUrl(tab)).toBeNull()
    await expectShownStart(tab, all, 10)

    // No such day: the newest, and a word on why.
    await open(tab, `${routes.category(server, 'emnews')}?day=2022-02-30`)
    await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '“2022-02-30”不是日期' }), 'the note that the address has no day')
    await expectShownStart(tab, all, 10)
    expectClean(tab, model)
  })

  it('in a stock feed: the day and older; a day between its articles lands on the older one', async () => {
    const days = [...new Set(stock.map((a) => a.day))]
    expect(days.length).toBeGreaterThan(1)
    const [newest = '', older = ''] = days
    const between = new Date(Date.parse(`${older}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    expect(between < newest).toBe(true)

    const tab = await newPage()
    await open(tab, routeUrl(server, 's', SECID))
    await expectShown(tab, stock, 'the stock page before the jump')
    await tab.page.getByLabel('跳到日期').fill(between)
    await expect.poll(() => dayInUrl(tab)).toBe(between)
    await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '没有消息，已跳到之前最近有消息的一天' }), 'the note that the day had none')
    await expectShown(tab, fromDay(stock, between), 'the stock feed from the day back')

    await tab.page.getByLabel('跳到日期').fill(newest)
    await expect.poll(() => dayInUrl(tab)).toBe(newest)
    await expectShown(tab, fromDay(stock, newest), 'the stock feed from its newest day back')
    await tab.page.goBack()
    await expect.poll(() => dayInUrl(tab)).toBe(between)
    await expectShown(tab, fromDay(stock, between), 'Back to the day before')
    expectClean(tab, model)
  })

  it('fits at 1280 and 390 px, light and dark: the control and the note stay inside the page', async () => {
    const all = category('emnews')
    const days = [...new Set(all.map((a) => a.day))]
    const shots = process.env.FINEWS_SCREENSHOTS
    if (shots) mkdirSync(shots, { recursive: true })
    for (const width of [1280, 390]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const tab = await newPage({ width, height: 900, colorScheme })
        await open(tab, `${routes.category(server, 'emnews')}?day=${days[2] ?? ''}`)
        await tab.waitVisible(tab.page.getByRole('status').filter({ hasText: '较早的消息在下面' }), 'the note of the day jumped to')
        await expectShownStart(tab, fromDay(all, days[2] ?? ''), 5)
        const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        expect(overflow, `${width} px ${colorScheme}`).toBe(0)
        for (const what of [tab.page.getByLabel('跳到日期'), tab.page.getByRole('button', { name: '回到最新' })]) {
          const box = await what.boundingBox()
          expect(box && box.x >= 0 && box.x + box.width <= width, `${width} px ${colorScheme}`).toBe(true)
        }
        if (shots) await tab.page.screenshot({ path: path.join(shots, `jump-to-date-${width}-${colorScheme}.png`) })
        await tab.page.context().close()
      }
    }
  })
})
