// A plain static host for the benches that load a built site in Chromium (lighthouse.ts, search-browser.ts):
// files from a folder, compressed as real hosts do (gzip), 404.html for what is not there. Over HTTP/1.1
// in the clear, or over HTTP/2 with TLS (a certificate made for the run, which the browser is told to
// accept), as GitHub Pages, Netlify and Cloudflare serve a site: there the browser sends all of a page's
// requests at once on one connection, where HTTP/1.1 lets it have six under way to one host.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http'
import { createSecureServer } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { paths } from '../../src/content/routes.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
}

/** The reader's own pages, drawn from browser storage: no file of their own. */
const OWN_PAGES = new Set([paths.saved(), paths.watchlist(), paths.settings()])

/** `h1`: HTTP/1.1 in the clear; `h2`: HTTP/2 over TLS (HTTP/1.1 still answered, for clients without it). */
export type Protocol = 'h1' | 'h2'

/** What the handler needs of a request and a response, in both protocols' APIs. */
interface Request {
  url?: string | undefined
  headers: IncomingHttpHeaders
}
interface Response {
  writeHead(status: number, headers: OutgoingHttpHeaders): unknown
  end(body: Buffer | string): unknown
}

/** A server of either protocol: what the benches do with one. */
export interface Host {
  listen(port: number, address: string, listening: () => void): unknown
  address(): AddressInfo | string | null
  close(): unknown
}

/**
 * `path`, else `path.html`, else 404.html with status 404 (as GitHub Pages), except the reader's own pages,
 * which are the app shell with status 200 (what the service worker answers once installed, and what a host
 * rewriting them to `shell.html` sends; Lighthouse will not score a 404); gzip when the client takes it.
 */
function serve(site: string, request: Request, response: Response): void {
  void (async () => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const tries = path.endsWith('/') ? [`${path}index.html`] : [path, `${path}.html`]
    let status = 200
    let file = ''
    let body: Buffer | null = null
    for (const candidate of tries) {
      try {
        body = await readFile(join(site, candidate))
        file = candidate
        break
      } catch {
        // the next candidate
      }
    }
    if (body === null) {
      status = OWN_PAGES.has(path) ? 200 : 404
      file = status === 200 ? 'shell.html' : '404.html'
      body = await readFile(join(site, file))
    }
    const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      body = gzipSync(body)
      headers['content-encoding'] = 'gzip'
    }
    response.writeHead(status, headers)
    response.end(body)
  })().catch(() => {
    // No such file and no 404.html (the Jekyll site has none)
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    response.end('not found')
  })
}

/** A key and a self-signed certificate for 127.0.0.1, made with Debian's openssl, valid for a day. */
function certificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'finews-bench-tls-'))
  try {
    const key = join(dir, 'key.pem')
    const cert = join(dir, 'cert.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' })
    return { key: readFileSync(key), cert: readFileSync(cert) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The static host of `site` (not yet listening). */
export function host(site: string, protocol: Protocol = 'h1'): Host {
  if (protocol === 'h1') return createServer((request, response) => serve(site, request, response))
  return createSecureServer({ ...certificate(), allowHTTP1: true }, (request, response) => serve(site, request, response))
}

/** Starts `server` on a free port of 127.0.0.1; returns its origin (https: for HTTP/2). */
export async function listen(server: Host, protocol: Protocol = 'h1'): Promise<string> {
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  return `${protocol === 'h2' ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`
}
