// A link to a place on a page (the header's 全部分类, `/#all-categories`) must land there even when the
// content above that place arrives after the page. ScrollRestoration scrolls to the hash as the page first
// renders, with placeholders above the target; on a phone the home page then grows by some 3000 px above
// its list of categories, leaving the reader far above it. A page calls this with `ready` true once what
// stands above its targets is in, and the target is scrolled to then, before that render is painted.
//
// Only an entry that first rendered without its content waits for it: when the content was there from the
// start, ScrollRestoration already went to the target, or (Back and Forward) put the reader back where
// they were. Without the content, a saved place cannot be restored anyway (the page is too short for it)
// and the target is the best place to land. A reader who scrolls, touches the page or presses a key
// while it loads has moved on: the page then stays where they are.
import { useLayoutEffect, useRef } from 'react'
import { useLocation } from 'react-router-dom'

/** What a reader does to move on while the page loads. */
const READER_INPUT = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const

export function useHashTarget(ready: boolean): void {
  const { hash, key } = useLocation()
  // The history entry whose target is still to be scrolled to, if any.
  const pending = useRef<string | null>(null)
  // The last entry this page rendered: a new one decides afresh whether it waits for its target.
  const seen = useRef<string | null>(null)

  // Listening from the commit on (not after paint): the reader's first move already counts.
  useLayoutEffect(() => {
    const giveUp = () => {
      pending.current = null
    }
    for (const type of READER_INPUT) window.addEventListener(type, giveUp, { capture: true, passive: true })
    return () => {
      for (const type of READER_INPUT) window.removeEventListener(type, giveUp, { capture: true })
    }
  }, [])

  useLayoutEffect(() => {
    if (seen.current !== key) {
      seen.current = key
      pending.current = hash !== '' && !ready ? key : null
    }
    if (!ready || pending.current !== key) return
    pending.current = null
    let id: string
    try {
      id = decodeURIComponent(hash.slice(1))
    } catch {
      return // not an id anything on the page could have
    }
    document.getElementById(id)?.scrollIntoView()
  }, [key, hash, ready])
}
