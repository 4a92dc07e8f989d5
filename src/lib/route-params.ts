// Route parameters are checked, never cast: the router hands them over URL-decoded, and anything missing,
// blank or malformed comes back as null, which the route turns into its not-found page.
import { parseSecid } from '../content/secid.ts'

/** Article ids are Eastmoney's 18-digit numbers or media ids like NW202203091234567890. */
const ARTICLE_ID = /^[A-Za-z0-9_-]{1,64}$/

export function textParam(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value
}

export function articleIdParam(value: string | undefined): string | null {
  return value !== undefined && ARTICLE_ID.test(value) ? value : null
}

/** A security's `<market>.<code>` (1.603138, 90.BK0493, 106.NIO); anything else is not a stock page. */
export function secidParam(value: string | undefined): string | null {
  return value !== undefined && parseSecid(value) !== null ? value : null
}
