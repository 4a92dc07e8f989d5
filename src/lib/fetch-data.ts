// The one way the reader loads a data file: fetch with a time limit, then JSON, then the shared schema.
// Every failure becomes a DataError whose message a reader can understand and whose kind decides retries.
import type { Parser } from '../content/schema.ts'
import { dataUrl } from './data-url.ts'

// `absent` is not a failed request: the data loaded fine and says the thing asked for does not exist
// (an unknown article id). The reader shows a not-found page for it rather than a retry button.
export type DataErrorKind = 'absent' | 'not-found' | 'http' | 'network' | 'timeout' | 'json' | 'invalid'

const MESSAGES: Readonly<Record<DataErrorKind, string>> = {
  absent: '没有找到这条内容。',
  'not-found': '找不到所需的数据文件（404），站点可能刚刚更新。',
  http: '服务器暂时无法提供数据',
  network: '网络连接失败，请检查网络后重试。',
  timeout: '加载超时，请稍后重试。',
  json: '数据文件已损坏，无法读取。',
  invalid: '数据格式与阅读器版本不符，无法显示。',
}

export class DataError extends Error {
  readonly kind: DataErrorKind
  /** The data path that failed, for whoever reads the error in devtools. */
  readonly path: string
  readonly status: number | null

  constructor(kind: DataErrorKind, path: string, status: number | null = null, options?: ErrorOptions) {
    super(kind === 'http' && status !== null ? `${MESSAGES.http}（HTTP ${status}）。` : MESSAGES[kind], options)
    this.name = 'DataError'
    this.kind = kind
    this.path = path
    this.status = status
  }

  /** Failures that may pass by themselves (a flaky network, a busy server) are worth an automatic retry. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || (this.kind === 'http' && (this.status ?? 0) >= 500)
  }
}

/** True when the data says the requested thing does not exist: the caller shows its not-found page. */
export function isAbsent(error: unknown): boolean {
  return error instanceof DataError && error.kind === 'absent'
}

export interface FetchDataOptions {
  /** Aborts the request when react-query cancels the query. */
  signal?: AbortSignal | undefined
  /** `no-cache` for the manifest, the only file whose name does not change with its content. */
  cache?: RequestCache
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 15_000

/** What fetchData reads of an answer: a fetch Response has it, and so does the prerenderer's plain object. */
export type DataResponse = Pick<Response, 'status' | 'ok' | 'json'>

type DataFetcher = (url: string, init: RequestInit) => Promise<DataResponse>

let fetcher: DataFetcher = (url, init) => fetch(url, init)

/**
 * Where data files come from: the network, unless the prerenderer (src/app/server.tsx), which has no
 * server to ask, answers from the build's data folder. The same fetch, parse and checks run either way.
 */
export function setDataFetcher(next: DataFetcher): void {
  fetcher = next
}

export async function fetchData<T>(path: string, schema: Parser<T>, options: FetchDataOptions = {}): Promise<T> {
  const { signal, cache, timeoutMs = DEFAULT_TIMEOUT_MS } = options
  // A controller of our own so a timeout and a cancellation both abort the request, and we know which it was.
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  const forwardAbort = (): void => controller.abort()
  signal?.addEventListener('abort', forwardAbort)
  if (signal?.aborted) controller.abort()

  try {
    let response: DataResponse
    try {
      response = await fetcher(dataUrl(path), { signal: controller.signal, ...(cache ? { cache } : {}) })
    } catch (cause) {
      if (signal?.aborted) throw cause // a cancellation is not a failure: react-query handles it
      throw new DataError(timedOut ? 'timeout' : 'network', path, null, { cause })
    }
    if (response.status === 404) throw new DataError('not-found', path, 404)
    if (!response.ok) throw new DataError('http', path, response.status)

    let json: unknown
    try {
      json = await response.json()
    } catch (cause) {
      if (signal?.aborted) throw cause
      throw new DataError(timedOut ? 'timeout' : 'json', path, response.status, { cause })
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) throw new DataError('invalid', path, response.status, { cause: parsed.error })
    return parsed.data
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', forwardAbort)
  }
}
