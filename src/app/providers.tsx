// Everything the routes rely on: the query cache and the router. Tests compose the same pieces with a
// memory router.
import { StrictMode } from 'react'
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { RouterProvider, type RouterProviderProps } from 'react-router-dom'

interface AppProps {
  queryClient: QueryClient
  router: RouterProviderProps['router']
}

export function App({ queryClient, router }: AppProps) {
  return (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>
  )
}
