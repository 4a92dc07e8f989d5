// Front matter with gray-matter and js-yaml's failsafe schema: every scalar stays the exact
// string the author wrote (a date stays "2022-03-09 19:54:03 +0800", a title "" stays ""), so the
// pipeline, not YAML's type guessing, decides what a value means.
import matter from 'gray-matter'
import { FAILSAFE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml'

export type FrontValue = string | FrontValue[] | { [key: string]: FrontValue } | null

export type FrontMatterResult =
  | { ok: true; data: Record<string, FrontValue>; content: string }
  | { ok: false; reason: string }

const engines = {
  yaml: (text: string): object => {
    let value: unknown
    try {
      value = loadYaml(text, { schema: FAILSAFE_SCHEMA, json: true })
    } catch (error) {
      throw new Error(describeYamlError(error, text), { cause: error })
    }
    if (value === null || value === undefined) return {}
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('front matter is not a set of "key: value" lines')
    return value
  },
}

export function readFrontMatter(text: string): FrontMatterResult {
  const source = text.replace(/^\uFEFF/, '')
  if (!/^---[ \t]*\r?\n/.test(source)) {
    return { ok: false, reason: 'no front matter: the file does not start with a "---" line, so Jekyll would not publish it' }
  }
  try {
    // Passing options also turns off gray-matter's unbounded module-level cache.
    const parsed = matter(source, { engines })
    return { ok: true, data: parsed.data, content: parsed.content }
  } catch (error) {
    return { ok: false, reason: `front matter is not valid YAML: ${error instanceof Error ? error.message : String(error)}` }
  }
}

/** A front-matter field as one trimmed string ('' when missing or not text). */
export function fieldText(value: FrontValue | undefined): string {
  if (typeof value === 'string') return value.trim()
  if (Array.isArray(value)) {
    const first = value.find((v) => typeof v === 'string')
    return typeof first === 'string' ? first.trim() : ''
  }
  return ''
}

/** A front-matter field as a list of non-empty strings: a YAML list, or a string of words as Jekyll reads `tags: a b`. */
export function fieldList(value: FrontValue | undefined): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter((word) => word !== '')
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim())
  return []
}

/** The YAML library's words, with the file line where it stopped (front matter starts on line 2). */
function describeYamlError(error: unknown, yamlText: string): string {
  if (error instanceof YAMLException) {
    const line = error.mark?.line
    if (line === undefined) return error.reason
    // An error at the end of the stream points past the last line: name the last line instead.
    const last = yamlText.replace(/\n+$/, '').split('\n').length
    return `${error.reason} (line ${Math.min(line, last - 1) + 2} of the file)`
  }
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
}
