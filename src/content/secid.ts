// Secids name a security on Eastmoney as `<market>.<code>` (1.603138, 90.BK0493, 116.00700, 106.NIO).

const SECID = /^(\d{1,3})\.([A-Za-z0-9_]{1,16})$/

export interface SecidParts {
  market: number
  code: string
}

/** Splits a secid into its market number and code; null when the text is not a secid. */
export function parseSecid(secid: string): SecidParts | null {
  const m = SECID.exec(secid)
  if (!m || m[1] === undefined || m[2] === undefined) return null
  return { market: Number(m[1]), code: m[2] }
}

export function formatSecid(market: number, code: string): string {
  return `${market}.${code}`
}

export function isSecid(text: string): boolean {
  return SECID.test(text)
}

/** The quote page a reader opens for a security. */
export function quoteUrl(secid: string): string {
  return `https://quote.eastmoney.com/unify/r/${secid}`
}
