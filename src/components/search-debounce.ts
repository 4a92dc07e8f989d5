/** The pause after the last keystroke in the header's search box before the results follow it. */
export const SEARCH_DEBOUNCE_MS = 250
