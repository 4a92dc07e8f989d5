// The market table on its own: what a secid's market number and code tell a reader (../shared/MARKETS.md).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { classifySecurity, guessAShareMarket, KIND_NAMES } from '../../src/content/markets.ts'
import { MENTION_KINDS } from '../../src/content/mention-kinds.ts'
import { CORPUS_POSTS, describeCorpus } from '../pipeline/support/corpus.ts'
import { marketSecidsIn } from '../pipeline/support/raw-post.ts'

const HAS_CHINESE = /[\u4e00-\u9fff]/

describe('classifySecurity: A shares, where the market decides as much as the code', () => {
  it('reads 1.000001 as an index and 0.000001 as a stock', () => {
    expect(classifySecurity(1, '000001')).toMatchObject({ kind: 'index', exchange: 'SH' })
    expect(classifySecurity(0, '000001')).toMatchObject({ kind: 'stock', exchange: 'SZ' })
    expect(classifySecurity(1, '000300').kind).toBe('index')
  })

  it.each(['600519', '601318', '603138', '605499'])('Shanghai main board 1.%s is a stock on SH', (code) => {
    expect(classifySecurity(1, code)).toMatchObject({ kind: 'stock', exchange: 'SH' })
  })

  it.each(['688981', '689009'])('1.%s is on the STAR Market (科创板)', (code) => {
    expect(classifySecurity(1, code)).toEqual({ kind: 'stock', exchange: 'SH', marketName: '科创板' })
  })

  it.each(['300750', '301001'])('0.%s is on ChiNext (创业板)', (code) => {
    expect(classifySecurity(0, code)).toEqual({ kind: 'stock', exchange: 'SZ', marketName: '创业板' })
  })

  it.each(['000002', '001979', '002594', '003816'])('Shenzhen main board 0.%s is a stock on SZ', (code) => {
    expect(classifySecurity(0, code)).toMatchObject({ kind: 'stock', exchange: 'SZ' })
  })

  it.each(['430047', '830799', '870436', '920002'])('0.%s is on the Beijing Stock Exchange (北交所), market 0', (code) => {
    expect(classifySecurity(0, code)).toEqual({ kind: 'stock', exchange: 'BJ', marketName: '北交所' })
  })

  it.each(['399001', '399006'])('0.%s is a Shenzhen index', (code) => {
    expect(classifySecurity(0, code)).toMatchObject({ kind: 'index', exchange: 'SZ' })
  })

  it.each([
    [1, '510300'],
    [1, '500001'],
    [1, '588000'],
    [0, '159915'],
    [0, '161725'],
  ])('%i.%s is a fund', (market, code) => {
    expect(classifySecurity(market, code).kind).toBe('fund')
  })

  it.each([
    [1, '110059', 'SH'],
    [1, '113050', 'SH'],
    [1, '118000', 'SH'],
    [0, '123107', 'SZ'],
    [0, '127045', 'SZ'],
    [0, '128136', 'SZ'],
  ])('%i.%s is a convertible bond on %s', (market, code, exchange) => {
    expect(classifySecurity(market, code)).toMatchObject({ kind: 'bond', exchange })
  })

  it('knows B shares on both exchanges', () => {
    expect(classifySecurity(1, '900901')).toMatchObject({ kind: 'stock', exchange: 'SH' })
    expect(classifySecurity(0, '200002')).toMatchObject({ kind: 'stock', exchange: 'SZ' })
  })

  it('calls an A-share code it does not know "other" on the right exchange', () => {
    expect(classifySecurity(1, '999999')).toMatchObject({ kind: 'other', exchange: 'SH' })
    expect(classifySecurity(0, '777777')).toMatchObject({ kind: 'other', exchange: 'SZ' })
  })
})

describe('classifySecurity: markets whose number alone decides', () => {
  it('reads 116 as Hong Kong stocks', () => {
    expect(classifySecurity(116, '00700')).toEqual({ kind: 'stock', exchange: 'HK', marketName: '港股' })
  })

  it.each([105, 106, 107])('reads %i as a US stock market', (market) => {
    const cls = classifySecurity(market, 'NIO')
    expect(cls.kind).toBe('stock')
    expect(cls.exchange).toBe('US')
    expect(cls.marketName).toMatch(/^美股/)
  })

  it('reads 90 as Eastmoney boards, which are not listed anywhere', () => {
    expect(classifySecurity(90, 'BK0493')).toMatchObject({ kind: 'board', exchange: null })
  })

  it('reads CSI, global and Hong Kong indices as indices', () => {
    expect(classifySecurity(2, '932000').kind).toBe('index')
    expect(classifySecurity(100, 'HSI').kind).toBe('index')
    for (const market of [124, 125, 305]) expect(classifySecurity(market, 'HSI')).toMatchObject({ kind: 'index', exchange: 'HK' })
  })

  it('reads the futures exchanges as futures, each on its own venue', () => {
    const venues = [8, 113, 114, 115, 142, 225, 101, 102, 103, 104, 118].map((market) => classifySecurity(market, 'X'))
    for (const v of venues) expect(v.kind).toBe('futures')
    expect(new Set(venues.map((v) => v.exchange)).size).toBe(venues.length)
  })

  it('keeps code prefixes of market 1 and 0 out of markets with the same number (113 is SHFE, not a bond)', () => {
    expect(classifySecurity(113, '113050').kind).toBe('futures')
    expect(classifySecurity(128, '01234')).toMatchObject({ kind: 'stock', exchange: 'HK' })
  })

  it('calls an unknown market "other" without throwing and still names it', () => {
    for (const market of [3, 99, 999, -1, Number.NaN]) {
      const cls = classifySecurity(market, 'ABC')
      expect(cls.kind).toBe('other')
      expect(cls.exchange).toBeNull()
      expect(cls.marketName).not.toBe('')
    }
  })

  it('gives every known kind a Chinese name', () => {
    for (const kind of MENTION_KINDS) expect(KIND_NAMES[kind]).toMatch(HAS_CHINESE)
  })
})

describe('guessAShareMarket: bare six-digit codes', () => {
  it.each(['600519', '601318', '603138', '688981', '900901', '510300', '588000', '110059', '113050', '118000'])(
    '%s is Shanghai (1)',
    (code) => {
      expect(guessAShareMarket(code)).toBe(1)
    },
  )

  it.each(['000001', '002353', '300750', '301001', '159915', '123107', '127045', '128136', '399001'])('%s is Shenzhen (0)', (code) => {
    expect(guessAShareMarket(code)).toBe(0)
  })

  it.each(['430047', '830799', '870436', '920002'])('Beijing code %s is market 0, where Eastmoney lists it', (code) => {
    expect(guessAShareMarket(code)).toBe(0)
  })

  it.each(['NIO', '00700', '60051', '6005190', '', 'BK0493', '60051a'])('%j is not a bare A-share code', (code) => {
    expect(guessAShareMarket(code)).toBeNull()
  })

  it('agrees with classifySecurity: a guessed market classifies to a real kind', () => {
    for (const code of ['600519', '688981', '000001', '300750', '430047', '920002', '510300', '159915']) {
      const market = guessAShareMarket(code)
      expect(market).not.toBeNull()
      expect(classifySecurity(market ?? -1, code).kind).not.toBe('other')
    }
  })
})

describeCorpus('the markets of the real corpus', () => {
  let written: { market: number; code: string }[] = []

  beforeAll(() => {
    written = readdirSync(CORPUS_POSTS)
      .filter((f) => f.endsWith('.md'))
      .flatMap((f) => marketSecidsIn(readFileSync(join(CORPUS_POSTS, f), 'utf8')))
  })

  it('finds security markup in the corpus at all', () => {
    expect(new Set(written.map((s) => s.market)).size).toBeGreaterThanOrEqual(5)
  })

  it('classifies every market number and code the corpus writes to a known kind, with a Chinese market name', () => {
    const unknown = written.filter(({ market, code }) => {
      const cls = classifySecurity(market, code)
      return cls.kind === 'other' || !HAS_CHINESE.test(cls.marketName)
    })
    expect(unknown).toEqual([])
  })

  it('puts every US, Hong Kong and board secid of the corpus on its venue', () => {
    for (const { market, code } of written) {
      const { exchange } = classifySecurity(market, code)
      if (market === 105 || market === 106 || market === 107) expect(exchange).toBe('US')
      if (market === 116) expect(exchange).toBe('HK')
      if (market === 90) expect(exchange).toBeNull()
      if (market === 1) expect(exchange).toBe('SH')
      if (market === 0) expect(['SZ', 'BJ']).toContain(exchange)
    }
  })
})
