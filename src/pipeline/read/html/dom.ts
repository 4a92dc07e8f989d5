// Small helpers over htmlparser2's DOM (domhandler nodes), shared by the body transforms. Parsing is in
// parse-html.ts.
import { Element, Text, isTag, isText, type ChildNode, type Document } from 'domhandler'
import { textContent } from 'domutils'
import render from 'dom-serializer'
import { BODY_HTML_FORM } from '../../../content/allow-list.ts'

export { Element, Text, isTag, isText, type ChildNode, type Document }

/** Serializes in the form bodies are written in (BODY_HTML_FORM). */
export function renderHtml(nodes: ChildNode | ChildNode[]): string {
  return render(nodes, BODY_HTML_FORM)
}

/** Text a reader sees, with runs of white space folded to one space. */
export function readableText(node: ChildNode | ChildNode[]): string {
  return textContent(node).replace(/\s+/g, ' ').trim()
}

export function hasClass(el: Element, name: string): boolean {
  const cls = el.attribs.class
  return cls !== undefined && cls.split(/\s+/).includes(name)
}

export function attr(el: Element, name: string): string | undefined {
  return el.attribs[name]
}

/** Elements among `nodes`, ignoring text that is only white space. Returns null if real text is present. */
export function onlyElements(nodes: readonly ChildNode[]): Element[] | null {
  const out: Element[] = []
  for (const n of nodes) {
    if (isTag(n)) out.push(n)
    else if (isText(n)) {
      if (n.data.trim() !== '') return null
    }
  }
  return out
}

export function element(name: string, attribs: Record<string, string>, children: ChildNode[] = []): Element {
  const el = new Element(name, attribs, children)
  for (const child of children) child.parent = el
  relink(children)
  return el
}

/** Fixes the sibling links of a freshly assembled list of nodes. */
export function relink(nodes: ChildNode[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]
    if (!n) continue
    n.prev = nodes[i - 1] ?? null
    n.next = nodes[i + 1] ?? null
  }
}

/** CSS declarations of a style attribute, as lower-case property → value. */
export function styleDeclarations(style: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  if (!style) return out
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':')
    if (colon <= 0) continue
    out.set(decl.slice(0, colon).trim().toLowerCase(), decl.slice(colon + 1).trim().toLowerCase())
  }
  return out
}
