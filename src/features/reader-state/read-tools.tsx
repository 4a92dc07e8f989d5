// The read-mark tools over a list: 只看未读 (kept in the URL as `?unread=1`, so it survives a reload and
// can be undone with Back) and 以上标为已读, which marks every item scrolled past the top of the window.
import { useState, type RefObject } from 'react'
import { markRead, useReader } from './reader-state.ts'

/**
 * The items to show with 只看未读 on: those unread when the switch was turned on (or the marks arrived),
 * so an item read meanwhile (m, 以上标为已读, a visit) stays where it is instead of vanishing under the reader.
 */
export function useUnreadItems<T extends { id: string }>(items: readonly T[], unreadOnly: boolean): readonly T[] {
  const loaded = useReader((view) => view.loaded)
  const read = useReader((view) => view.read)
  const [frozen, setFrozen] = useState<ReadonlySet<string> | null>(null)
  const want = unreadOnly && loaded
  // Adjusted while rendering (React's pattern for state that follows a prop), not in an effect.
  if (want && frozen === null) setFrozen(read)
  if (!want && frozen !== null) setFrozen(null)
  if (!unreadOnly) return items
  const hidden = frozen ?? read
  return items.filter((item) => !hidden.has(item.id))
}

/** Ids of the items inside `list` whose bottom is above the sticky header: the ones scrolled past. */
function scrolledPast(list: HTMLElement): string[] {
  const top = document.querySelector('.site-header')?.getBoundingClientRect().bottom ?? 0
  const ids: string[] = []
  for (const item of list.querySelectorAll<HTMLElement>('[data-article-id]')) {
    if (item.getBoundingClientRect().bottom > top) break
    if (item.dataset.articleId) ids.push(item.dataset.articleId)
  }
  return ids
}

interface ReadToolsProps {
  list: RefObject<HTMLElement | null>
  unreadOnly: boolean
  onUnreadOnly: (on: boolean) => void
}

export function ReadTools({ list, unreadOnly, onUnreadOnly }: ReadToolsProps) {
  const [said, setSaid] = useState('')
  const markAbove = () => {
    const ids = list.current ? scrolledPast(list.current) : []
    if (ids.length > 0) void markRead(ids)
    setSaid(ids.length > 0 ? `已将上方 ${ids.length} 条标为已读` : '上方没有未读的消息：向下滚动后再标记')
  }
  return (
    <div className="read-tools">
      <label className="read-tools__switch">
        <input type="checkbox" role="switch" checked={unreadOnly} onChange={(event) => onUnreadOnly(event.currentTarget.checked)} />
        只看未读
      </label>
      <div className="read-tools__float">
        <span className="read-tools__said" role="status">
          {said}
        </span>
        <button type="button" className="read-tools__button" onClick={markAbove}>
          以上标为已读
        </button>
      </div>
    </div>
  )
}
