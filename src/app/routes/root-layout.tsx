// The frame every route renders in. ScrollRestoration brings a reader back to the same place in a list on
// Back; it works because react-query still holds the pages that were loaded. The storage notice says what
// the reader's own state could not keep.
import { Outlet, ScrollRestoration } from 'react-router-dom'
import { Layout } from '../../components/layout.tsx'
import { StorageNotice } from '../../features/reader-state/storage-notice.tsx'

export function RootLayout() {
  return (
    <Layout>
      <Outlet />
      <ScrollRestoration />
      <StorageNotice />
    </Layout>
  )
}
