// Whether a new build of the reader waits to take over, as a small store the prompt subscribes to.
import { SKIP_WAITING, type PageMessage } from '../../../sw/protocol.ts'

export interface UpdateState {
  /** A new service worker is installed and waiting, and the reader has not put the prompt off. */
  available: boolean
}

export interface UpdateStore {
  subscribe: (listener: () => void) => () => void
  getSnapshot: () => UpdateState
  /** A new worker waits (called by the registration when it arrives, and at each check while it waits). */
  offer: (worker: ServiceWorker) => void
  /** 刷新: the waiting worker takes over; the page reloads once it controls the page. */
  apply: () => void
  /** 稍后: the prompt goes until the next check for a new build. */
  dismiss: () => void
  /** Whether the reader chose 刷新 (so a change of controller is ours to reload for). */
  readonly applying: boolean
}

const HIDDEN: UpdateState = { available: false }
const SHOWN: UpdateState = { available: true }

export function createUpdateStore(): UpdateStore {
  const listeners = new Set<() => void>()
  let waiting: ServiceWorker | null = null
  let state = HIDDEN
  let applying = false
  const set = (next: UpdateState): void => {
    state = next
    for (const listener of listeners) listener()
  }
  return {
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => state,
    offer: (worker) => {
      waiting = worker
      if (state !== SHOWN) set(SHOWN)
    },
    apply: () => {
      if (waiting === null) return
      applying = true
      const message: PageMessage = { type: SKIP_WAITING }
      waiting.postMessage(message)
    },
    dismiss: () => {
      set(HIDDEN)
    },
    get applying() {
      return applying
    },
  }
}
