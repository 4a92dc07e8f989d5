// /search?q=…: its own chunk (the query engine and the results), loaded when the reader searches.
import { SearchScreen } from '../../features/search/components/search-screen.tsx'

export { prepareSearch as prepare } from '../../features/search/api/use-search.ts'

export function Component() {
  return <SearchScreen />
}
