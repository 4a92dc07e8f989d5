// The header's search box: what it asks the search code to do while the reader types. The results screen
// follows the typing after SEARCH_DEBOUNCE_MS; the first page of results for what the box holds starts
// after the shorter SEARCH_EARLY_START_MS, so that by the time the screen shows most of its requests are
// done, and not while the reader is still typing.
import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MemoryRouter, useLocation } from 'react-router-dom'
import { SearchBox } from '../../../src/components/search-box.tsx'
import { SEARCH_DEBOUNCE_MS, SEARCH_EARLY_START_MS } from '../../../src/components/search-debounce.ts'

function Address() {
  const location = useLocation()
  return <p data-testid="address">{location.pathname + location.search}</p>
}

function renderBox(at = '/') {
  const prepare = vi.fn<(search?: string) => void>()
  render(
    <MemoryRouter initialEntries={[at]}>
      <SearchBox prepare={prepare} />
      <Address />
    </MemoryRouter>,
  )
  const type = (text: string) => fireEvent.change(screen.getByRole('searchbox'), { target: { value: text } })
  const wait = (ms: number) => {
    act(() => {
      vi.advanceTimersByTime(ms)
    })
  }
  const address = () => screen.getByTestId('address').textContent
  return { prepare, type, wait, address }
}

const query = (q: string) => new URLSearchParams({ q }).toString()

describe('the header search box', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('starts the first page of what it holds after a short pause, before the results screen shows', () => {
    const { prepare, type, wait, address } = renderBox()
    type('央行 降准')
    // The first keystroke loads the search code and the index's root.
    expect(prepare.mock.calls).toEqual([[]])
    wait(SEARCH_EARLY_START_MS)
    expect(prepare).toHaveBeenLastCalledWith(query('央行 降准'))
    expect(address()).toBe('/')
    wait(SEARCH_DEBOUNCE_MS - SEARCH_EARLY_START_MS)
    // The screen follows, asking for the same search (the one started goes on).
    expect(address()).toBe(`/search?${query('央行 降准')}`)
    expect(prepare).toHaveBeenLastCalledWith(query('央行 降准'))
  })

  it('starts nothing for text the reader goes on typing within the short pause', () => {
    const { prepare, type, wait, address } = renderBox()
    type('央')
    wait(SEARCH_EARLY_START_MS - 10)
    type('央行')
    wait(SEARCH_EARLY_START_MS - 10)
    type('央行 降准')
    wait(SEARCH_DEBOUNCE_MS)
    const searches = prepare.mock.calls.map((call) => call[0]).filter((s) => s !== undefined)
    expect(new Set(searches)).toEqual(new Set([query('央行 降准')]))
    expect(address()).toBe(`/search?${query('央行 降准')}`)
  })

  it('waits for pinyin being composed to become characters before it searches', () => {
    const { prepare, wait, address } = renderBox()
    const box = screen.getByRole('searchbox')
    fireEvent.compositionStart(box)
    // An input method shows the letters typed so far in the box while the reader picks the characters.
    fireEvent.input(box, { target: { value: '央行 jiang' }, isComposing: true })
    wait(SEARCH_DEBOUNCE_MS * 2)
    fireEvent.input(box, { target: { value: '央行 降准' }, isComposing: true })
    fireEvent.compositionEnd(box)
    expect(prepare.mock.calls.filter((call) => call[0] !== undefined)).toEqual([])
    expect(address()).toBe('/')
    wait(SEARCH_EARLY_START_MS)
    expect(prepare).toHaveBeenLastCalledWith(query('央行 降准'))
    wait(SEARCH_DEBOUNCE_MS)
    expect(address()).toBe(`/search?${query('央行 降准')}`)
  })

  it('keeps the search screen\'s filters in the search it starts early', () => {
    const { prepare, type, wait } = renderBox(`/search?q=${encodeURIComponent('央行')}&category=emnews`)
    type('降准')
    wait(SEARCH_EARLY_START_MS)
    const started = new URLSearchParams(prepare.mock.lastCall?.[0])
    expect(started.get('q')).toBe('降准')
    expect(started.get('category')).toBe('emnews')
  })
})
