// What an article already knows about a security it mentions, before anything is loaded: the name as the
// article writes it, the code, and the market in words. A mention card opens with these at once.
import type { Mention } from '../../content/schema.ts'
import { classifySecurity } from '../../content/markets.ts'
import { parseSecid } from '../../content/secid.ts'

export interface MentionFacts {
  secid: string
  name: string
  code: string
  /** 上证A股, 港股, 行业/概念板块… */
  marketName: string
}

/**
 * The facts for `secid` from the article's mentions; when the list lacks it (data from an older build),
 * from the secid itself and the link's text. Null when `secid` is not a secid at all.
 */
export function mentionFacts(secid: string, mentions: readonly Mention[], linkText: string): MentionFacts | null {
  const mention = mentions.find((m) => m.secid === secid)
  const parts = mention ?? parseSecid(secid)
  if (!parts) return null
  const name = mention?.name ?? (linkText.trim() || parts.code)
  return { secid, name, code: parts.code, marketName: classifySecurity(parts.market, parts.code).marketName }
}
