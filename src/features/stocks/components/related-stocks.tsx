// 相关股票 under an article body: every security the article mentions, in order of first appearance, with
// its code and market in words, each leading to its stock page.
import { useId } from 'react'
import { Link } from 'react-router-dom'
import type { Mention } from '../../../content/schema.ts'
import { classifySecurity } from '../../../content/markets.ts'
import { paths } from '../../../content/routes.ts'
import './related-stocks.css'

export function RelatedStocks({ mentions }: { mentions: readonly Mention[] }) {
  const titleId = useId()
  if (mentions.length === 0) return null
  return (
    <section className="related-stocks" aria-labelledby={titleId}>
      <h2 id={titleId} className="related-stocks__title">
        相关股票
      </h2>
      <ul className="related-stocks__list">
        {mentions.map((mention) => (
          <li key={mention.secid}>
            {/* The spaces between the parts are real text, so a screen reader says 巨化股份 600160 上证A股. */}
            <Link className="related-stock" to={paths.stock(mention.secid)}>
              <span className="related-stock__name">{mention.name}</span>{' '}
              {mention.name === mention.code ? null : (
                <>
                  <span className="related-stock__code">{mention.code}</span>{' '}
                </>
              )}
              <span className="related-stock__market">{classifySecurity(mention.market, mention.code).marketName}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  )
}
