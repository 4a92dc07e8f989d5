// 自选: follows a security (its news then fills /watchlist and it stands out in article bodies) or stops
// following it (drawn by follow-toggle.tsx; a feed's stock chips draw ChipFollowToggle themselves and call
// toggleFollowed).
import { useEffect } from 'react'
import { change, useReader } from '../reader-state/reader-state.ts'
import { ChipFollowToggle } from './chip-follow-toggle.tsx'
import { FollowToggle } from './follow-toggle.tsx'
import './watchlist.css'

interface FollowButtonProps {
  secid: string
  name: string
  /** The small form beside a stock chip. */
  compact?: boolean
}

/** Follows the security or stops following it (`followed`: whether it is followed now). */
export function toggleFollowed(secid: string, name: string, followed: boolean): Promise<void> {
  return change(followed ? { type: 'unfollow', secid } : { type: 'follow', security: { secid, name } })
}

export function FollowButton({ secid, name, compact = false }: FollowButtonProps) {
  const followed = useReader((view) => view.followed.has(secid))
  const Toggle = compact ? ChipFollowToggle : FollowToggle
  return <Toggle name={name} followed={followed} onToggle={() => void toggleFollowed(secid, name, followed)} />
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
