// The reader's weight, read off a production build: the gzipped JavaScript each route loads first (the
// entry with its static imports, plus the route's lazy chunk with its static imports), and the gzipped
// data the first screen of a feed needs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ManifestSchema } from '../../src/content/schema.ts'

interface ViteChunk {
  file: string
  src?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
}

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
