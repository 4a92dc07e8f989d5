// Beijing calendar days for the jump to a date (day-index.ts): the URL's day parameter, checked, and a
// sort time's day. Apart from the schemas so that the control a feed loads first carries no valibot schema.
/** The day parameter of every feed's URL (`?day=2022-05-30`). */
export const DAY_PARAM = 'day'

const BEIJING_OFFSET = 8 * 3600_000

/** The Beijing day of a sort time (milliseconds since the epoch). */
export function beijingDay(t: number): string {
  return new Date(t + BEIJING_OFFSET).toISOString().slice(0, 10)
}

/** Milliseconds since the epoch at the start of a Beijing day (2022-05-30 → 2022-05-29T16:00Z). */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`)
}

/** A well-formed day that exists on the calendar (2022-02-30 is not one), else null. */
export function parseDay(value: string | null): string | null {
  if (value === null || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const t = dayStart(value)
  return Number.isFinite(t) && beijingDay(t) === value ? value : null
}
