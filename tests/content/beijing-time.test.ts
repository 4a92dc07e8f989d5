// Reading Beijing dates off the data's ISO strings, the same in Node and in every browser.
import { describe, expect, it } from 'vitest'
import { beijingParts, timeValue } from '../../src/content/beijing-time.ts'

describe('beijingParts', () => {
  it('reads the Beijing day and clock time off a +08:00 string', () => {
    expect(beijingParts('2022-03-09T19:54:03+08:00')).toEqual({ day: '2022-03-09', time: '19:54', year: 2022, month: 3, date: 9 })
    expect(beijingParts('2021-12-31T23:59:59+08:00')).toMatchObject({ day: '2021-12-31', time: '23:59', year: 2021, month: 12, date: 31 })
  })

  it('does not depend on the time zone of the machine: the day is the Beijing day even just after midnight', () => {
    expect(beijingParts('2022-05-26T00:19:55+08:00')).toMatchObject({ day: '2022-05-26', time: '00:19' })
  })

  it.each([null, '', '2022-03-09T11:54:03Z', '2022-03-09T19:54:03+09:00', '2022-03-09 19:54:03 +0800', '2022-03-09', 'yesterday'])(
    'is null for %j, which is not Beijing ISO time',
    (value) => {
      expect(beijingParts(value)).toBeNull()
    },
  )
})

describe('timeValue', () => {
  it('orders Beijing times by the instant they name', () => {
    expect(timeValue('2022-03-09T19:54:03+08:00')).toBe(Date.UTC(2022, 2, 9, 11, 54, 3))
    expect(timeValue('2022-03-10T00:00:00+08:00')).toBeGreaterThan(timeValue('2022-03-09T23:59:59+08:00'))
  })

  it('puts a missing or unreadable date before every real one', () => {
    expect(timeValue(null)).toBe(Number.NEGATIVE_INFINITY)
    expect(timeValue('not a date')).toBe(Number.NEGATIVE_INFINITY)
    expect(timeValue('1970-01-01T08:00:00+08:00')).toBeGreaterThan(timeValue(null))
  })
})
