// One item in a feed: title (the link j/k and Enter use), summary line, source, time and stock chips.
import type { FeedItem as FeedItemData } from '../../../content/schema.ts'
import { formatTime } from '../../../lib/format-date.ts'
import { ArticleLink } from '../../article/components/article-link.tsx'
import { StockChips } from './stock-chips.tsx'

export function FeedItem({ item, fresh = false }: { item: FeedItemData; fresh?: boolean }) {
  const time = formatTime(item.date)
  return (
    <article className="feed-item" data-feed-item="">
      <h3 className="feed-item__title">
        {fresh ? <span className="feed-item__new">新</span> : null}
        <ArticleLink id={item.id} path={item.path} className="feed-item__link">
          {item.title}
        </ArticleLink>
      </h3>
      {item.summary ? <p className="feed-item__summary">{item.summary}</p> : null}
      <div className="feed-item__meta">
        {time && item.date ? <time dateTime={item.date}>{time}</time> : null}
        {item.source ? <span className="feed-item__source">{item.source}</span> : null}
        <StockChips chips={item.chips} />
      </div>
    </article>
  )
}
