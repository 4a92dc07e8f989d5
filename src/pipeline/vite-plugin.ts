// `npm run dev`: builds the data folder from FINEWS_POSTS (default: the sample archive) when the dev
// server starts, serves it at `<base>data/`, and rebuilds incrementally whenever a post or category page
// is added, changed or removed, telling the open reader to refetch (no restart, no full reload).
import { createReadStream, existsSync, statSync } from 'node:fs'
import { join, normalize, resolve, sep } from 'node:path'
import type { Plugin, ViteDevServer } from 'vite'
import { DATA_CHANGED_EVENT } from '../content/dev-server.ts'
import { buildContent } from './build-content.ts'
import { hashKey } from './output-store.ts'
import { PostCache } from './post-cache.ts'
import { DEFAULT_CACHE, type ArchiveFolders } from './project-paths.ts'
import { summarize } from './report.ts'

export function finewsDevData(options: ArchiveFolders): Plugin {
  const cache = PostCache.open(null, options.posts, '')
  // One folder per posts folder, so two dev servers over different archives never share one.
  const DEV_DATA = join(DEFAULT_CACHE, `dev-data-${hashKey(options.posts)}`)
  let building: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  // What the watcher reported since the last build started: the build looks again only at these posts.
  // A folder added or removed (or a watcher error) makes the next build list the whole folder.
  let changed = new Set<string>()
  let listAll = true

  const rebuild = (server: ViteDevServer, initial: boolean): Promise<void> => {
    building = building.then(async () => {
      const files = listAll ? undefined : changed
      changed = new Set()
      listAll = false
      const result = await buildContent({ posts: options.posts, categories: options.categories, out: DEV_DATA, cacheDir: null, cache, changed: files }).catch(
        (error: unknown) => {
          // What this build was told of is not built: the next one looks at everything.
          listAll = true
          throw error
        },
      )
      const log = summarize(result, DEV_DATA)
      // The first build says everything (what was rejected and why); later ones one line each.
      server.config.logger.info(initial ? log : (log.split('\n')[0] ?? ''), { timestamp: !initial })
      if (!initial) server.ws.send({ type: 'custom', event: DATA_CHANGED_EVENT })
    })
    return building
  }

  return {
    name: 'finews-dev-data',
    apply: 'serve',
    async configureServer(server) {
      if (!existsSync(options.posts)) {
        server.config.logger.error(`finews: FINEWS_POSTS=${options.posts}: no such folder; the reader will show no articles`)
        return
      }
      await rebuild(server, true)
      const watched = [options.posts, options.categories].filter((d): d is string => d !== null)
      server.watcher.add(watched)
      const onChange = (file: string, folder = false): void => {
        if (!watched.some((dir) => resolve(file).startsWith(dir + sep))) return
        if (folder) listAll = true
        else changed.add(resolve(file))
        // Editors save in bursts; one rebuild per burst.
        clearTimeout(timer)
        timer = setTimeout(() => {
          // Builds queue one after another, so a save during a build is picked up by the next one.
          rebuild(server, false).catch((error: unknown) => server.config.logger.error(`finews: rebuild failed: ${String(error)}`))
        }, 150)
      }
      server.watcher.on('add', (file) => onChange(file))
      server.watcher.on('change', (file) => onChange(file))
      server.watcher.on('unlink', (file) => onChange(file))
      server.watcher.on('addDir', (dir) => onChange(dir, true))
      server.watcher.on('unlinkDir', (dir) => onChange(dir, true))
      server.watcher.on('error', () => {
        listAll = true
      })

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
