// How the reader writes Beijing dates. The parts come from content/beijing-time (read off the ISO string),
// so the same text renders on a server and in any browser, whatever its time zone.
import { beijingParts } from '../content/beijing-time.ts'

export const UNDATED = '日期不详'

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const

/** `2022-03-09 19:54 北京时间`, or 日期不详. */
export function formatDateTime(iso: string | null): string {
  const parts = beijingParts(iso)
  return parts ? `${parts.day} ${parts.time} 北京时间` : UNDATED
}

/** `19:54`, or an empty string for an undated item (its day heading already says 日期不详). */
export function formatTime(iso: string | null): string {
  return beijingParts(iso)?.time ?? ''
}

/** The Beijing calendar day an item belongs to, `2022-03-09`, or null when undated. */
export function dayOf(iso: string | null): string | null {
  return beijingParts(iso)?.day ?? null
}

/** A day heading: `2022年3月9日 星期三`. */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return UNDATED
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])]
  // The weekday of a calendar date does not depend on a time zone, so UTC arithmetic is exact here.
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, date)).getUTCDay()] ?? ''
  return `${year}年${month}月${date}日 ${weekday}`
}
