// The first screen's data as a prerendered page sends it: what the route's queries hold, except the parts
// that are a whole data file, which the page names instead (DATA_FILE_KEY, src/content/prerender.ts). The
// prerenderer (server.tsx) makes those references; the browser (start.tsx) fetches the files before it
// hydrates, each once, as the reader's queries would have. Data files are named by their content's hash, so
// the file fetched is the file the page was drawn from.
import { DATA_FILE_KEY } from '../content/prerender.ts'
import { fetchData } from '../lib/fetch-data.ts'

type Fields = Record<string, unknown>

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * `values` with every object that holds all of a file of `files` (data path to its parsed JSON) as a
 * reference to that file plus the object's other fields. An object holds a file when it has the file's
 * fields first, in the file's order, equal as JSON (so, nested objects' order included): the browser then
 * rebuilds the same value, fields in the same order. Each file is named once (the browser fetches each
 * reference); a second object holding it stays as it is.
 */
export function referToFiles(values: readonly unknown[], files: ReadonlyMap<string, unknown>): unknown[] {
  const wholes = new Map<string, [string[], string]>()
  for (const [path, file] of files) {
    if (isFields(file) && Object.keys(file).length > 0) wholes.set(path, [Object.keys(file), JSON.stringify(file)])
  }
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit)
    if (!isFields(node)) return node
    const fields = Object.keys(node)
    for (const [path, [keys, json]] of wholes) {
      if (keys.every((key, i) => fields[i] === key) && JSON.stringify(Object.fromEntries(keys.map((key) => [key, node[key]]))) === json) {
        wholes.delete(path)
        return { [DATA_FILE_KEY]: path, ...Object.fromEntries(fields.slice(keys.length).map((key) => [key, node[key]])) }
      }
    }
    return Object.fromEntries(fields.map((key) => [key, visit(node[key])]))
  }
  return values.map(visit)
}

/** The files' contents are checked where the page was drawn, under the same content-hashed names. */
const AS_SENT = { safeParse: (data: unknown) => ({ success: true as const, data }) }

/**
 * The page's data block, parsed, and what fetches the files it names and puts each one's fields in its place
 * (rejecting with the reader's DataError when one cannot be had). Until then the value is incomplete.
 */
export function parseSentData(text: string): [value: unknown, fill: () => Promise<unknown>] {
  const named: [Fields, string, Fields][] = []
  const value: unknown = JSON.parse(text, (_key, node: unknown) => {
    if (!isFields(node) || typeof node[DATA_FILE_KEY] !== 'string') return node
    const { [DATA_FILE_KEY]: path, ...rest } = node
    const whole = {}
    named.push([whole, path, rest])
    return whole
  })
  return [value, () => Promise.all(named.map(([whole, path, rest]) => fetchData(path, AS_SENT).then((file) => Object.assign(whole, file, rest))))]
}
