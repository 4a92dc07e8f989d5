// A feed's items under day headings in Beijing time, newest first; undated items close the list.
import type { FeedItem as FeedItemData } from '../../../content/schema.ts'
import { dayOf, formatDay, UNDATED } from '../../../lib/format-date.ts'
import { FeedItem } from './feed-item.tsx'
import './feed.css'

interface DayGroup {
  /** `2022-03-09`, or null for the undated. */
  day: string | null
  items: FeedItemData[]
}

export function groupByDay(items: readonly FeedItemData[]): DayGroup[] {
  const groups: DayGroup[] = []
  for (const item of items) {
    const day = dayOf(item.date)
    const last = groups.at(-1)
    if (last && last.day === day) last.items.push(item)
    else groups.push({ day, items: [item] })
  }
  return groups
}

export function FeedList({ items }: { items: readonly FeedItemData[] }) {
  return (
    <div className="feed-list">
      {groupByDay(items).map((group, i) => (
        <section className="feed-day" key={`${group.day ?? 'undated'}-${i}`}>
          <h2 className="feed-day__heading">{group.day ? <time dateTime={group.day}>{formatDay(group.day)}</time> : UNDATED}</h2>
          <ol className="feed-day__items">
            {group.items.map((item) => (
              <li key={item.id}>
                <FeedItem item={item} />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  )
}
