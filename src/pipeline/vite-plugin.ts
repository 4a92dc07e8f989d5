// `npm run dev`: builds the data folder from FINEWS_POSTS (default: the sample archive) when the dev
// server starts, serves it at `<base>data/`, and rebuilds incrementally whenever a post or category page
// is added, changed or removed, telling the open reader to refetch (no restart, no full reload).
import { createReadStream, existsSync, statSync } from 'node:fs'
import { join, normalize } from 'node:path'
import type { Plugin } from 'vite'
import { DATA_CHANGED_EVENT } from '../content/dev-server.ts'
import { openIndex } from './build-content.ts'
import type { ArchiveIndex } from './index/archive-index.ts'
import { ContentRebuilds } from './watch/content-watch.ts'
import { hashKey } from './hash-key.ts'
import { DEFAULT_CACHE, type ArchiveFolders } from './project-paths.ts'
import { summarize } from './report.ts'

export function finewsDevData(options: ArchiveFolders): Plugin {
  // One folder per posts folder, so two dev servers over different archives never share one.
  const DEV_DATA = join(DEFAULT_CACHE, `dev-data-${hashKey(options.posts)}`)
  let index: ArchiveIndex | null = null
  let stopWatching: (() => void) | null = null

  return {
    name: 'finews-dev-data',
    apply: 'serve',
    // Called when the dev server closes.
    closeBundle() {
      stopWatching?.()
      stopWatching = null
      index?.close()
      index = null
    },
    async configureServer(server) {
      if (!existsSync(options.posts)) {
        server.config.logger.error(`finews: FINEWS_POSTS=${options.posts}: no such folder; the reader will show no articles`)
        return
      }
      index ??= openIndex(DEFAULT_CACHE, options.posts, DEV_DATA)
      const rebuilds = new ContentRebuilds({ ...options, out: DEV_DATA }, index, {
        built(result, initial) {
          const log = summarize(result, DEV_DATA)
          // The first build says everything (what was rejected and why); later ones one line each.
          server.config.logger.info(initial ? log : (log.split('\n')[0] ?? ''), { timestamp: !initial })
          if (!initial) server.ws.send({ type: 'custom', event: DATA_CHANGED_EVENT })
        },
        failed(error) {
          server.config.logger.error(`finews: rebuild failed: ${String(error)}`)
        },
      })
      await rebuilds.build(true)
      // Not Vite's own watcher: at 100,000 posts it took 3 s to report a new one (see folder-watcher.ts).
      stopWatching = rebuilds.follow()

      const prefix = `${server.config.base}data/`
      server.middlewares.use((req, res, next) => {
        const url = req.url?.split('?')[0] ?? ''
        if (!url.startsWith(prefix)) return next()
        const relative = normalize(decodeURIComponent(url.slice(prefix.length)))
        const file = join(DEV_DATA, relative)
        if (relative.startsWith('..') || !file.startsWith(DEV_DATA) || !existsSync(file) || !statSync(file).isFile()) {
          res.statusCode = 404
          res.end('not found')
          return
        }
        res.setHeader('Content-Type', 'application/json; charset=utf-8')
        res.setHeader('Cache-Control', 'no-cache')
        createReadStream(file).pipe(res)
      })
    },
  }
}
