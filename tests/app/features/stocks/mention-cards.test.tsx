import { afterEach, describe, expect, test, vi } from 'vitest'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { paths } from '../../../../src/content/routes.ts'
import { CLOSE_DELAY_MS } from '../../../../src/features/stocks/components/mention-cards.tsx'
import { BOARD, HK_STOCK, MAIN_ID, MAIN_TITLE, MEDICAL, STEEL, shardOf, stockArchive } from '../../fixtures/stock-news.ts'
import { serveData } from '../../support/data-server.ts'
import { renderApp } from '../../support/render-app.tsx'

const archive = stockArchive()

function body(): HTMLElement {
  const element = document.querySelector<HTMLElement>('.article-body')
  if (!element) throw new Error('no article body on the page')
  return element
}

/** The text mention of `name` in the body (not the K-line chart, which comes in the same kind of link). */
async function mentionOf(name: string, nth = 0): Promise<HTMLElement> {
  await screen.findByRole('heading', { level: 1, name: MAIN_TITLE })
  const link = within(body()).getAllByRole('link', { name })[nth]
  if (!link) throw new Error(`no mention of ${name}`)
  return link
}

function cards(): HTMLElement[] {
  return screen.queryAllByRole('dialog')
}

/**
 * A user whose actions also move the fake clock once `fakeClock` has started it (one user for the whole test:
 * it knows where its pointer is, so leaving a mention is a real pointerout).
 */
function clockedUser(): ReturnType<typeof userEvent.setup> {
  return userEvent.setup({ advanceTimers: (ms) => (vi.isFakeTimers() ? vi.advanceTimersByTime(ms) : undefined) })
}

/**
 * From here on the cards' timers (hover intent, the pointer crossing over) run on a fake clock that only the
 * test moves: a check that nothing happens once a delay is over runs after it is over, and a check made
 * before a delay is over holds, however slow the machine. Call it once the page is drawn. Testing Library
 * waits on a timer of 0 ms after every action, and moves a fake clock for it only where it finds Jest's
 * `jest.advanceTimersByTime`: that one function is lent to it.
 */
function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  vi.stubGlobal('jest', { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) })
}

/** Runs every timer due in the next `ms` of the fake clock. */
function elapse(ms: number): void {
  act(() => {
    vi.advanceTimersByTime(ms)
  })
}

/** Longer than any delay of the cards (opening 300 ms, closing CLOSE_DELAY_MS). */
const LONG_AFTER = 10 * CLOSE_DELAY_MS

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('mention cards in an article body', () => {
  test('a hovered mention opens a card named after it, with code and market, and fills in count and headlines from the shard', async () => {
    const server = serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.article(MAIN_ID))

    const mention = await mentionOf(STEEL.name)
    await user.hover(mention)
    // Hover intent: nothing opens the moment the pointer arrives.
    expect(cards()).toEqual([])
    const card = await screen.findByRole('dialog', { name: STEEL.name })
    expect(card.textContent).toContain(STEEL.code)
    expect(card.textContent).toContain(STEEL.market)
    expect(await within(card).findByText(/存档中 7 篇文章提及/)).toBeTruthy()

    const headlines = within(within(card).getByRole('list', { name: '最新文章' })).getAllByRole('link')
    expect(headlines.map((link) => link.textContent)).toEqual([MAIN_TITLE, '晨星钢铁获评绿色工厂', '晨星钢铁二月产量创新高'])
    expect(headlines[1]?.getAttribute('href')).toBe(paths.article('202603081200000003'))
    expect(within(card).getByText('本文')).toBeTruthy()

    const quote = within(card).getByRole('link', { name: '查看行情' })
    expect(quote.getAttribute('href')).toBe(`https://quote.eastmoney.com/unify/r/${STEEL.secid}`)
    expect(quote.getAttribute('target')).toBe('_blank')
    expect(quote.getAttribute('rel')).toBe('noopener noreferrer')
    expect(within(card).getByRole('link', { name: '相关新闻' }).getAttribute('href')).toBe(paths.stock(STEEL.secid))

    // The mention is described by the card's facts line, for screen readers.
    const described = mention.getAttribute('aria-describedby')
    expect(described).toBeTruthy()
    expect(document.getElementById(described ?? '')?.textContent).toContain(STEEL.market)
    // One shard request serves every security in it.
    expect(server.requests.filter((path) => path === shardOf(archive, STEEL.secid))).toHaveLength(1)
  })

  test('opens at once with what the body knows while the shard is still on its way', async () => {
    const server = serveData(archive.files)
    server.fail(shardOf(archive, HK_STOCK.secid), 'hang')
    const user = userEvent.setup()
    renderApp(paths.article(MAIN_ID))

    await user.hover(await mentionOf(HK_STOCK.name))
    const card = await screen.findByRole('dialog', { name: HK_STOCK.name })
    expect(card.textContent).toContain(HK_STOCK.code)
    expect(card.textContent).toContain(HK_STOCK.market)
    expect(within(card).getByText(/正在查询存档/)).toBeTruthy()
    expect(within(card).getByRole('link', { name: '查看行情' })).toBeTruthy()
  })

  test('a shard that fails to load leaves a message in the card and the article whole', async () => {
    const server = serveData(archive.files)
    server.fail(shardOf(archive, BOARD.secid), 'http-404')
    const user = userEvent.setup()
    renderApp(paths.article(MAIN_ID))

    await user.hover(await mentionOf(BOARD.name))
    const card = await screen.findByRole('dialog', { name: BOARD.name })
    expect(card.textContent).toContain(BOARD.market)
    expect(await within(card).findByText(/暂时无法加载存档中的相关文章/)).toBeTruthy()
    expect(screen.getByRole('heading', { level: 1, name: MAIN_TITLE })).toBeTruthy()
    expect(within(body()).getByText('协议有效期三年。')).toBeTruthy()

    // Opening the card again tries again.
    server.heal(shardOf(archive, BOARD.secid))
    await user.keyboard('{Escape}')
    await user.unhover(await mentionOf(BOARD.name))
    await user.hover(await mentionOf(BOARD.name))
    const again = await screen.findByRole('dialog', { name: BOARD.name })
    expect(await within(again).findByText(/存档中 1 篇文章提及/)).toBeTruthy()
  })

  test('keyboard focus opens the card at once, Tab goes into it, Escape closes it and leaves focus on the mention', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.article(MAIN_ID))

    const mention = await mentionOf(STEEL.name)
    // Start just before the mention, as a reader tabbing through the text would.
    const chart = within(body()).getByRole('img', { name: 'K图 600888_0' }).closest('a')
    act(() => chart?.focus())
    expect(cards()).toEqual([])
    await user.tab()
    expect(document.activeElement).toBe(mention)
    const card = await screen.findByRole('dialog', { name: STEEL.name })
    await within(card).findByText(/存档中 7 篇文章提及/)

    await user.tab()
    expect(card.contains(document.activeElement)).toBe(true)
    expect(document.activeElement?.textContent).toBe(MAIN_TITLE)

    await user.keyboard('{Escape}')
    expect(cards()).toEqual([])
    expect(document.activeElement).toBe(mention)
    expect(mention.hasAttribute('aria-describedby')).toBe(false)
  })

  test('focus leaving mention and card closes it; the next mention opens its own', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.article(MAIN_ID))

    const steel = await mentionOf(STEEL.name)
    act(() => steel.focus())
    // Focus that does not follow a key press still opens it (a skip link, a script).
    expect(await screen.findByRole('dialog', { name: STEEL.name })).toBeTruthy()
    act(() => (document.activeElement as HTMLElement | null)?.blur())
    await waitFor(() => expect(cards()).toEqual([]))

    act(() => steel.focus())
    await screen.findByRole('dialog', { name: STEEL.name })
    // Tab through the card to the next mention.
    for (let i = 0; i < 10 && document.activeElement?.textContent !== MEDICAL.name; i++) await user.tab()
    expect(document.activeElement?.textContent).toBe(MEDICAL.name)
    expect(await screen.findByRole('dialog', { name: MEDICAL.name })).toBeTruthy()
    expect(cards()).toHaveLength(1)
  })

  test('only one card is open at a time', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.article(MAIN_ID))

    await user.hover(await mentionOf(STEEL.name))
    await screen.findByRole('dialog', { name: STEEL.name })
    await user.hover(await mentionOf(MEDICAL.name))
    await screen.findByRole('dialog', { name: MEDICAL.name })
    expect(cards()).toHaveLength(1)
    expect(screen.queryByRole('dialog', { name: STEEL.name })).toBeNull()
  })

  test('the pointer can cross into the card without closing it; moving away closes it', async () => {
    serveData(archive.files)
    const user = clockedUser()
    renderApp(paths.article(MAIN_ID))

    const mention = await mentionOf(MEDICAL.name)
    await user.hover(mention)
    const card = await screen.findByRole('dialog', { name: MEDICAL.name })
    fakeClock()
    await user.unhover(mention)
    await user.hover(card)
    elapse(LONG_AFTER)
    expect(screen.getByRole('dialog', { name: MEDICAL.name })).toBe(card)

    await user.unhover(card)
    await user.hover(within(body()).getByText('协议有效期三年。'))
    expect(cards()).toHaveLength(1)
    elapse(CLOSE_DELAY_MS)
    expect(cards()).toEqual([])
  })

  test('Escape closes a hovered card, which stays closed until the pointer leaves its mention', async () => {
    serveData(archive.files)
    const user = clockedUser()
    renderApp(paths.article(MAIN_ID))

    const mention = await mentionOf(STEEL.name)
    await user.hover(mention)
    await screen.findByRole('dialog', { name: STEEL.name })
    fakeClock()
    await user.keyboard('{Escape}')
    expect(cards()).toEqual([])
    elapse(LONG_AFTER)
    expect(cards()).toEqual([])

    await user.unhover(mention)
    await user.hover(mention)
    elapse(LONG_AFTER)
    expect(screen.getByRole('dialog', { name: STEEL.name })).toBeTruthy()
  })

  test('a K-line chart in a quote link opens no card', async () => {
    serveData(archive.files)
    renderApp(paths.article(MAIN_ID))

    await mentionOf(STEEL.name)
    fakeClock()
    await clockedUser().hover(within(body()).getByRole('img', { name: 'K图 600888_0' }))
    elapse(LONG_AFTER)
    expect(cards()).toEqual([])
  })

  test('on a touch screen the first tap opens the card instead of leaving, and a tap on its link follows it', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    const { router } = renderApp(paths.article(MAIN_ID))

    const mention = await mentionOf(MEDICAL.name)
    let followed: boolean | null = null
    // Runs after the app's own handlers: records whether the tap was let through, and keeps jsdom from
    // trying to open the quote page.
    const watch = (event: MouseEvent) => {
      followed = !event.defaultPrevented
      event.preventDefault()
    }
    window.addEventListener('click', watch)
    try {
      await user.pointer({ keys: '[TouchA]', target: mention })
      expect(followed).toBe(false)
      const card = await screen.findByRole('dialog', { name: MEDICAL.name })

      await user.pointer({ keys: '[TouchA]', target: within(card).getByRole('link', { name: '查看行情' }) })
      expect(followed).toBe(true)
    } finally {
      window.removeEventListener('click', watch)
    }

    const card = await screen.findByRole('dialog', { name: MEDICAL.name })
    await user.pointer({ keys: '[TouchA]', target: within(card).getByRole('link', { name: '相关新闻' }) })
    expect(await screen.findByRole('heading', { level: 1, name: MEDICAL.name })).toBeTruthy()
    expect(router.state.location.pathname).toBe(paths.stock(MEDICAL.secid))
  })

  test('a tap elsewhere closes a tapped card', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.article(MAIN_ID))

    await user.pointer({ keys: '[TouchA]', target: await mentionOf(HK_STOCK.name) })
    await screen.findByRole('dialog', { name: HK_STOCK.name })
    await user.pointer({ keys: '[TouchA]', target: within(body()).getByText('协议有效期三年。') })
    expect(cards()).toEqual([])
  })
})
