// One prerendered page as a file: the reader's built index.html with the route's head (title, description,
// canonical, Open Graph, feed links, JSON-LD), its first screen in #root, and that screen's data as a JSON
// block (never executed), and the reader's code loaded once the page is painted (app-loader.ts).
import { PRERENDER_STATE_ID, PRERENDERED_ATTRIBUTE } from '../../../content/prerender.ts'
import { xmlEscape } from '../atom-feed.ts'
import { pagePolicy } from '../site-policy.ts'
import { deferAppStartOf, LATER_ID, replaceTags, splitHead } from './app-loader.ts'
import type { CriticalCss } from './critical-css.ts'

export interface PageHead {
  /** What React hoisted: <title>, description, the feed's alternate link. */
  rendered: string
  /** The page's absolute address. */
  canonical: string
  title: string
  description: string | null
  /** Open Graph type: `article` for articles (with its published time), `website` for the rest. */
  article: { published: string | null; section: string; tags: readonly string[] } | null
  /** JSON-LD (schema.org) for the page, or null. */
  jsonLd: Record<string, unknown> | null
}

/** JSON inside a <script> block: `<` escaped so no `</script>` or `<!--` can end or bend the block. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

const attr = xmlEscape

function headTags(head: PageHead): string {
  const mark = PRERENDERED_ATTRIBUTE
  const meta = (property: string, content: string): string => `<meta ${mark} property="${property}" content="${attr(content)}">`
  const tags = [
    head.rendered,
    `<link ${mark} rel="canonical" href="${attr(head.canonical)}">`,
    meta('og:title', head.title),
    meta('og:url', head.canonical),
    meta('og:type', head.article ? 'article' : 'website'),
    meta('og:site_name', '金融消息'),
    meta('og:locale', 'zh_CN'),
  ]
  if (head.description) tags.push(meta('og:description', head.description))
  if (head.article) {
    if (head.article.published) tags.push(meta('article:published_time', head.article.published))
    tags.push(meta('article:section', head.article.section))
    for (const tag of head.article.tags) tags.push(meta('article:tag', tag))
  }
  if (head.jsonLd) tags.push(`<script ${mark} type="application/ld+json">${scriptJson(head.jsonLd)}</script>`)
  return tags.join('\n    ')
}

/** The stylesheets of the reader, as a page links them, and what each page needs of them. */
export interface PageStyles {
  /** The part of the stylesheets `hrefs` (in that order) a page needs, or null when they cannot be read. */
  critical: (hrefs: readonly string[]) => CriticalCss | null
}

const STYLESHEET = /<link rel="stylesheet" crossorigin href="([^"]+)">/g
/** What the head links to that the first paint does not need (app-loader.ts, LATER_ID). */
const LATER = /<link rel="(?:manifest|apple-touch-icon)"[^>]*>/g
const POLICY_META = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/
const NOSCRIPT = /<noscript>[\s\S]*?<\/noscript>/g

/**
 * The page's stylesheets as the part of them it needs, inline where the first stylesheet was, allowed by
 * its hash in the page's policy; the stylesheets themselves load after the first paint (app-loader.ts).
 * Takes and returns the page's head (the body, from `</head>` on, is read but never changed). Returns the
 * head unchanged, and no stylesheet to load later, when there is nothing to inline.
 */
function inlineCriticalCss(head: string, body: string, styles: PageStyles): { head: string; later: string[] } {
  const hrefs = [...head.matchAll(STYLESHEET)].map((m) => m[1] ?? '')
  const critical = hrefs.length > 0 ? styles.critical(hrefs) : null
  if (critical === null || !POLICY_META.test(head)) return { head, later: [] }
  const css = critical.forPage(head + body)
  // Nothing in a <style> can end it but `</style`; a stylesheet that says it (in a string) is linked as it was.
  if (/<\/style/i.test(css)) return { head, later: [] }
  let first = true
  const inlined = replaceTags(head, STYLESHEET, (_, space) => {
    if (!first) return ''
    first = false
    return `${space}<style>${css}</style>`
  }).replace(POLICY_META, () => `<meta http-equiv="Content-Security-Policy" content="${attr(pagePolicy([css]))}">`)
  return { head: inlined, later: hrefs }
}

/** The head's touch icon and manifest links in an inert <template>, which the loader moves into the head. */
function linkLater(head: string): string {
  const links: string[] = []
  const rest = replaceTags(head, LATER, (match) => (links.push(match[0]), ''))
  if (links.length === 0) return head
  return `${rest}  <template id="${LATER_ID}">${links.join('')}</template>\n  `
}

/**
 * The template with its SVG icon as a data: address, read from `iconFile`: a page with no icon link makes
 * the browser ask for /favicon.ico (a 404, logged in the console) before its first paint, and one that links
 * the file asks for it then too; either request then counts in Lighthouse's LCP (app-loader.ts, LATER_ID).
 */
export function inlineIcon(template: string, iconHref: string, iconFile: string | null): string {
  if (iconFile === null) return template
  // Escaped only where a URL must be (`%`, `#`, `<`, `>`, quotes, controls): half the bytes of encodeURIComponent.
  const data = `data:image/svg+xml,${iconFile.trim().replace(/[^\w !$&'()*+,\-./:;=?@~]/g, (c) => encodeURIComponent(c))}`
  return template.replace(`<link rel="icon" href="${iconHref}"`, () => `<link rel="icon" href="${attr(data)}"`)
}

/**
 * The page: `template` is the built index.html. Its <title> gives way to the route's head, its empty
 * #root takes the markup, the <noscript> notice goes (the page reads without JavaScript), the stylesheets
 * give way to what the page needs of them (with `styles`), and the reader's code, the stylesheets, the
 * touch icon and the manifest come after the first paint.
 */
export function pageHtml(template: string, head: PageHead, markup: string, state: unknown, routeAssets = '', styles?: PageStyles): string {
  const title = /<title>[^<]*<\/title>/
  const root = '<div id="root"></div>'
  if (!title.test(template) || !template.includes(root)) throw new Error('index.html has no <title> or no empty #root: cannot prerender into it')
  // Cut once after the head: every later edit is to the head, but the loader's place at the end of the body.
  const [top, bottom] = splitHead(replaceTags(template.replace(title, () => headTags(head)), NOSCRIPT, () => '', 1))
  const body = bottom.replace(root, () => `<div id="root">${markup}</div>\n    <script type="application/json" id="${PRERENDER_STATE_ID}">${scriptJson(state)}</script>`)
  const withAssets = top + routeAssets
  const inlined = styles ? inlineCriticalCss(withAssets, body, styles) : { head: withAssets, later: [] }
  const finalHead = linkLater(inlined.head)
  return deferAppStartOf(finalHead, body, inlined.later) ?? finalHead + body
}

/** Vite's build manifest (`.vite/manifest.json`): each chunk's file, the chunks it imports and its CSS. */
export type BuildManifest = Readonly<Record<string, { file: string; imports?: string[]; css?: string[] }>>

/**
 * The stylesheets and module preloads of a lazy route's chunk and everything it imports: without them a
 * page would be drawn unstyled until the route's code arrives (a layout shift, and no style without
 * JavaScript) and its code would be found only after the entry ran.
 */
export function routeAssetTags(manifest: BuildManifest, chunk: string, base: string, entryFiles: ReadonlySet<string>): string {
  const seen = new Set<string>()
  const js: string[] = []
  const css: string[] = []
  const visit = (key: string): void => {
    if (seen.has(key)) return
    seen.add(key)
    const entry = manifest[key]
    if (!entry) return
    if (!entryFiles.has(entry.file)) js.push(entry.file)
    for (const file of entry.css ?? []) if (!entryFiles.has(file)) css.push(file)
    for (const imported of entry.imports ?? []) visit(imported)
  }
  visit(chunk)
  return [...new Set(css)].map((file) => `  <link rel="stylesheet" crossorigin href="${base}${file}">\n  `).join('') +
    [...new Set(js)].map((file) => `  <link rel="modulepreload" crossorigin href="${base}${file}">\n  `).join('')
}
