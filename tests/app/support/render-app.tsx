// Renders the real app (providers, routes, lazy route modules) at a path, in a memory router.
import { beforeEach, vi } from 'vitest'
import { render } from '@testing-library/react'
import { createMemoryRouter } from 'react-router-dom'
import { App } from '../../../src/app/providers.tsx'
import { appRoutes } from '../../../src/app/routes.tsx'
import { createQueryClient } from '../../../src/lib/query-client.ts'

beforeEach(() => {
  // jsdom does not lay pages out: scrolling is a no-op here (ScrollRestoration and j/k call these).
  vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined)
  Element.prototype.scrollIntoView = () => undefined
})

export function renderApp(path: string) {
  // No pause between automatic retries, so a failing file shows its error quickly.
  const queryClient = createQueryClient({ retryDelay: 0 })
  const router = createMemoryRouter(appRoutes, { initialEntries: [path] })
  const view = render(<App queryClient={queryClient} router={router} />)
  return { ...view, router, queryClient }
}

/** The path and query the reader would see in the address bar. */
export function addressOf(router: ReturnType<typeof renderApp>['router']): string {
  const { pathname, search } = router.state.location
  return decodeURIComponent(pathname + search)
}
