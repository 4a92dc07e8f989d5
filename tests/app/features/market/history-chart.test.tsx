// The stock page's chart on its own: the bars a security's history gives (per day, week or month), the
// accessible name that states them, and the value shown for the bar under the pointer or the focus.
import { describe, expect, test } from 'vitest'
import { fireEvent, render, screen } from '@testing-library/react'
import { MemoryRouter } from 'react-router-dom'
import type { SecurityHistory } from '../../../../src/content/market.ts'
import { bucketsOf } from '../../../../src/features/market/chart-buckets.ts'
import { HistoryChart } from '../../../../src/features/market/components/history-chart.tsx'

const history = (days: SecurityHistory['days']): SecurityHistory => ({ secid: '1.600160', days, undated: 0, with: [] })

describe('the history chart', () => {
  test('draws a day per bar for a short span, at least 30 days, and states every day with stories', () => {
    render(
      <MemoryRouter>
        <HistoryChart name="巨化股份" history={history([['2022-05-26', 1], ['2022-05-30', 3]])} hrefOf={(b) => `/s/1.600160?from=${b.from}&to=${b.to}`} />
      </MemoryRouter>,
    )
    const chart = screen.getByRole('img')
    expect(chart.getAttribute('aria-label')).toBe('提及巨化股份的文章数，按日：2022年5月26日 1 篇，2022年5月30日 3 篇；共 4 篇')
    expect(chart.querySelectorAll('rect')).toHaveLength(30)
    // Only bars with stories are links (tab stops); each opens its day.
    const links = screen.getAllByRole('link')
    expect(links.map((l) => l.getAttribute('aria-label'))).toEqual(['2022年5月26日：1 篇，查看这些文章', '2022年5月30日：3 篇，查看这些文章'])
    expect(links[1]?.getAttribute('href')).toBe('/s/1.600160?from=2022-05-30&to=2022-05-30')
    fireEvent.focus(links[1] as HTMLElement)
    expect(document.querySelector('.history__value')?.textContent).toBe('2022年5月30日：3 篇')
    expect(chart.querySelectorAll('.history__bar--active')).toHaveLength(1)
    fireEvent.blur(links[1] as HTMLElement)
    fireEvent.mouseEnter(links[0] as HTMLElement)
    expect(document.querySelector('.history__value')?.textContent).toBe('2022年5月26日：1 篇')
  })

  test('groups a long span by week, then by month, keeping every story', () => {
    const weeks = bucketsOf([['2022-01-03', 2], ['2022-01-09', 1], ['2022-06-01', 4]])
    expect(weeks.size).toBe('week')
    expect(weeks.buckets[0]).toEqual({ from: '2022-01-03', to: '2022-01-09', count: 3 })
    expect(weeks.buckets.reduce((n, b) => n + b.count, 0)).toBe(7)
    const months = bucketsOf([['2020-01-15', 1], ['2022-06-01', 2], ['2022-06-30', 1]])
    expect(months.size).toBe('month')
    expect(months.buckets.at(-1)).toEqual({ from: '2022-06-01', to: '2022-06-30', count: 3 })
    expect(months.buckets).toHaveLength(30)
  })
})
