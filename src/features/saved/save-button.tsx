// 收藏: saves an article (its title and date go with it, and on the article page its original's address,
// so /saved can still name it, and link the original, if it later leaves the archive) or takes it out, and keeps it for offline reading. The `s` key presses the button of the
// item in focus or of the article on screen. What it saves is in reader-state; it loads with the personal
// UI, after hydration. A feed's items draw SaveToggle themselves (feed-item.tsx) and call toggleSaved.
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { change, currentView, useReader } from '../reader-state/reader-state.ts'
import { dropOffline, keepOffline } from './keep-offline.ts'
import { SaveToggle } from './save-toggle.tsx'

export interface SavableArticle {
  id: string
  title: string
  date: string | null
  path?: string | null | undefined
  sourceUrl?: string | null | undefined
}

interface SaveButtonProps {
  article: SavableArticle
  className?: string
}

/** Saves `article` or takes it out (`saved`: whether it is saved now), and keeps or drops its offline copy. */
export async function toggleSaved(client: QueryClient, article: SavableArticle, saved: boolean): Promise<void> {
  const { id, title, date } = article
  if (saved) {
    await change({ type: 'unsave', id })
    const remaining = currentView().state.saved.map((a) => a.id)
    void dropOffline(client, id, remaining)
  } else {
    await change({ type: 'save', article: { id, title, date, path: article.path ?? null, source: article.sourceUrl ?? null } })
    void keepOffline(client, id)
  }
}

export function SaveButton({ article, className }: SaveButtonProps) {
  const client = useQueryClient()
  const saved = useReader((view) => view.saved.has(article.id))
  return <SaveToggle title={article.title} saved={saved} onToggle={() => void toggleSaved(client, article, saved)} className={className} />
}
