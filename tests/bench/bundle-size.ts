// The reader's weight, read off a production build: the gzipped JavaScript each route loads first (the
// entry with its static imports, plus the route's lazy chunk with its static imports), and the gzipped
// data the first screen of a feed needs. Run on its own it prints every route and the feed route against
// #12's and #14's budget:
//   npx vite build && npx tsx tests/bench/bundle-size.ts [client build folder, default dist]
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { ManifestSchema } from '../../src/content/schema.ts'

interface ViteChunk {
  file: string
  src?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
}

/** #12 and #14: a feed route's first-load JavaScript stays at or under 125 KB gzipped (kB: 1000 bytes). */
export const FEED_ROUTE_BUDGET = 125_000
/** The route the budget is about: a category's or tag's page. */
const FEED_ROUTE = 'src/app/routes/feed-route.tsx'

/** Both units, since "KB" is read either way: 122,900 bytes = 120.0 KiB = 122.9 kB. */
export function formatKB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB (${(bytes / 1000).toFixed(1)} kB)`
}

function gzipSize(path: string): number {
  return gzipSync(readFileSync(path)).length
}

/** Each route's first-load JavaScript: the app entry plus, for lazy routes, the route's own chunks. */
export function routeScripts(dist: string): { route: string; gzip: number; files: number }[] {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ViteChunk>
  const closure = (key: string, seen: Set<string>): Set<string> => {
    if (seen.has(key)) return seen
    seen.add(key)
    for (const dep of manifest[key]?.imports ?? []) closure(dep, seen)
    return seen
  }
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry)
  if (!entry) throw new Error('no entry in the Vite manifest')
  const base = closure(entry, new Set())
  const size = (keys: Set<string>): number => [...keys].reduce((sum, k) => sum + (manifest[k]?.file.endsWith('.js') ? gzipSize(join(dist, manifest[k]?.file ?? '')) : 0), 0)
  const rows = [{ route: `entry (${entry})`, gzip: size(base), files: base.size }]
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry) continue
    const keys = closure(key, new Set(base))
    rows.push({ route: `entry + ${chunk.src ?? key}`, gzip: size(keys), files: keys.size })
  }
  return rows
}

/** The feed route's first load against the budget, as one line. */
export function budgetLine(rows: readonly { route: string; gzip: number }[]): string {
  const feed = rows.find((r) => r.route.endsWith(FEED_ROUTE))
  if (!feed) return `feed route: not in the build's manifest (${FEED_ROUTE})`
  const left = FEED_ROUTE_BUDGET - feed.gzip
  return `feed route first load ${formatKB(feed.gzip)} against the budget of ${formatKB(FEED_ROUTE_BUDGET)}: ${left >= 0 ? `${formatKB(left)} to spare` : `OVER by ${formatKB(-left)}`}`
}

/** Gzipped bytes of the manifest plus what each kind of first screen fetches next. */
export function firstScreenData(dataDir: string): { manifest: number; home: number; feed: number; category: number } {
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')))
  const m = gzipSize(join(dataDir, 'manifest.json'))
  const file = (path: string | null): number => (path ? gzipSize(join(dataDir, path)) : 0)
  const biggest = [...manifest.categories].sort((a, b) => b.count - a.count)[0]
  return {
    manifest: m,
    home: m + file(manifest.home) + file(manifest.feed.head),
    feed: m + file(manifest.feed.head),
    category: m + file(biggest?.feed.head ?? null),
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const rows = routeScripts(resolve(process.argv[2] ?? 'dist'))
  console.log('JavaScript per route (first load, gzipped):')
  for (const r of rows) console.log(`  ${r.route.padEnd(56)} ${formatKB(r.gzip).padStart(22)}  (${String(r.files)} files)`)
  console.log(budgetLine(rows))
}
