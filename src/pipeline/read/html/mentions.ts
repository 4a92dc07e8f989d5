// Recognizes the many ways Eastmoney marks a security in a post, and tallies them per article.
//   <span id="stock_1.603138"><a class="keytip" data-code="1,603138" href="…/unify/r/1.603138">海量数据</a></span>
//   <span class="em_stock_key_common" data-code="90,BK0493">新能源</span>
//   <span id="Info.116.00700">…</span>, <span id="bk_90.BK0493">…</span>
//   <a class="EmImageRemark" data-code="NIO|106|7"><img data-code="K NIO|106|7"></a>, <img data-code="K 000625|0|2">
//   <a href="http://quote.eastmoney.com/unify/r/0.002353"> and older data-code="002353" with the market only in the link
//   <span id="Info.3259"><a href="http://quote.eastmoney.com/unify/r/0.399006" class="infokey">创业板指</a></span>
//   (an a.infokey to a data page, such as …/bbsj/ for 业绩, is an ordinary link)
import { classifySecurity, guessAShareMarket } from '../../../content/markets.ts'
import { formatSecid, parseSecid, type SecidParts } from '../../../content/secid.ts'
import type { Mention } from '../../../content/schema.ts'
import { attr, hasClass, readableText, type Element } from './dom.ts'

export interface MentionHit extends SecidParts {
  secid: string
  /** A K-line chart image rather than a name in the text. */
  kline: boolean
}

const QUOTE_HOSTS = /(^|\.)eastmoney\.com$/

/** The secid a quote-page link points at: `/unify/r/1.600519`, `/r/0.002353`, `/sh600519.html`. */
export function secidFromQuoteUrl(href: string | undefined): SecidParts | null {
  if (!href) return null
  let url: URL
  try {
    url = new URL(href, 'https://quote.eastmoney.com/')
  } catch {
    return null
  }
  if (!QUOTE_HOSTS.test(url.hostname) || !url.hostname.startsWith('quote.')) return null
  const unify = /^\/(?:unify\/)?r\/([^/?#]+)$/.exec(url.pathname)
  if (unify?.[1]) return parseSecid(decodeURIComponent(unify[1]))
  const legacy = /^\/(sh|sz|bj)(\d{6})\.html$/i.exec(url.pathname)
  if (legacy?.[1] && legacy[2]) return { market: legacy[1].toLowerCase() === 'sh' ? 1 : 0, code: legacy[2] }
  return null
}

/**
 * Reads a `data-code`: `1,603138`, `NIO|106|7`, `K 000625|0|2`, or a bare `002353` whose market comes from
 * the element's quote link, else from A-share code conventions.
 */
export function secidFromDataCode(raw: string | undefined, href: string | undefined): SecidParts | null {
  if (!raw) return null
  const value = raw.trim().replace(/^K\s+/i, '')
  const comma = /^(\d{1,3}),([A-Za-z0-9_]+)$/.exec(value)
  if (comma?.[1] && comma[2]) return { market: Number(comma[1]), code: comma[2] }
  const pipe = /^([A-Za-z0-9_]+)\|(\d{1,3})(?:\|.*)?$/.exec(value)
  if (pipe?.[1] && pipe[2]) return { market: Number(pipe[2]), code: pipe[1] }
  if (/^[A-Za-z0-9_]+$/.test(value)) {
    const linked = secidFromQuoteUrl(href)
    if (linked && linked.code.toUpperCase() === value.toUpperCase()) return linked
    const market = guessAShareMarket(value)
    return market === null ? null : { market, code: value }
  }
  return null
}

const ID_PREFIX = /^(?:stock_|bk_|Info\.)(\d{1,3}\.[A-Za-z0-9_]+)$/

function hit(parts: SecidParts | null, kline: boolean): MentionHit | null {
  if (!parts) return null
  return { ...parts, secid: formatSecid(parts.market, parts.code), kline }
}

/** The security an element stands for, or null when it is not security markup. */
export function readMentionMarkup(el: Element): MentionHit | null {
  const name = el.name
  const dataCode = attr(el, 'data-code')
  const href = attr(el, 'href')
  if (name === 'span') {
    const id = attr(el, 'id')
    const byId = id ? ID_PREFIX.exec(id) : null
    if (byId?.[1]) return hit(parseSecid(byId[1]), false)
    if (hasClass(el, 'em_stock_key_common')) return hit(secidFromDataCode(dataCode, href), false)
    return null
  }
  if (name === 'a') {
    // Eastmoney's keyword links: a security when the link is its quote page, else a link to some data.
    if (hasClass(el, 'infokey')) return hit(secidFromQuoteUrl(href), false)
    if (hasClass(el, 'EmImageRemark')) return hit(secidFromDataCode(dataCode, href) ?? secidFromQuoteUrl(href), true)
    if (dataCode !== undefined) {
      const parts = secidFromDataCode(dataCode, href)
      if (parts) return hit(parts, false)
    }
    return hit(secidFromQuoteUrl(href), false)
  }
  if (name === 'img' && dataCode !== undefined && /^K\s/i.test(dataCode)) {
    return hit(secidFromDataCode(dataCode, undefined), true)
  }
  return null
}

interface Tally {
  secid: string
  market: number
  code: string
  name: string | null
  count: number
}

/** Counts mentions per security in order of first appearance; the first name written wins. */
export class MentionTally {
  readonly #bySecid = new Map<string, Tally>()

  add(found: MentionHit, el: Element): void {
    const written = found.kline ? null : readableText(el) || null
    const seen = this.#bySecid.get(found.secid)
    if (seen) {
      seen.count++
      seen.name ??= written
      return
    }
    this.#bySecid.set(found.secid, { secid: found.secid, market: found.market, code: found.code, name: written, count: 1 })
  }

  /** The name written for a security so far (null when only its chart has appeared). */
  nameOf(secid: string): string | null {
    return this.#bySecid.get(secid)?.name ?? null
  }

  list(): Mention[] {
    return [...this.#bySecid.values()].map((t) => {
      const cls = classifySecurity(t.market, t.code)
      return {
        secid: t.secid,
        market: t.market,
        code: t.code,
        name: t.name ?? t.code,
        kind: cls.kind,
        exchange: cls.exchange,
        count: t.count,
      }
    })
  }
}
