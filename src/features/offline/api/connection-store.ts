// Whether the reader can reach its host, for the offline notice. The browser's navigator.onLine alone is not
// enough: it says nothing of a host that is down, and a page reloaded without a network can read true. The
// service worker, which saw its requests fail and answered from its caches, says so too (src/sw/protocol.ts).
import { NETWORK, NETWORK_QUERY, type PageMessage, type WorkerMessage } from '../../../sw/protocol.ts'

export interface ConnectionStore {
  subscribe: (listener: () => void) => () => void
  /** True while neither the browser nor the worker says the host is out of reach. */
  getSnapshot: () => boolean
  /** Asks the worker controlling the page what it last saw (it answers only if it has seen a request). */
  ask: () => void
}

function isWorkerMessage(data: unknown): data is WorkerMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === NETWORK
}

export function createConnectionStore(): ConnectionStore {
  const listeners = new Set<() => void>()
  /** null until the worker has said something, and again when the browser says it is back online. */
  let workerReachable: boolean | null = null
  const emit = (): void => {
    for (const listener of listeners) listener()
  }
  window.addEventListener('offline', emit)
  window.addEventListener('online', () => {
    workerReachable = null
    emit()
  })
  // The dev server and browsers without service workers: the browser's word only.
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!isWorkerMessage(event.data)) return
      workerReachable = event.data.reachable
      emit()
    })
  }
  return {
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => navigator.onLine && workerReachable !== false,
    ask: () => {
      const message: PageMessage = { type: NETWORK_QUERY }
      navigator.serviceWorker?.controller?.postMessage(message)
    },
  }
}
