// The card a mention opens: name, code and market from the article itself (shown at once), then how many
// articles in the archive mention the security and its three newest headlines, from its look-up shard,
// and the ways on: 查看行情 (the quote page, in a new tab) and 相关新闻 (its stock page).
import { useLayoutEffect, useRef } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { autoUpdate, computePosition, flip, inline, offset, shift } from '@floating-ui/dom'
import type { Headline } from '../../../content/lookup-schema.ts'
import { paths } from '../../../content/routes.ts'
import { quoteUrl } from '../../../content/secid.ts'
import { isAbsent } from '../../../lib/fetch-data.ts'
import { dayOf } from '../../../lib/format-date.ts'
import { ArticleLink } from '../../article/components/article-link.tsx'
import { usePersonalUi } from '../../reader-state/personal.ts'
import { securityQuery } from '../api/security-query.ts'
import type { MentionFacts } from '../mention-facts.ts'

/** Room kept between the card and the edges of the viewport, in CSS pixels. */
const VIEWPORT_PADDING = 8

interface SecurityCardProps {
  /** The mention the card belongs to: it is placed beside it. */
  anchor: HTMLElement
  facts: MentionFacts
  /** The article being read: its own headline is marked in the list. */
  articleId: string
  titleId: string
  /** The facts line (code, market, count), which the mention names with aria-describedby. */
  summaryId: string
}

export function SecurityCard({ anchor, facts, articleId, titleId, summaryId }: SecurityCardProps) {
  const cardRef = useRef<HTMLDivElement>(null)
  const query = useQuery(securityQuery(facts.secid))
  const ui = usePersonalUi()

  // Placed next to the mention, then kept there on scroll and resize: below it, flipped above where there
  // is no room, and shifted sideways to stay on screen (a phone is often narrower than mention + card).
  // The card is position: fixed, so no overflow: auto box around the mention (a table) can clip it.
  useLayoutEffect(() => {
    const card = cardRef.current
    if (!card) return undefined
    return autoUpdate(anchor, card, () => {
      void computePosition(anchor, card, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          inline(),
          offset(6),
          flip({ padding: VIEWPORT_PADDING }),
          shift({ padding: VIEWPORT_PADDING }),
        ],
      }).then(({ x, y }) => {
        card.style.left = `${x}px`
        card.style.top = `${y}px`
        card.style.visibility = 'visible'
      })
    })
  }, [anchor])

  return (
    // A non-modal dialog rather than role="tooltip": the card holds links, and a tooltip's content can
    // neither take focus nor be read as more than a flat description. See mention-cards.tsx.
    <div ref={cardRef} className="mention-card" role="dialog" aria-labelledby={titleId} aria-describedby={summaryId}>
      <div className="mention-card__name" id={titleId}>
        {facts.name}
      </div>
      <div className="mention-card__facts" id={summaryId}>
        {facts.name === facts.code ? null : <span className="mention-card__code">{facts.code} · </span>}
        <span className="mention-card__market">{facts.marketName}</span>
        {query.isError ? null : (
          <span className="mention-card__count">
            {' · '}
            {query.isPending ? '正在查询存档…' : `存档中 ${query.data.count} 篇文章提及`}
          </span>
        )}
      </div>
      {query.isPending ? (
        <div className="mention-card__loading" aria-hidden="true">
          <span className="mention-card__bar" />
          <span className="mention-card__bar" />
          <span className="mention-card__bar" />
        </div>
      ) : query.isError ? (
        <div className="mention-card__note">
          {isAbsent(query.error) ? '存档中没有它的其他记录。' : '暂时无法加载存档中的相关文章，请稍后再打开这张卡片。'}
        </div>
      ) : query.data.headlines.length > 0 ? (
        <ul className="mention-card__headlines" aria-label="最新文章">
          {query.data.headlines.map((headline) => (
            <HeadlineItem key={headline.id} headline={headline} current={headline.id === articleId} />
          ))}
        </ul>
      ) : null}
      <div className="mention-card__actions">
        <a className="mention-card__action" href={quoteUrl(facts.secid)} target="_blank" rel="noopener noreferrer">
          查看行情<span aria-hidden="true"> ↗</span>
        </a>
        <Link className="mention-card__action" to={paths.stock(facts.secid)}>
          相关新闻
        </Link>
        {ui ? <ui.FollowButton secid={facts.secid} name={facts.name} /> : null}
      </div>
    </div>
  )
}

function HeadlineItem({ headline, current }: { headline: Headline; current: boolean }) {
  const day = dayOf(headline.date)
  return (
    <li className="mention-card__headline">
      <ArticleLink id={headline.id} className="mention-card__headline-link">
        {headline.title}
      </ArticleLink>
      <span className="mention-card__headline-meta">
        {current ? <span className="mention-card__here">本文</span> : null}
        {day && headline.date ? <time dateTime={headline.date}>{day}</time> : null}
      </span>
    </li>
  )
}
