// j / k move between the items inside `container`, Enter opens the focused one (it is a link), as in the
// feed readers people already use. Focus does the work, so the position is visible and screen readers follow.
import { useEffect, useEffectEvent, type RefObject } from 'react'

const ITEM = '[data-feed-item]'

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
}

/** `onNearEnd` runs when the reader steps onto one of the last few items, so more can load in time. */
export function useFeedKeys(container: RefObject<HTMLElement | null>, onNearEnd?: () => void): void {
  const nearEnd = useEffectEvent(() => onNearEnd?.())

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'j' && event.key !== 'k') return
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return
      const root = container.current
      if (!root) return
      const items = Array.from(root.querySelectorAll<HTMLElement>(ITEM))
      if (items.length === 0) return

      const current = items.findIndex((item) => item.contains(document.activeElement))
      let next: number
      if (current === -1) {
        // Start from what the reader is looking at, not from the top of a list they have scrolled down.
        const firstInView = items.findIndex((item) => item.getBoundingClientRect().bottom > 0)
        next = Math.max(0, firstInView)
      } else {
        next = Math.min(items.length - 1, Math.max(0, current + (event.key === 'j' ? 1 : -1)))
      }
      const link = items[next]?.querySelector<HTMLElement>('a[href]')
      if (!link) return
      event.preventDefault()
      link.focus({ preventScroll: true })
      items[next]?.scrollIntoView({ block: 'nearest' })
      if (next >= items.length - 3) nearEnd()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [container])
}
