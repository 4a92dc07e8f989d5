// Eastmoney market numbers (the part of a secid before the dot) and what they mean to a reader.
// One table for the pipeline (which classifies mentions) and the app (which names markets in Chinese).
// Source: ../shared/MARKETS.md, itself from efinance's market configuration and Eastmoney's list filters.

import type { MentionKind } from './mention-kinds.ts'

export interface SecurityClass {
  kind: MentionKind
  /** Exchange or venue code (SH, SZ, BJ, HK, US, CSI, CFFEX…); null for things that are not listed, like boards. */
  exchange: string | null
  /** The market as a reader says it: 上证A股, 港股, 行业/概念板块… */
  marketName: string
}

interface MarketRow {
  exchange: string | null
  kind: MentionKind
  marketName: string
}

// Markets whose meaning does not depend on the code.
const MARKETS: Readonly<Record<number, MarketRow>> = {
  2: { exchange: 'CSI', kind: 'index', marketName: '中证指数' },
  90: { exchange: null, kind: 'board', marketName: '行业/概念板块' },
  100: { exchange: 'GLOBAL', kind: 'index', marketName: '全球指数' },
  105: { exchange: 'US', kind: 'stock', marketName: '美股（纳斯达克）' },
  106: { exchange: 'US', kind: 'stock', marketName: '美股（纽交所）' },
  107: { exchange: 'US', kind: 'stock', marketName: '美股（美交所）' },
  116: { exchange: 'HK', kind: 'stock', marketName: '港股' },
  128: { exchange: 'HK', kind: 'stock', marketName: '港股（创业板及其他）' },
  124: { exchange: 'HK', kind: 'index', marketName: '港股指数' },
  125: { exchange: 'HK', kind: 'index', marketName: '港股指数' },
  305: { exchange: 'HK', kind: 'index', marketName: '港股指数' },
  8: { exchange: 'CFFEX', kind: 'futures', marketName: '中金所期货' },
  113: { exchange: 'SHFE', kind: 'futures', marketName: '上期所期货' },
  114: { exchange: 'DCE', kind: 'futures', marketName: '大商所期货' },
  115: { exchange: 'ZCE', kind: 'futures', marketName: '郑商所期货' },
  142: { exchange: 'INE', kind: 'futures', marketName: '上海国际能源交易中心' },
  225: { exchange: 'GFEX', kind: 'futures', marketName: '广期所期货' },
  101: { exchange: 'COMEX', kind: 'futures', marketName: 'COMEX期货' },
  102: { exchange: 'NYMEX', kind: 'futures', marketName: 'NYMEX期货' },
  103: { exchange: 'CBOT', kind: 'futures', marketName: 'CBOT期货' },
  104: { exchange: 'SGX', kind: 'futures', marketName: '新加坡交易所期货' },
  118: { exchange: 'SGE', kind: 'futures', marketName: '上海黄金交易所' },
  155: { exchange: 'LSE', kind: 'stock', marketName: '英股' },
  156: { exchange: 'LSE', kind: 'stock', marketName: '伦敦GDR' },
}

// A-share conventions inside markets 1 (Shanghai) and 0 (Shenzhen and Beijing): the code prefix decides.
// Longest prefix wins, so '000' in market 1 is an index while '000' in market 0 is a stock.
type PrefixRow = readonly [prefix: string, exchange: string, kind: MentionKind, marketName: string]

const SHANGHAI: readonly PrefixRow[] = [
  ['600', 'SH', 'stock', '上证A股'],
  ['601', 'SH', 'stock', '上证A股'],
  ['603', 'SH', 'stock', '上证A股'],
  ['605', 'SH', 'stock', '上证A股'],
  ['688', 'SH', 'stock', '科创板'],
  ['689', 'SH', 'stock', '科创板'],
  ['900', 'SH', 'stock', '上证B股'],
  ['000', 'SH', 'index', '上证指数'],
  ['50', 'SH', 'fund', '沪市基金'],
  ['51', 'SH', 'fund', '沪市基金'],
  ['52', 'SH', 'fund', '沪市基金'],
  ['56', 'SH', 'fund', '沪市基金'],
  ['58', 'SH', 'fund', '沪市基金'],
  ['110', 'SH', 'bond', '沪市可转债'],
  ['111', 'SH', 'bond', '沪市可转债'],
  ['113', 'SH', 'bond', '沪市可转债'],
  ['118', 'SH', 'bond', '沪市可转债'],
]

const SHENZHEN_AND_BEIJING: readonly PrefixRow[] = [
  ['000', 'SZ', 'stock', '深证A股'],
  ['001', 'SZ', 'stock', '深证A股'],
  ['002', 'SZ', 'stock', '深证A股'],
  ['003', 'SZ', 'stock', '深证A股'],
  ['300', 'SZ', 'stock', '创业板'],
  ['301', 'SZ', 'stock', '创业板'],
  ['200', 'SZ', 'stock', '深证B股'],
  ['399', 'SZ', 'index', '深证指数'],
  ['15', 'SZ', 'fund', '深市基金'],
  ['16', 'SZ', 'fund', '深市基金'],
  ['18', 'SZ', 'fund', '深市基金'],
  ['123', 'SZ', 'bond', '深市可转债'],
  ['127', 'SZ', 'bond', '深市可转债'],
  ['128', 'SZ', 'bond', '深市可转债'],
  ['43', 'BJ', 'stock', '北交所'],
  ['83', 'BJ', 'stock', '北交所'],
  ['87', 'BJ', 'stock', '北交所'],
  ['92', 'BJ', 'stock', '北交所'],
]

function byPrefix(rows: readonly PrefixRow[], code: string): PrefixRow | undefined {
  let best: PrefixRow | undefined
  for (const row of rows) {
    if (code.startsWith(row[0]) && (!best || row[0].length > best[0].length)) best = row
  }
  return best
}

/** What a secid's market number and code say about the security. Never throws: unknown markets are 'other'. */
export function classifySecurity(market: number, code: string): SecurityClass {
  if (market === 1 || market === 0) {
    const row = byPrefix(market === 1 ? SHANGHAI : SHENZHEN_AND_BEIJING, code)
    if (row) return { exchange: row[1], kind: row[2], marketName: row[3] }
    return market === 1
      ? { exchange: 'SH', kind: 'other', marketName: '沪市' }
      : { exchange: 'SZ', kind: 'other', marketName: '深市' }
  }
  const row = MARKETS[market]
  if (row) return { exchange: row.exchange, kind: row.kind, marketName: row.marketName }
  return { exchange: null, kind: 'other', marketName: `市场 ${market}` }
}

/**
 * Older posts write a bare A-share code with no market (`data-code="002353"`). When no quote link says
 * which market it is, the code's conventional prefix does: 6/9/5/11 Shanghai, 4/8/92 Beijing (market 0),
 * everything else numeric Shenzhen. Returns null for codes that are not six digits.
 */
export function guessAShareMarket(code: string): 0 | 1 | null {
  if (!/^\d{6}$/.test(code)) return null
  if (byPrefix(SHANGHAI, code) && !code.startsWith('000')) return 1
  return 0
}

export const KIND_NAMES: Readonly<Record<MentionKind, string>> = {
  stock: '股票',
  board: '板块',
  index: '指数',
  fund: '基金',
  bond: '债券',
  futures: '期货',
  other: '其他',
}
