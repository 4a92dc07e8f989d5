// The reader's own state (read marks, saved articles, the watchlist, the last visit), as components see
// it; storage itself (reading, migrating, writing, syncing tabs) is in storage.ts. Both come with the
// personal UI, which loads after hydration (personal.ts); the server and hydration render see the empty
// state, so prerendered HTML hydrates without a mismatch and the marks appear without moving anything.
import { useSyncExternalStore } from 'react'
import * as storageModule from './storage.ts'

export interface SavedArticle {
  id: string
  title: string
  date: string | null
  /** The article's data file when it was saved (for offline use); null when not known. */
  path: string | null
  /** The original's address, when saved from the article page (feed items do not carry it). */
  source?: string | null | undefined
  savedAt: number
}

export interface FollowedSecurity {
  secid: string
  name: string
  followedAt: number
}

export interface ReaderState {
  /** Ids of articles read, oldest mark first (capped in storage.ts). */
  read: readonly string[]
  /** Newest saved first. */
  saved: readonly SavedArticle[]
  /** Newest followed first. */
  watchlist: readonly FollowedSecurity[]
  /** Each category's article count when the reader last opened home; null before the first visit. */
  visit: { at: number; counts: Readonly<Record<string, number>> } | null
}

/** The state with the look-ups components need, rebuilt once per change (so selectors can return its parts). */
export interface ReaderView {
  state: ReaderState
  read: ReadonlySet<string>
  saved: ReadonlySet<string>
  followed: ReadonlySet<string>
  /** False until storage has been read (or found unusable): "nothing saved" is not known before that. */
  loaded: boolean
  /** What could not be kept, said in a visible notice; null when storage works. */
  problem: string | null
}

export type ReaderChange =
  | { type: 'read'; ids: readonly string[]; read: boolean }
  | { type: 'save'; article: Omit<SavedArticle, 'savedAt'> }
  | { type: 'unsave'; id: string }
  | { type: 'follow'; security: Omit<FollowedSecurity, 'followedAt'> }
  | { type: 'unfollow'; secid: string }
  | { type: 'visit'; counts: Readonly<Record<string, number>> }
  | { type: 'replace'; state: ReaderState }
  | { type: 'dismiss' }

export const EMPTY_STATE: ReaderState = { read: [], saved: [], watchlist: [], visit: null }

export function viewOf(state: ReaderState, loaded: boolean, problem: string | null): ReaderView {
  return {
    state,
    read: new Set(state.read),
    saved: new Set(state.saved.map((a) => a.id)),
    followed: new Set(state.watchlist.map((s) => s.secid)),
    loaded,
    problem,
  }
}

const EMPTY_VIEW = viewOf(EMPTY_STATE, false, null)
let current = EMPTY_VIEW
const listeners = new Set<() => void>()

/** Called by storage.ts with each new view (a change here, in another tab, or read from storage). */
export function publish(view: ReaderView): void {
  current = view
  for (const listener of listeners) listener()
}

export function currentView(): ReaderView {
  return current
}

function loadStorage(): Promise<typeof storageModule> {
  storageModule.start()
  return Promise.resolve(storageModule)
}

/** Calls `listener` with every new view; the first subscriber starts reading the reader's storage. */
export function subscribeReader(listener: () => void): () => void {
  listeners.add(listener)
  void loadStorage()
  return () => listeners.delete(listener)
}

/** A part of the reader's state; the empty state during prerendering and hydration. */
export function useReader<T>(select: (view: ReaderView) => T): T {
  return useSyncExternalStore(
    subscribeReader,
    () => select(current),
    () => select(EMPTY_VIEW),
  )
}

/** Applies a change here at once and keeps it (or says it could not), and tells the other tabs. */
export function change(next: ReaderChange): Promise<void> {
  return loadStorage().then((module) => module.apply(next))
}

export const markRead = (ids: readonly string[], read = true) => change({ type: 'read', ids, read })
