// 跳到日期 on every feed: a native date input bounded by the feed's newest and oldest day (the years its
// newest page names), the day kept in the URL (`?day=2022-05-30`, a new history entry, so Back returns).
// Only this control is in the route's first load; the list that starts at the day is a lazy chunk
// (jump-to-date-list.tsx). A `?day=` address is never hydrated over a prerendered page (main.tsx renders
// any address with a query afresh), so the server never draws the day's list.
import { lazy, Suspense, type ComponentProps } from 'react'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router-dom'
import { DAY_PARAM, parseDay } from '../../../content/days.ts'
import { FeedSkeleton } from '../../../components/skeletons.tsx'
import { feedQuery } from '../api/feed-query.ts'
import './jump-to-date.css'

const DayList = lazy(() => import('./jump-to-date-list.tsx'))

/** The day the URL asks for, when it is a real calendar day; and the way to set or clear it. */
export function useJumpDay(): [string | null, (day: string | null) => void] {
  const [search, setSearch] = useSearchParams()
  const set = (day: string | null) => {
    const next = new URLSearchParams(search)
    if (day) next.set(DAY_PARAM, day)
    else next.delete(DAY_PARAM)
    setSearch(next)
  }
  return [parseDay(search.get(DAY_PARAM)), set]
}

/** `head`: the feed's newest page (already read for the list), which names its years. */
export function JumpToDate({ head }: { head: string | null }) {
  const [day, setDay] = useJumpDay()
  const asked = useSearchParams()[0].get(DAY_PARAM)
  const years = useInfiniteQuery(feedQuery(head)).data?.pages[0]?.days ?? []
  if (years.length === 0) return null
  return (
    <div className="jump-to-date">
      <label>
        跳到日期{' '}
        <input
          type="date"
          value={day ?? ''}
          min={years.at(-1)?.[1]}
          max={years[0]?.[0]}
          // A cleared field or a half-typed year is no day: the list stays where it is.
          onChange={(e) => {
            const picked = parseDay(e.target.value)
            if (picked) setDay(picked)
          }}
        />
      </label>
      {/* A hand-made address with no such day shows the newest, and says why. */}
      {asked !== null && day === null ? <span role="status">“{asked}”不是日期，显示的是最新的消息。</span> : null}
    </div>
  )
}

/** The feed from the end of `day` back, loaded with its code when a day is asked for. */
export function JumpedList(props: ComponentProps<typeof DayList>) {
  return (
    <Suspense fallback={<FeedSkeleton />}>
      <DayList {...props} />
    </Suspense>
  )
}
