// Lifts the parts of a Jekyll post that are not article body out of the rendered markdown:
// the leading `> ` summary, the `（文章来源：…）` media line, the `<http…>` original link (or an empty `<>`)
// and the 返回… back links to the old site. What remains is the body.
import { attr, hasClass, isTag, isText, onlyElements, readableText, type ChildNode, type Document, type Element } from './dom.ts'
import { safeUrl } from './clean-body.ts'

export interface Lifted {
  /** The leading `> ` quote, still raw: the caller reads its clean text. */
  summary: Element | null
  source: string | null
  /** The original article link; null when missing. */
  sourceUrl: string | null
  /** True when the post has a source line but it is empty (`<>`). */
  sourceUrlEmpty: boolean
  body: ChildNode[]
}

const SOURCE_LINE = /^[（(]\s*文章来源\s*[:：]\s*(.*?)\s*[）)]$/
const LINK_SEPARATORS = /^[\s｜|·•/]*$/

function isBlank(n: ChildNode): boolean {
  return isText(n) && n.data.trim() === ''
}

/** A paragraph that is nothing but an autolink `<http://…>`: its text is its own address. */
function autolinkTarget(el: Element): string | null {
  if (el.name !== 'p') return null
  const only = onlyElements(el.children)
  if (!only || only.length !== 1) return null
  const a = only[0]
  if (!a || a.name !== 'a') return null
  const href = attr(a, 'href') ?? ''
  if (readableText(a) !== href.trim()) return null
  return safeUrl(href)
}

/** A paragraph of links back to the old site: every link says 返回…, and nothing else but separators. */
function isBackLinks(el: Element): boolean {
  if (el.name !== 'p') return false
  let links = 0
  for (const n of el.children) {
    if (isText(n)) {
      if (!LINK_SEPARATORS.test(n.data)) return false
    } else if (isTag(n)) {
      if (n.name === 'br') continue
      if (n.name !== 'a' || !readableText(n).startsWith('返回')) return false
      links++
    }
  }
  return links > 0
}

/** The media named by a `（文章来源：…）` line, stock markup reduced to its words. */
function mediaFromSourceLine(el: Element): string | null {
  const text = readableText(el)
  const m = SOURCE_LINE.exec(text)
  if (m) return m[1] ? m[1] : null
  return hasClass(el, 'em_media') && text ? text.replace(/^[（(]|[）)]$/g, '') : null
}

function findSourceLines(nodes: readonly ChildNode[], found: Element[]): void {
  for (const n of nodes) {
    if (!isTag(n)) continue
    if (n.name === 'p' && (hasClass(n, 'em_media') || SOURCE_LINE.test(readableText(n)))) found.push(n)
    else findSourceLines(n.children, found)
  }
}

function detach(el: Element): void {
  const parent = el.parent
  if (!parent) return
  const i = parent.children.indexOf(el)
  if (i >= 0) parent.children.splice(i, 1)
  if (el.prev) el.prev.next = el.next
  if (el.next) el.next.prev = el.prev
  el.parent = null
}

export function liftParts(doc: Document): Lifted {
  let summary: Element | null = null
  let sourceUrl: string | null = null
  let sourceUrlEmpty = false
  const body: ChildNode[] = []

  let first = true
  for (const node of doc.children) {
    if (isBlank(node)) {
      body.push(node)
      continue
    }
    if (isTag(node)) {
      if (first && node.name === 'blockquote') {
        summary = node
        first = false
        continue
      }
      const target = autolinkTarget(node)
      if (target) {
        sourceUrl ??= target
        continue
      }
      if (node.name === 'p' && readableText(node) === '<>') {
        sourceUrlEmpty = true
        continue
      }
      if (isBackLinks(node)) continue
    }
    first = false
    body.push(node)
  }

  const lines: Element[] = []
  findSourceLines(body, lines)
  let source: string | null = null
  for (const line of lines) {
    source ??= mediaFromSourceLine(line)
    detach(line)
  }
  const kept = body.filter((n) => !lines.includes(n as Element))
  return { summary, source, sourceUrl, sourceUrlEmpty: sourceUrlEmpty && sourceUrl === null, body: kept }
}
