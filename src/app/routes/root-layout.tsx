// The frame every route renders in. ScrollRestoration brings a reader back to the same place in a list on
// Back; it works because react-query still holds the pages that were loaded. The storage notice says what
// the reader's own state could not keep (it comes with the personal UI, after hydration).
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { Outlet, ScrollRestoration } from 'react-router-dom'
import { Layout } from '../../components/layout.tsx'
import { providePersonalUi, usePersonalUi } from '../../features/reader-state/personal.ts'
import { useMarkAppStarted, useRemovePrerenderedHeadOnNavigation } from '../prerendered-head.ts'
import { prepareSearch } from './search-chunk.ts'

export function RootLayout() {
  const ui = usePersonalUi()
  const client = useQueryClient()
  useRemovePrerenderedHeadOnNavigation()
  useMarkAppStarted()
  // The reader's own controls and state load once the page is up (after hydration), for every route.
  useEffect(() => {
    void import('../../features/reader-state/personal-ui.tsx').then(providePersonalUi)
  }, [])
  return (
    <Layout prepareSearch={(search) => prepareSearch(client, search)}>
      <Outlet />
      <ScrollRestoration />
      {ui ? <ui.StorageNotice /> : null}
      {ui ? <ui.KeyboardLayer /> : null}
    </Layout>
  )
}
