// The app taking over a page sent by the host. The head tags a prerendered page arrives with beside those
// React draws (canonical, Open Graph, JSON-LD: src/pipeline/outputs/pages/page-html.ts marks them) describe
// the page as it was sent, so they go when the app draws another address; and <html> says once the app
// has started.
import { useEffect, useRef } from 'react'
import { useLocation } from 'react-router-dom'
import { APP_STARTED_ATTRIBUTE, PRERENDERED_ATTRIBUTE } from '../content/prerender.ts'

/** Removes the marked tags; `drawnByReact` too (title, description, robots, feed links) when React will not adopt them. */
export function removePrerenderedHead(drawnByReact: boolean): void {
  const selector = `[${PRERENDERED_ATTRIBUTE}]${drawnByReact ? ', title, meta[name="description"], meta[name="robots"], link[rel="alternate"]' : ''}`
  for (const element of document.head.querySelectorAll(selector)) element.remove()
}

/**
 * Removes the marked tags at the first navigation. A hook in the app's frame rather than a
 * `router.subscribe` at start-up: a subscriber attached before RouterProvider mounts keeps React Router
 * from replaying to it a navigation made meanwhile (remix-run/react-router#15527), and the reader's first
 * Back or link would then change the address but not the page.
 */
export function useRemovePrerenderedHeadOnNavigation(): void {
  const location = useLocation()
  const first = useRef(location)
  useEffect(() => {
    if (location !== first.current) removePrerenderedHead(false)
  }, [location])
}

/**
 * Marks <html> with APP_STARTED_ATTRIBUTE once the app's first screen is drawn: called by the frame (and by
 * the error screen that replaces it), whose effects run after those of the screen inside.
 */
export function useMarkAppStarted(): void {
  useEffect(() => {
    document.documentElement.setAttribute(APP_STARTED_ATTRIBUTE, '')
  }, [])
}
