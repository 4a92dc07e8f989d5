// The reader's own controls, loaded after hydration by personal.ts: 收藏 and 自选 buttons, read marks, the
// 只看未读 / 以上标为已读 tools, home's counts since the last visit, and what an opened article does (mark it
// read, let followed mentions stand out). Everything here may read the reader's state.
import { useEffect, useState, type ReactNode } from 'react'
import { useNavigate } from 'react-router-dom'
import type { Manifest } from '../../content/schema.ts'
import { FeedSkeleton } from '../../components/skeletons.tsx'
import { formatNewCount, useNewSinceLastVisit } from './last-visit.ts'
import { ReadTools as Tools, useUnreadItems } from './read-tools.tsx'
import { UNREAD_PENDING } from './personal.ts'
import { currentView, markRead, subscribeReader, useReader } from './reader-state.ts'
import { StorageNotice } from './storage-notice.tsx'
import { KeyHelp } from '../keyboard/key-help.tsx'
import { installKeyboard } from '../keyboard/keys.ts'
import { SaveButton, toggleSaved } from '../saved/save-button.tsx'
import { FollowButton, toggleFollowed, useFollowedMentions } from '../watchlist/follow-button.tsx'
import './reader-state.css'
import '../watchlist/watchlist.css'

// The state and actions a feed's items read and call themselves (useReaderFlag in personal.ts), drawing
// the same buttons before this module arrives as after.
export { currentView, FollowButton, SaveButton, StorageNotice, subscribeReader, toggleFollowed, toggleSaved, Tools as ReadTools }

/**
 * The list with 只看未读 applied (see useUnreadItems); until the read marks are read from storage, a
 * placeholder: the whole list shown first would lose its read items under the reader a moment later.
 */
export function UnreadOnly<T extends { id: string }>({ items, on, children }: { items: readonly T[]; on: boolean; children: (items: readonly T[]) => ReactNode }) {
  const loaded = useReader((view) => view.loaded)
  const unread = useUnreadItems(items, on)
  return on && !loaded ? <FeedSkeleton label={UNREAD_PENDING} /> : children(unread)
}

/** How many articles a category gained since the last visit (+12, +99+), or nothing. */
export function NewCount({ manifest, slug }: { manifest: Manifest; slug: string }) {
  const gained = useNewSinceLastVisit(manifest).get(slug)
  if (gained === undefined) return null
  return (
    <span className="new-count">
      <span className="visually-hidden">，上次访问后新增 </span>
      {`+${formatNewCount(gained)}`}
    </span>
  )
}

/** An opened article: marked read, followed mentions marked, and its 收藏 button. */
export function ArticleState({ article }: { article: { id: string; title: string; date: string | null; path: string; sourceUrl: string | null } }) {
  useEffect(() => {
    void markRead([article.id])
  }, [article.id])
  useFollowedMentions(article.id)
  return <SaveButton article={article} />
}

/** The keys (keyboard/keys.ts) for as long as the app runs, and the `?` overlay. */
export function KeyboardLayer() {
  const navigate = useNavigate()
  const [help, setHelp] = useState(false)
  useEffect(() => installKeyboard({ go: (path) => void navigate(path), toggleHelp: () => setHelp((open) => !open) }), [navigate])
  return help ? <KeyHelp onClose={() => setHelp(false)} /> : null
}
