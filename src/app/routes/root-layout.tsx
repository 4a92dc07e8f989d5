// The frame every route renders in. ScrollRestoration brings a reader back to the same place in a list on
// Back; it works because react-query still holds the pages that were loaded.
import { Outlet, ScrollRestoration } from 'react-router-dom'
import { Layout } from '../../components/layout.tsx'

export function RootLayout() {
  return (
    <Layout>
      <Outlet />
      <ScrollRestoration />
    </Layout>
  )
}
