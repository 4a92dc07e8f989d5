// The reader's state in storage: what a reader would notice after a reload, another tab's change, an old
// or newer stored version, and storage that is blocked, full or broken (a notice, and the reader goes on).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type * as StateModuleType from '../../../../src/features/reader-state/reader-state.ts'
import type * as StorageModuleType from '../../../../src/features/reader-state/storage.ts'

type StateModule = typeof StateModuleType
type StorageModule = typeof StorageModuleType

/** Fresh copies of both modules, as a new page load has them. */
async function loadPage(): Promise<{ state: StateModule; storage: StorageModule }> {
  vi.resetModules()
  const state = await import('../../../../src/features/reader-state/reader-state.ts')
  const storage = await import('../../../../src/features/reader-state/storage.ts')
  storage.start()
  return { state, storage }
}

const ARTICLE = { id: '202611184501203316', title: '标题', date: '2026-11-18T09:00:00+08:00', path: 'articles/x.json' }

beforeEach(() => localStorage.clear())
afterEach(() => vi.restoreAllMocks())

describe('reader state storage', () => {
  it('keeps read marks, saved articles and the watchlist across a reload', async () => {
    const first = await loadPage()
    await first.state.markRead(['a', 'b'])
    await first.state.change({ type: 'save', article: ARTICLE })
    await first.state.change({ type: 'follow', security: { secid: '1.600519', name: '贵州茅台' } })

    const again = await loadPage()
    const view = again.state.currentView()
    expect([...view.read]).toEqual(['a', 'b'])
    expect(view.state.saved.map((a) => a.title)).toEqual(['标题'])
    expect([...view.followed]).toEqual(['1.600519'])
    expect(view.problem).toBeNull()
  })

  it('migrates a version 1 store (saved as bare ids) and keeps its read marks', async () => {
    localStorage.setItem('finews:reader-state', JSON.stringify({ version: 1, read: ['x'], saved: ['old-id'], watchlist: [] }))
    const { state } = await loadPage()
    const view = state.currentView()
    expect([...view.read]).toEqual(['x'])
    expect(view.state.saved).toEqual([{ id: 'old-id', title: 'old-id', date: null, path: null, savedAt: 0 }])
    expect(view.problem).toBeNull()
  })

  it('reads a store written by a newer version but never overwrites it, and says so', async () => {
    const newer = JSON.stringify({ version: 99, read: ['x'], saved: [], watchlist: [], visit: null, extra: 1 })
    localStorage.setItem('finews:reader-state', newer)
    const { state, storage } = await loadPage()
    expect([...state.currentView().read]).toEqual(['x'])
    await state.markRead(['y'])
    expect(state.currentView().read.has('y')).toBe(true)
    expect(localStorage.getItem('finews:reader-state')).toBe(newer)
    expect(state.currentView().problem).toBe(storage.NOTICES.newer)
  })

  it('starts empty with a notice when the store is not valid JSON', async () => {
    localStorage.setItem('finews:reader-state', '{not json')
    const { state, storage } = await loadPage()
    expect(state.currentView().problem).toBe(storage.NOTICES.broken)
    await state.markRead(['a'])
    expect(state.currentView().problem).toBeNull()
    expect(storage.parseStored(localStorage.getItem('finews:reader-state'))).toMatchObject({ kind: 'ok' })
  })

  it('keeps working from memory and says so when storage is full', async () => {
    const { state, storage } = await loadPage()
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    await state.change({ type: 'save', article: ARTICLE })
    expect(state.currentView().saved.has(ARTICLE.id)).toBe(true)
    expect(state.currentView().problem).toBe(storage.NOTICES.full)
    // Closed, the same notice does not come back with the next change.
    await state.change({ type: 'dismiss' })
    await state.markRead(['z'])
    expect(state.currentView().problem).toBeNull()
  })

  it('drops the oldest read marks to make room, keeping everything else', async () => {
    const { state } = await loadPage()
    await state.markRead(['old1', 'old2', 'new1', 'new2'])
    let calls = 0
    const real = localStorage.setItem.bind(localStorage)
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation((key: string, value: string) => {
      calls += 1
      if (calls === 1) throw new DOMException('full', 'QuotaExceededError')
      real(key, value)
    })
    await state.change({ type: 'save', article: ARTICLE })
    const stored = JSON.parse(localStorage.getItem('finews:reader-state') ?? '{}') as { read: string[]; saved: unknown[] }
    expect(stored.read).toEqual(['new1', 'new2'])
    expect(stored.saved).toHaveLength(1)
    expect(state.currentView().problem).toBeNull()
  })

  it('works without storage at all (blocked) and says nothing will be kept', async () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    const { state, storage } = await loadPage()
    expect(state.currentView().problem).toBe(storage.NOTICES.blocked)
    await state.markRead(['a'])
    expect(state.currentView().read.has('a')).toBe(true)
  })

  it("takes another tab's change from the storage event", async () => {
    const { state, storage } = await loadPage()
    const other = storage.serialize({ read: ['from-other-tab'], saved: [], watchlist: [], visit: null })
    localStorage.setItem('finews:reader-state', other)
    window.dispatchEvent(new StorageEvent('storage', { key: 'finews:reader-state', newValue: other, storageArea: localStorage }))
    expect(state.currentView().read.has('from-other-tab')).toBe(true)
  })

  it('caps read marks, dropping the oldest', async () => {
    const { storage } = await loadPage()
    const ids = Array.from({ length: storage.MAX_READ + 10 }, (_, i) => `id${i}`)
    const next = storage.reduce({ read: [], saved: [], watchlist: [], visit: null }, { type: 'read', ids, read: true }, 0)
    expect(next.read).toHaveLength(storage.MAX_READ)
    expect(next.read[0]).toBe('id10')
  })
})
