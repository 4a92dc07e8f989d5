// A prerendered page paints first and loads the reader's code after: the page the host sent is readable on
// its own (#12), so nothing of the app needs to arrive before its first frame. Vite's built index.html names
// the entry as a module script and its imports as module preloads, all in the head, which the browser
// fetches at once, beside the stylesheet; on a slow phone those 120 kB then sit between the request and the
// page's largest paint (Lighthouse counts them in its LCP: the category page 1.8 to 2.4 s against Jekyll's
// 0.75 s, README, Prerendered pages). Each prerendered page instead ends with a small inline loader that
// adds the same preloads and the entry once the first frame is on screen: when the browser reports the
// first contentful paint. The task after an animation frame, which it waited for before, comes once the
// frame is committed but before it is shown (29 to 37 ms before, in Lighthouse's traces of the category
// page), and Lighthouse then counted the 116 kB it fetched in the page's LCP. A browser without paint
// timing, and a page hidden before its first paint (which reports none), start after the next frame.
// A page whose head carries what it needs of the stylesheet (critical-css.ts) names the stylesheet too: the
// loader adds it at the same moment, with the manifest and touch icon links the page held back (LATER_ID), and
// runs the entry only once the stylesheet has loaded or failed, so the app never draws unstyled.
//
// The loader's text is the same on every page (the files it loads are its element's data attributes), so
// the Content-Security-Policy names it by its hash and still allows no other inline script
// (site-policy.ts). A tab opened in the background paints nothing, so its app starts when it is first shown.

/**
 * The id of the <template> in a prerendered page's head that holds what it links to but does not need to
 * paint (the touch icon, the web app manifest): the browser fetches those at once otherwise, and Lighthouse's
 * simulated phone then counts them in the page's LCP whenever they end before the page's first paint (0.9
 * s instead of 0.66 s in the same build). The loader moves them into the head after the first paint.
 */
export const LATER_ID = 'finews-later'

/** The loader, run as a classic script at the end of the body (document.currentScript is its element). */
export const APP_LOADER =
  `{const s=document.currentScript,h=document.head;let d=0;const add=(t,a)=>h.appendChild(Object.assign(document.createElement(t),a)),go=()=>{if(d)return;d=1;const t=document.getElementById('${LATER_ID}');if(t)h.append(t.content);let n=1;const run=()=>{if(--n===0)add('script',{type:'module',crossOrigin:'',src:s.dataset.entry})};for(const f of(s.dataset.style||'').split(' '))if(f){n++;add('link',{rel:'stylesheet',crossOrigin:'',href:f,onload:run,onerror:run})}for(const f of[...s.dataset.preload.split(' '),s.dataset.entry])if(f)add('link',{rel:'modulepreload',crossOrigin:'',href:f});run()},later=()=>requestAnimationFrame(()=>setTimeout(go)),P=self.PerformanceObserver;if(document.visibilityState==='hidden'||!P||!(P.supportedEntryTypes||[]).includes('paint'))later();else{new P(l=>{if(l.getEntriesByName('first-contentful-paint').length)setTimeout(go)}).observe({type:'paint',buffered:true});document.addEventListener('visibilitychange',later,{once:true})}}`

const ENTRY = /<script type="module" crossorigin src="([^"]+)"><\/script>/g
const PRELOAD = /<link rel="modulepreload" crossorigin href="([^"]+)">/g

/**
 * A page cut after its head: the tags a page's edits move are all in the head (the body, React's markup and
 * a JSON block with `<` escaped, holds none), so the body is not searched for them. A page without
 * `</head>` is all head.
 */
export function splitHead(page: string): [head: string, rest: string] {
  const end = page.indexOf('</head>')
  return end < 0 ? [page, ''] : [page.slice(0, end), page.slice(end)]
}

const SPACE = /\s/

/**
 * `text` with each match of the global pattern `tag` (up to `limit` of them), and the white space before
 * it, replaced by what `by` makes of them: what `text.replace(/\s*<tag>/g, …)` does. A pattern that
 * starts with `\s*` has no literal for the engine to look for, so it stepped through every character:
 * such patterns took 0.4 ms of the main thread's 1.1 ms a page in a cold site build (a CPU profile of
 * 10,000 posts).
 */
export function replaceTags(text: string, tag: RegExp, by: (match: RegExpExecArray, space: string) => string, limit = Infinity): string {
  let out = ''
  let from = 0
  let count = 0
  tag.lastIndex = 0
  for (let match = tag.exec(text); match !== null && count < limit; match = tag.exec(text), count++) {
    let start = match.index
    while (start > from && SPACE.test(text.charAt(start - 1))) start--
    out += text.slice(from, start) + by(match, text.slice(start, match.index))
    from = match.index + match[0].length
  }
  return out + text.slice(from)
}

/**
 * The page with its entry script and module preloads (the template's and the route's) moved into the
 * loader, which goes last in the body, with the stylesheets `styles` names (those the page inlined the
 * critical part of) to load before the entry. A page with no entry script (none was built) is returned as
 * it is.
 */
export function deferAppStart(html: string, styles: readonly string[] = []): string {
  const [head, body] = splitHead(html)
  return deferAppStartOf(head, body, styles) ?? html
}

/** deferAppStart for a page already cut after its head (splitHead); null when there is no entry script. */
export function deferAppStartOf(head: string, body: string, styles: readonly string[]): string | null {
  const entries: string[] = []
  const withoutEntry = replaceTags(head, ENTRY, (match) => (entries.push(match[1] ?? ''), ''), 1)
  const entry = entries[0]
  if (entry === undefined) return null
  const preloads: string[] = []
  const rest = replaceTags(withoutEntry, PRELOAD, (match) => (preloads.push(match[1] ?? ''), ''))
  const style = styles.length > 0 ? ` data-style="${styles.join(' ')}"` : ''
  const loader = `  <script data-entry="${entry}" data-preload="${preloads.join(' ')}"${style}>${APP_LOADER}</script>\n  `
  const end = body.lastIndexOf('</body>')
  if (end >= 0) return `${rest}${body.slice(0, end)}${loader}${body.slice(end)}`
  // No </head>: the whole page is in `head`.
  const at = rest.lastIndexOf('</body>')
  if (at < 0) throw new Error('the page has no </body>: nowhere to put the loader')
  return `${rest.slice(0, at)}${loader}${rest.slice(at)}`
}
