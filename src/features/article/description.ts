// An article's description for search results and link previews when it has no summary: the first
// sentence of its body as plain text. String work only (no DOM), so it runs during a prerender too; the
// body is the pipeline's clean HTML, and React escapes the result in the attribute.

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }
/** Long enough for a sentence of news, short enough for a search result. */
const MAX = 120

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith('#')) {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity
  }
  return NAMED[name.toLowerCase()] ?? entity
}

export function firstSentence(html: string): string | null {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, decodeEntity)
    .replace(/\s+/g, ' ')
    .trim()
  if (text === '') return null
  const end = text.search(/[。！？!?]/)
  const sentence = end === -1 ? text : text.slice(0, end + 1)
  return sentence.length > MAX ? `${sentence.slice(0, MAX - 1)}…` : sentence
}
