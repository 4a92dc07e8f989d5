// The rules of the reader's stylesheet that a prerendered page can need, inlined in its head, so the page
// paints from its own bytes instead of waiting for a second request (#12's LCP: on Lighthouse's simulated
// phone the stylesheet's round trip was most of the 0.15 s between our first paint and Jekyll's). The whole
// stylesheet still loads after the first paint (app-loader.ts), before the reader's code runs.
//
// The filter errs only one way: a rule is kept when each class, id, element and attribute name that its
// selector requires, outside functional pseudo-classes (`:not()`, `:is()`, `:has()`…), is somewhere in the
// page. Combinators, attribute values and pseudo-classes are not checked, so a rule that could match is never
// dropped; some that cannot are kept. Rules inside `@media` and `@supports` are filtered the same way; other
// at-rules (`@keyframes`, `@font-face`) are kept whole. The kept rules keep their order, so when the whole
// stylesheet arrives and repeats them, every element the page holds ends with the same style: nothing moves.
// The result is a pure function of the stylesheet and the page's markup, as a page's content key requires.
import { AttributeAction, parse as parseSelector, SelectorType, type Selector } from 'css-what'
import { decodeHTMLAttribute } from 'entities'
import postcss, { type ChildNode, type Container } from 'postcss'

/** What a page holds, as far as selectors ask: element names, classes, ids and attribute names. */
interface PageTokens {
  tags: Set<string>
  classes: Set<string>
  ids: Set<string>
  attributes: Set<string>
}

/** What one selector of a rule requires the page to hold; null when it cannot be read (then the rule is kept). */
interface Requirement {
  tags: readonly string[]
  classes: readonly string[]
  ids: readonly string[]
  attributes: readonly string[]
}

type Node =
  | { kind: 'always'; text: string }
  | { kind: 'rule'; text: string; selectors: readonly (Requirement | null)[] }
  | { kind: 'group'; open: string; children: readonly Node[] }

function requirement(selector: readonly Selector[]): Requirement {
  const tags: string[] = []
  const classes: string[] = []
  const ids: string[] = []
  const attributes: string[] = []
  for (const token of selector) {
    if (token.type === SelectorType.Tag) tags.push(token.name.toLowerCase())
    else if (token.type === SelectorType.Attribute) {
      if (token.name === 'class' && token.action === AttributeAction.Element) classes.push(token.value)
      else if (token.name === 'id' && token.action === AttributeAction.Equals) ids.push(token.value)
      else attributes.push(token.name.toLowerCase())
    }
    // Pseudo-classes (and what they hold), pseudo-elements, `*` and combinators ask nothing of the page here.
  }
  return { tags, classes, ids, attributes }
}

function requirements(selectorText: string): readonly (Requirement | null)[] {
  try {
    return parseSelector(selectorText).map(requirement)
  } catch {
    return [null]
  }
}

function nodesOf(container: Container<ChildNode>): Node[] {
  const nodes: Node[] = []
  for (const child of container.nodes ?? []) {
    if (child.type === 'rule') nodes.push({ kind: 'rule', text: child.toString(), selectors: requirements(child.selector) })
    else if (child.type === 'atrule' && (child.name === 'media' || child.name === 'supports') && child.nodes) {
      nodes.push({ kind: 'group', open: `@${child.name} ${child.params}{`, children: nodesOf(child) })
    } else if (child.type === 'atrule') nodes.push({ kind: 'always', text: child.toString() })
    // Comments go.
  }
  return nodes
}

const satisfied = (page: PageTokens, need: Requirement | null): boolean =>
  need === null ||
  (need.tags.every((t) => page.tags.has(t)) &&
    need.classes.every((c) => page.classes.has(c)) &&
    need.ids.every((i) => page.ids.has(i)) &&
    need.attributes.every((a) => page.attributes.has(a)))

function keep(nodes: readonly Node[], page: PageTokens): string {
  let out = ''
  for (const node of nodes) {
    if (node.kind === 'always') out += node.text
    else if (node.kind === 'rule') {
      if (node.selectors.some((need) => satisfied(page, need))) out += node.text
    } else {
      const inner = keep(node.children, page)
      if (inner !== '') out += `${node.open}${inner}}`
    }
  }
  return out
}

/** A start tag: its name and its attributes, quoted values whole (a `>` inside one does not end the tag). */
const START_TAG = /<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g
/** An attribute in a start tag: its name, and its value double-quoted, single-quoted or bare. */
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g
const SPACES = /[ \t\n\f\r]+/

/**
 * The element names, classes, ids and attribute names of an HTML document or fragment, read off its start
 * tags. Not a parser (htmlparser2's took 0.31 ms of every prerendered page, this 0.13 ms, with the same tokens
 * on 3,054 pages of a built site), and it errs the same one way as the filter: what it reads inside a comment,
 * a script or a style is one more token, which only keeps a rule. Values are read as a browser reads them,
 * character references included; names in lower case, as HTML's are.
 */
export function pageTokens(html: string): PageTokens {
  const tokens: PageTokens = { tags: new Set(), classes: new Set(), ids: new Set(), attributes: new Set() }
  for (const tag of html.matchAll(START_TAG)) {
    tokens.tags.add((tag[1] as string).toLowerCase())
    for (const attribute of (tag[2] as string).matchAll(ATTRIBUTE)) {
      const name = (attribute[1] as string).toLowerCase()
      tokens.attributes.add(name)
      if (name !== 'class' && name !== 'id') continue
      const raw = attribute[2] ?? attribute[3] ?? attribute[4] ?? ''
      const value = raw.includes('&') ? decodeHTMLAttribute(raw) : raw
      if (name === 'id') tokens.ids.add(value)
      else for (const c of value.split(SPACES)) if (c !== '') tokens.classes.add(c)
    }
  }
  return tokens
}

export interface CriticalCss {
  /** The rules the page (its whole HTML) can need, in the stylesheet's order, as the stylesheet writes them. */
  forPage: (html: string) => string
}

/** Reads a stylesheet once, for many pages. */
export function criticalCss(stylesheet: string): CriticalCss {
  const nodes = nodesOf(postcss.parse(stylesheet))
  return { forPage: (html) => keep(nodes, pageTokens(html)) }
}
