// Where 热门 goes: a stub of a few hundred bytes that loads the panel (hot-panel.tsx) only once the page
// is on screen and hydrated. The prerendered page and the first render in the browser both hold nothing
// here, so hydration matches; the feed and home routes' first load stays within its budget. On a category
// page the row's height is kept from the start (the manifest says whether the category has 热门), so the
// list below does not move when it arrives.
import { lazy, Suspense, useSyncExternalStore } from 'react'

const HotPanel = lazy(() => import('./hot-panel.tsx'))
const nothingToWatch = (): (() => void) => () => undefined

export function HotSlot({ path, of = 'archive' }: { path: string | undefined; of?: 'archive' | 'category' }) {
  // False on the server and while hydrating (React takes the server's answer then), true right after.
  const shown = useSyncExternalStore(nothingToWatch, () => true, () => false)
  if (!path) return null
  const panel = shown ? (
    <Suspense fallback={null}>
      <HotPanel path={path} of={of} />
    </Suspense>
  ) : null
  return of === 'category' ? <div className="hot-row-slot">{panel}</div> : panel
}
