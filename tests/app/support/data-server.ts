// Serves a fixture archive through a stubbed `fetch`, the way a static host would under `/data/`, and
// can break any file on demand: a server error, a 404, broken JSON, data of the wrong shape, or no answer.
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

export function serveData(files: ReadonlyMap<string, unknown>) {
  /** Data paths in the order they were requested. */
  const requests: string[] = []
  const faults = new Map<string, Fault>()

  const fetchStub = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const path = url.replace(/^.*?\/data\//, '')
    requests.push(path)
    const fault = faults.get(path)
    if (fault === 'hang') {
      return new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')))
      })
    }
    if (fault === 'http-500') return Promise.resolve(json('Internal Server Error', 500))
    if (fault === 'broken-json') return Promise.resolve(json('{"items": [', 200))
    if (fault === 'invalid') return Promise.resolve(json({ surprise: true }))
    const body = files.get(path)
    if (fault === 'http-404' || body === undefined) return Promise.resolve(json('Not Found', 404))
    return Promise.resolve(json(body))
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
  }
}
