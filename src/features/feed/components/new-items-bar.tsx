// "N 条新消息": offered over a list when newer data has items for it. It floats (a sticky strip of no
// height), so appearing and going never moves the list. Taking it up puts the new items above the ones
// on screen and scrolls by exactly what they added, so what the reader was looking at stays where it was
// (browsers' own scroll anchoring does not cover every case, e.g. a new day heading or a sticky one).
import { useLayoutEffect, useRef } from 'react'

interface Anchor {
  node: Element
  top: number
  /** The bar had keyboard focus: it moves to the first new item instead of being lost with the button. */
  focus: boolean
}

/** The first list item not hidden under the sticky header: what the reader is looking at. */
function findAnchor(): Omit<Anchor, 'focus'> | null {
  const header = document.querySelector('.site-header')?.getBoundingClientRect().bottom ?? 0
  for (const node of document.querySelectorAll('main [data-feed-item]')) {
    const box = node.getBoundingClientRect()
    if (box.bottom > header) return { node, top: box.top }
  }
  return null
}

interface NewItemsBarProps {
  count: number
  /** Shows the new items; what it renders next must carry `fresh` (a new array) with them. */
  onShow: () => void
  /** The ids the last update brought: a new array marks the render that shows them. */
  fresh: readonly string[]
}

export function NewItemsBar({ count, onShow, fresh }: NewItemsBarProps) {
  const anchor = useRef<Anchor | null>(null)

  useLayoutEffect(() => {
    const held = anchor.current
    anchor.current = null
    if (!held) return
    if (held.node.isConnected) window.scrollBy(0, held.node.getBoundingClientRect().top - held.top)
    // The link after the first 新 badge: j / k and Tab go on from the new items, and the view stays put.
    if (held.focus) document.querySelector<HTMLElement>('main .feed-item__new + a')?.focus({ preventScroll: true })
  }, [fresh])

  const show = (button: HTMLButtonElement) => {
    const at = findAnchor()
    anchor.current = at && { ...at, focus: button.matches(':focus-visible') }
    onShow()
  }

  return (
    <div className="live-bar" role="status">
      {count > 0 ? (
        <button type="button" className="live-bar__button" onClick={(event) => show(event.currentTarget)}>
          <span aria-hidden="true">↑</span> {count} 条新消息
        </button>
      ) : fresh.length > 0 ? (
        <span className="visually-hidden">{`已在上方显示 ${fresh.length} 条新消息`}</span>
      ) : null}
    </div>
  )
}
