// The only part of the reader's own state that every route loads: the personal UI (buttons, read marks,
// storage: personal-ui.tsx) once the app's root layout has loaded it after hydration, null until then; and
// the 只看未读 address parameter. The server and hydration render the stand-ins the callers draw in its place
// (the same size, so nothing moves when the real controls arrive), which keeps prerendered pages hydrating
// cleanly and the feed route's first load within its budget. The dynamic import itself sits in the root
// layout (the entry's chunk) so no feed chunk needs Vite's preload helper.
import { startTransition, useEffect, useState, useSyncExternalStore } from 'react'
import { useSearchParams } from 'react-router-dom'
import type * as PersonalUi from './personal-ui.tsx'
import type { ReaderView } from './reader-state.ts'
import './personal.css'

let ui: typeof PersonalUi | null = null
const waiting = new Set<() => void>()

/** Called once with the loaded module: every component waiting for it renders its real controls. */
export function providePersonalUi(module: typeof PersonalUi): void {
  ui = module
  for (const notify of waiting) notify()
}

function subscribe(listener: () => void): () => void {
  waiting.add(listener)
  return () => waiting.delete(listener)
}

/**
 * The personal UI once loaded, else null. Hydration always sees null (the module loads after it); a
 * component mounted later takes it at once. Its arrival is a transition: every list item draws its
 * buttons and read mark then, and as a transition React does that in slices the page stays responsive
 * between, instead of one long task on a slow phone (Lighthouse's total blocking time on home).
 */
export function usePersonalUi(): typeof PersonalUi | null {
  const [shown, setShown] = useState(ui)
  useEffect(() => {
    const take = () => startTransition(() => setShown(ui))
    // It may have arrived between this component's render and now.
    if (ui !== shown) take()
    return subscribe(take)
  }, [shown])
  return shown
}

const notYet = (): (() => void) => () => undefined

/**
 * A yes or no of the reader's state (`ui` from usePersonalUi): false until the personal UI is here, and while
 * hydrating. Lets a list item draw its read mark and buttons itself, the same elements before and after.
 */
export function useReaderFlag(ui: typeof PersonalUi | null, select: (view: ReaderView) => boolean): boolean {
  return useSyncExternalStore(ui ? ui.subscribeReader : notYet, () => (ui ? select(ui.currentView()) : false), () => false)
}

export const UNREAD_PARAM = 'unread'
/** What a list with 只看未读 on says while the read marks are not known yet (it waits rather than lose items). */
export const UNREAD_PENDING = '正在读取已读记录…'

/** 只看未读, kept in the URL (`?unread=1`): it survives a reload and Back undoes it. */
export function useUnreadOnly(): [boolean, (on: boolean) => void] {
  const [search, setSearch] = useSearchParams()
  const on = search.get(UNREAD_PARAM) === '1'
  const set = (next: boolean) => {
    const params = new URLSearchParams(search)
    if (next) params.set(UNREAD_PARAM, '1')
    else params.delete(UNREAD_PARAM)
    setSearch(params, { preventScrollReset: true })
  }
  return [on, set]
}
