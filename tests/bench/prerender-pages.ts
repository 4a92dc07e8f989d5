// How long prerendering takes per page: renders N article pages (default 2,000, cycling through the
// archive's articles) with the server bundle over a built data folder, and prints ms per page.
//   npx tsx tests/bench/prerender-pages.ts <site folder of npm run build> [N]
// Not part of `npm run bench`, which builds whole archives; this times the renderer alone.
import { readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { paths } from '../../src/content/routes.ts'
import { ArticleLookupSchema, LookupIndexSchema, ManifestSchema } from '../../src/content/schema.ts'
import { buildServerBundle, serverBundleDir } from '../../src/pipeline/outputs/pages/server-bundle.ts'

interface Rendered {
  html: string
  head: string
}
interface ServerModule {
  setUpPrerender: (setup: { base: string; readData: (path: string) => Promise<string | null>; window: object }) => (path: string) => Promise<Rendered>
}

const site = process.argv[2]
const count = Number(process.argv[3] ?? 2000)
if (!site) {
  console.error('usage: npx tsx tests/bench/prerender-pages.ts <site folder> [N]')
  process.exit(2)
}
const data = join(site, 'data')
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(data, path), 'utf8'))

process.env.NODE_ENV = 'production'
const out = serverBundleDir()
try {
  const bundle = await buildServerBundle(out, '/', true)
  const server = (await import(pathToFileURL(bundle).href)) as ServerModule
  const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: new (html: string) => { window: object } }
  const render = server.setUpPrerender({
    base: '/',
    window: new JSDOM('').window,
    readData: (path) => Promise.resolve(readFileSync(join(data, path), 'utf8')),
  })
  const manifest = ManifestSchema.parse(readJson('manifest.json'))
  const index = LookupIndexSchema.parse(readJson(manifest.lookups))
  const ids = index.articles.flatMap((shard) => ArticleLookupSchema.parse(readJson(shard)).map(([id]) => id))
  // Warm up: the first renders compile the code paths.
  for (const id of ids.slice(0, 20)) await render(paths.article(id))
  let bytes = 0
  const started = performance.now()
  for (let i = 0; i < count; i++) bytes += (await render(paths.article(ids[i % ids.length] ?? ''))).html.length
  const ms = performance.now() - started
  console.log(`${count} article pages (${ids.length} distinct) in ${(ms / 1000).toFixed(2)} s: ${(ms / count).toFixed(2)} ms per page, ${Math.round(bytes / count)} characters of markup per page`)
} finally {
  rmSync(out, { recursive: true, force: true })
}
