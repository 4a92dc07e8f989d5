// Whether the reader is close to the end of a list: true while `sentinel` (an element placed after the
// list) is within 800 px below the viewport, so the next page can load before they get there. Feeds and
// stock pages share it.
import { useCallback, useState } from 'react'

export function useNearEnd(): { nearEnd: boolean; sentinel: (element: HTMLElement | null) => (() => void) | undefined } {
  const [nearEnd, setNearEnd] = useState(false)
  // Browsers only: the observer starts when the element mounts, never during render, so the list also
  // renders on a server.
  const sentinel = useCallback((element: HTMLElement | null) => {
    if (!element || typeof IntersectionObserver === 'undefined') return undefined
    const observer = new IntersectionObserver(([entry]) => setNearEnd(entry?.isIntersecting ?? false), {
      rootMargin: '0px 0px 800px 0px',
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      setNearEnd(false)
    }
  }, [])
  return { nearEnd, sentinel }
}
