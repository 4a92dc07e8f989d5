// 自选: follows a security (its news then fills /watchlist and it stands out in article bodies) or stops
// following it. On the stock page and the mention card it reads 加自选 / 已自选; beside a stock chip it is
// a small + / ✓ whose accessible name still says 自选 and the security.
import { useEffect } from 'react'
import { change, useReader } from '../reader-state/reader-state.ts'
import './watchlist.css'

interface FollowButtonProps {
  secid: string
  name: string
  /** The small form beside a stock chip. */
  compact?: boolean
}

export function FollowButton({ secid, name, compact = false }: FollowButtonProps) {
  const followed = useReader((view) => view.followed.has(secid))
  const toggle = () =>
    void change(followed ? { type: 'unfollow', secid } : { type: 'follow', security: { secid, name } })
  if (compact) {
    return (
      <button type="button" className="follow-button follow-button--compact" aria-pressed={followed} onClick={toggle} aria-label={`自选：${name}`}>
        <span aria-hidden="true">{followed ? '✓' : '+'}</span>
      </button>
    )
  }
  return (
    <button type="button" className="button follow-button" aria-pressed={followed} onClick={toggle}>
      <span aria-hidden="true">{followed ? '★ ' : '☆ '}</span>
      {followed ? '已自选' : '加自选'}
      <span className="visually-hidden">：{name}</span>
    </button>
  )
}

/**
 * Marks the mentions of followed securities in the body of article `articleId` so they stand out: set on
 * the sanitized body's own elements after each render (React does not manage the inside of that HTML).
 */
export function useFollowedMentions(articleId: string): void {
  const followed = useReader((view) => view.followed)
  useEffect(() => {
    // Found by comparing ids, not by a selector built from one (ids come from addresses).
    const root = [...document.querySelectorAll<HTMLElement>('article[data-article-id]')].find((a) => a.dataset.articleId === articleId)
    if (!root) return
    for (const anchor of root.querySelectorAll<HTMLElement>('a[data-secid]')) {
      if (followed.has(anchor.dataset.secid ?? '')) anchor.dataset.followed = ''
      else delete anchor.dataset.followed
    }
  })
}
