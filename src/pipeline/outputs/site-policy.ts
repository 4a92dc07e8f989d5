// What the site tells browsers, hosts and crawlers about itself: the Content-Security-Policy and referrer
// policy of every HTML page (as <meta> tags, which any static host serves), a `_headers` file for hosts
// that read one (Netlify, Cloudflare Pages: the same policy as real headers, plus caching), and robots.txt.
import { createHash } from 'node:crypto'
import { APP_LOADER } from './pages/app-loader.ts'

/** A CSP hash source for an inline script's or style's text. */
export const hashSource = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/**
 * Only the site's own scripts, styles, data and fonts. Pictures may come from the web: article bodies show
 * the sources' charts and photos (http and https only; the allow-list keeps nothing else in a body).
 * One inline script: the loader that starts the reader once a prerendered page is painted
 * (pages/app-loader.ts), named by its hash. Inline styles: only the ones `styles` names (a prerendered
 * page's own critical CSS, pages/critical-css.ts). The first-screen data is a JSON data block, no script.
 */
const policy = (styles: string): readonly string[] => [
  "default-src 'none'",
  `script-src 'self' ${hashSource(APP_LOADER)}`,
  `style-src 'self'${styles}`,
  "img-src 'self' https: http: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  // The reader's own service worker (sw.js); no other workers.
  "worker-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
]

/** The policy as a `<meta http-equiv>` carries it (frame-ancestors is ignored there, so it is left out). */
export const CONTENT_SECURITY_POLICY = policy('').join('; ')

/** The policy of a page whose head holds these inline styles, each allowed by its hash and no other. */
export const pagePolicy = (inlineStyles: readonly string[]): string => policy(inlineStyles.map((text) => ` ${hashSource(text)}`).join('')).join('; ')

/**
 * As a response header, where frame-ancestors works: no other site frames the reader. A header is one
 * for every page, and each prerendered page inlines its own critical CSS, so the header allows inline
 * styles; the page's own policy (its <meta>, which every HTML page carries, and which the browser enforces
 * together with the header) allows only that page's by hash.
 */
export const CONTENT_SECURITY_POLICY_HEADER = [...policy(" 'unsafe-inline'"), "frame-ancestors 'none'"].join('; ')

/** No address of the reader (which article, which tag filter) goes to the hosts its links and pictures lead to. */
export const REFERRER_POLICY = 'no-referrer'

/** The attributes of the <meta> tags every HTML page carries in its head before any script or stylesheet. */
export const POLICY_META: readonly Readonly<Record<string, string>>[] = [
  { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
  { name: 'referrer', content: REFERRER_POLICY },
]

/** Folders of the data folder whose files are named by a hash of their content, so never change. */
const HASHED_DATA = ['articles', 'pages', 'days', 'lookups', 'home'] as const

/**
 * The `_headers` file (Netlify and Cloudflare Pages syntax) for a site served under `base`: the policy on
 * every response, and a year's cache for hashed files. Paths never overlap, since both hosts join the values
 * of a header that two matching rules set; manifest.json and the HTML pages keep the host's default.
 */
export function headersFile(base: string): string {
  const immutable = '  Cache-Control: public, max-age=31536000, immutable\n'
  return [
    `${base}*\n  Content-Security-Policy: ${CONTENT_SECURITY_POLICY_HEADER}\n  Referrer-Policy: ${REFERRER_POLICY}\n  X-Content-Type-Options: nosniff\n`,
    `${base}assets/*\n${immutable}`,
    ...HASHED_DATA.map((dir) => `${base}data/${dir}/*\n${immutable}`),
  ].join('\n')
}

/** robots.txt: everything may be crawled; the sitemap at its absolute address, as the format requires. */
export function robotsTxt(sitemapUrl: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${sitemapUrl}\n`
}
