// The browser router, under the base path the site is built for (FINEWS_BASE → import.meta.env.BASE_URL).
import { createBrowserRouter } from 'react-router-dom'
import { appRoutes } from './routes.tsx'

/** `/` stays `/`; `/finews/` becomes `/finews`, the form the router expects. */
export function routerBasename(base: string = import.meta.env.BASE_URL): string {
  const trimmed = base.replace(/\/+$/, '')
  return trimmed === '' ? '/' : trimmed
}

export function createAppRouter() {
  return createBrowserRouter(appRoutes, { basename: routerBasename() })
}
