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
  START_TAG.lastIndex = 0
  for (let tag = START_TAG.exec(html); tag !== null; tag = START_TAG.exec(html)) {
    tokens.tags.add((tag[1] as string).toLowerCase())
    const attributes = tag[2] as string
    if (attributes === '') continue
    const read = attributesOf(attributes)
    for (const name of read.names) tokens.attributes.add(name)
    for (const c of read.classes) tokens.classes.add(c)
    for (const id of read.ids) tokens.ids.add(id)
  }
  return tokens
}

/** What a start tag's attributes give the page: their names, its classes and its id. */
interface TagAttributes {
  names: readonly string[]
  classes: readonly string[]
  ids: readonly string[]
}

/**
 * Attributes read before, by their text: the same text (a link's class, a span's) recurs on every page of
 * a kind, and reading each again was half of a page's scan. Forgotten wholesale past MAX_REMEMBERED.
 */
const readAttributes = new Map<string, TagAttributes>()
const MAX_REMEMBERED = 20_000

function attributesOf(text: string): TagAttributes {
  const known = readAttributes.get(text)
  if (known !== undefined) return known
  const names: string[] = []
  const classes: string[] = []
  const ids: string[] = []
  ATTRIBUTE.lastIndex = 0
  for (let attribute = ATTRIBUTE.exec(text); attribute !== null; attribute = ATTRIBUTE.exec(text)) {
    const name = (attribute[1] as string).toLowerCase()
    names.push(name)
    if (name !== 'class' && name !== 'id') continue
    const raw = attribute[2] ?? attribute[3] ?? attribute[4] ?? ''
    const value = raw.includes('&') ? decodeHTMLAttribute(raw) : raw
    if (name === 'id') ids.push(value)
    else for (const c of value.split(SPACES)) if (c !== '') classes.push(c)
  }
  if (readAttributes.size >= MAX_REMEMBERED) readAttributes.clear()
  const read = { names, classes, ids }
  readAttributes.set(text, read)
  return read
}

export interface CriticalCss {
  /** The rules the page (its whole HTML) can need, in the stylesheet's order, as the stylesheet writes them. */
  forPage: (html: string) => string
}

/** Every token some selector of `nodes` asks the page for, by kind: the rest of a page's tokens keep nothing. */
function askedTokens(nodes: readonly Node[], into: PageTokens = { tags: new Set(), classes: new Set(), ids: new Set(), attributes: new Set() }): PageTokens {
  for (const node of nodes) {
    if (node.kind === 'group') askedTokens(node.children, into)
    else if (node.kind === 'rule') {
      for (const need of node.selectors) {
        if (need === null) continue
        for (const t of need.tags) into.tags.add(t)
        for (const c of need.classes) into.classes.add(c)
        for (const i of need.ids) into.ids.add(i)
        for (const a of need.attributes) into.attributes.add(a)
      }
    }
  }
  return into
}

/** The page's tokens that some selector asks for, sorted, as one string: pages alike here keep the same rules. */
function askedOf(page: PageTokens, asked: PageTokens): string {
  const present = (kind: keyof PageTokens): string[] => [...page[kind]].filter((t) => asked[kind].has(t)).sort()
  return JSON.stringify([present('tags'), present('classes'), present('ids'), present('attributes')])
}

/** Distinct sets of asked-for tokens remembered per stylesheet (pages of a kind share a few dozen). */
const MAX_REMEMBERED_PAGES = 1024

/**
 * Reads a stylesheet once, for many pages. The rules a page keeps depend only on which of the tokens the
 * selectors ask for it holds, so pages alike in those share one answer, worked out once: going through
 * every rule for every page was a sixth of the filter's time, and a caller may remember what it derives
 * from the answer (the policy's hash of it) by its text.
 */
export function criticalCss(stylesheet: string): CriticalCss {
  const nodes = nodesOf(postcss.parse(stylesheet))
  const asked = askedTokens(nodes)
  const texts = new Map<string, string>()
  return {
    forPage: (html) => {
      const page = pageTokens(html)
      const key = askedOf(page, asked)
      let text = texts.get(key)
      if (text === undefined) {
        text = keep(nodes, page)
        if (texts.size >= MAX_REMEMBERED_PAGES) texts.clear()
        texts.set(key, text)
      }
      return text
    },
  }
}
