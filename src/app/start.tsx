// What the browser entry runs: one QueryClient for the life of the page, one router, and the manifest
// requested at once, in parallel with the code of the first route. main.tsx only calls start(): this module
// then travels in the file of the entry's shared code instead of a file of its own (0.3 KiB less on every
// route's first load, each file being compressed alone).
import { hydrate, type DehydratedState } from '@tanstack/react-query'
import { startTransition } from 'react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { matchRoutes } from 'react-router-dom'
import { DATA_CHANGED_EVENT } from '../content/dev-server.ts'
import { createQueryClient } from '../lib/query-client.ts'
import { manifestQuery, queryKeys } from '../lib/query-keys.ts'
import { App } from './providers.tsx'
import { createAppRouter, routerBasename } from './router.tsx'
import { appRoutes } from './routes.tsx'
import { PRERENDER_STATE_ID } from '../content/prerender.ts'
import { removePrerenderedHead } from './prerendered-head.ts'
import { parseSentData } from './sent-data.ts'

const queryClient = createQueryClient()
void queryClient.prefetchQuery(manifestQuery())

/**
 * A prerendered page (src/app/server.tsx) brings its first screen's data in a JSON block, which names the
 * data files it holds rather than carry them (sent-data.ts), and needs the manifest, which it leaves out.
 * Hydration must draw exactly what the server drew: those files, the route's lazy module and the manifest
 * are loaded, and the data goes into the cache, before React starts. Without a
 * prerendered first screen (404.html, an old page) the app renders as it always did.
 */
interface PrerenderedState {
  /** The route the page was drawn for (`/a/<id>`, under the base); null on 404.html, drawn for no route. */
  path: string | null
  queries: DehydratedState
}

/** Whether this page was drawn for this address: 404.html and `?tag=` views (drawn unfiltered) were not. */
function drawnHere(path: string | null): boolean {
  if (path === null || window.location.search !== '') return false
  const base = import.meta.env.BASE_URL.replace(/\/$/, '')
  const here = window.location.pathname.startsWith(base) ? window.location.pathname.slice(base.length) || '/' : null
  try {
    return here !== null && decodeURIComponent(here) === decodeURIComponent(path)
  } catch {
    return false
  }
}

/** Loads the code of the routes this address matches, so the first render draws the route, not its fallback. */
async function loadRouteCode(): Promise<void> {
  const matches = matchRoutes(appRoutes, window.location, routerBasename()) ?? []
  await Promise.all(
    matches.map(async ({ route }) => {
      if (typeof route.lazy !== 'function') return
      const module = await route.lazy()
      Object.assign(route, { ...module, lazy: undefined })
    }),
  )
}

/** The route the page on screen was drawn for, once hydrating it is ready to start; null to render afresh. */
async function prepareHydration(root: HTMLElement): Promise<string | null> {
  const block = document.getElementById(PRERENDER_STATE_ID)
  if (!block?.textContent || root.firstElementChild === null) return null
  const [prerendered, fill] = parseSentData(block.textContent) as [PrerenderedState, () => Promise<unknown>]
  if (!drawnHere(prerendered.path)) return null
  try {
    await Promise.all([fill(), queryClient.ensureQueryData(manifestQuery()), loadRouteCode()])
  } catch {
    // The manifest, a data file the page names or the route's code could not load: the app renders afresh
    // and shows that as it would.
    return null
  }
  hydrate(queryClient, prerendered.queries)
  return prerendered.path
}

// `npm run dev` rebuilds the data when a post is added or edited: refetch it, keeping what is on screen,
// then unpin the feeds (live news pins them), since an author previewing posts wants to see them at once.
if (import.meta.hot) {
  import.meta.hot.on(DATA_CHANGED_EVENT, () => {
    void queryClient.invalidateQueries().then(() => queryClient.resetQueries({ queryKey: queryKeys.pinnedAll() }))
  })
}

/** Resolves in a new task of the event loop, letting the browser handle input and paint in between. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(null)
  })
}

/** Hydrates the prerendered page (or renders afresh), then loads offline support. */
export async function start(): Promise<void> {
  const root = document.getElementById('root')
  if (root) {
    const drawnFor = await prepareHydration(root)
    // The manifest was parsed and checked in this task; the router and React start in the next one, so
    // neither task is long enough to block a tap on a slow phone.
    if (drawnFor !== null) await nextTask()
    // Still the address the page was drawn for? history.pushState while the app loaded moves it, and
    // hydrating the page sent as another route is a mismatch React reports as an error.
    if (drawnFor !== null && drawnHere(drawnFor)) {
      const router = createAppRouter({ hydrating: true })
      // React adopts the title and the rest it hoists; canonical, Open Graph and JSON-LD describe the first
      // page only, and go at the first navigation (useRemovePrerenderedHeadOnNavigation, in the app's frame).
      // Nothing else may subscribe to the router before React does (see there).
      startTransition(() => {
        hydrateRoot(root, <App queryClient={queryClient} router={router} />, {
          // The address can still move before React's first render (a Back as the page starts): React then
          // finds another route than the page sent, and draws it afresh. Expected, so not reported; any
          // other mismatch is, as React would by default.
          onRecoverableError: (error) => {
            if (drawnHere(drawnFor)) reportError(error)
          },
        })
      })
    } else {
      // A page drawn for another address (404.html, a `?tag=` view): its head goes, React writes its own,
      // and the body sent stays on screen until the app's first render replaces it.
      if (document.getElementById(PRERENDER_STATE_ID)) removePrerenderedHead(true)
      // The route's code first (a search, a `?tag=` view): the page sent then gives way to the route itself,
      // not to a placeholder a line tall that the route replaces a moment later (a layout shift).
      await loadRouteCode().catch(() => undefined) // the router loads it again and says if it cannot
      createRoot(root).render(<App queryClient={queryClient} router={createAppRouter()} />)
    }
  }

  // Offline support (the service worker, the offline notice, 新版本可用) loads once the page has, apart from
  // the routes' code; it draws outside the app's root, so hydration never sees it.
  const startOffline = (): void => {
    import('../features/offline/start-offline.ts')
      .then(({ startOffline }) => startOffline())
      .catch(() => undefined) // without it the reader works online as before
  }
  if (document.readyState === 'complete') startOffline()
  else window.addEventListener('load', startOffline, { once: true })
}
