// Secids: `<market>.<code>`, the one way the data names a security.
import { describe, expect, it } from 'vitest'
import { formatSecid, isSecid, parseSecid, quoteUrl } from '../../src/content/secid.ts'

describe('secid', () => {
  it.each([
    ['1.603138', 1, '603138'],
    ['0.000001', 0, '000001'],
    ['90.BK0493', 90, 'BK0493'],
    ['116.00700', 116, '00700'],
    ['106.NIO', 106, 'NIO'],
  ])('splits %s into market %i and code %s, keeping leading zeros', (secid, market, code) => {
    expect(parseSecid(secid)).toEqual({ market, code })
    expect(isSecid(secid)).toBe(true)
    expect(formatSecid(market, code)).toBe(secid)
  })

  it.each(['', '1603138', '1.', '.603138', '1234.600519', 'SH.600519', '1.600 519', '1.600519 ', ' 1.600519', '1,600519', '1.60-0519', '1.ABCDEFGHIJKLMNOPQ'])(
    'does not take %j for a secid',
    (text) => {
      expect(parseSecid(text)).toBeNull()
      expect(isSecid(text)).toBe(false)
    },
  )

  it('points a reader at the quote page of the secid', () => {
    expect(quoteUrl('1.600519')).toBe('https://quote.eastmoney.com/unify/r/1.600519')
    expect(quoteUrl('106.NIO')).toBe('https://quote.eastmoney.com/unify/r/106.NIO')
  })
})
