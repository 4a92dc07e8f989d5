// An Atom 1.0 document (RFC 4287) written by hand, every field as text. The `feed` library this replaces
// wrote titles and summaries as `type="html"` CDATA and escaped only `&` in attributes, so a tag written
// `"><script>` or a title `&lt;script&gt;` (read as the text `<script>`) made feeds that were not XML, or
// markup for every subscriber. Here every value goes through one escape that also drops what XML 1.0
// cannot carry at all, so any post gives a well-formed feed that shows what the reader shows.

/**
 * Code points XML 1.0 does not allow in a document, even escaped: C0 controls but tab, newline and carriage
 * return, lone surrogates, and U+FFFE/U+FFFF. (`u` flag: a valid surrogate pair is one code point.)
 */
// eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** `value` as XML character data or an attribute value (quoted with `"`), whatever it holds. */
export function xmlEscape(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}

export interface AtomPerson {
  name: string
  uri?: string
}

export interface AtomEntry {
  id: string
  title: string
  link: string
  updated: Date
  summary?: string | null
  authors?: readonly AtomPerson[]
  /** Category terms (tags): written as `term` and `label`, both text. */
  categories?: readonly string[]
}

export interface AtomDocument {
  id: string
  title: string
  /** The page the feed stands for (rel="alternate"). */
  link: string
  /** The feed's own address (rel="self"). */
  self: string
  updated: Date
  language: string
  rights: string
  generator: string
  author: AtomPerson
  entries: readonly AtomEntry[]
}

const element = (name: string, text: string): string => `<${name}>${xmlEscape(text)}</${name}>`

function person(tag: 'author', p: AtomPerson): string {
  return `<${tag}>${element('name', p.name)}${p.uri ? element('uri', p.uri) : ''}</${tag}>`
}

function entry(e: AtomEntry): string {
  const lines = [
    element('title', e.title),
    element('id', e.id),
    `<link rel="alternate" href="${xmlEscape(e.link)}"/>`,
    element('updated', e.updated.toISOString()),
  ]
  if (e.summary) lines.push(element('summary', e.summary))
  for (const a of e.authors ?? []) lines.push(person('author', a))
  for (const c of e.categories ?? []) lines.push(`<category term="${xmlEscape(c)}" label="${xmlEscape(c)}"/>`)
  return `  <entry>\n${lines.map((line) => `    ${line}\n`).join('')}  </entry>\n`
}

/** The Atom document, as UTF-8 text. */
export function atomXml(doc: AtomDocument): string {
  const head = [
    element('id', doc.id),
    element('title', doc.title),
    element('updated', doc.updated.toISOString()),
    `<link rel="alternate" href="${xmlEscape(doc.link)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${xmlEscape(doc.self)}"/>`,
    person('author', doc.author),
    element('rights', doc.rights),
    element('generator', doc.generator),
  ]
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(doc.language)}">\n` +
    head.map((line) => `  ${line}\n`).join('') +
    doc.entries.map(entry).join('') +
    '</feed>\n'
  )
}
