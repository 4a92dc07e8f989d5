// How long prerendering takes per page: renders N article pages (default 2,000, cycling through the
// archive's articles) with the server bundle over a built data folder, on this thread alone and then on
// the rendering threads the build uses (one per core), and prints ms per page for each.
//   npx tsx tests/bench/prerender-pages.ts <site folder of npm run build> [N]
// `npm run bench` times whole builds, pages included; this times the renderer alone.
import { readFileSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { paths } from '../../src/content/routes.ts'
import { ArticleLookupSchema, LookupIndexSchema } from '../../src/content/lookup-schema.ts'
import { ManifestSchema } from '../../src/content/schema.ts'
import { startRenderers, type PageRenderers } from '../../src/pipeline/outputs/pages/page-renderers.ts'
import { buildServerBundle, serverBundleDir } from '../../src/pipeline/outputs/pages/server-bundle.ts'

const site = process.argv[2]
const count = Number(process.argv[3] ?? 2000)
if (!site) {
  console.error('usage: npx tsx tests/bench/prerender-pages.ts <site folder> [N]')
  process.exit(2)
}
const data = join(site, 'data')
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(data, path), 'utf8'))

async function time(label: string, renderers: PageRenderers, routes: readonly string[]): Promise<void> {
  // Warm up: the first renders load and compile the code.
  await Promise.all(routes.slice(0, 20).map((route) => renderers.render(route)))
  let bytes = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const page = await renderers.render(routes[i % routes.length] ?? '/')
      bytes += page.html.length
    }),
  )
  const ms = performance.now() - started
  await renderers.close()
  const failed = renderers.problems.length > 0 ? ` (${renderers.problems.join('; ')})` : ''
  console.log(`${label}: ${count} article pages in ${(ms / 1000).toFixed(2)} s, ${(ms / count).toFixed(2)} ms per page, ${Math.round(bytes / count)} characters of markup per page${failed}`)
}

process.env.NODE_ENV = 'production'
const out = serverBundleDir()
try {
  const serverBundle = await buildServerBundle(out, '/', true)
  const manifest = ManifestSchema.parse(readJson('manifest.json'))
  const index = LookupIndexSchema.parse(readJson(manifest.lookups))
  const routes = index.articles.flatMap(([, shard]) => ArticleLookupSchema.parse(readJson(shard)).map(([id]) => paths.article(id)))
  console.log(`${routes.length} distinct articles in ${site}`)
  const setup = { serverBundle, base: '/', dataDir: data }
  await time('main thread', startRenderers(setup, 0), routes)
  const threads = startRenderers(setup)
  threads.expect(count)
  await time(`${availableParallelism()} threads`, threads, routes)
} finally {
  rmSync(out, { recursive: true, force: true })
}
