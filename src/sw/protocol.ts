// What the reader's page and its service worker (src/sw/service-worker.ts) say to each other, and the one
// cache both know by name. Plain constants: the page (src/features/offline) and the worker import them.

/** The page asks a waiting worker to take over (the reader chose 刷新 on 新版本可用). */
export const SKIP_WAITING = 'finews:skip-waiting'

/**
 * The page names what it loaded before the worker controlled it (its own address, the manifest, data
 * files), so that the first visit is available offline too: the worker fetches each through its route.
 */
export const CACHE_URLS = 'finews:cache-urls'

/** The page asks what the worker last saw of the network (it answers with NETWORK). */
export const NETWORK_QUERY = 'finews:network?'

/**
 * The worker tells its pages whether its last request to the host got an answer. The browser's own
 * navigator.onLine says nothing of a host that cannot be reached, and a page reloaded offline can even
 * read true; the worker is the one that saw the request fail and answered from a cache.
 */
export const NETWORK = 'finews:network'

export type PageMessage = { type: typeof SKIP_WAITING } | { type: typeof CACHE_URLS; urls: string[] } | { type: typeof NETWORK_QUERY }

export interface WorkerMessage {
  type: typeof NETWORK
  reachable: boolean
}

/**
 * Saved articles (收藏): the save action puts an article's page and its data files here; the worker answers
 * any request this cache holds when the network fails. Never cleared by the worker.
 */
export const SAVED_CACHE = 'finews-saved-v1'

/** The service worker's file and the app shell it falls back to, at the site's base. */
export const SERVICE_WORKER_FILE = 'sw.js'
export const SHELL_FILE = 'shell.html'
