// Reading the real corpus in tests, to know what the pages must show without hard-coding it.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'

export interface CorpusPost {
  /** The file name inside _posts/. */
  file: string
  /** The front matter as YAML parses it (Jekyll's keys: title, date, categories, tags…). */
  frontMatter: Readonly<Record<string, unknown>>
  title: string | null
  /** `YYYY-MM-DD HH:MM:SS` in Beijing time (the corpus writes +0800 or nothing), or null when unusable. */
  date: string | null
}

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?/
const DATE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?: \+0800)?$/

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function parsePost(file: string, text: string): CorpusPost {
  const match = FRONT_MATTER.exec(text)
  let parsed: unknown = null
  try {
    parsed = match?.[1] === undefined ? null : parse(match[1])
  } catch {
    // Broken front matter: the post has no usable title or date.
  }
  const frontMatter = isRecord(parsed) ? parsed : {}
  const title = typeof frontMatter['title'] === 'string' && frontMatter['title'].trim() !== '' ? frontMatter['title'] : null
  const rawDate = frontMatter['date']
  const dateMatch = typeof rawDate === 'string' ? DATE.exec(rawDate.trim()) : null
  const date = dateMatch ? `${dateMatch[1]} ${dateMatch[2]}` : null
  return { file, frontMatter, title, date }
}

/** Every post of a `_posts/` folder, in file-name order. */
export async function readCorpusPosts(postsDir: string): Promise<CorpusPost[]> {
  const files = (await readdir(postsDir)).filter((name) => name.endsWith('.md')).sort()
  return Promise.all(files.map(async (file) => parsePost(file, await readFile(path.join(postsDir, file), 'utf8'))))
}

/** Posts with a title and a date, newest first. */
export function newestFirst(posts: readonly CorpusPost[]): CorpusPost[] {
  return posts
    .filter((post) => post.title !== null && post.date !== null)
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.file.localeCompare(b.file))
}
