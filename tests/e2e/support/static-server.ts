// A tiny static host that behaves like GitHub Pages: it serves files under a root, optionally mounted
// under a base path, `index.html` for a folder (redirecting `/dir` to `/dir/`), `name.html` for `/name`,
// plain (never compressed) bodies, and for anything missing the root `404.html` with status 404. There
// is no single-page fallback: the app has to boot from 404.html on a deep link, as it must on the host.
//
// Test hooks: override(path, reply) makes a URL answer with a chosen status/body/delay, hang or drop
// the connection; requests() is the log of what reached the server.
import { createHash } from 'node:crypto'
import type { Stats } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import path from 'node:path'
import { normalizeBase } from '../../../src/pipeline/project-paths.ts'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml',
  '.atom': 'application/atom+xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** What an overridden URL answers. Unset fields: status 200, empty body, content type from the path. */
export interface OverrideReply {
  status?: number
  body?: string | Uint8Array
  contentType?: string
  headers?: Readonly<Record<string, string>>
  /** Wait this long before answering. */
  delayMs?: number
}

/** `'hang'` never answers (until clearOverrides() or close()); `'reset'` drops the connection. */
export type OverrideAction = OverrideReply | 'hang' | 'reset'

export interface RequestInfo {
  method: string
  /** The request target as sent: path and query. */
  url: string
  /** The decoded path, without the query. */
  path: string
}

export type OverrideHandler = OverrideAction | ((request: RequestInfo) => OverrideAction | Promise<OverrideAction>)

export interface OverrideOptions {
  /** Apply to this many requests, then serve normally again (default: until cleared). */
  times?: number
}

export interface LoggedRequest extends RequestInfo {
  /** 0 while unanswered (or when it hung or was reset). */
  status: number
  overridden: boolean
  /** Headers the client sent (lower-case names). */
  headers: Readonly<Record<string, string>>
}

export interface StaticServerOptions {
  /** The built site. */
  root: string
  /** Where the site is mounted, e.g. '/finews/' (default '/'). */
  base?: string
  /** Default `no-cache`, so that an override takes effect on the next request. */
  cacheControl?: string
}

export interface StaticServer {
  /** The site's URL, ending in the base: http://127.0.0.1:PORT/ or http://127.0.0.1:PORT/finews/ */
  url: string
  origin: string
  base: string
  /**
   * Makes requests for `target` answer with `handler`. A string starting with '/' is a full path
   * ('/finews/data/manifest.json'), any other string is relative to the base ('data/manifest.json');
   * a RegExp is tested against the full path. The latest matching override wins.
   */
  override(target: string | RegExp, handler: OverrideHandler, options?: OverrideOptions): void
  /** Removes every override and releases the requests left hanging. */
  clearOverrides(): void
  /** What reached the server so far, oldest first. */
  requests(): LoggedRequest[]
  clearRequests(): void
  close(): Promise<void>
}

interface ActiveOverride {
  matches: (pathname: string) => boolean
  handler: OverrideHandler
  remaining: number
}

function etagOf(size: number, mtimeMs: number): string {
  return `"${createHash('sha1').update(`${size}-${mtimeMs}`).digest('hex').slice(0, 16)}"`
}

async function fileStat(file: string): Promise<Stats | null> {
  try {
    return await stat(file)
  } catch {
    return null
  }
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = path.resolve(options.root)
  const base = normalizeBase(options.base)
  const cacheControl = options.cacheControl ?? 'no-cache'
  const overrides: ActiveOverride[] = []
  const log: LoggedRequest[] = []
  const hanging = new Set<ServerResponse>()
  const timers = new Set<NodeJS.Timeout>()
  const sockets = new Set<Socket>()

  function send(
    request: IncomingMessage,
    response: ServerResponse,
    entry: LoggedRequest,
    status: number,
    body: string | Uint8Array,
    headers: Record<string, string>,
  ): void {
    entry.status = status
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    response.writeHead(status, { 'Content-Length': String(bytes.byteLength), ...headers })
    response.end(request.method === 'HEAD' ? undefined : bytes)
  }

  async function serveNotFound(request: IncomingMessage, response: ServerResponse, entry: LoggedRequest): Promise<void> {
    const page = path.join(root, '404.html')
    try {
      const body = await readFile(page)
      send(request, response, entry, 404, body, { 'Content-Type': contentTypeOf(page), 'Cache-Control': cacheControl })
    } catch {
      send(request, response, entry, 404, '404 Not Found\n', { 'Content-Type': 'text/plain; charset=utf-8' })
    }
  }

  function redirect(request: IncomingMessage, response: ServerResponse, entry: LoggedRequest, location: string): void {
    send(request, response, entry, 301, '', { Location: location })
  }

  async function serveFile(request: IncomingMessage, response: ServerResponse, entry: LoggedRequest, query: string): Promise<void> {
    const pathname = entry.path
    if (!pathname.startsWith(base)) {
      if (`${pathname}/` === base) return redirect(request, response, entry, base + query)
      return send(request, response, entry, 404, '404 Not Found\n', { 'Content-Type': 'text/plain; charset=utf-8' })
    }
    let file = path.join(root, pathname.slice(base.length))
    const relative = path.relative(root, file)
    if (relative.startsWith('..') || path.isAbsolute(relative) || pathname.includes('\0')) {
      return serveNotFound(request, response, entry)
    }
    let info = await fileStat(file)
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) return redirect(request, response, entry, `${pathname}/${query}`)
      file = path.join(file, 'index.html')
      info = await fileStat(file)
    } else if (info === null && !pathname.endsWith('/')) {
      // GitHub Pages serves /about from about.html.
      const html = await fileStat(`${file}.html`)
      if (html?.isFile()) {
        file = `${file}.html`
        info = html
      }
    }
    if (!info?.isFile()) return serveNotFound(request, response, entry)

    const etag = etagOf(info.size, info.mtimeMs)
    const headers: Record<string, string> = {
      'Content-Type': contentTypeOf(file),
      'Cache-Control': cacheControl,
      'Last-Modified': info.mtime.toUTCString(),
      ETag: etag,
    }
    if (request.headers['if-none-match'] === etag) {
      entry.status = 304
      response.writeHead(304, headers)
      response.end()
      return
    }
    send(request, response, entry, 200, await readFile(file), headers)
  }

  function findOverride(pathname: string): ActiveOverride | null {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const candidate = overrides[i]
      if (candidate === undefined || !candidate.matches(pathname)) continue
      candidate.remaining -= 1
      if (candidate.remaining <= 0) overrides.splice(i, 1)
      return candidate
    }
    return null
  }

  async function applyOverride(
    request: IncomingMessage,
    response: ServerResponse,
    entry: LoggedRequest,
    handler: OverrideHandler,
  ): Promise<void> {
    const action = typeof handler === 'function' ? await handler({ method: entry.method, url: entry.url, path: entry.path }) : handler
    if (action === 'hang') {
      hanging.add(response)
      response.on('close', () => hanging.delete(response))
      return
    }
    if (action === 'reset') {
      request.socket.destroy()
      return
    }
    const reply = action
    const answer = (): void => {
      if (response.destroyed) return
      const headers: Record<string, string> = {
        'Content-Type': reply.contentType ?? contentTypeOf(entry.path),
        'Cache-Control': 'no-store',
        ...reply.headers,
      }
      send(request, response, entry, reply.status ?? 200, reply.body ?? '', headers)
    }
    if (reply.delayMs === undefined || reply.delayMs <= 0) return answer()
    const timer = setTimeout(() => {
      timers.delete(timer)
      answer()
    }, reply.delayMs)
    timers.add(timer)
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = request.url ?? '/'
    const parsed = new URL(target, 'http://localhost')
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    let decoded: string
    try {
      decoded = decodeURIComponent(parsed.pathname)
    } catch {
      decoded = parsed.pathname
    }
    const entry: LoggedRequest = { method: request.method ?? 'GET', url: target, path: decoded, status: 0, overridden: false, headers }
    log.push(entry)

    const active = findOverride(decoded)
    if (active !== null) {
      entry.overridden = true
      return applyOverride(request, response, entry, active.handler)
    }
    if (entry.method !== 'GET' && entry.method !== 'HEAD') {
      return send(request, response, entry, 405, '405 Method Not Allowed\n', {
        'Content-Type': 'text/plain; charset=utf-8',
        Allow: 'GET, HEAD',
      })
    }
    return serveFile(request, response, entry, parsed.search)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        response.end(`static server error: ${message}\n`)
      } else {
        response.destroy()
      }
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`

  function releaseHanging(): void {
    for (const response of hanging) response.destroy()
    hanging.clear()
  }

  return {
    url: `${origin}${base}`,
    origin,
    base,
    override(target, handler, overrideOptions = {}) {
      let matches: (pathname: string) => boolean
      if (target instanceof RegExp) {
        matches = (pathname) => target.test(pathname)
      } else {
        const full = target.startsWith('/') ? target : `${base}${target}`
        matches = (pathname) => pathname === full
      }
      overrides.push({ matches, handler, remaining: overrideOptions.times ?? Number.POSITIVE_INFINITY })
    },
    clearOverrides() {
      overrides.length = 0
      releaseHanging()
    },
    requests() {
      return log.map((entry) => ({ ...entry }))
    },
    clearRequests() {
      log.length = 0
    },
    async close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      releaseHanging()
      const closed = new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
      })
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}
