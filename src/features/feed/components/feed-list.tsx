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

function groupByDay(items: readonly FeedItemData[]): DayGroup[] {
  const groups: DayGroup[] = []
  for (const item of items) {
    const day = dayOf(item.date)
    const last = groups.at(-1)
    if (last && last.day === day) last.items.push(item)
    else groups.push({ day, items: [item] })
  }
  return groups
}

interface FeedListProps {
  items: readonly FeedItemData[]
  /** Ids of items that just arrived (live news), marked 新. */
  fresh?: readonly string[] | undefined
}

export function FeedList({ items, fresh = [] }: FeedListProps) {
  // Groups are keyed by their day (and how many groups of that day came before, for unsorted data), not
  // by position: new items on a new day then add a group above without remounting the ones on screen,
  // which keeping the reader's place relies on.
  const seen = new Map<string, number>()
  return (
    <div className="feed-list">
      {groupByDay(items).map((group) => {
        const day = group.day ?? 'undated'
        const repeat = seen.get(day) ?? 0
        seen.set(day, repeat + 1)
        return (
          <section className="feed-day" key={`${day}-${repeat}`}>
            <h2 className="feed-day__heading">{group.day ? <time dateTime={group.day}>{formatDay(group.day)}</time> : UNDATED}</h2>
            <ol className="feed-day__items">
              {group.items.map((item) => (
                <li key={item.id}>
                  <FeedItem item={item} fresh={fresh.includes(item.id)} />
                </li>
              ))}
            </ol>
          </section>
        )
      })}
    </div>
  )
}
