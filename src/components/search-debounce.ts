/** The pause after the last keystroke in the header's search box before the results follow it. */
export const SEARCH_DEBOUNCE_MS = 250

/**
 * The shorter pause after which the box starts the first page of results for what it holds, without showing
 * it yet: by the end of SEARCH_DEBOUNCE_MS most of the page's requests are done. A reader who goes on typing
 * after this pause has cost one first page of requests for a query not shown.
 */
export const SEARCH_EARLY_START_MS = 150
