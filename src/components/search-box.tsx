// The search box in every page's header. Small on purpose (it is in every route's first load): typing goes
// to /search?q=… after a pause, replacing the entry while the reader is still typing there; the search
// code itself loads with that route, asked for early through `prepare`: at the first keystroke (the code and
// the index's root, so the pause is spent fetching them), after a shorter pause (the first page of results
// for what the box holds, so most of its requests are done when the pause runs out), and as the pause runs
// out (the same first page, which the route then takes over). Without JavaScript the form submits to the
// prerendered /search page.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useLocation, useNavigate } from 'react-router-dom'
import { paths } from '../content/routes.ts'
import { SEARCH_DEBOUNCE_MS, SEARCH_EARLY_START_MS } from './search-debounce.ts'
import './search-box.css'

/**
 * The box in the page the host sent. A page sent for another address (404.html, which a host answers for
 * /settings and the like) is drawn afresh, not hydrated: the app's box replaces it, and takes over what the
 * reader typed there, with the focus (once: a box mounted later starts from the address).
 */
let sentBox = globalThis.document?.getElementById('site-search') as HTMLInputElement | null | undefined

export function SearchBox({ prepare }: { prepare?: ((search?: string) => void) | undefined }) {
  const location = useLocation()
  const navigate = useNavigate()
  const onSearch = location.pathname === paths.search()
  const urlQuery = onSearch ? (new URLSearchParams(location.search).get('q') ?? '') : ''
  const [value, setValue] = useState(urlQuery)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const started = useRef(false)
  // Back and forward (and links) change the query in the URL: the box follows it.
  // (Not when the URL only caught up with what the reader typed: the box may already be ahead of it.)
  const [shown, setShown] = useState(urlQuery)
  const [sent, setSent] = useState<string | null>(null)
  if (shown !== urlQuery) {
    setShown(urlQuery)
    if (urlQuery !== sent) setValue(urlQuery)
  }
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current)
  }, [])

  /** The /search query string for `q`: the search screen's filters kept. */
  const searchFor = (q: string): string => {
    const params = new URLSearchParams(onSearch ? location.search : '')
    params.set('q', q)
    return params.toString()
  }
  const go = (q: string, replace: boolean) => {
    const search = searchFor(q)
    setSent(q)
    prepare?.(search)
    void navigate(`${paths.search()}?${search}`, { replace })
  }
  const change = (q: string, composing = false) => {
    setValue(q)
    if (!started.current) {
      started.current = true
      prepare?.()
    }
    if (timer.current) clearTimeout(timer.current)
    // Pinyin still being composed is not what the reader searches for: the search waits for the characters.
    if (composing) return
    // The first page starts after the short pause; the screen follows at the end of the whole pause.
    timer.current = setTimeout(() => {
      prepare?.(searchFor(q))
      timer.current = setTimeout(() => go(q, onSearch), SEARCH_DEBOUNCE_MS - SEARCH_EARLY_START_MS)
    }, SEARCH_EARLY_START_MS)
  }
  // The box is in the page the host sends: what the reader typed there before the app started is searched
  // for now, as if typed now, instead of being wiped by the app's first redraw of the box. The box sent
  // (sentBox: this very box when hydrated, where React has made its default value the app's) counts only if
  // typed into: what it was sent with, the address says again.
  useEffect(() => {
    const sent = sentBox
    sentBox = null
    const adopt = sent && sent.value !== sent.defaultValue
    if (adopt) input.current?.focus()
    const typed = (adopt ? sent : input.current)?.value ?? value
    if (typed !== value) change(typed)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the app takes the box over
  }, [])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (timer.current) clearTimeout(timer.current)
    go(value, onSearch && value === urlQuery)
  }
  return (
    <form className="site-search" role="search" action={`${import.meta.env.BASE_URL}search`} method="get" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="site-search">
        搜索文章
      </label>
      <input
        id="site-search"
        className="site-search__input"
        type="search"
        name="q"
        placeholder="搜索（按 / 键）"
        autoComplete="off"
        ref={input}
        value={value}
        onChange={(e) => change(e.target.value, (e.nativeEvent as InputEvent).isComposing)}
        onCompositionEnd={(e) => change(e.currentTarget.value)}
      />
    </form>
  )
}
