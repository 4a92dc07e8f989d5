// A search's state in the URL (/search?q=…&c=…&t=…&s=…&from=…&to=…): shareable, reloadable, and every change
// of a filter is a history entry that Back undoes.
import type { SearchFilters } from './engine.ts'

/** Newest first (the default), or 相关度: how often the words occur. */
export type SearchSort = 'new' | 'rel'

export interface SearchState {
  q: string
  filters: SearchFilters
  sort?: SearchSort | undefined
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

function param(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim()
  return value ? value : undefined
}

function day(params: URLSearchParams, name: string): string | undefined {
  const value = param(params, name)
  return value !== undefined && DAY.test(value) ? value : undefined
}

export function readSearch(params: URLSearchParams): SearchState {
  return {
    q: params.get('q') ?? '',
    sort: params.get('sort') === 'rel' ? 'rel' : 'new',
    filters: { category: param(params, 'c'), tag: param(params, 't'), secid: param(params, 's'), from: day(params, 'from'), to: day(params, 'to') },
  }
}

export function hasFilters(filters: SearchFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined)
}

/** The query string of a search (without `?`). */
export function searchQueryString(state: SearchState): string {
  const params = new URLSearchParams()
  params.set('q', state.q)
  const f = state.filters
  for (const [name, value] of [['c', f.category], ['t', f.tag], ['s', f.secid], ['from', f.from], ['to', f.to]] as const) if (value) params.set(name, value)
  if (state.sort === 'rel') params.set('sort', 'rel')
  return params.toString()
}
