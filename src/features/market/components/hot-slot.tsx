// Where 热门 goes: a stub of a few hundred bytes that loads the panel (hot-panel.tsx) only once the page
// is on screen and hydrated. The prerendered page and the first render in the browser both hold nothing
// here, so hydration matches; the feed and home routes' first load stays within its budget.
import { lazy, Suspense, useSyncExternalStore } from 'react'

const HotPanel = lazy(() => import('./hot-panel.tsx'))
const nothingToWatch = (): (() => void) => () => undefined

export function HotSlot({ path, category }: { path: string | undefined; category?: string }) {
  // False on the server and while hydrating (React takes the server's answer then), true right after.
  const shown = useSyncExternalStore(nothingToWatch, () => true, () => false)
  if (!path || !shown) return null
  return (
    <Suspense fallback={null}>
      <HotPanel path={path} category={category} />
    </Suspense>
  )
}
