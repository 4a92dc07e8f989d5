// The route table. Every page is a lazy module, so a feed never downloads the article code (DOMPurify)
// and the other way round; each has a static skeleton to show while its code arrives on a first visit.
import type { RouteObject } from 'react-router-dom'
import { ArticleSkeleton, FeedSkeleton } from '../components/skeletons.tsx'
import { routePatterns } from '../content/routes.ts'
import { RootLayout } from './routes/root-layout.tsx'
import { loadSearchRoute } from './routes/search-chunk.ts'
import { RouteError } from './routes/route-error.tsx'

export const appRoutes: RouteObject[] = [
  {
    path: routePatterns.home,
    Component: RootLayout,
    ErrorBoundary: RouteError,
    children: [
      { index: true, lazy: () => import('./routes/home-route.tsx'), HydrateFallback: FeedSkeleton },
      { path: routePatterns.category, lazy: () => import('./routes/feed-route.tsx'), HydrateFallback: FeedSkeleton },
      { path: routePatterns.tag, lazy: () => import('./routes/feed-route.tsx'), HydrateFallback: FeedSkeleton },
      { path: routePatterns.article, lazy: () => import('./routes/article-route.tsx'), HydrateFallback: ArticleSkeleton },
      { path: routePatterns.stock, lazy: () => import('./routes/stock-route.tsx'), HydrateFallback: FeedSkeleton },
      // Search: the engine and its screen load only when the reader searches.
      { path: routePatterns.search, lazy: () => loadSearchRoute().then(({ Component }) => ({ Component })), HydrateFallback: FeedSkeleton },
      // The reader's own pages: drawn from browser storage, so never prerendered (404.html serves them).
      { path: routePatterns.saved, lazy: () => import('./routes/saved-route.tsx'), HydrateFallback: FeedSkeleton },
      { path: routePatterns.watchlist, lazy: () => import('./routes/watchlist-route.tsx'), HydrateFallback: FeedSkeleton },
      { path: routePatterns.settings, lazy: () => import('./routes/settings-route.tsx'), HydrateFallback: FeedSkeleton },
      // Unknown addresses and the old site's (/emnews/, /category/x.html, /emnews/2022/05/26/id.html).
      { path: '*', lazy: () => import('./routes/not-found-route.tsx'), HydrateFallback: FeedSkeleton },
    ],
  },
]
