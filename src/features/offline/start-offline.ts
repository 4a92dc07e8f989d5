// Loaded by src/app/start.tsx after the page has loaded, apart from every route's code: the offline notice
// and the update prompt, and (in production builds) the service worker.
import { createConnectionStore } from './api/connection-store.ts'
import { registerServiceWorker } from './api/register-service-worker.ts'
import { createUpdateStore } from './api/update-store.ts'
import { mountOfflineStatus } from './components/offline-status.ts'

export function startOffline(): void {
  const updates = createUpdateStore()
  const connection = createConnectionStore()
  mountOfflineStatus(connection, updates)
  connection.ask()
  // The dev server has no service worker: it would keep serving what Vite has since replaced.
  if (import.meta.env.PROD && 'serviceWorker' in navigator) void registerServiceWorker(updates)
}
