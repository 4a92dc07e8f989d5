// The query engine over the pipeline's search index (src/content/search.ts, search-format.ts). It walks the
// segments newest first and fetches, per segment, only the shards holding the query's terms: a bigram
// index with positions answers "this text has this word" exactly (coverBigrams), filters are terms too,
// and a date range is a run of document numbers. Results come newest first and stop early; the total
// walks every segment (what "找到 N 篇" needs to be exact).
import { type SearchDoc, type SearchDocs, type SearchRoot, type SearchSegment } from '../../content/search.ts'
import { coverBigrams, filterTerm, readShard, shardOf, termDocs, termPositions, type Shard } from '../../content/search-format.ts'

/** Where the index's files come from (the reader fetches them; tests read them from disk). */
export interface SearchSource {
  root(): Promise<SearchRoot>
  shard(segment: SearchSegment, n: number): Promise<Uint8Array>
  docs(segment: SearchSegment, k: number): Promise<SearchDocs>
}

export interface SearchFilters {
  category?: string | undefined
  tag?: string | undefined
  secid?: string | undefined
  /** Days, `YYYY-MM-DD`, both included. */
  from?: string | undefined
  to?: string | undefined
}

export interface SearchHit {
  segment: SearchSegment
  doc: number
}

/** Shards fetched and read once per segment and number, shared by every query of a session. */
export class ShardCache {
  readonly #shards = new Map<string, Promise<Shard>>()
  readonly #docs = new Map<string, Promise<SearchDocs>>()
  readonly source: SearchSource

  constructor(source: SearchSource) {
    this.source = source
  }

  shard(segment: SearchSegment, n: number): Promise<Shard> {
    const key = `${segment.key}.${segment.hash}.${n}`
    let p = this.#shards.get(key)
    if (!p) {
      p = this.source.shard(segment, n).then(readShard)
      // A failed request is asked again next time (the reader's retry), not remembered.
      p.catch(() => this.#shards.delete(key))
      this.#shards.set(key, p)
    }
    return p
  }

  docs(segment: SearchSegment, k: number): Promise<SearchDocs> {
    const key = `${segment.key}.${segment.hash}.${k}`
    let p = this.#docs.get(key)
    if (!p) {
      p = this.source.docs(segment, k)
      p.catch(() => this.#docs.delete(key))
      this.#docs.set(key, p)
    }
    return p
  }
}

/** Whether a sorted list holds a value. */
function has(list: Uint32Array, value: number): boolean {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const v = list[mid] as number
    if (v === value) return true
    if (v < value) lo = mid + 1
    else hi = mid
  }
  return false
}

function indexOf(list: Uint32Array, value: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((list[mid] as number) < value) lo = mid + 1
    else hi = mid
  }
  return lo < list.length && list[lo] === value ? lo : -1
}

function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      out.push(x)
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return Uint32Array.from(out)
}

/** The document numbers of a segment inside a date range: [first, end). */
function docRange(segment: SearchSegment, from: string | undefined, to: string | undefined): [number, number] {
  if (!from && !to) return [0, segment.docs]
  if (segment.key === 'undated') return [0, 0]
  let first = segment.docs
  let end = 0
  segment.days.forEach(([day, start], i) => {
    const stop = segment.days[i + 1]?.[1] ?? segment.docs
    if ((to && day > to) || (from && day < from)) return
    first = Math.min(first, start)
    end = Math.max(end, stop)
  })
  return first < end ? [first, end] : [0, 0]
}

/** Whether a segment can hold a day in the range (before anything of it is fetched). */
function segmentInRange(segment: SearchSegment, from: string | undefined, to: string | undefined): boolean {
  if (!from && !to) return true
  const newest = segment.days[0]?.[0]
  const oldest = segment.days.at(-1)?.[0]
  if (newest === undefined || oldest === undefined) return false
  return !(to && oldest > to) && !(from && newest < from)
}

/** The documents of one segment that have every word and pass every filter, newest first. */
export async function matchSegment(
  cache: ShardCache,
  segment: SearchSegment,
  words: readonly string[],
  filters: SearchFilters,
  scores?: Map<number, number>,
): Promise<Uint32Array> {
  if (!segmentInRange(segment, filters.from, filters.to)) return new Uint32Array(0)
  const [first, end] = docRange(segment, filters.from, filters.to)
  if (first >= end) return new Uint32Array(0)
  const wordTerms = words.map((w) => coverBigrams(w))
  const filterTerms: string[] = []
  if (filters.category) filterTerms.push(filterTerm('c', filters.category))
  if (filters.tag) filterTerms.push(filterTerm('t', filters.tag))
  if (filters.secid) filterTerms.push(filterTerm('s', filters.secid))
  const terms = [...new Set([...wordTerms.flat().map((c) => c.bigram), ...filterTerms])]
  const shardNumbers = [...new Set(terms.map((t) => shardOf(t, segment.shards)))]
  const shards = new Map(await Promise.all(shardNumbers.map(async (n) => [n, await cache.shard(segment, n)] as const)))
  const shardFor = (term: string): Shard => shards.get(shardOf(term, segment.shards)) as Shard

  // Documents that have every term, the rarest first.
  const lists: Uint32Array[] = []
  for (const term of terms) {
    const shard = shardFor(term)
    const entry = shard.terms.get(term)
    if (!entry) return new Uint32Array(0)
    lists.push(termDocs(shard, entry))
  }
  lists.sort((a, b) => a.length - b.length)
  let docs = lists[0] ?? new Uint32Array(0)
  for (const list of lists.slice(1)) {
    if (docs.length === 0) break
    docs = intersect(docs, list)
  }
  docs = docs.filter((d) => d >= first && d < end)

  // A word of three or more characters: its covering bigrams must sit at their offsets from one start.
  // With `scores`, each document's score adds up how often each word occurs in it (for 相关度).
  const scoreOf = new Map<number, number>()
  for (const cover of wordTerms) {
    if (docs.length === 0) break
    if (cover.length < 2 && !scores) continue
    const decoded = cover.map(({ bigram, offset }) => {
      const shard = shardFor(bigram)
      const entry = shard.terms.get(bigram)
      if (!entry) throw new Error('a term vanished from its shard')
      return { offset, docs: termDocs(shard, entry), positions: termPositions(shard, entry) }
    })
    const [head, ...rest] = decoded
    if (!head) continue
    docs = docs.filter((doc) => {
      const starts = head.positions[indexOf(head.docs, doc)] ?? new Uint32Array(0)
      const others = rest.map((r) => r.positions[indexOf(r.docs, doc)] ?? new Uint32Array(0))
      let found = 0
      for (const p of starts) {
        if (rest.every((r, i) => has(others[i] as Uint32Array, p + r.offset))) {
          found++
          if (!scores) break
        }
      }
      if (scores) scoreOf.set(doc, (scoreOf.get(doc) ?? 0) + found)
      return found > 0
    })
  }
  if (scores) for (const doc of docs) scores.set(doc, scoreOf.get(doc) ?? 0)
  return docs
}

/** One query over the whole index: results newest first, page by page, and its exact total. */
export class SearchRun {
  readonly #cache: ShardCache
  readonly #root: SearchRoot
  readonly #words: readonly string[]
  readonly #filters: SearchFilters
  readonly #matches = new Map<number, Promise<Uint32Array>>()
  #segment = 0
  #offset = 0
  #ranking: Promise<SearchHit[]> | null = null

  constructor(cache: ShardCache, root: SearchRoot, words: readonly string[], filters: SearchFilters) {
    this.#cache = cache
    this.#root = root
    this.#words = words
    this.#filters = filters
  }

  #match(i: number): Promise<Uint32Array> {
    let p = this.#matches.get(i)
    if (!p) {
      p = matchSegment(this.#cache, this.#root.segments[i] as SearchSegment, this.#words, this.#filters)
      p.catch(() => this.#matches.delete(i))
      this.#matches.set(i, p)
    }
    return p
  }

  /** Whether every result has been handed out. */
  get done(): boolean {
    return this.#segment >= this.#root.segments.length
  }

  /** The next `n` results (fewer at the end), fetching segments newest first until there are enough. */
  async more(n: number): Promise<SearchHit[]> {
    const hits: SearchHit[] = []
    while (hits.length < n && this.#segment < this.#root.segments.length) {
      const segment = this.#root.segments[this.#segment] as SearchSegment
      const docs = await this.#match(this.#segment)
      while (hits.length < n && this.#offset < docs.length) hits.push({ segment, doc: docs[this.#offset++] as number })
      if (this.#offset >= docs.length) {
        this.#segment++
        this.#offset = 0
      }
    }
    return hits
  }

  /** The exact number of results: every segment that can hold one is matched (a few at a time). */
  async total(): Promise<number> {
    const count = this.#root.segments.length
    let sum = 0
    let i = 0
    const lane = async (): Promise<void> => {
      while (i < count) {
        const at = i++
        const found = (await this.#match(at)).length
        sum += found
      }
    }
    await Promise.all([lane(), lane(), lane(), lane()])
    return sum
  }

  /**
   * Results by 相关度: how often the words occur (every segment is matched and scored), ties newest first.
   * `from` and `n` page through them.
   */
  async ranked(from: number, n: number): Promise<SearchHit[]> {
    this.#ranking ??= (async () => {
      const all: { hit: SearchHit; score: number; order: number }[] = []
      for (const [i, segment] of this.#root.segments.entries()) {
        const scores = new Map<number, number>()
        const docs = await matchSegment(this.#cache, segment, this.#words, this.#filters, scores)
        for (const doc of docs) all.push({ hit: { segment, doc }, score: scores.get(doc) ?? 0, order: i * 2 ** 32 + doc })
      }
      all.sort((a, b) => b.score - a.score || a.order - b.order)
      return all.map((r) => r.hit)
    })()
    this.#ranking.catch(() => (this.#ranking = null))
    return (await this.#ranking).slice(from, from + n)
  }

  /** What a hit is: its document (id, article file, date, category, title). */
  async doc(hit: SearchHit): Promise<SearchDoc> {
    const chunk = await this.#cache.docs(hit.segment, Math.floor(hit.doc / hit.segment.chunk))
    const doc = chunk.docs[hit.doc % hit.segment.chunk]
    if (!doc) throw new Error(`the search index's documents file ${hit.segment.key} has no document ${hit.doc}`)
    return doc
  }
}
