// Post dates to Beijing ISO time: the old site's time zone was Asia/Shanghai.
import { describe, expect, it } from 'vitest'
import { toBeijingIso } from '../../src/pipeline/read/dates.ts'

describe('toBeijingIso', () => {
  it('keeps a +0800 date as it is', () => {
    expect(toBeijingIso('2021-12-08 15:46:00 +0800')).toBe('2021-12-08T15:46:00+08:00')
    expect(toBeijingIso('2022-03-09T19:54:03+08:00')).toBe('2022-03-09T19:54:03+08:00')
  })

  it('reads a date without an offset as Beijing time, not UTC', () => {
    expect(toBeijingIso('2021-12-08 10:46:18')).toBe('2021-12-08T10:46:18+08:00')
  })

  it('converts other offsets to +08:00', () => {
    expect(toBeijingIso('2022-03-09 11:54:03 +0000')).toBe('2022-03-09T19:54:03+08:00')
    expect(toBeijingIso('2022-03-09 11:54:03Z')).toBe('2022-03-09T19:54:03+08:00')
    expect(toBeijingIso('2022-03-09 13:54:03 +02:00')).toBe('2022-03-09T19:54:03+08:00')
    expect(toBeijingIso('2022-03-09 20:54:03 +0900')).toBe('2022-03-09T19:54:03+08:00')
    expect(toBeijingIso('2022-03-09 17:24:03 +0530')).toBe('2022-03-09T19:54:03+08:00')
  })

  it('moves the day, month and year when the conversion crosses midnight', () => {
    expect(toBeijingIso('2022-03-09 20:00:00 -0500')).toBe('2022-03-10T09:00:00+08:00')
    expect(toBeijingIso('2021-12-31 23:00:00 -0100')).toBe('2022-01-01T08:00:00+08:00')
    expect(toBeijingIso('2022-03-01 01:00:00 +0900')).toBe('2022-03-01T00:00:00+08:00')
    expect(toBeijingIso('2022-03-01 00:30:00 +0900')).toBe('2022-02-28T23:30:00+08:00')
  })

  it('fills in missing seconds and a missing time', () => {
    expect(toBeijingIso('2022-03-09 19:54 +0800')).toBe('2022-03-09T19:54:00+08:00')
    expect(toBeijingIso('2022-03-09')).toBe('2022-03-09T00:00:00+08:00')
    expect(toBeijingIso('  2022-03-09 19:54:03 +0800  ')).toBe('2022-03-09T19:54:03+08:00')
  })

  it('knows leap years', () => {
    expect(toBeijingIso('2024-02-29 12:00:00 +0800')).toBe('2024-02-29T12:00:00+08:00')
    expect(toBeijingIso('2023-02-29 12:00:00 +0800')).toBeNull()
  })

  it.each(['2022-02-30', '2022-02-30 10:00:00 +0800', '2022-04-31 10:00:00', '2022-13-01', '2022-00-10', '2022-03-09 24:00:00', '2022-03-09 19:60:00', '2022-03-09 19:54:60'])(
    '%j is not a real date: null',
    (text) => {
      expect(toBeijingIso(text)).toBeNull()
    },
  )

  it.each(['+0800', ' +0800', '', 'yesterday', '2022/03/09 10:00:00', '2022-03-09 10:00:00 CST', '20220309'])('%j is not a date: null', (text) => {
    expect(toBeijingIso(text)).toBeNull()
  })

  it('keeps a year below 100 as written instead of moving it to the 1900s', () => {
    // Date.UTC maps years 0–99 to 1900–1999; a mistyped "0023" must not become 1923.
    const iso = toBeijingIso('0023-03-01 10:00:00 +0800')
    expect(iso === null || iso.startsWith('0023-')).toBe(true)
  })

  it('refuses an offset whose minutes are not minutes', () => {
    expect(toBeijingIso('2022-03-09 19:54:03 +0899')).toBeNull()
  })
})
