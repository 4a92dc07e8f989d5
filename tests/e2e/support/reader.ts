// Page-level helpers for the reader's e2e tests: addresses of its routes under a server, reading feed
// items and headings off a page, scrolling a feed to its end, holding the blocked article images or
// letting them fail, and the end-of-test check (no errors, nothing requested from another host but the
// corpus's pictures).
import { expect } from 'vitest'
import type { Page, Response, Route } from 'playwright-core'
import type { TestPage } from './browser.ts'
import type { CorpusModel } from './corpus-model.ts'
import type { StaticServer } from './static-server.ts'
import { APP_STARTED_ATTRIBUTE } from '../../../src/content/prerender.ts'

/** `'c', 'emnews'` → http://127.0.0.1:PORT/base/c/emnews, each segment URL-encoded. */
export function routeUrl(server: StaticServer, ...segments: string[]): string {
  return server.url + segments.map(encodeURIComponent).join('/')
}

export const routes = {
  home: (server: StaticServer, tags: readonly string[] = []) => withTags(server.url, tags),
  category: (server: StaticServer, slug: string, tags: readonly string[] = []) => withTags(routeUrl(server, 'c', slug), tags),
  tag: (server: StaticServer, name: string, tags: readonly string[] = []) => withTags(routeUrl(server, 't', name), tags),
  article: (server: StaticServer, id: string) => routeUrl(server, 'a', id),
}

function withTags(url: string, tags: readonly string[]): string {
  if (tags.length === 0) return url
  return `${url}?${tags.map((tag) => `tag=${encodeURIComponent(tag)}`).join('&')}`
}

/** The decoded path of the page, relative to the server's base: `/c/emnews`, `/a/2022…`. */
export function routeOf(page: Page, server: StaticServer): string {
  const url = new URL(page.url())
  const pathname = decodeURIComponent(url.pathname)
  const base = server.base.replace(/\/$/, '')
  return pathname.startsWith(base) ? pathname.slice(base.length) || '/' : pathname
}

/** The chosen tags in the page's address (`?tag=`). */
export function tagsInUrl(page: Page): string[] {
  return new URL(page.url()).searchParams.getAll('tag')
}

/** Opens `url` and waits for the app's header: the document may come with status 404 (deep links). */
/** Opens `url` and waits until the app has started on it (not only the page the host sent). */
export async function open(tab: TestPage, url: string): Promise<Response | null> {
  const response = await tab.page.goto(url)
  await tab.waitVisible(tab.page.getByRole('banner'), 'the site header')
  await waitForApp(tab)
  return response
}

/**
 * Waits until the app runs on the page: it has drawn its first screen (hydrated the page sent, or drawn
 * its own) and listens to it. Until then a prerendered page shows but does not respond.
 */
export async function waitForApp(tab: TestPage): Promise<void> {
  await tab.waitVisible(tab.page.locator(`html[${APP_STARTED_ATTRIBUTE}]`), 'the app started')
}

/**
 * Holds back what `pattern` matches (by default the app's entry script) until the returned function is
 * called: the page the host sent shows, and the reader can act on it before the app has started.
 */
export async function holdRequests(tab: TestPage, pattern: RegExp = /\/assets\/index-[^/]+\.js$/): Promise<() => void> {
  let release: () => void = () => undefined
  const held = new Promise<void>((go) => {
    release = go
  })
  await tab.page.route(pattern, async (route) => {
    await held
    await route.continue()
  })
  return release
}

export async function waitForH1(tab: TestPage, text: string): Promise<void> {
  await tab.waitVisible(tab.page.getByRole('heading', { level: 1, name: text, exact: true }), `the heading "${text}"`)
}

export interface ShownItem {
  /** From the item's link, /a/<id>. */
  id: string
  title: string
  /** `<time datetime>`, or null. */
  iso: string | null
  /** The time's text (19:54). */
  time: string | null
  source: string | null
  summary: string | null
}

/** The feed items inside `scope` (a CSS selector), in page order. */
export async function shownItems(page: Page, scope = 'main'): Promise<ShownItem[]> {
  return page.locator(scope).first().evaluate((root) => {
    return Array.from(root.querySelectorAll('[data-feed-item]')).map((item) => {
      const link = item.querySelector('a[href*="/a/"]')
      const href = link?.getAttribute('href') ?? ''
      const time = item.querySelector('time')
      return {
        id: decodeURIComponent(href.slice(href.lastIndexOf('/a/') + 3)),
        title: link?.textContent?.trim() ?? '',
        iso: time?.getAttribute('datetime') ?? null,
        time: time?.textContent?.trim() ?? null,
        source: item.querySelector('.feed-item__source')?.textContent?.trim() ?? null,
        summary: item.querySelector('.feed-item__summary')?.textContent?.trim() ?? null,
      }
    })
  })
}

export interface ShownDay {
  /** The heading's `<time datetime>`. */
  day: string | null
  heading: string
  ids: string[]
}

/** The day groups of the feed list in `scope`, in page order. */
export async function shownDays(page: Page, scope = 'main'): Promise<ShownDay[]> {
  return page.locator(scope).first().evaluate((root) => {
    return Array.from(root.querySelectorAll('.feed-day')).map((section) => {
      const heading = section.querySelector('h2')
      return {
        day: heading?.querySelector('time')?.getAttribute('datetime') ?? null,
        heading: heading?.textContent?.trim() ?? '',
        ids: Array.from(section.querySelectorAll('[data-feed-item] a[href*="/a/"]')).map((a) => {
          const href = a.getAttribute('href') ?? ''
          return decodeURIComponent(href.slice(href.lastIndexOf('/a/') + 3))
        }),
      }
    })
  })
}

export async function feedItemCount(page: Page): Promise<number> {
  return page.locator('main [data-feed-item]').count()
}

/**
 * Scrolls a feed down, as a reader would, until its end (已经到底了) shows; fails if the list stops
 * growing before that. Returns the number of items then.
 */
export async function scrollToFeedEnd(tab: TestPage, maxRounds = 30): Promise<number> {
  const end = tab.page.getByText('已经到底了', { exact: true })
  for (let round = 0; round < maxRounds; round++) {
    if (await end.isVisible()) return feedItemCount(tab.page)
    const before = await feedItemCount(tab.page)
    await tab.page.mouse.wheel(0, 20_000)
    await tab.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    try {
      await tab.page.waitForFunction(
        (count) => document.querySelectorAll('main [data-feed-item]').length > count || document.body.innerText.includes('已经到底了'),
        before,
        { timeout: 10_000 },
      )
    } catch (error) {
      throw new Error(`the feed stopped growing at ${before} items before its end\n${await tab.summary()}`, { cause: error })
    }
  }
  throw new Error(`no end of the feed after ${maxRounds} scrolls\n${await tab.summary()}`)
}

/** Every picture URL in the corpus, as the browser would request it. */
export function corpusImageUrls(model: CorpusModel): Set<string> {
  const urls = new Set<string>()
  for (const article of model.articles) {
    for (const image of article.images) {
      try {
        urls.add(new URL(image.src.startsWith('//') ? `https:${image.src}` : image.src).href)
      } catch {
        // not a URL: the browser never requests it
      }
    }
  }
  return urls
}

/**
 * The end of every test: no console error, uncaught error or failed local request (minus `ignore`), and
 * nothing requested from another host but the corpus's article pictures.
 */
export function expectClean(tab: TestPage, model: CorpusModel, ignore: readonly RegExp[] = []): void {
  tab.assertNoErrors(ignore)
  const pictures = corpusImageUrls(model)
  const elsewhere = tab.external.filter((url) => !pictures.has(url))
  expect(elsewhere, 'requests to other hosts that are not article pictures').toEqual([])
}

export interface HeldImages {
  /** Requests for pictures on other hosts, held unanswered. */
  held: Route[]
  /** Lets them (and any later ones) go on to the browser's block, where they fail. */
  release(): Promise<void>
}

/**
 * Holds every request to another host unanswered, so a test can look at the body's pictures before they
 * fail (they always fail here: other hosts are blocked) and collapse.
 */
export async function holdExternalImages(page: Page): Promise<HeldImages> {
  const held: Route[] = []
  let released = false
  const external = (url: URL): boolean => url.hostname !== '127.0.0.1' && url.protocol.startsWith('http')
  const handler = async (route: Route): Promise<void> => {
    if (released) await route.fallback()
    else held.push(route)
  }
  await page.route(external, handler)
  return {
    held,
    async release() {
      // Each held request goes on, once, to the browser's own block of other hosts.
      released = true
      for (const route of held.splice(0)) await route.fallback()
    },
  }
}

/**
 * Brings each picture of the article body into view, one after the other, and waits until it has failed
 * (other hosts are blocked here) and given way to its alt text. Pictures load lazily: one far from the
 * viewport is never requested, so jumping to the end of the page would leave those in the middle waiting.
 */
export async function letPicturesFail(tab: TestPage): Promise<void> {
  for (;;) {
    // In one step in the page: a picture may fail and go at any moment.
    const left = await tab.page.evaluate(() => {
      const pictures = document.querySelectorAll('main .article-body img')
      pictures[0]?.scrollIntoView({ block: 'center' })
      return pictures.length
    })
    if (left === 0) return
    try {
      await tab.page.waitForFunction((n) => document.querySelectorAll('main .article-body img').length < n, left, { timeout: 10_000 })
    } catch (error) {
      throw new Error(`a picture of the article did not fail and give way to its alt text\n${await tab.summary()}`, { cause: error })
    }
  }
}

/** Whether the focused element shows a focus ring (an outline or a box shadow). */
export async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!(el instanceof HTMLElement) || el === document.body) return false
    const style = getComputedStyle(el)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== ''
    return el.matches(':focus-visible') && (outline || shadow)
  })
}

/**
 * Whether the focused element is on screen and not hidden under anything (the sticky site header or a
 * sticky day heading): the element at its middle is itself or inside it.
 */
export async function focusIsUncovered(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!(el instanceof HTMLElement) || el === document.body) return false
    // The first line of the link (an inline link that wraps has a gap between its line boxes).
    const box = el.getClientRects()[0] ?? el.getBoundingClientRect()
    const x = box.left + Math.min(box.width / 2, 20)
    const y = box.top + box.height / 2
    if (y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) return false
    const top = document.elementFromPoint(x, y)
    return top !== null && (top === el || el.contains(top))
  })
}

/** The id in the href of the focused link, if it is an article link. */
export async function focusedArticleId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const href = document.activeElement?.getAttribute('href') ?? ''
    const at = href.lastIndexOf('/a/')
    return at === -1 ? null : decodeURIComponent(href.slice(at + 3))
  })
}
