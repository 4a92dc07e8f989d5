// Registers the reader's service worker (sw.js at the site's base, production builds only) and tells the
// update store when a new build waits.
import { CACHE_URLS, SERVICE_WORKER_FILE, type PageMessage } from '../../../sw/protocol.ts'
import type { UpdateStore } from './update-store.ts'

/** How often an open reader asks whether a new build is out (and when it comes back to the tab). */
export const UPDATE_CHECK_MS = 30 * 60_000

/**
 * What the page loaded before a worker controlled it (the first visit): its own address, the manifest
 * (every page loads it) and the data files the browser's resource timing lists. The worker fetches each
 * through its route, so this visit is there offline too.
 */
function loadedUrls(base: string): string[] {
  const data = `${window.location.origin}${base}data/`
  const page = window.location.href.replace(/#.*$/, '')
  let files: string[] = []
  try {
    files = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => url.startsWith(data))
  } catch {
    // No resource timing here: the page and the manifest are still kept.
  }
  return [...new Set([page, `${data}manifest.json`, ...files])]
}

export async function registerServiceWorker(updates: UpdateStore): Promise<void> {
  const container = navigator.serviceWorker
  const base = import.meta.env.BASE_URL
  const controlledAtLoad = container.controller !== null
  // Typed as always a registration, but a browser driven with service workers blocked (Playwright's
  // `serviceWorkers: 'block'`) answers undefined.
  let registration: ServiceWorkerRegistration | undefined
  try {
    registration = await container.register(`${base}${SERVICE_WORKER_FILE}`, { scope: base })
  } catch {
    // Refused (a browser setting, a private window, a host that does not serve sw.js): the reader works
    // as before, online only; there is nothing the reader could do about it.
    return
  }
  if (registration === undefined) return
  // A new worker is only news when one already controls the page; the first one takes over by itself.
  const offer = (worker: ServiceWorker): void => {
    if (container.controller !== null) updates.offer(worker)
  }
  if (registration.waiting) offer(registration.waiting)
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') offer(worker)
    })
  })
  container.addEventListener('controllerchange', () => {
    if (updates.applying) window.location.reload()
  })

  const check = (): void => {
    if (document.visibilityState !== 'visible' || !navigator.onLine) return
    // A failed check (offline, the host down) is tried again at the next one. A build the reader put off
    // (稍后) is offered again.
    registration
      .update()
      .then(() => {
        if (registration.waiting) offer(registration.waiting)
      })
      .catch(() => undefined)
  }
  window.setInterval(check, UPDATE_CHECK_MS)
  document.addEventListener('visibilitychange', check)

  if (!controlledAtLoad) {
    const ready = await container.ready
    const message: PageMessage = { type: CACHE_URLS, urls: loadedUrls(base) }
    ready.active?.postMessage(message)
  }
}
