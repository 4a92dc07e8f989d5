// The browser entry: one QueryClient for the life of the page, one router, and the manifest requested
// at once, in parallel with the code of the first route.
import { createRoot } from 'react-dom/client'
import { DATA_CHANGED_EVENT } from '../content/dev-server.ts'
import { createQueryClient } from '../lib/query-client.ts'
import { manifestQuery, queryKeys } from '../lib/query-keys.ts'
import { App } from './providers.tsx'
import { createAppRouter } from './router.tsx'

const queryClient = createQueryClient()
void queryClient.prefetchQuery(manifestQuery())
const router = createAppRouter()

// `npm run dev` rebuilds the data when a post is added or edited: refetch it, keeping what is on screen,
// then unpin the feeds (live news pins them), since an author previewing posts wants to see them at once.
if (import.meta.hot) {
  import.meta.hot.on(DATA_CHANGED_EVENT, () => {
    void queryClient.invalidateQueries().then(() => queryClient.resetQueries({ queryKey: queryKeys.pinnedAll() }))
  })
}

const root = document.getElementById('root')
if (root) createRoot(root).render(<App queryClient={queryClient} router={router} />)
