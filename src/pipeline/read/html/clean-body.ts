// Turns a post body's DOM into clean, normalized HTML through an allow-list: what is not known to be safe
// and useful is dropped (with its content, for scripts and the like) or unwrapped (for harmless wrappers).
// Security markup becomes one uniform mention element: <a data-secid="1.603138" href="…/unify/r/1.603138">.
// The app sanitizes again with DOMPurify when it renders; this pass is what makes the JSON itself clean.
import { quoteUrl } from '../../../content/secid.ts'
import type { Image } from '../../../content/schema.ts'
import { attr, element, isTag, isText, readableText, relink, styleDeclarations, Text, type ChildNode, type Element } from './dom.ts'
import { MentionTally, readMentionMarkup } from './mentions.ts'
import { imageSize } from './images.ts'

/** Removed together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button',
  'select', 'option', 'textarea', 'noscript', 'template', 'svg', 'math', 'link', 'meta', 'base', 'title',
  'head', 'audio', 'video', 'source', 'track', 'canvas', 'dialog', 'map', 'area', 'param', 'portal',
])

/** Kept as they are (minus attributes not allowed below). */
const KEEP = new Set([
  'p', 'br', 'hr', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'a', 'img',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'code', 'h2', 'h3', 'h4', 'h5', 'h6', 'table',
  'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'figure', 'figcaption', 'div',
])

/** Renamed: an article's own title is the page's h1, and <center> is obsolete. */
const RENAME: Readonly<Record<string, string>> = { h1: 'h2', center: 'div' }

/** Blocks that are dropped when cleaning leaves them with no text and no image. */
const DROP_WHEN_EMPTY = new Set(['p', 'div', 'span', 'strong', 'b', 'em', 'i', 'li', 'blockquote', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure'])

const INT = /^\d{1,5}$/

export interface CleanContext {
  mentions: MentionTally
  images: Image[]
  /** K-line chart links, to be given a readable alt text once every name in the article is known. */
  charts: { link: Element; images: Image[]; secid: string; code: string }[]
}

/**
 * Eastmoney's charts say `K图 NIO_0`; a reader (and a screen reader, and the text shown when the chart
 * cannot load) is better served by `蔚来（NIO）K线图`, with the name the article writes.
 */
export function nameCharts(ctx: CleanContext): void {
  for (const chart of ctx.charts) {
    const name = ctx.mentions.nameOf(chart.secid)
    const alt = name && name !== chart.code ? `${name}（${chart.code}）K线图` : `${chart.code} K线图`
    for (const img of chart.link.children) if (isTag(img) && img.name === 'img') img.attribs.alt = alt
    for (const image of chart.images) image.alt = alt
  }
}

/** A URL a reader may follow or load: http(s) (protocol-relative made https) or mailto for links. */
export function safeUrl(raw: string | undefined, kind: 'link' | 'image'): string | null {
  if (!raw) return null
  const value = raw.trim()
  if (value.startsWith('//')) return `https:${value}`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null // relative URLs point into the old site, which this reader replaces
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.href
  if (kind === 'link' && url.protocol === 'mailto:') return url.href
  return null
}

function isHidden(el: Element): boolean {
  if (attr(el, 'hidden') !== undefined) return true
  const style = styleDeclarations(attr(el, 'style'))
  return style.get('display') === 'none' || style.get('visibility') === 'hidden'
}

function hasContent(nodes: readonly ChildNode[]): boolean {
  for (const n of nodes) {
    if (isText(n) && n.data.trim() !== '') return true
    if (isTag(n) && (n.name === 'img' || n.name === 'hr' || n.name === 'table' || hasContent(n.children))) return true
  }
  return false
}

function containsLink(nodes: readonly ChildNode[]): boolean {
  return nodes.some((n) => isTag(n) && (n.name === 'a' || containsLink(n.children)))
}

function mentionLink(secid: string, children: ChildNode[]): Element {
  return element('a', { 'data-secid': secid, href: quoteUrl(secid) }, children)
}

function cleanImage(el: Element, ctx: CleanContext): Element | null {
  const src = safeUrl(attr(el, 'src'), 'image')
  if (!src) return null
  const alt = (attr(el, 'alt') ?? '').trim()
  const width = INT.test(attr(el, 'width') ?? '') ? Number(attr(el, 'width')) : null
  const height = INT.test(attr(el, 'height') ?? '') ? Number(attr(el, 'height')) : null
  const size = imageSize(src, width || null, height || null)
  ctx.images.push({ src, alt, width: size.width, height: size.height })
  const attribs: Record<string, string> = { src, alt }
  if (size.width && size.height) {
    attribs.width = String(size.width)
    attribs.height = String(size.height)
  }
  return element('img', attribs)
}

function cleanElement(el: Element, ctx: CleanContext, inMention: boolean): ChildNode[] {
  const name = el.name
  if (DROP_WITH_CONTENT.has(name) || isHidden(el)) return []
  const id = attr(el, 'id') ?? ''
  // Empty placeholders the live site filled with prices.
  if (name === 'span' && (id.startsWith('quote_') || id.startsWith('bkquote_'))) return []

  if (!inMention) {
    const found = readMentionMarkup(el)
    if (found) {
      ctx.mentions.add(found, el)
      if (found.kline) {
        const inner = name === 'img' ? [el] : el.children
        const firstImage = ctx.images.length
        const link = mentionLink(found.secid, cleanNodes(inner, ctx, true))
        ctx.charts.push({ link, images: ctx.images.slice(firstImage), secid: found.secid, code: found.code })
        return [link]
      }
      // Only the words of a named mention are kept, so pictures inside it are not the article's images.
      const text = cleanNodes(el.children, { mentions: ctx.mentions, images: [], charts: [] }, true)
      return [mentionLink(found.secid, flattenToText(text))]
    }
  }

  if (name === 'img') {
    const img = cleanImage(el, ctx)
    return img ? [img] : []
  }

  const children = cleanNodes(el.children, ctx, inMention)
  const tag = RENAME[name] ?? name
  if (!KEEP.has(tag)) return children // unknown or presentational wrapper (span, font, section…): keep its content
  if (DROP_WHEN_EMPTY.has(tag) && !hasContent(children)) return []

  const attribs: Record<string, string> = {}
  if (tag === 'a') {
    // Links inside mentions are flattened to text; a link around a mention gives way to the mention
    // (a link inside a link is not valid HTML, and browsers would split it).
    const href = inMention ? null : safeUrl(attr(el, 'href'), 'link')
    if (!href || containsLink(children)) return children
    attribs.href = href
    const title = attr(el, 'title')
    if (title) attribs.title = title
  }
  if ((tag === 'td' || tag === 'th') && INT.test(attr(el, 'colspan') ?? '')) attribs.colspan = attr(el, 'colspan') ?? '1'
  if ((tag === 'td' || tag === 'th') && INT.test(attr(el, 'rowspan') ?? '')) attribs.rowspan = attr(el, 'rowspan') ?? '1'
  if (tag === 'ol' && INT.test(attr(el, 'start') ?? '')) attribs.start = attr(el, 'start') ?? '1'
  const align = styleDeclarations(attr(el, 'style')).get('text-align') ?? attr(el, 'align')
  if (name === 'center' || align === 'center') attribs.class = 'center'
  return [element(tag, attribs, children)]
}

/** Mentions keep only their words: a nested link or emphasis inside a stock name adds nothing. */
function flattenToText(nodes: ChildNode[]): ChildNode[] {
  let text = ''
  const visit = (list: readonly ChildNode[]): void => {
    for (const n of list) {
      if (isText(n)) text += n.data
      else if (isTag(n)) visit(n.children)
    }
  }
  visit(nodes)
  return [new Text(text.replace(/\s+/g, ' ').trim())]
}

export function cleanNodes(nodes: readonly ChildNode[], ctx: CleanContext, inMention = false): ChildNode[] {
  const out: ChildNode[] = []
  for (const node of nodes) {
    if (isText(node)) {
      out.push(new Text(node.data.replace(/\r\n?/g, '\n')))
    } else if (isTag(node)) {
      for (const n of cleanElement(node, ctx, inMention)) out.push(n)
    }
    // comments, doctypes and processing instructions are dropped
  }
  relink(out)
  return out
}

/** The text a reader sees in some HTML once it is cleaned: no script code, no hidden text, entities decoded. */
export function cleanText(nodes: readonly ChildNode[]): string {
  return readableText(cleanNodes(nodes, { mentions: new MentionTally(), images: [], charts: [] }))
}

/** Folds the white space between top-level blocks to one newline and trims the ends. */
export function tidyTopLevel(nodes: ChildNode[]): ChildNode[] {
  const out: ChildNode[] = []
  for (const n of nodes) {
    if (isText(n) && n.data.trim() === '') {
      const last = out[out.length - 1]
      if (last && !(isText(last) && last.data === '\n')) out.push(new Text('\n'))
      continue
    }
    out.push(n)
  }
  while (out.length > 0 && isText(out[out.length - 1] as ChildNode) && (out[out.length - 1] as Text).data === '\n') out.pop()
  relink(out)
  return out
}

