// Dates in the data are ISO 8601 strings already written in Beijing time (+08:00), so the parts a
// reader sees can be read off the string: no time-zone database, the same on a server and in a browser.

export interface BeijingParts {
  /** 2022-03-09 */
  day: string
  /** 19:54 */
  time: string
  year: number
  month: number
  date: number
}

/** The Beijing calendar day and clock time of an ISO string with +08:00; null for anything else. */
export function beijingParts(iso: string | null): BeijingParts | null {
  if (!iso) return null
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):\d{2}\+08:00$/.exec(iso)
  if (!m) return null
  const [, y = '', mo = '', d = '', h = '', mi = ''] = m
  return { day: `${y}-${mo}-${d}`, time: `${h}:${mi}`, year: Number(y), month: Number(mo), date: Number(d) }
}

/** Milliseconds since the epoch, for sorting; -Infinity for a missing date so undated posts sort last. */
export function timeValue(iso: string | null): number {
  if (!iso) return Number.NEGATIVE_INFINITY
  const t = Date.parse(iso)
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t
}
