// What the code that shapes the output is: a build remembers its results under these keys, so a change of
// code (ours, or an upgraded parser or cleaner) can never be mistaken for "nothing changed".
//   parse   the code that turns a post file into its record and article file: src/pipeline/read/**,
//           src/content/** (contract, allow-list, markets, id rule) and the exact versions of the libraries
//           that parse and clean. A change re-reads every post.
//   output  the parse key plus src/pipeline/outputs/**, index/** and changes/** and the libraries only
//           outputs use (the prerendered pages' critical CSS, the sitemap): a change rewrites every feed, look-up, home
//           file and page, but re-reads no post.
// The CLI, the site build, the watchers and the listing of the posts folder (src/pipeline/listing, which
// decides which files are read, never what they become) are not in either: editing them keeps every
// remembered result.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { SCHEMA_VERSION } from '../../content/schema.ts'
import { hashKey } from '../hash-key.ts'
import { PROJECT_ROOT } from '../project-paths.ts'

/** The libraries whose behaviour decides what a post becomes. */
const PARSING_LIBRARIES = ['markdown-it', 'htmlparser2', 'domhandler', 'dom-serializer', 'domutils', 'css-select', 'js-yaml', 'entities']

/** The libraries that shape outputs but not a post's record: the critical CSS of prerendered pages, the sitemap. */
const OUTPUT_LIBRARIES = ['postcss', 'css-what', 'sitemap']

export interface Fingerprints {
  parse: string
  output: string
}

let running: Fingerprints | undefined

/** Read once per process: it describes the code that is running. */
export function fingerprints(): Fingerprints {
  running ??= readFingerprints()
  return running
}

function sources(dir: string, into: string[]): void {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    into.push(`missing:${dir}`)
    return
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) sources(full, into)
    else if (/\.tsx?$/.test(entry.name)) into.push(full.slice(PROJECT_ROOT.length), readFileSync(full, 'utf8'))
  }
}

export function libraryVersion(name: string): string {
  const require = createRequire(join(PROJECT_ROOT, 'package.json'))
  try {
    return `${name}@${(JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version}`
  } catch {
    // Not resolvable through its package.json export map: its installed folder says it.
    try {
      return `${name}@${(JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`
    } catch {
      return `${name}@none`
    }
  }
}

function readFingerprints(): Fingerprints {
  const parseParts: string[] = [String(SCHEMA_VERSION), ...PARSING_LIBRARIES.map(libraryVersion)]
  sources(join(PROJECT_ROOT, 'src', 'pipeline', 'read'), parseParts)
  sources(join(PROJECT_ROOT, 'src', 'content'), parseParts)
  const parse = hashKey(...parseParts)
  const outputParts: string[] = [parse, ...OUTPUT_LIBRARIES.map(libraryVersion)]
  for (const dir of ['outputs', 'index', 'changes']) sources(join(PROJECT_ROOT, 'src', 'pipeline', dir), outputParts)
  return { parse, output: hashKey(...outputParts) }
}
