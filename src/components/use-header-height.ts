// Keeps the CSS variable --header-height equal to the sticky site header's real height. The style sheet
// holds the height with the usual fonts; a different font, a zoomed text size or a header that wraps onto
// another row changes it, and whatever sticks under the header (day headings, the new-messages bar) or
// scrolls below it (link targets, the selected item) would otherwise hide beneath it.
import { useLayoutEffect, type RefObject } from 'react'

export function useHeaderHeight(header: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const node = header.current
    if (!node || typeof ResizeObserver === 'undefined') return
    const root = document.documentElement
    const update = () => root.style.setProperty('--header-height', `${node.getBoundingClientRect().height}px`)
    update()
    const observer = new ResizeObserver(update)
    observer.observe(node)
    return () => {
      observer.disconnect()
      root.style.removeProperty('--header-height')
    }
  }, [header])
}
