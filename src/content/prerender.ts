// What a prerendered page and the reader agree on: the id of the JSON block that carries the page's first
// screen's data (the pipeline writes it, src/app/start.tsx reads it before hydrating), and the attribute
// of the head tags the pipeline adds beside React's (canonical, Open Graph, JSON-LD), which describe the
// page as drawn and go once the app shows another.
export const PRERENDER_STATE_ID = 'finews-state'

/**
 * The key by which an object of that data names the data file it holds: `{"$file": "pages/….json", …}` is
 * that file's fields with the object's other fields. The browser fetches the file before hydrating rather
 * than the page carrying it twice over (its markup and its data): a category's first page held 46 articles'
 * data, 3.7 kB of its 14.8 kB gzipped, past what the first round trip brings (README, Prerendered pages).
 */
export const DATA_FILE_KEY = '$file'
export const PRERENDERED_ATTRIBUTE = 'data-prerendered'

/**
 * Set on <html> once the app has drawn its first screen (hydrated the page sent, or drawn its own) and
 * started listening to it: until then a prerendered page shows but does not respond. Tests wait for it
 * before acting on the app rather than on the page sent.
 */
export const APP_STARTED_ATTRIBUTE = 'data-app-started'
