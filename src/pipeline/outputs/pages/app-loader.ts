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
//
// The loader's text is the same on every page (the files it loads are its element's data attributes), so
// the Content-Security-Policy names it by its hash and still allows no other inline script
// (site-policy.ts). A tab opened in the background paints nothing, so its app starts when it is first shown.

/** The loader, run as a classic script at the end of the body (document.currentScript is its element). */
export const APP_LOADER =
  "{const s=document.currentScript;let d=0;const go=()=>{if(d)return;d=1;for(const f of s.dataset.preload.split(' ')){if(!f)continue;const l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=f;document.head.append(l)}const e=document.createElement('script');e.type='module';e.crossOrigin='';e.src=s.dataset.entry;document.head.append(e)},later=()=>requestAnimationFrame(()=>setTimeout(go)),P=self.PerformanceObserver;if(document.visibilityState==='hidden'||!P||!(P.supportedEntryTypes||[]).includes('paint'))later();else{new P(l=>{if(l.getEntriesByName('first-contentful-paint').length)setTimeout(go)}).observe({type:'paint',buffered:true});document.addEventListener('visibilitychange',later,{once:true})}}"

const ENTRY = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/
const PRELOAD = /\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g

/**
 * The page with its entry script and module preloads (the template's and the route's) moved into the
 * loader, which goes last in the body. A page with no entry script (none was built) is returned as it is.
 */
export function deferAppStart(html: string): string {
  const entry = ENTRY.exec(html)
  if (!entry) return html
  const preloads = [...html.matchAll(PRELOAD)].map((m) => m[1] ?? '')
  const rest = html.replace(ENTRY, '').replace(PRELOAD, '')
  const end = rest.lastIndexOf('</body>')
  if (end < 0) throw new Error('the page has no </body>: nowhere to put the loader')
  const loader = `  <script data-entry="${entry[1] ?? ''}" data-preload="${preloads.join(' ')}">${APP_LOADER}</script>\n  `
  return `${rest.slice(0, end)}${loader}${rest.slice(end)}`
}
