// The browser router, under the base path the site is built for (FINEWS_BASE → import.meta.env.BASE_URL).
import { createBrowserRouter } from 'react-router-dom'
import { appRoutes } from './routes.tsx'

/**
 * The base as Vite has it, trailing slash kept: the router then links home as `/finews/` (the site's
 * address) rather than `/finews`, which a static host only answers with a redirect. React Router supports
 * a basename with a trailing slash; every other link is `/finews/c/…` either way.
 */
export function routerBasename(base: string = import.meta.env.BASE_URL): string {
  const inner = base.replace(/^\/+|\/+$/g, '')
  return inner === '' ? '/' : `/${inner}/`
}

/**
 * `hydrating`: the page on screen was drawn by the server, and the reader may have scrolled it while the
 * app loaded. Telling the router so (empty hydration data: the routes have no loaders) keeps
 * ScrollRestoration from sending them back to the top on the first render.
 */
export function createAppRouter({ hydrating = false }: { hydrating?: boolean } = {}) {
  return createBrowserRouter(appRoutes, { basename: routerBasename(), ...(hydrating ? { hydrationData: { loaderData: {} } } : {}) })
}
