// Matches shown in a text: every occurrence of a query word (as search matched it: on the normalized text,
// which has the same length as the original, so the marks fall on the original characters).
import type { ReactNode } from 'react'
import { bodyText, normalizeText } from '../../content/search-text.ts'

/** The ranges of `text` that hold a word, merged, in order. */
function ranges(text: string, words: readonly string[]): [number, number][] {
  const norm = normalizeText(text)
  const found: [number, number][] = []
  for (const w of words) {
    for (let at = norm.indexOf(w); at !== -1; at = norm.indexOf(w, at + 1)) found.push([at, at + w.length])
  }
  found.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const r of found) {
    const last = merged.at(-1)
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([...r])
  }
  return merged
}

export function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  const parts: ReactNode[] = []
  let at = 0
  for (const [from, to] of ranges(text, words)) {
    if (from > at) parts.push(text.slice(at, from))
    parts.push(<mark key={from}>{text.slice(from, to)}</mark>)
    at = to
  }
  if (at < text.length) parts.push(text.slice(at))
  return <>{parts}</>
}

const AROUND = 40

/** A short passage of an article around its first match (summary and body), or its opening. */
export function snippetOf(article: { summary: string | null; bodyHtml: string }, words: readonly string[]): string {
  const text = [article.summary ?? '', bodyText(article.bodyHtml)].join(' ').replace(/\s+/g, ' ').trim()
  const norm = normalizeText(text)
  let first = -1
  for (const w of words) {
    const at = norm.indexOf(w)
    if (at !== -1 && (first === -1 || at < first)) first = at
  }
  if (first === -1) return text.length > AROUND * 3 ? `${text.slice(0, AROUND * 3)}…` : text
  const start = Math.max(0, first - AROUND)
  const end = Math.min(text.length, first + AROUND * 2)
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`
}
