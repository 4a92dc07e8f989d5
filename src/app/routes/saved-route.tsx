// /saved: the reader's saved articles, from browser storage.
import { SavedScreen } from '../../features/saved/saved-screen.tsx'

export function Component() {
  return <SavedScreen />
}
