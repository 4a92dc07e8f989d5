// A plain static host for the benches that load a built site in Chromium (lighthouse.ts, search-browser.ts):
// files from a folder, compressed as real hosts do (gzip), 404.html for what is not there.
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
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

/**
 * `path`, else `path.html`, else 404.html with status 404 (as GitHub Pages), except the reader's own pages,
 * which are the app shell with status 200 (what the service worker answers once installed, and what a host
 * rewriting them to `shell.html` sends; Lighthouse will not score a 404); gzip when the client takes it.
 */
export function host(site: string): Server {
  return createServer((request, response) => {
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
  })
}

/** Starts `server` on a free port of 127.0.0.1; returns its origin. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
