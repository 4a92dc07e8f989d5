// Loaded by src/app/main.tsx after the page has loaded, apart from every route's code: the offline notice
// and the update prompt in a root of their own, and (in production builds) the service worker.
import { createRoot } from 'react-dom/client'
import { createConnectionStore } from './api/connection-store.ts'
import { registerServiceWorker } from './api/register-service-worker.ts'
import { createUpdateStore } from './api/update-store.ts'
import { OfflineStatus } from './components/offline-status.tsx'

export function startOffline(): void {
  const host = document.createElement('div')
  host.className = 'offline-host'
  document.body.append(host)
  const updates = createUpdateStore()
  const connection = createConnectionStore()
  createRoot(host).render(<OfflineStatus connection={connection} updates={updates} />)
  connection.ask()
  // The dev server has no service worker: it would keep serving what Vite has since replaced.
  if (import.meta.env.PROD && 'serviceWorker' in navigator) void registerServiceWorker(updates)
}
