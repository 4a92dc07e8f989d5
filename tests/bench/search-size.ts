// What the search index costs and what a query downloads, on archives of the real corpus multiplied
// (multiply-corpus.ts): `npx tsx tests/bench/search-size.ts [10000,100000] [work folder]`.
// For each size: a cold content build (in this process, no page cache emptied), the time of its search
// phase against the rest, the index's size on disk against the articles' searchable text, then for each
// kind of query the bytes (raw and gzipped, as a host would send them) that the first 20 results with
// their documents need, and that the exact total needs, with the engine's own time in Node.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as v from 'valibot'
import { docsFile, SearchDocsSchema, SearchRootSchema, shardFile } from '../../src/content/search.ts'
import { parseQuery, searchText } from '../../src/content/search-text.ts'
import { ArticleSchema, ManifestSchema } from '../../src/content/schema.ts'
import { SearchRun, ShardCache, type SearchSource } from '../../src/features/search/engine.ts'
import { buildContent } from '../../src/pipeline/build-content.ts'
import { multiplyCorpus } from './multiply-corpus.ts'
import { formatKB } from './bundle-size.ts'
import { QUERIES } from './search-queries.ts'

const corpus = resolve(process.env.FINEWS_CORPUS ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus'))
const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number)
const work = process.argv[3] ?? join(tmpdir(), 'finews-search-bench')

interface Meter {
  raw: number
  gzip: number
  files: number
}

function meteredSource(root: string, meter: Meter): SearchSource {
  const read = (path: string): Buffer => {
    const bytes = readFileSync(join(root, path))
    meter.raw += bytes.length
    meter.gzip += gzipSync(bytes).length
    meter.files++
    return bytes
  }
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')))
  if (!manifest.search) throw new Error('no search index in the manifest')
  const rootPath = manifest.search
  return {
    root: () => Promise.resolve(v.parse(SearchRootSchema, JSON.parse(read(rootPath).toString('utf8')))),
    shard: (s, n) => Promise.resolve(new Uint8Array(read(shardFile(s, n)))),
    docs: (s, k) => Promise.resolve(v.parse(SearchDocsSchema, JSON.parse(read(docsFile(s, k)).toString('utf8')))),
  }
}

function folderBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0
  let files = 0
  for (const name of readdirSync(dir)) {
    bytes += statSync(join(dir, name)).size
    files++
  }
  return { bytes, files }
}

for (const size of sizes) {
  const dir = join(work, String(size))
  mkdirSync(dir, { recursive: true })
  const archive = await multiplyCorpus(corpus, join(dir, 'posts'), size)
  const out = join(dir, 'data')
  const started = performance.now()
  const result = await buildContent({ posts: archive.posts, categories: archive.categories, out, cacheDir: null })
  const wall = (performance.now() - started) / 1000
  const search = result.stats.seconds.search ?? 0
  const index = folderBytes(join(out, 'search'))
  let text = 0
  for (const name of readdirSync(join(out, 'articles'))) text += Buffer.byteLength(searchText(ArticleSchema.parse(JSON.parse(readFileSync(join(out, 'articles', name), 'utf8')))))
  const rootMeter: Meter = { raw: 0, gzip: 0, files: 0 }
  const rootFile = await meteredSource(out, rootMeter).root()
  console.log(`\n${size.toLocaleString('en-US')} posts: cold build ${wall.toFixed(1)} s, of which search ${search.toFixed(1)} s (+${((search / (wall - search)) * 100).toFixed(0)} % on the rest)`)
  console.log(
    `  index: ${formatKB(index.bytes)} in ${index.files} files, ${(index.bytes / size).toFixed(0)} bytes per post; searchable text ${formatKB(text)} (index = ${(index.bytes / text).toFixed(2)} × text); ${rootFile.segments.length} segments, root ${formatKB(rootMeter.gzip)} gzipped`,
  )
  for (const { kind, query } of QUERIES) {
    const parsed = parseQuery(query)
    if (!parsed.ok) continue
    const first: Meter = { raw: 0, gzip: 0, files: 0 }
    const source = meteredSource(out, first)
    const t0 = performance.now()
    const run = new SearchRun(new ShardCache(source), await source.root(), parsed.words, {})
    const hits = await run.more(20)
    for (const hit of hits) await run.doc(hit)
    const firstMs = performance.now() - t0
    const totalMeter: Meter = { raw: 0, gzip: 0, files: 0 }
    const all = meteredSource(out, totalMeter)
    const t1 = performance.now()
    const total = await new SearchRun(new ShardCache(all), await all.root(), parsed.words, {}).total()
    const totalMs = performance.now() - t1
    console.log(
      `  ${kind.padEnd(12)} "${query}": first ${hits.length} results ${formatKB(first.gzip)} gzipped (${first.files} files, ${firstMs.toFixed(0)} ms); exact total ${total.toLocaleString('en-US')} ${formatKB(totalMeter.gzip)} gzipped (${totalMeter.files} files, ${totalMs.toFixed(0)} ms)`,
    )
  }
}
