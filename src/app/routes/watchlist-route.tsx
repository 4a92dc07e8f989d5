// /watchlist: the followed securities' news, from browser storage and their feeds.
import { WatchlistScreen } from '../../features/watchlist/watchlist-screen.tsx'

export function Component() {
  return <WatchlistScreen />
}
