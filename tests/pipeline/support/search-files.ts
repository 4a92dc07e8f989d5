// The search index of a data folder read from disk: its files (for the orphan check), a SearchSource for
// the reader's query engine, and the brute-force answer the engine must equal.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import * as v from 'valibot'
import { docsFile, SearchDocsSchema, SearchRootSchema, shardFile, type SearchRoot } from '../../../src/content/search.ts'
import { matchesAll, normalizeText, searchText } from '../../../src/content/search-text.ts'
import { ArticleSchema, ManifestSchema, MANIFEST_FILE, type Article } from '../../../src/content/schema.ts'
import type { SearchFilters, SearchSource } from '../../../src/features/search/engine.ts'

export function searchRoot(root: string): { path: string; root: SearchRoot } | null {
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')))
  if (!manifest.search) return null
  return { path: manifest.search, root: v.parse(SearchRootSchema, JSON.parse(readFileSync(join(root, manifest.search), 'utf8'))) }
}

/** Every file the manifest's search root names, the root included. */
export function searchIndexFiles(root: string): string[] {
  if (!existsSync(join(root, MANIFEST_FILE))) return []
  const found = searchRoot(root)
  if (!found) return []
  const files = [found.path]
  for (const s of found.root.segments) {
    for (let n = 0; n < s.shards; n++) files.push(shardFile(s, n))
    for (let k = 0; k * s.chunk < s.docs; k++) files.push(docsFile(s, k))
  }
  return files
}

export function fileSource(root: string): SearchSource {
  return {
    root: () => {
      const found = searchRoot(root)
      if (!found) throw new Error('no search index in the manifest')
      return Promise.resolve(found.root)
    },
    shard: (segment, n) => Promise.resolve(new Uint8Array(readFileSync(join(root, shardFile(segment, n))))),
    docs: (segment, k) => Promise.resolve(v.parse(SearchDocsSchema, JSON.parse(readFileSync(join(root, docsFile(segment, k)), 'utf8')))),
  }
}

export interface ScannedArticle {
  article: Article
  text: string
}

/** Every published article with its normalized searchable text. */
export function scanArticles(root: string): ScannedArticle[] {
  return readdirSync(join(root, 'articles')).map((name) => {
    const article = ArticleSchema.parse(JSON.parse(readFileSync(join(root, 'articles', name), 'utf8')))
    return { article, text: normalizeText(searchText(article)) }
  })
}

/** The ids a brute-force scan finds: every article with every word that passes every filter. */
export function bruteForce(articles: readonly ScannedArticle[], words: readonly string[], filters: SearchFilters = {}): Set<string> {
  const out = new Set<string>()
  for (const { article, text } of articles) {
    if (!matchesAll(text, words)) continue
    if (filters.category && article.category !== filters.category) continue
    if (filters.tag && !article.tags.includes(filters.tag)) continue
    if (filters.secid && !article.mentions.some((m) => m.secid === filters.secid)) continue
    const day = article.date?.slice(0, 10)
    if ((filters.from || filters.to) && day === undefined) continue
    if (filters.from && day !== undefined && day < filters.from) continue
    if (filters.to && day !== undefined && day > filters.to) continue
    out.add(article.id)
  }
  return out
}
