// The prerenderer's entry (built by Vite for Node, run by src/pipeline/outputs/pages/): a route's first screen
// as HTML, from the same routes, components, queries and data files the reader uses in the browser. Data
// comes through the reader's own fetchData (schemas included), answered from the build's data folder.
import { StrictMode } from 'react'
import { renderToString } from 'react-dom/server'
import { dehydrate, QueryClientProvider, skipToken, type DehydratedState, type QueryClient } from '@tanstack/react-query'
import { createStaticHandler, createStaticRouter, StaticRouterProvider, type Params } from 'react-router-dom'
import createDOMPurify, { type WindowLike } from 'dompurify'
import { BODY_SANITIZE_CONFIG, configureBodySanitizer } from '../features/article/sanitize-config.ts'
import { articleEntryQuery, articleQuery } from '../features/article/api/article-query.ts'
import { ServerSanitizer } from '../features/article/components/article-body.tsx'
import { sanitizeWithoutDom } from '../features/article/server-sanitize.ts'
import { setDataFetcher, type DataResponse } from '../lib/fetch-data.ts'
import { createQueryClient } from '../lib/query-client.ts'
import { queryKeys } from '../lib/query-keys.ts'
import { articleIdParam } from '../lib/route-params.ts'
import { routePatterns } from '../content/routes.ts'
import { appRoutes } from './routes.tsx'
import { referToFiles } from './sent-data.ts'

export interface PrerenderSetup {
  /** The site's base path, as the reader was built with (`/` or `/finews/`). */
  base: string
  /** A data file's text (a path under data/), or null when there is none. */
  readData: (path: string) => Promise<string | null>
  /**
   * A new DOM for DOMPurify (a jsdom window), for a body that sanitizeWithoutDom cannot vouch for: it is
   * sanitized as the browser will. Called at the first such body, and again every
   * WINDOW_USES bodies: every document DOMPurify parses into leaves listeners on jsdom's window, which each
   * later parse walks, so one window for a whole build made each page slower than the last (5.6 ms a page
   * over 300 pages, 12.4 ms over 3,000).
   */
  makeWindow: () => WindowLike
}

export interface RenderedPage {
  /** The markup of the root element's content. */
  html: string
  /** What React hoists to <head>: title, description, the feed's alternate link. */
  head: string
  /**
   * The first screen's data, for the browser's query cache (the manifest excepted: see queriesToShip), with
   * what is a whole data file named instead (sent-data.ts).
   */
  state: DehydratedState
  /** The status a host should answer with: 404 when the route shows a not-found page. */
  status: number
}

/** Bodies sanitized in one window before it is closed and a new one made (see makeWindow). */
const WINDOW_USES = 50

/** Renders passes until no query is waiting for data: each pass may reveal the queries of the next. */
const MAX_PASSES = 8

/**
 * The manifest is the one file whose name never changes, so inlining it would make every page differ after
 * every build: the browser fetches it before hydrating (main.tsx), as it always has. The look-up tables are
 * only the way to an entry, and a shard holds hundreds of other entries. Everything else the first screen
 * shows travels with the page.
 */
const KEPT_FOR_EVERY_PAGE: ReadonlySet<unknown> = new Set([
  queryKeys.manifest()[1],
  queryKeys.lookupIndex('')[1],
  queryKeys.articleLookup('')[1],
  queryKeys.securityLookup('')[1],
])
/** What a screen shows, pinned per history entry (live-feed.ts): the browser pins its own on first render. */
const PINNED = queryKeys.pinnedAll()[1]

/** The prerenderer's answer for a data file that is not there. */
const MISSING: DataResponse = { status: 404, ok: false, json: () => Promise.reject(new SyntaxError('no file')) }

/**
 * The queries a route's first screen reads, started before its first render, in the order its components
 * ask for them (the order the page's data block lists them in). Without them the first pass only finds
 * them: an article page was rendered twice, the first time as its skeleton, which was a third of its
 * rendering. A route not here is rendered until its queries settle, as any route is (MAX_PASSES).
 */
const FIRST_QUERIES: Readonly<Record<string, (client: QueryClient, params: Params) => Promise<unknown>>> = {
  [routePatterns.article]: (client, params) => {
    const id = articleIdParam(params.id)
    // As article-view.tsx asks: the article (a prerendered page has no feed's path for it), then its entry.
    return id === null ? Promise.resolve() : Promise.all([client.prefetchQuery(articleQuery(id)), client.prefetchQuery(articleEntryQuery(id))])
  },
}

function queriesToShip(key: readonly unknown[]): boolean {
  return !KEPT_FOR_EVERY_PAGE.has(key[1]) && key[1] !== PINNED
}

export function setUpPrerender(setup: PrerenderSetup): (path: string) => Promise<RenderedPage> {
  let dom: (WindowLike & { close?: () => void }) | null = null
  let purify: ReturnType<typeof createDOMPurify> | null = null
  let uses = 0
  const sanitize = (html: string): string => {
    // A body in the pipeline's form needs no DOM (server-sanitize.ts); only another one loads jsdom.
    const known = sanitizeWithoutDom(html)
    if (known !== null) return known
    if (purify === null || uses++ >= WINDOW_USES) {
      dom?.close?.()
      dom = setup.makeWindow()
      purify = createDOMPurify(dom)
      configureBodySanitizer(purify)
      uses = 1
    }
    return purify.sanitize(html, BODY_SANITIZE_CONFIG)
  }
  // The base the bundle was built with is the one its fetchData asks under.
  const dataPrefix = `${import.meta.env.BASE_URL}data/`
  // The files this page's queries read: what its data block names rather than carries (sent-data.ts).
  const read = new Map<string, string>()
  setDataFetcher(async (url) => {
    const path = url.startsWith(dataPrefix) ? url.slice(dataPrefix.length) : null
    const text = path === null ? null : await setup.readData(path)
    if (path !== null && text !== null) read.set(path, text)
    // A plain answer rather than a Response: building a Response and reading its body as a stream took
    // a tenth of a page's rendering (tests/bench/prerender-pages.ts).
    return text === null ? MISSING : { status: 200, ok: true, json: () => new Promise((resolve) => resolve(JSON.parse(text) as unknown)) }
  })
  const basename = setup.base === '/' ? '/' : setup.base.replace(/\/$/, '')
  const handler = createStaticHandler(appRoutes, { basename })
  // One cache for the whole build: the look-up tables (content-hashed, so the same all build long) are read
  // and checked once, not once per page; everything else goes after each page.
  const client = createQueryClient({ retry: false, gcTime: Number.POSITIVE_INFINITY })

  return async (path) => {
    const context = await handler.query(new Request(new URL(`${setup.base}${path.replace(/^\//, '')}`, 'http://prerender.invalid')))
    if (context instanceof Response) throw new Error(`prerender ${path}: the router answered with a response (${context.status})`)
    const router = createStaticRouter(handler.dataRoutes, context)
    const leaf = context.matches.at(-1)
    const first = leaf?.route.path === undefined ? undefined : FIRST_QUERIES[`/${leaf.route.path.replace(/^\//, '')}`]
    const render = (): string =>
      renderToString(
        <StrictMode>
          <ServerSanitizer value={sanitize}>
            <QueryClientProvider client={client}>
              {/* hydrate={false}: no inline script (the page's policy forbids them); the browser router starts afresh. */}
              <StaticRouterProvider router={router} context={context} hydrate={false} />
            </QueryClientProvider>
          </ServerSanitizer>
        </StrictMode>,
      )
    read.clear()
    if (first && leaf) await first(client, leaf.params)
    let markup = render()
    for (let pass = 1; pass < MAX_PASSES; pass++) {
      // A query whose function is skipToken (it waits for a key the first screen does not have) stays
      // pending. (Not Query.isDisabled(): with no observer, as in a server render, it says so of every
      // query that never ran.)
      const waiting = client.getQueryCache().getAll().filter((q) => q.state.status === 'pending' && q.state.fetchStatus === 'idle' && q.options.queryFn !== skipToken)
      if (waiting.length === 0) break
      await Promise.all(waiting.map((q) => q.fetch().catch(() => undefined)))
      markup = render()
    }
    // React puts what it hoists (title, meta, link) before the app's own markup, which starts at the
    // layout's root element.
    const start = markup.indexOf('<div class="site">')
    if (start < 0) throw new Error(`prerender ${path}: no layout in the markup`)
    const dehydrated = dehydrate(client, { shouldDehydrateQuery: (q) => q.state.status === 'success' && queriesToShip(q.queryKey) })
    const files = new Map([...read].map(([file, text]) => [file, JSON.parse(text) as unknown]))
    const data = referToFiles(dehydrated.queries.map((q) => q.state.data), files)
    const state = { ...dehydrated, queries: dehydrated.queries.map((q, i) => ({ ...q, state: { ...q.state, data: data[i] } })) }
    client.removeQueries({ predicate: (q) => !KEPT_FOR_EVERY_PAGE.has(q.queryKey[1]) })
    return { head: markup.slice(0, start), html: markup.slice(start), state, status: context.statusCode }
  }
}
