// One search as the screen sees it: the first page of results, more on demand, and the exact total, which
// keeps counting in the background after the first page is on screen. A new query or filter starts a new
// run; answers of a run the reader has left are dropped.
import { useCallback, useEffect, useState } from 'react'
import type { SearchDoc, SearchRoot } from '../../../content/search.ts'
import { SearchRun, ShardCache, type SearchFilters, type SearchSource } from '../engine.ts'
import { networkSource } from './search-source.ts'

export const PAGE = 20

export interface SearchState {
  status: 'loading' | 'ready' | 'error'
  results: SearchDoc[]
  /** Null while the total is still being counted. */
  total: number | null
  done: boolean
  loadingMore: boolean
  error: unknown
}

const INITIAL: SearchState = { status: 'loading', results: [], total: null, done: false, loadingMore: false, error: null }

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

export function useSearch(rootPath: string | null, words: readonly string[] | null, filters: SearchFilters, sort: 'new' | 'rel' = 'new') {
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
      const { cache, root } = session(rootPath)
      const r = new SearchRun(cache, await root, words, filters)
      const hits = sort === 'rel' ? await r.ranked(0, PAGE) : await r.more(PAGE)
      const docs = await Promise.all(hits.map((h) => r.doc(h)))
      if (!live) return
      setRun(r)
      setState((s) => ({ ...s, status: 'ready', results: docs, done: sort === 'rel' ? hits.length < PAGE : r.done }))
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
    const page = sort === 'rel' ? run.ranked(state.results.length, PAGE) : run.more(PAGE)
    page
      .then((hits) => Promise.all(hits.map((h) => run.doc(h))))
      .then((docs) => setState((s) => ({ ...s, results: [...s.results, ...docs], done: sort === 'rel' ? docs.length < PAGE : run.done, loadingMore: false })))
      .catch((error: unknown) => setState((s) => ({ ...s, status: 'error', loadingMore: false, error })))
  }, [run, sort, state.done, state.loadingMore, state.status, state.results.length])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { ...state, more, retry }
}
