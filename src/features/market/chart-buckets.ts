// A security's stories per day cut into the bars a chart can show: per day up to 120 days, per week (from
// Monday) up to two years, per month beyond. Pure, so the server render and the browser draw the same bars.
import type { SecurityHistory } from '../../content/market.ts'

export type BucketSize = 'day' | 'week' | 'month'

export interface Bucket {
  /** First and last day it covers (Beijing days, 2022-05-26). */
  from: string
  to: string
  count: number
}

const DAY_MS = 86_400_000
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS
const dayText = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10)

/** At least this many days are drawn, ending with the last day with stories, so one story is not one wide bar. */
const MIN_DAYS = 30

export function bucketsOf(days: SecurityHistory['days']): { size: BucketSize; buckets: Bucket[] } {
  const last = days.at(-1)
  const first = days[0]
  if (!last || !first) return { size: 'day', buckets: [] }
  const end = dayNumber(last[0])
  const start = Math.min(dayNumber(first[0]), end - MIN_DAYS + 1)
  const span = end - start + 1
  const size: BucketSize = span <= 120 ? 'day' : span <= 730 ? 'week' : 'month'
  const keyOf = (n: number): number => {
    if (size === 'day') return n
    if (size === 'week') return n - ((new Date(n * DAY_MS).getUTCDay() + 6) % 7)
    const d = new Date(n * DAY_MS)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS
  }
  const counts = new Map<number, number>()
  for (const [day, n] of days) counts.set(keyOf(dayNumber(day)), (counts.get(keyOf(dayNumber(day))) ?? 0) + n)
  const buckets: Bucket[] = []
  for (let n = keyOf(start); n <= end; ) {
    let next: number
    if (size === 'day') next = n + 1
    else if (size === 'week') next = n + 7
    else {
      const d = new Date(n * DAY_MS)
      next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS
    }
    buckets.push({ from: dayText(n), to: dayText(next - 1), count: counts.get(n) ?? 0 })
    n = next
  }
  return { size, buckets }
}

/** 2022-05-26 → 2022年5月26日; a week or month as its range or month. */
export function bucketName(bucket: Bucket, size: BucketSize): string {
  const [y, m, d] = bucket.from.split('-').map(Number) as [number, number, number]
  if (size === 'month') return `${y}年${m}月`
  const day = `${y}年${m}月${d}日`
  if (size === 'day') return day
  const [, m2, d2] = bucket.to.split('-').map(Number) as [number, number, number]
  return `${day}至${m2}月${d2}日`
}
