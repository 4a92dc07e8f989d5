// Mention cards over an article body. Every mention in a body is a plain `<a data-secid href=quote>` that
// ArticleBody put there from sanitized HTML; this watches them (event delegation on a wrapper, so the body
// stays the one place that renders HTML) and opens one card at a time:
//   - a mouse or pen resting on a mention for OPEN_DELAY_MS (moving on to the next mention while a card is
//     showing opens the next at once); the pointer may cross into the card, and leaving both closes it
//     after CLOSE_DELAY_MS;
//   - keyboard focus on a mention opens it at once; focus leaving mention and card closes it;
//   - on a touch screen the first tap on a mention opens the card instead of following the link; a tap
//     on a link in the card (or on the mention again) follows it, a tap anywhere else closes it;
//   - Escape closes it from anywhere, and it stays closed until the pointer or focus leaves that mention.
//
// The pattern is a non-modal dialog, not a tooltip: the card holds links (headlines, 查看行情, 相关新闻),
// and role="tooltip" content can never take focus and is read only as a flat description. So the card is
// a role="dialog" (named by the security's name) that never takes focus by itself, and it is inserted in
// the DOM right after its mention: Tab goes from the mention into the card and on to the rest of the text,
// and a screen reader reading on meets the card where it belongs. The mention points at the card's facts
// line with aria-describedby, so focusing it also says code, market and count. The card floats
// (position: fixed, placed by Floating UI) in an out-of-flow host, so opening it moves no text.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { useQueryClient } from '@tanstack/react-query'
import type { Mention } from '../../../content/schema.ts'
import { isSecid } from '../../../content/secid.ts'
import { securityQuery } from '../api/security-query.ts'
import { mentionFacts, type MentionFacts } from '../mention-facts.ts'
import { SecurityCard } from './security-card.tsx'
import './mention-card.css'

/** How long a pointer rests on a mention before its card opens: passing over text opens nothing. */
const OPEN_DELAY_MS = 300
/** How long a card stays after the pointer leaves, so it can cross the gap into the card. */
export const CLOSE_DELAY_MS = 250

const MENTION = 'a[data-secid]'
// K-line charts come wrapped in the same kind of link, and ArticleBody turns a chart that fails to load
// into its alt text in a span of this class: a card over a chart would only hide it.
const CHART = 'img, .article-body__alt'
const CARD_HOST = 'mention-card-host'

/** What opened the card decides what closes it: a hovered card closes when the pointer leaves. */
type Opener = 'pointer' | 'focus' | 'tap'

interface OpenCard {
  anchor: HTMLAnchorElement
  host: HTMLElement
  facts: MentionFacts
  /** A new card for every opening, so React never reuses one card's DOM for another's host. */
  serial: number
}

interface MentionCardsProps {
  /** The article's mentions: what the card shows before the security's shard arrives. */
  mentions: readonly Mention[]
  articleId: string
  children: ReactNode
}

/** The first element under `root` that matches `selector`; null too in a browser too old to know it (:focus-visible). */
function first(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector)
  } catch {
    return null
  }
}

export function MentionCards({ mentions, articleId, children }: MentionCardsProps) {
  const scopeRef = useRef<HTMLDivElement>(null)
  const [open, setOpen] = useState<OpenCard | null>(null)
  const client = useQueryClient()
  const baseId = useId()
  const titleId = `${baseId}-title`
  const summaryId = `${baseId}-summary`

  useEffect(() => {
    const scope = scopeRef.current
    if (!scope) return undefined
    const doc = scope.ownerDocument

    let current: { anchor: HTMLAnchorElement; host: HTMLElement; by: Opener } | null = null
    let serial = 0
    let openTimer: ReturnType<typeof setTimeout> | undefined
    let closeTimer: ReturnType<typeof setTimeout> | undefined
    /** The mention whose open timer is running. */
    let pending: HTMLAnchorElement | null = null
    /** The mention whose card the reader closed with Escape. */
    let dismissed: HTMLAnchorElement | null = null
    /** Whether the last input was a key rather than a press: only keyboard focus opens a card. */
    let keyboard = true
    /** Whether the last press was a touch, and whether it landed on the mention whose card was open. */
    let touchPress = false
    let tapFollows = false

    const mentionOf = (target: EventTarget | null): HTMLAnchorElement | null => {
      if (!(target instanceof Element)) return null
      const link = target.closest<HTMLAnchorElement>(MENTION)
      if (!link || !scope.contains(link) || link.closest(`.${CARD_HOST}`) || link.querySelector(CHART)) return null
      return link
    }
    const inside = (target: EventTarget | null): boolean =>
      current !== null && target instanceof Node && (current.anchor.contains(target) || current.host.contains(target))
    const leaves = (from: HTMLElement, to: EventTarget | null): boolean => !(to instanceof Node && from.contains(to))

    const cancelOpen = () => {
      clearTimeout(openTimer)
      pending = null
    }
    const hideCard = () => {
      cancelOpen()
      clearTimeout(closeTimer)
      if (!current) return
      const { anchor, host } = current
      current = null
      anchor.removeAttribute('aria-describedby')
      host.remove()
      setOpen(null)
    }
    const showCard = (anchor: HTMLAnchorElement, by: Opener) => {
      cancelOpen()
      clearTimeout(closeTimer)
      if (current?.anchor === anchor) {
        // Keyboard focus on a hovered mention keeps its card until focus leaves, not the pointer.
        if (by !== 'pointer') current.by = by
        return
      }
      const facts = mentionFacts(anchor.getAttribute('data-secid') ?? '', mentions, anchor.textContent ?? '')
      if (!facts) return
      hideCard()
      const host = doc.createElement('span')
      host.className = CARD_HOST
      anchor.after(host)
      anchor.setAttribute('aria-describedby', summaryId)
      current = { anchor, host, by }
      serial += 1
      setOpen({ anchor, host, facts, serial })
    }
    const closeSoon = () => {
      clearTimeout(closeTimer)
      closeTimer = setTimeout(hideCard, CLOSE_DELAY_MS)
    }

    const onPointerOver = (event: PointerEvent) => {
      if (event.pointerType === 'touch') return
      if (inside(event.target)) {
        clearTimeout(closeTimer)
        return
      }
      const anchor = mentionOf(event.target)
      if (!anchor || anchor === dismissed || anchor === pending) return
      const secid = anchor.getAttribute('data-secid')
      // The shard starts loading while the reader decides, so the card is often full when it opens; a
      // data-secid that is no secid (a body from elsewhere) opens no card and needs no shard.
      if (secid !== null && isSecid(secid)) void client.prefetchQuery(securityQuery(secid))
      cancelOpen()
      pending = anchor
      openTimer = setTimeout(() => showCard(anchor, 'pointer'), current ? 0 : OPEN_DELAY_MS)
    }
    const onPointerOut = (event: PointerEvent) => {
      if (event.pointerType === 'touch') return
      const from = mentionOf(event.target)
      if (from && leaves(from, event.relatedTarget)) {
        if (from === pending) cancelOpen()
        if (from === dismissed) dismissed = null
      }
      if (current?.by === 'pointer' && inside(event.target) && !inside(event.relatedTarget)) closeSoon()
    }
    const onFocusIn = (event: FocusEvent) => {
      if (inside(event.target)) {
        clearTimeout(closeTimer)
        // Tabbing into a hovered card: it now stays until focus leaves it.
        if (current && keyboard && event.target instanceof Node && current.host.contains(event.target)) current.by = 'focus'
        return
      }
      const anchor = mentionOf(event.target)
      // A press focuses the link too; for pointers, hovering and tapping decide instead.
      if (anchor && keyboard && anchor !== dismissed) showCard(anchor, 'focus')
    }
    const onFocusOut = (event: FocusEvent) => {
      const from = mentionOf(event.target)
      if (from && from === dismissed && leaves(from, event.relatedTarget)) dismissed = null
      if (current && current.by !== 'pointer' && inside(event.target) && !inside(event.relatedTarget)) hideCard()
    }
    const onClick = (event: MouseEvent) => {
      const anchor = mentionOf(event.target)
      if (!anchor || !touchPress || tapFollows) return
      // First tap on a touch screen, where there is no hover: show the card instead of leaving the page.
      event.preventDefault()
      showCard(anchor, 'tap')
    }
    const onPointerDown = (event: PointerEvent) => {
      keyboard = false
      touchPress = event.pointerType === 'touch'
      const anchor = mentionOf(event.target)
      tapFollows = anchor !== null && current?.anchor === anchor
      if (current && !inside(event.target)) hideCard()
    }
    const onKeyDown = (event: KeyboardEvent) => {
      keyboard = true
      touchPress = false
      if (event.key !== 'Escape' || !current) return
      const { anchor, host } = current
      dismissed = anchor
      // Focus inside the card goes back to its mention, not to the top of the page.
      if (host.contains(doc.activeElement)) anchor.focus()
      hideCard()
    }

    const listening = new AbortController()
    const { signal } = listening
    scope.addEventListener('pointerover', onPointerOver, { signal })
    scope.addEventListener('pointerout', onPointerOut, { signal })
    scope.addEventListener('focusin', onFocusIn, { signal })
    scope.addEventListener('focusout', onFocusOut, { signal })
    scope.addEventListener('click', onClick, { signal })
    // On the document: a press outside the card closes it, and Escape works wherever focus is.
    doc.addEventListener('pointerdown', onPointerDown, { capture: true, signal })
    doc.addEventListener('keydown', onKeyDown, { capture: true, signal })
    // A mention the reader tabbed to before these listeners were there (a prerendered page whose code was
    // still loading): its card shows now, as it would have then. Focus from a press is not
    // :focus-visible, and opens none.
    const focused = mentionOf(first(doc, ':focus-visible'))
    if (focused) showCard(focused, 'focus')
    return () => {
      listening.abort()
      hideCard()
    }
  }, [client, mentions, summaryId])

  return (
    <div ref={scopeRef} className="mention-scope">
      {children}
      {open
        ? createPortal(
            <SecurityCard anchor={open.anchor} facts={open.facts} articleId={articleId} titleId={titleId} summaryId={summaryId} />,
            open.host,
            String(open.serial),
          )
        : null}
    </div>
  )
}
