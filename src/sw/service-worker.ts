// The reader's service worker (built by src/pipeline/service-worker.ts into sw.js at the site's base).
//
// - The app shell (shell.html, Vite's index.html with an empty root), every script and stylesheet, the icons
//   and the web app manifest are precached, so any address opens offline.
// - Data files under data/articles|pages|lookups|home are named by a hash of their content: cache first,
//   at most DATA_ENTRIES of them (oldest used go first). The data folder is never precached: at scale it is
//   millions of files.
// - data/manifest.json, the one file whose name stays, is network first: the newest when there is a network,
//   the last one seen when there is none.
// - Pages (navigations) are network first too: the prerendered page when online; offline the copy kept
//   from this build, a saved article's page, or the shell, from which the app draws the route itself.
// - Anything the saved-articles cache (finews-saved-v1) holds answers a request whose network failed.
// - A new build installs and waits; the page offers 新版本可用 and sends SKIP_WAITING when the reader agrees.
import { clientsClaim, type WorkboxPlugin } from 'workbox-core'
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { CacheFirst, NetworkFirst, NetworkOnly, type Strategy } from 'workbox-strategies'
import { CacheableResponsePlugin } from 'workbox-cacheable-response'
import { ExpirationPlugin } from 'workbox-expiration'
import { CACHE_URLS, NETWORK, NETWORK_QUERY, SAVED_CACHE, SHELL_FILE, SKIP_WAITING, type PageMessage, type WorkerMessage } from './protocol.ts'

declare const self: ServiceWorkerGlobalScope
/** Written in by the build: what to precache, and a key of it that names this build's caches. */
declare const __FINEWS_PRECACHE__: PrecacheEntry[]
declare const __FINEWS_BUILD__: string

/** How many data files are kept (about 3.5 KB each on average, so some 7 MB). */
const DATA_ENTRIES = 2000
/** Prerendered pages kept from this build (the shell draws any other). */
const PAGE_ENTRIES = 60

const BASE = new URL(self.registration.scope).pathname
// The data folders named by a hash of their content (as HASHED_DATA in src/pipeline/outputs/site-policy.ts;
// the worker imports nothing of the pipeline), but search/, whose shards would crowd out the articles.
const HASHED_DATA = new RegExp(`^${escapeRegExp(BASE)}data/(?:articles|pages|days|lookups|home)/[^/]+\\.json$`)
const MANIFEST = `${BASE}data/manifest.json`
const CACHE_PREFIX = 'finews-'
/** Pages name this build's scripts, which the next build's precache drops: each build keeps its own. */
const PAGES_CACHE = `${CACHE_PREFIX}pages-${__FINEWS_BUILD__}`

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** What the last request to the host showed (null: none yet since this worker started). */
let reachable: boolean | null = null

async function tellPages(message: WorkerMessage): Promise<void> {
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(message)
}

/** Every strategy that goes to the network reports whether the host answered, to the pages when it changes. */
const networkWatch: WorkboxPlugin = {
  fetchDidSucceed: async ({ response }) => {
    if (reachable !== true) {
      reachable = true
      await tellPages({ type: NETWORK, reachable })
    }
    return response
  },
  fetchDidFail: async () => {
    if (reachable !== false) {
      reachable = false
      await tellPages({ type: NETWORK, reachable })
    }
  },
}

/** When the network fails: whatever the saved-articles cache holds for this request. */
const fromSaved: WorkboxPlugin = {
  handlerDidError: async ({ request }) => {
    const saved = await caches.open(SAVED_CACHE)
    return (await saved.match(request, { ignoreVary: true })) ?? undefined
  },
}

/** Offline, a page nothing kept becomes the app shell, which draws the route from cached data. */
const shellFallback: WorkboxPlugin = {
  handlerDidError: async () => (await matchPrecache(SHELL_FILE)) ?? undefined,
}

/**
 * Workbox's plugin classes declare their callbacks as optional fields that may hold undefined, which our
 * exactOptionalPropertyTypes refuses for WorkboxPlugin; they are plugins all the same.
 */
function plugin(instance: CacheableResponsePlugin | ExpirationPlugin): WorkboxPlugin {
  return instance as unknown as WorkboxPlugin
}

const okOnly = plugin(new CacheableResponsePlugin({ statuses: [200] }))

const dataStrategy = new CacheFirst({
  cacheName: `${CACHE_PREFIX}data`,
  plugins: [networkWatch, okOnly, plugin(new ExpirationPlugin({ maxEntries: DATA_ENTRIES, purgeOnQuotaError: true })), fromSaved],
})
const manifestStrategy = new NetworkFirst({ cacheName: `${CACHE_PREFIX}manifest`, plugins: [networkWatch, okOnly, fromSaved] })
// A plugin's handlerDidError answers in order: the saved copy of a page comes before the shell.
const pageStrategy = new NetworkFirst({
  cacheName: PAGES_CACHE,
  plugins: [networkWatch, okOnly, plugin(new ExpirationPlugin({ maxEntries: PAGE_ENTRIES, purgeOnQuotaError: true })), fromSaved, shellFallback],
})

precacheAndRoute(__FINEWS_PRECACHE__)
cleanupOutdatedCaches()

registerRoute(({ url }) => url.origin === self.location.origin && HASHED_DATA.test(url.pathname), dataStrategy)
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname === MANIFEST, manifestStrategy)
registerRoute(
  new NavigationRoute(pageStrategy, {
    // Files a reader may open directly (feeds, the sitemap, data) are not pages of the app.
    denylist: [/\.(?:xml|json|txt|webmanifest|js|css|png|svg)$/, new RegExp(`^${escapeRegExp(BASE)}(?:data|assets|feeds)/`)],
  }),
)
// Requests no route takes (icons, feeds): straight to the network, or the saved copy when it fails.
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith(BASE), new NetworkOnly({ plugins: [networkWatch, fromSaved] }))

/** The strategy for a URL the page loaded before this worker controlled it; null for what it does not keep. */
function strategyFor(url: URL): Strategy | null {
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return null
  if (HASHED_DATA.test(url.pathname)) return dataStrategy
  if (url.pathname === MANIFEST) return manifestStrategy
  if (/\.[a-z]+$/i.test(url.pathname) && !url.pathname.endsWith('.html')) return null
  return pageStrategy
}

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const message = event.data as PageMessage | null
  if (message?.type === NETWORK_QUERY) {
    if (reachable !== null && event.source !== null) event.source.postMessage({ type: NETWORK, reachable } satisfies WorkerMessage)
  } else if (message?.type === SKIP_WAITING) {
    void self.skipWaiting()
  } else if (message?.type === CACHE_URLS && Array.isArray(message.urls)) {
    const work = message.urls.flatMap((raw) => {
      let url: URL
      try {
        url = new URL(raw, self.location.href)
      } catch {
        return []
      }
      const strategy = strategyFor(url)
      // A page already kept is not fetched again; a failure here only means it is not kept.
      return strategy ? [strategy.handle({ request: new Request(url.href), event }).catch(() => undefined)] : []
    })
    event.waitUntil(Promise.all(work))
  }
})

// The first worker takes the open pages at once (nothing to be consistent with); a new build's waits.
clientsClaim()

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((name) => name.startsWith(`${CACHE_PREFIX}pages-`) && name !== PAGES_CACHE).map((name) => caches.delete(name))),
    ),
  )
})
