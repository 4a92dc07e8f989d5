// Route parameters are checked, never cast: the router hands them over URL-decoded, and anything missing,
// blank or malformed comes back as null, which the route turns into its not-found page.
import { isArticleId } from '../content/ids.ts'
import { parseSecid } from '../content/secid.ts'

export function textParam(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value
}

/** An article id by the rule the pipeline makes ids with, so every article it writes opens here. */
export function articleIdParam(value: string | undefined): string | null {
  return value !== undefined && isArticleId(value) ? value : null
}

/** A security's `<market>.<code>` (1.603138, 90.BK0493, 106.NIO); anything else is not a stock page. */
export function secidParam(value: string | undefined): string | null {
  return value !== undefined && parseSecid(value) !== null ? value : null
}
