// Serves a fixture archive through a stubbed `fetch`, the way a static host would under `/data/`, and
// can break any file on demand: a server error, a 404, broken JSON, data of the wrong shape, or no answer;
// or hold a file back until the test lets it go (a slow file that does arrive).
import { afterEach, vi } from 'vitest'

export type Fault = 'http-500' | 'http-404' | 'broken-json' | 'invalid' | 'hang'

afterEach(() => {
  vi.unstubAllGlobals()
})

function json(body: unknown, status = 200): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  })
}

/** A request that ends only when its signal aborts it. */
function never(init: RequestInit | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')))
  })
}

export function serveData(files: ReadonlyMap<string, unknown>) {
  /** Data paths in the order they were requested. */
  const requests: string[] = []
  const faults = new Map<string, Fault>()
  /** Files held back, each until its promise settles. */
  const held = new Map<string, Promise<void>>()

  const answer = (path: string): Response => {
    const fault = faults.get(path)
    if (fault === 'http-500') return json('Internal Server Error', 500)
    if (fault === 'broken-json') return json('{"items": [', 200)
    if (fault === 'invalid') return json({ surprise: true })
    const body = files.get(path)
    if (fault === 'http-404' || body === undefined) return json('Not Found', 404)
    return json(body)
  }

  const fetchStub = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const path = url.replace(/^.*?\/data\//, '')
    requests.push(path)
    if (faults.get(path) === 'hang') return never(init)
    const hold = held.get(path)
    if (hold) return Promise.race([hold.then(() => answer(path)), never(init)])
    return Promise.resolve(answer(path))
  }
  vi.stubGlobal('fetch', vi.fn(fetchStub))

  return {
    requests,
    fail(path: string, fault: Fault) {
      faults.set(path, fault)
    },
    heal(path: string) {
      faults.delete(path)
    },
    /** Holds `path` back: requests for it (waiting and later) are answered once the returned function is called. */
    hold(path: string): () => void {
      let release = (): void => undefined
      held.set(path, new Promise<void>((resolve) => {
        release = resolve
      }))
      return () => {
        held.delete(path)
        release()
      }
    },
  }
}
