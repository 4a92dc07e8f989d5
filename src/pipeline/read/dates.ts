// Post dates to ISO 8601 in Beijing time. A date without an offset is Beijing time, as the old site's
// `timezone: Asia/Shanghai` says; one with another offset is converted.

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** Minutes east of UTC; null for an offset no clock uses (+0899, +2400). */
function offsetMinutes(zone: string | undefined): number | null {
  if (!zone) return 8 * 60
  if (zone.toUpperCase() === 'Z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = Number(digits.slice(2, 4))
  if (hours > 14 || minutes > 59) return null
  return sign * (hours * 60 + minutes)
}

/** `2022-03-09 19:54:03 +0800` → `2022-03-09T19:54:03+08:00`; null when it is not a real date and time. */
export function toBeijingIso(text: string): string | null {
  const m = DATE.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  const offset = offsetMinutes(zone)
  if (offset === null || year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null
  const check = new Date(0)
  check.setUTCFullYear(year, month - 1, day) // not Date.UTC, which reads years 0–99 as 1900–1999
  check.setUTCHours(hour, minute, second)
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null // 2022-02-30
  const beijing = new Date(check.getTime() - offset * 60_000 + 8 * 3_600_000)
  return (
    `${pad(beijing.getUTCFullYear(), 4)}-${pad(beijing.getUTCMonth() + 1)}-${pad(beijing.getUTCDate())}` +
    `T${pad(beijing.getUTCHours())}:${pad(beijing.getUTCMinutes())}:${pad(beijing.getUTCSeconds())}+08:00`
  )
}
