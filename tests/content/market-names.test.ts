// The market names a reader sees on mention cards, the 相关股票 list and stock pages, all read from
// classifySecurity(...).marketName: checked name by name here, against MARKETS.md (markets.test.ts checks
// kinds and venues), and for every market number and code the real corpus writes.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { classifySecurity } from '../../src/content/markets.ts'

const CORPUS_POSTS = join(resolve(import.meta.dirname, '../..', process.env.FINEWS_CORPUS ?? '../shared/corpus'), '_posts')

/** What a Chinese reader calls the market of a secid, written out independently of the app's table. */
function expectedName(market: number, code: string): string | null {
  if (market === 1) {
    if (/^60[0135]/.test(code)) return '上证A股'
    if (/^68[89]/.test(code)) return '科创板'
    if (code.startsWith('000')) return '上证指数'
    return null
  }
  if (market === 0) {
    if (/^00[0-3]/.test(code)) return '深证A股'
    if (/^30[01]/.test(code)) return '创业板'
    if (/^(43|83|87|92)/.test(code)) return '北交所'
    if (code.startsWith('399')) return '深证指数'
    return null
  }
  const names: Readonly<Record<number, string>> = {
    90: '行业/概念板块',
    105: '美股（纳斯达克）',
    106: '美股（纽交所）',
    107: '美股（美交所）',
    116: '港股',
    128: '港股（创业板及其他）',
    100: '全球指数',
    2: '中证指数',
  }
  return names[market] ?? null
}

describe('market names a reader sees', () => {
  it.each([
    [1, '603138', '上证A股'],
    [1, '600160', '上证A股'],
    [1, '688981', '科创板'],
    [0, '000001', '深证A股'],
    [0, '002752', '深证A股'],
    [0, '300343', '创业板'],
    [0, '430047', '北交所'],
    [0, '830799', '北交所'],
    [0, '920002', '北交所'],
    [116, '00700', '港股'],
    [106, 'NIO', '美股（纽交所）'],
    [105, 'BIDU', '美股（纳斯达克）'],
    [107, 'SPY', '美股（美交所）'],
    [90, 'BK0493', '行业/概念板块'],
    [1, '000001', '上证指数'],
  ])('%i.%s is %s', (market, code, name) => {
    expect(classifySecurity(market, code).marketName).toBe(name)
  })

  it('says 美股 for every US market, so a reader knows the country before the exchange', () => {
    for (const market of [105, 106, 107]) expect(classifySecurity(market, 'X').marketName.startsWith('美股')).toBe(true)
  })
})

/** Every `<market>.<code>` a post writes: quote links, `data-code="1,600160"` and K-line `data-code="NIO|106|7"`. */
function secidsIn(text: string): { market: number; code: string }[] {
  const found: { market: number; code: string }[] = []
  for (const m of text.matchAll(/quote\.eastmoney\.com\/(?:unify\/)?r\/(\d{1,3})\.([A-Za-z0-9_]+)/g)) found.push({ market: Number(m[1]), code: m[2] ?? '' })
  for (const m of text.matchAll(/data-code="(\d{1,3}),([A-Za-z0-9_]+)"/g)) found.push({ market: Number(m[1]), code: m[2] ?? '' })
  for (const m of text.matchAll(/data-code="(?:K\s+)?([A-Za-z0-9_]+)\|(\d{1,3})\|/g)) found.push({ market: Number(m[2]), code: m[1] ?? '' })
  return found
}

describe.runIf(existsSync(CORPUS_POSTS))('market names of the real corpus', () => {
  const written = readdirSync(CORPUS_POSTS)
    .filter((file) => file.endsWith('.md'))
    .flatMap((file) => secidsIn(readFileSync(join(CORPUS_POSTS, file), 'utf8')))

  it('finds the A-share, board, Hong Kong and US markets the corpus is known to write', () => {
    const markets = new Set(written.map((s) => s.market))
    for (const market of [0, 1, 90, 105, 106, 116]) expect(markets).toContain(market)
  })

  it('names every market number and code in the corpus as a reader would', () => {
    const wrong = written
      .map(({ market, code }) => ({ secid: `${market}.${code}`, shown: classifySecurity(market, code).marketName, expected: expectedName(market, code) }))
      .filter(({ shown, expected }) => shown !== expected)
    expect(wrong).toEqual([])
  })
})
