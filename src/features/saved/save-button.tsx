// 收藏: saves an article (its title and date go with it, and on the article page its original's address,
// so /saved can still name it, and link the original, if it later leaves the archive) or takes it out, and keeps it for offline reading. The `s` key presses the button of the
// item in focus or of the article on screen. What it saves is in reader-state; it loads with the personal
// UI, after hydration.
import { useQueryClient } from '@tanstack/react-query'
import { change, currentView, useReader } from '../reader-state/reader-state.ts'
import { dropOffline, keepOffline } from './keep-offline.ts'

interface SaveButtonProps {
  article: { id: string; title: string; date: string | null; path?: string | null | undefined; sourceUrl?: string | null | undefined }
  className?: string
}

export function SaveButton({ article, className = 'save-button' }: SaveButtonProps) {
  const client = useQueryClient()
  const saved = useReader((view) => view.saved.has(article.id))
  const toggle = async () => {
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
  return (
    <button type="button" className={className} aria-pressed={saved} data-action="save" onClick={() => void toggle()}>
      <span aria-hidden="true">{saved ? '★' : '☆'}</span> 收藏<span className="visually-hidden">：{article.title}</span>
    </button>
  )
}
