// Where the reader's state is kept: one localStorage entry, versioned and migrated, written on every
// change and shared with the other open tabs. localStorage suffices: the state is small (ids, titles,
// secids; read marks are capped), it is read once after hydration, and its `storage` event tells other
// tabs at once. A BroadcastChannel says the same, so tabs stay in step even when writing failed (storage
// full or blocked). Whatever storage does, the reader keeps working from memory and says what it could
// not keep. Loaded lazily by reader-state.ts.
import * as v from 'valibot'
import { EMPTY_STATE, publish, currentView, viewOf, type ReaderChange, type ReaderState } from './reader-state.ts'

export const STORAGE_KEY = 'finews:reader-state'
const CHANNEL = 'finews-reader-state'
/** The stored layout's version; `migrations[n]` turns version n into n + 1. */
export const STATE_VERSION = 2
/** The oldest read marks go first past this many (about 25 bytes each). */
export const MAX_READ = 5000

// `source`, the original's address, came after version 2 and is optional: /saved links it once the article
// has left the archive (only an http(s) one: an imported file may say anything).
const SavedSchema = v.object({ id: v.string(), title: v.string(), date: v.nullable(v.string()), path: v.nullable(v.string()), source: v.optional(v.nullable(v.string())), savedAt: v.number() })
const FollowedSchema = v.object({ secid: v.string(), name: v.string(), followedAt: v.number() })
export const StoredStateSchema = v.object({
  version: v.literal(STATE_VERSION),
  read: v.array(v.string()),
  saved: v.array(SavedSchema),
  watchlist: v.array(FollowedSchema),
  visit: v.nullable(v.object({ at: v.number(), counts: v.record(v.string(), v.number()) })),
})
export type StoredState = v.InferOutput<typeof StoredStateSchema>

type Raw = Record<string, unknown>
const migrations: Record<number, (old: Raw) => Raw> = {
  // Version 1 kept saved articles as bare ids and had no last visit: titles were unknown, so a saved
  // article whose file later went away could not even be named. They become entries titled by their id.
  1: (old) => ({
    ...old,
    version: 2,
    saved: Array.isArray(old.saved)
      ? old.saved.filter((id): id is string => typeof id === 'string').map((id) => ({ id, title: id, date: null, path: null, savedAt: 0 }))
      : [],
    visit: null,
  }),
}

export type Loaded =
  | { kind: 'ok'; state: ReaderState }
  | { kind: 'newer'; state: ReaderState }
  | { kind: 'broken' }

/** The stored text as the current state: migrated from older versions, refused when it does not validate. */
export function parseStored(text: string | null): Loaded {
  if (text === null) return { kind: 'ok', state: EMPTY_STATE }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { kind: 'broken' }
  }
  if (typeof raw !== 'object' || raw === null) return { kind: 'broken' }
  let data = raw as Raw
  const version = typeof data.version === 'number' ? data.version : 1
  if (version > STATE_VERSION) {
    // Written by a newer reader (a tab of the next deploy): read what this version understands, write nothing.
    const parsed = v.safeParse(StoredStateSchema, { ...data, version: STATE_VERSION })
    return parsed.success ? { kind: 'newer', state: toState(parsed.output) } : { kind: 'broken' }
  }
  for (let at = version; at < STATE_VERSION; at++) {
    const step = migrations[at]
    if (!step) return { kind: 'broken' }
    data = step(data)
  }
  const parsed = v.safeParse(StoredStateSchema, data)
  return parsed.success ? { kind: 'ok', state: toState(parsed.output) } : { kind: 'broken' }
}

function toState({ read, saved, watchlist, visit }: StoredState): ReaderState {
  return { read, saved, watchlist, visit }
}

export function serialize(state: ReaderState): string {
  const stored: StoredState = { version: STATE_VERSION, ...state, read: [...state.read], saved: [...state.saved], watchlist: [...state.watchlist] }
  return JSON.stringify(stored)
}

/** The state after `change` (pure; `now` for the times it records). */
export function reduce(state: ReaderState, change: ReaderChange, now: number): ReaderState {
  switch (change.type) {
    case 'read': {
      const ids = new Set(change.ids)
      const rest = state.read.filter((id) => !ids.has(id))
      const read = change.read ? [...rest, ...ids].slice(-MAX_READ) : rest
      return { ...state, read }
    }
    case 'save':
      return { ...state, saved: [{ ...change.article, savedAt: now }, ...state.saved.filter((a) => a.id !== change.article.id)] }
    case 'unsave':
      return { ...state, saved: state.saved.filter((a) => a.id !== change.id) }
    case 'follow':
      return { ...state, watchlist: [{ ...change.security, followedAt: now }, ...state.watchlist.filter((s) => s.secid !== change.security.secid)] }
    case 'unfollow':
      return { ...state, watchlist: state.watchlist.filter((s) => s.secid !== change.secid) }
    case 'visit':
      return { ...state, visit: { at: now, counts: change.counts } }
    case 'replace':
      return change.state
    case 'dismiss':
      return state
  }
}

export const NOTICES = {
  blocked: '此浏览器不允许本站保存数据（可能是隐私窗口或已关闭存储）：已读、收藏和自选只在这个页面有效，关闭后不会保留。',
  full: '浏览器的存储空间已满：最近的更改没能保存，关闭页面后会丢失。可以在“设置”中导出备份，或清理浏览器存储后重试。',
  broken: '保存的阅读记录已损坏，无法读取：已从空白开始，下一次更改会覆盖它。',
  newer: '阅读记录由本站的较新版本保存：这里可以查看，但更改不会被保存。请刷新页面使用新版本。',
} as const

let store: Storage | null = null
let writable = true
let channel: BroadcastChannel | null = null
let started = false

function openStorage(): Storage | null {
  try {
    const candidate = window.localStorage
    // Some browsers hand out a store that throws on the first write (old Safari private windows).
    const probe = `${STORAGE_KEY}:probe`
    candidate.setItem(probe, '1')
    candidate.removeItem(probe)
    return candidate
  } catch {
    return null
  }
}

/** Notices the reader closed: the same one does not come back with every later change. */
const dismissed = new Set<string>()

function adopt(state: ReaderState, problem: string | null): void {
  publish(viewOf(state, true, problem !== null && dismissed.has(problem) ? null : problem))
}

function readStored(): void {
  if (!store) return
  let text: string | null
  try {
    text = store.getItem(STORAGE_KEY)
  } catch {
    adopt(currentView().state, NOTICES.blocked)
    return
  }
  const loaded = parseStored(text)
  if (loaded.kind === 'broken') {
    adopt(EMPTY_STATE, NOTICES.broken)
    return
  }
  writable = loaded.kind === 'ok'
  adopt(loaded.state, writable ? currentView().problem : NOTICES.newer)
}

/** Reads the stored state and starts listening to the other tabs; once per page. */
export function start(): void {
  if (started) return
  started = true
  store = openStorage()
  if (!store) {
    adopt(currentView().state, NOTICES.blocked)
  } else {
    readStored()
  }
  window.addEventListener('storage', (event) => {
    // `key` null: the other tab cleared the whole store.
    if (event.storageArea === store && (event.key === STORAGE_KEY || event.key === null)) readStored()
  })
  if (typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(CHANNEL)
    channel.onmessage = (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return
      const loaded = parseStored(event.data)
      if (loaded.kind !== 'broken') adopt(loaded.state, currentView().problem)
    }
  }
}

/** Writes `text`; when storage is full, drops the older half of the read marks once and tries again. */
function write(state: ReaderState): { state: ReaderState; problem: string | null } {
  if (!store) return { state, problem: NOTICES.blocked }
  if (!writable) return { state, problem: NOTICES.newer }
  try {
    store.setItem(STORAGE_KEY, serialize(state))
    return { state, problem: null }
  } catch {
    const trimmed = { ...state, read: state.read.slice(Math.floor(state.read.length / 2)) }
    try {
      store.setItem(STORAGE_KEY, serialize(trimmed))
      return { state: trimmed, problem: null }
    } catch {
      return { state, problem: NOTICES.full }
    }
  }
}

export function apply(next: ReaderChange): void {
  start()
  const view = currentView()
  if (next.type === 'dismiss') {
    if (view.problem !== null) dismissed.add(view.problem)
    adopt(view.state, null)
    return
  }
  const state = reduce(view.state, next, Date.now())
  const written = write(state)
  adopt(written.state, written.problem)
  channel?.postMessage(serialize(written.state))
}
