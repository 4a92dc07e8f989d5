// The keyboard, as in the feed readers people already use (Miniflux, NetNewsWire): j / k / Enter live in
// use-feed-keys.ts; here `s` 收藏, `m` read or unread, `o` / `v` the original article, `/` the search box,
// `g h` / `g s` / `g w` home, saved and watchlist, `?` this list. No key fires while typing in a field or
// with a modifier held. "The current item" is the feed item holding focus (j / k put it there), else the
// article on the page. Loaded with the personal UI, after hydration.
import { paths } from '../../content/routes.ts'
import { currentView, markRead } from '../reader-state/reader-state.ts'

/** Every key, for the help overlay (and the README). */
export const KEYS: readonly (readonly [string, string])[] = [
  ['j / k', '下一条 / 上一条'],
  ['Enter', '打开所选文章'],
  ['o / v', '打开原文（在列表中打开所选文章）'],
  ['s', '收藏或取消收藏'],
  ['m', '标为已读或未读'],
  ['/', '搜索'],
  ['g h', '首页'],
  ['g s', '收藏'],
  ['g w', '自选'],
  ['?', '显示或关闭本帮助'],
]

/** How long after `g` its second key counts. */
const CHORD_MS = 1500

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
}

/** The feed item with focus, else the article on screen. */
function currentItem(): HTMLElement | null {
  const focused = document.activeElement?.closest<HTMLElement>('[data-feed-item][data-article-id]')
  return focused ?? document.querySelector<HTMLElement>('main article.article[data-article-id]')
}

export interface KeyActions {
  /** Goes to a route path (`/saved`). */
  go: (path: string) => void
  /** Opens or closes the help overlay. */
  toggleHelp: () => void
}

export function installKeyboard({ go, toggleHelp }: KeyActions): () => void {
  let chordUntil = 0
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return
    const { key } = event
    if (Date.now() < chordUntil) {
      chordUntil = 0
      const to = key === 'h' ? paths.home() : key === 's' ? paths.saved() : key === 'w' ? paths.watchlist() : null
      if (to !== null) {
        event.preventDefault()
        go(to)
      }
      return
    }
    const item = currentItem()
    const id = item?.dataset.articleId
    switch (key) {
      case 'g':
        chordUntil = Date.now() + CHORD_MS
        return
      case '?':
        toggleHelp()
        break
      case '/': {
        const search = document.getElementById('site-search')
        if (!search) return
        search.focus()
        break
      }
      case 's': {
        const button = item?.querySelector<HTMLButtonElement>('[data-action="save"]:not([disabled])')
        if (!button) return
        button.click()
        break
      }
      case 'm':
        if (!id) return
        void markRead([id], !currentView().read.has(id))
        break
      case 'o':
      case 'v': {
        const link =
          item?.querySelector<HTMLAnchorElement>('a[data-action="original"]') ??
          (item?.matches('[data-feed-item]') ? item.querySelector<HTMLAnchorElement>('a[href]') : null)
        if (!link) return
        link.click()
        break
      }
      default:
        return
    }
    event.preventDefault()
  }
  document.addEventListener('keydown', onKeyDown)
  return () => document.removeEventListener('keydown', onKeyDown)
}
