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
 * The policy of a page whose head inlines `css`, remembered by that text: pages that keep the same rules get
 * the same text from the filter (critical-css.ts), and hashing it anew was a tenth of a page's work on this
 * thread. Forgotten wholesale past MAX_POLICIES.
 */
const policies = new Map<string, string>()
const MAX_POLICIES = 1024

function policyFor(css: string): string {
  let policy = policies.get(css)
  if (policy === undefined) {
    policy = attr(pagePolicy([css]))
    if (policies.size >= MAX_POLICIES) policies.clear()
    policies.set(css, policy)
  }
  return policy
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

/** A page's own parts, which a shell (preparedShell) holds a place for. */
interface PageParts {
  head: string
  markup: string
  state: string
  css: string
  policy: string
}
type Part = keyof PageParts
/** A shell: its fixed text, cut where a page's parts go (`parts[i]` after `texts[i]`). */
interface Shell {
  texts: string[]
  parts: Part[]
}

/**
 * Marks a part's place in a shell being prepared: on each side a character of Unicode's private use area,
 * which no built index.html holds.
 */
const mark = (part: Part): string => `\uE000${part}\uE000`
const MARK = /\uE000(head|markup|state|css|policy)\uE000/

function cut(text: string): Shell {
  const pieces = text.split(MARK)
  return { texts: pieces.filter((_, i) => i % 2 === 0), parts: pieces.filter((_, i) => i % 2 === 1) as Part[] }
}

function fill(shell: Shell, parts: Omit<PageParts, 'css' | 'policy'> & Partial<PageParts>): string {
  let out = shell.texts[0] ?? ''
  for (let i = 0; i < shell.parts.length; i++) out += (parts[shell.parts[i] as Part] ?? '') + (shell.texts[i + 1] ?? '')
  return out
}

/** A route's template, prepared for its pages (prepareShell). */
interface PreparedShell {
  /** The page as the stylesheet filter reads it (before its stylesheets are inlined). */
  scanned: Shell
  /** The page with the part of the stylesheets it needs inline, with that part's hash in its policy; null when nothing can be inlined. */
  inlined: { shell: Shell; critical: CriticalCss } | null
  /** The page with its stylesheets linked as they were. */
  linked: Shell
}

/**
 * The edits every page of a route makes to the template, made once: the same steps pageHtml describes,
 * with a mark where each page's own part goes. None of the patterns they look for can be in those parts
 * (a page's head tags, React's markup and the data block, where `<` is escaped, and the inlined rules), so
 * a page filled in is the page the steps would make of it.
 */
function prepareShell(template: string, routeAssets: string, styles: PageStyles | undefined): PreparedShell {
  const title = /<title>[^<]*<\/title>/
  const root = '<div id="root"></div>'
  if (!title.test(template) || !template.includes(root)) throw new Error('index.html has no <title> or no empty #root: cannot prerender into it')
  if (template.includes('\uE000') || routeAssets.includes('\uE000')) throw new Error("index.html holds the character U+E000, which marks where a page's parts go: cannot prerender into it")
  // Cut once after the head: every later edit is to the head, but the loader's place at the end of the body.
  const [top, bottom] = splitHead(replaceTags(template.replace(title, () => mark('head')), NOSCRIPT, () => '', 1))
  const body = bottom.replace(root, () => `<div id="root">${mark('markup')}</div>\n    <script type="application/json" id="${PRERENDER_STATE_ID}">${mark('state')}</script>`)
  const head = top + routeAssets
  const finish = (finalHead: string, later: readonly string[]): Shell => cut(deferAppStartOf(finalHead, body, later) ?? finalHead + body)
  const linked = finish(linkLater(head), [])
  // The page's stylesheets as the part of them it needs, inline where the first stylesheet was, allowed by
  // its hash in the page's policy; the stylesheets themselves load after the first paint (app-loader.ts).
  const hrefs = [...head.matchAll(STYLESHEET)].map((m) => m[1] ?? '')
  const critical = styles && hrefs.length > 0 ? styles.critical(hrefs) : null
  const scanned = cut(head + body)
  if (critical === null || !POLICY_META.test(head)) return { scanned, inlined: null, linked }
  let first = true
  const inlinedHead = replaceTags(head, STYLESHEET, (_, space) => {
    if (!first) return ''
    first = false
    return `${space}<style>${mark('css')}</style>`
  }).replace(POLICY_META, () => `<meta http-equiv="Content-Security-Policy" content="${mark('policy')}">`)
  return { scanned, inlined: { shell: finish(linkLater(inlinedHead), hrefs), critical }, linked }
}

/** Shells by template, then by the route's assets; the stylesheets' reader is the one they were made with. */
const shells = new Map<string, Map<string, { styles: PageStyles | undefined; shell: PreparedShell }>>()

function preparedShell(template: string, routeAssets: string, styles: PageStyles | undefined): PreparedShell {
  let byAssets = shells.get(template)
  if (byAssets === undefined) {
    // One template a build: the shells of an older one are forgotten.
    shells.clear()
    byAssets = new Map()
    shells.set(template, byAssets)
  }
  const known = byAssets.get(routeAssets)
  if (known !== undefined && known.styles === styles) return known.shell
  const shell = prepareShell(template, routeAssets, styles)
  byAssets.set(routeAssets, { styles, shell })
  return shell
}

/**
 * The page: `template` is the built index.html. Its <title> gives way to the route's head, its empty
 * #root takes the markup, the <noscript> notice goes (the page reads without JavaScript), the stylesheets
 * give way to what the page needs of them (with `styles`), and the reader's code, the stylesheets, the
 * touch icon and the manifest come after the first paint. The template's edits are made once per route
 * kind (preparedShell), and each page fills in its own parts.
 */
export function pageHtml(template: string, head: PageHead, markup: string, state: unknown, routeAssets = '', styles?: PageStyles): string {
  const shell = preparedShell(template, routeAssets, styles)
  const parts = { head: headTags(head), markup, state: scriptJson(state) }
  if (shell.inlined !== null) {
    const css = shell.inlined.critical.forPage(fill(shell.scanned, parts))
    // Nothing in a <style> can end it but `</style`; a stylesheet that says it (in a string) is linked as it was.
    if (!/<\/style/i.test(css)) return fill(shell.inlined.shell, { ...parts, css, policy: policyFor(css) })
  }
  return fill(shell.linked, parts)
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
