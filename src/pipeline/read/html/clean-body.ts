// Turns a post body's DOM into clean, normalized HTML through the allow-list of src/content/allow-list.ts:
// what is not known to be safe and useful is dropped (with its content, for scripts and the like) or
// unwrapped (for harmless wrappers). Security markup becomes one uniform mention element:
// <a data-secid="1.603138" href="…/unify/r/1.603138">. The app sanitizes again with DOMPurify, by the same
// allow-list, when it renders; this pass is what makes the JSON itself clean.
import {
  BODY_ATTRIBUTES,
  BODY_URL_SCHEMES,
  bodyAttributeValue,
  CENTER_CLASS,
  HTML_WHITE_SPACE,
  isBodyElement,
  MENTION_ATTRIBUTE,
  NUMERIC_ATTRIBUTES,
  NUMERIC_VALUE,
  type BodyElement,
} from '../../../content/allow-list.ts'
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

/** Renamed: an article's own title is the page's h1, and <center> is obsolete. */
const RENAME: Readonly<Record<string, string>> = { h1: 'h2', center: 'div' }

/** Blocks that are dropped when cleaning leaves them with no text and no image. */
const DROP_WHEN_EMPTY = new Set(['p', 'div', 'span', 'strong', 'b', 'em', 'i', 'li', 'blockquote', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure'])

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
    const named = name && name !== chart.code ? `${name}（${chart.code}）K线图` : `${chart.code} K线图`
    // A name is text from the post: it still has to be a value the allow-list keeps.
    const alt = bodyAttributeValue('img', 'alt', named)
    if (alt === null) continue
    for (const img of chart.link.children) if (isTag(img) && img.name === 'img') img.attribs.alt = alt
    for (const image of chart.images) image.alt = alt
  }
}

/** A URL a reader may follow or load, in a scheme of the allow-list (protocol-relative made https). */
export function safeUrl(raw: string | undefined): string | null {
  if (!raw) return null
  const value = raw.trim()
  let url: URL
  try {
    url = new URL(value.startsWith('//') ? `https:${value}` : value)
  } catch {
    return null // relative URLs point into the old site, which this reader replaces
  }
  return BODY_URL_SCHEMES.includes(url.protocol) ? url.href : null
}

/**
 * An element a reader never sees, or must never see the content of: it goes with everything inside it.
 * Takes a name and attributes so that the parser can ask before it builds the element.
 */
export function isUnseen(name: string, attribs: Readonly<Record<string, string>>): boolean {
  if (DROP_WITH_CONTENT.has(name) || attribs.hidden !== undefined) return true
  const style = styleDeclarations(attribs.style)
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
  return bodyElement('a', { [MENTION_ATTRIBUTE]: secid, href: quoteUrl(secid) }, children)
}

/**
 * An element of the cleaned body. Its attributes pass the allow-list once more on the way out, so nothing
 * is written that the reader's sanitizer would strip (the code above should never produce such a thing).
 */
function bodyElement(name: BodyElement, attribs: Record<string, string>, children: ChildNode[] = []): Element {
  const kept: Record<string, string> = {}
  for (const [key, value] of Object.entries(attribs)) {
    const allowed = bodyAttributeValue(name, key, value)
    if (allowed !== null) kept[key] = allowed
  }
  return element(name, kept, children)
}

function numericAttribute(el: Element, name: string): number | null {
  const value = attr(el, name)?.trim() ?? ''
  return NUMERIC_VALUE.test(value) ? Number(value) : null
}

function cleanImage(el: Element, ctx: CleanContext): Element | null {
  const src = safeUrl(attr(el, 'src'))
  if (!src) return null
  const alt = bodyAttributeValue('img', 'alt', (attr(el, 'alt') ?? '').trim()) ?? ''
  const size = imageSize(src, numericAttribute(el, 'width') || null, numericAttribute(el, 'height') || null)
  ctx.images.push({ src, alt, width: size.width, height: size.height })
  const attribs: Record<string, string> = { src, alt }
  if (size.width && size.height) {
    attribs.width = String(size.width)
    attribs.height = String(size.height)
  }
  return bodyElement('img', attribs)
}

function cleanElement(el: Element, ctx: CleanContext, inMention: boolean): ChildNode[] {
  const name = el.name
  if (isUnseen(name, el.attribs)) return []
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
  if (!isBodyElement(tag)) return children // unknown or presentational wrapper (span, font, section…): keep its content
  if (DROP_WHEN_EMPTY.has(tag) && !hasContent(children)) return []

  const attribs: Record<string, string> = {}
  if (tag === 'a') {
    // Links inside mentions are flattened to text; a link around a mention gives way to the mention
    // (a link inside a link is not valid HTML, and browsers would split it).
    const href = inMention ? null : safeUrl(attr(el, 'href'))
    if (!href || containsLink(children)) return children
    attribs.href = href
    // Trimmed and folded as a browser shows it, and as DOMPurify would trim it.
    const title = attr(el, 'title')?.replace(/\s+/g, ' ').trim()
    if (title) attribs.title = title
  }
  // Cell spans and a list's first number, as the allow-list names them for this element.
  for (const key of BODY_ATTRIBUTES[tag] ?? []) {
    if (!NUMERIC_ATTRIBUTES.includes(key)) continue
    const value = numericAttribute(el, key)
    if (value !== null) attribs[key] = String(value)
  }
  const align = styleDeclarations(attr(el, 'style')).get('text-align') ?? attr(el, 'align')?.trim().toLowerCase()
  if (name === 'center' || align === 'center') attribs.class = CENTER_CLASS
  return [bodyElement(tag, attribs, tag === 'table' ? rowsInSections(children) : children)]
}

/**
 * A table's rows written straight in it go into a <tbody>, with the white space between them, as a
 * browser's parser puts them: the body is then the tree the reader's page holds (and the prerenderer can
 * vouch for it without a DOM, src/features/article/server-sanitize.ts).
 */
function rowsInSections(children: readonly ChildNode[]): ChildNode[] {
  const out: ChildNode[] = []
  let rows: ChildNode[] = []
  const endSection = (): void => {
    if (rows.length > 0) out.push(bodyElement('tbody', {}, rows))
    rows = []
  }
  for (const child of children) {
    if ((isTag(child) && child.name === 'tr') || (rows.length > 0 && isText(child) && HTML_WHITE_SPACE.test(child.data))) {
      rows.push(child)
    } else {
      endSection()
      out.push(child)
    }
  }
  endSection()
  return out
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

