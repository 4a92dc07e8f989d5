// One search as the screen sees it: the first page of results, more on demand, and the exact total, which
// keeps counting in the background after the first page is on screen. A new query or filter starts a new
// run; answers of a run the reader has left are dropped. The header's box starts a query's first page as
// its pause runs out (prepareSearch), before the router has drawn this screen, and the screen takes it over.
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import type { SearchDoc, SearchRoot } from '../../../content/search.ts'
import { parseQuery } from '../../../content/search-text.ts'
import { manifestQuery } from '../../../lib/query-keys.ts'
import { articleQuery } from '../../article/api/article-query.ts'
import { SearchRun, ShardCache, type SearchFilters, type SearchHit, type SearchSource } from '../engine.ts'
import { readSearch, type SearchSort } from '../search-params.ts'
import { networkSource } from './search-source.ts'

export const PAGE = 20
/** How long the first page waits for its snippets before its titles are drawn without them. */
const SNIPPET_WAIT_MS = 300

export interface SearchState {
  status: 'loading' | 'ready' | 'error'
  /** One document per story: a copy of a story already listed is left out (the listed one names it). */
  results: SearchDoc[]
  /** The matching articles read so far, copies left out included (where the next page starts). */
  taken: number
  /** Of those, how many were left out as another copy of a listed story. */
  merged: number
  /** Null while the total is still being counted. */
  total: number | null
  done: boolean
  loadingMore: boolean
  error: unknown
}

const INITIAL: SearchState = { status: 'loading', results: [], taken: 0, merged: 0, total: null, done: false, loadingMore: false, error: null }

/**
 * The documents of `next` that are not another copy of a story already in `listed` or kept from `next`: a
 * story both writers posted is one result, as in every list that spans writers. Of two copies on one page
 * the one those lists show stays (the other is marked, doc[6]); else the copy met first.
 */
export function oneCopyEach(listed: readonly SearchDoc[], next: readonly SearchDoc[]): SearchDoc[] {
  const copies = new Set<string>()
  for (const doc of listed) for (const twin of doc[5] ?? []) copies.add(twin.id)
  const onPage = new Set(next.map((doc) => doc[0]))
  const kept: SearchDoc[] = []
  for (const doc of next) {
    if (copies.has(doc[0])) continue
    if (doc[6] === 1 && doc[5]?.some((twin) => onPage.has(twin.id) && !copies.has(twin.id))) continue
    kept.push(doc)
    for (const twin of doc[5] ?? []) copies.add(twin.id)
  }
  return kept
}

/** The state after a page of `docs` (all `hits` of the run's next page) arrived. */
function withPage(s: SearchState, docs: readonly SearchDoc[], done: boolean): SearchState {
  const kept = oneCopyEach(s.results, docs)
  return { ...s, status: 'ready', results: [...s.results, ...kept], taken: s.taken + docs.length, merged: s.merged + docs.length - kept.length, done, loadingMore: false }
}

// One shard cache and root per index: shards are content-named, so they stay valid for the whole session.
const sessions = new Map<string, { cache: ShardCache; root: Promise<SearchRoot> }>()

function session(rootPath: string, source: SearchSource = networkSource(rootPath)): { cache: ShardCache; root: Promise<SearchRoot> } {
  let s = sessions.get(rootPath)
  if (!s) {
    const root = source.root()
    root.catch(() => sessions.delete(rootPath))
    s = { cache: new ShardCache(source), root }
    sessions.set(rootPath, s)
  }
  return s
}

/** A search's run with its first page: the hits and their documents. */
type Matched = Promise<{ run: SearchRun; hits: SearchHit[]; docs: SearchDoc[] }>

/**
 * A first page under way. Its snippets' article files are asked for only once the search is the one to
 * show (`show`): a page the box starts after its short pause may be for a query the reader goes on typing,
 * and its articles were most of what such unfinished queries cost (600519 typed a key every 200 ms).
 */
interface Started {
  matched: Matched
  /** Asks for the snippets' article files (once the documents are in; once): settles when they have, never fails. */
  show: () => Promise<unknown>
}

const searchKey = (rootPath: string, words: readonly string[], filters: SearchFilters, sort: SearchSort): string => JSON.stringify([rootPath, words, filters, sort])

/** A first page started before its screen: the screen takes it (once: a run moves on as it pages). */
let prepared: { key: string; started: Started } | null = null

function startSearch(client: QueryClient, rootPath: string, words: readonly string[], filters: SearchFilters, sort: SearchSort): Started {
  const matched: Matched = (async () => {
    const { cache, root } = session(rootPath)
    const run = new SearchRun(cache, await root, words, filters)
    const hits = sort === 'rel' ? await run.ranked(0, PAGE) : await run.more(PAGE)
    const docs = await Promise.all(hits.map((h) => run.doc(h)))
    return { run, hits, docs }
  })()
  let snippets: Promise<unknown> | null = null
  // Each result reads the same query, so the files are asked for once, for the whole page.
  const show = () =>
    (snippets ??= matched.then(
      ({ docs }) => Promise.allSettled(oneCopyEach([], docs).map((doc) => client.fetchQuery(articleQuery(doc[0], doc[1])))),
      // The screen shows what went wrong with the match.
      () => undefined,
    ))
  return { matched, show }
}

/**
 * Fetches the index's root when the reader starts typing (no `search` yet), and starts the first page of
 * the search in `search` (a /search query string) when the box's typing pauses: once after a short pause,
 * and again as the box's whole pause runs out, which keeps the first page already started for that search.
 */
export function prepareSearch(client: QueryClient, search?: string): void {
  client.ensureQueryData(manifestQuery()).then(
    (manifest) => {
      if (!manifest.search) return
      if (search === undefined) {
        session(manifest.search)
        return
      }
      const state = readSearch(new URLSearchParams(search))
      const parsed = parseQuery(state.q)
      if (!parsed.ok) return
      const sort = state.sort ?? 'new'
      const key = searchKey(manifest.search, parsed.words, state.filters, sort)
      // Started already: the box starts a first page after a short pause, and asks again as its whole pause
      // runs out, when the page is the one to show.
      if (prepared?.key === key) {
        void prepared.started.show()
        return
      }
      const started = startSearch(client, manifest.search, parsed.words, state.filters, sort)
      // A failure is shown by the screen, which starts again; the same query asked for again starts afresh.
      started.matched.catch(() => {
        if (prepared?.started === started) prepared = null
      })
      prepared = { key, started }
    },
    // The screen reads the manifest itself and shows what went wrong.
    () => undefined,
  )
}

/** The first page prepareSearch started for this search, if it is the one; else a new start. */
function takeOrStart(client: QueryClient, rootPath: string, words: readonly string[], filters: SearchFilters, sort: SearchSort): Started {
  const key = searchKey(rootPath, words, filters, sort)
  const mine = prepared?.key === key ? prepared.started : null
  prepared = null
  return mine ?? startSearch(client, rootPath, words, filters, sort)
}

export function useSearch(rootPath: string | null, words: readonly string[] | null, filters: SearchFilters, sort: SearchSort = 'new') {
  const client = useQueryClient()
  const [state, setState] = useState<SearchState>(INITIAL)
  const [run, setRun] = useState<SearchRun | null>(null)
  const [attempt, setAttempt] = useState(0)
  const key = JSON.stringify([rootPath, words, filters, sort, attempt])
  // A new query starts from nothing (set while rendering, so no stale result is ever drawn with it).
  const [shownKey, setShownKey] = useState(key)
  if (shownKey !== key) {
    setShownKey(key)
    setState(INITIAL)
    setRun(null)
  }

  useEffect(() => {
    if (rootPath === null || words === null) return
    let live = true
    const fail = (error: unknown) => {
      if (live) setState((s) => ({ ...s, status: 'error', loadingMore: false, error }))
    }
    const start = async () => {
      // The first page the header's box started, when it is this search (a retry starts again: the box's
      // first page is taken once).
      const started = takeOrStart(client, rootPath, words, filters, sort)
      const snippets = started.show()
      const { run: r, hits, docs } = await started.matched
      // The page is drawn once its snippets are in too (or after SNIPPET_WAIT_MS, titles first): drawn
      // before, each snippet's arrival draws the list again, and in Chromium at 100,000 posts the page
      // was whole 90-120 ms later that way (tests/bench/search-browser.ts).
      await Promise.race([snippets, new Promise((resolve) => setTimeout(resolve, SNIPPET_WAIT_MS))])
      if (!live) return
      setRun(r)
      setState((s) => withPage(s, docs, sort === 'rel' ? hits.length < PAGE : r.done))
      // The exact total waits for the snippets: its shards would otherwise share the browser's few
      // connections with them and hold the first page's snippets back.
      await snippets
      if (!live) return
      const total = await r.total()
      if (live) setState((s) => ({ ...s, total }))
    }
    start().catch(fail)
    return () => {
      live = false
    }
    // `key` stands for rootPath, words, filters and the retry count.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  const more = useCallback(() => {
    if (!run || state.done || state.loadingMore || state.status !== 'ready') return
    setState((s) => ({ ...s, loadingMore: true }))
    const page = sort === 'rel' ? run.ranked(state.taken, PAGE) : run.more(PAGE)
    page
      .then((hits) => Promise.all(hits.map((h) => run.doc(h))))
      .then((docs) => setState((s) => withPage(s, docs, sort === 'rel' ? docs.length < PAGE : run.done)))
      .catch((error: unknown) => setState((s) => ({ ...s, status: 'error', loadingMore: false, error })))
  }, [run, sort, state.done, state.loadingMore, state.status, state.taken])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { ...state, more, retry }
}
