// One item in a feed: title (the link j/k and Enter use), summary line, source, time, stock chips and 收藏.
// A read item looks read once the reader's state arrives after hydration (its colour only: nothing moves).
import type { FeedItem as FeedItemData } from '../../../content/schema.ts'
import { formatTime } from '../../../lib/format-date.ts'
import { ArticleLink } from '../../article/components/article-link.tsx'
import { usePersonalUi } from '../../reader-state/personal.ts'
import { TwinNote } from '../../market/components/twin-note.tsx'
import { StockChips } from './stock-chips.tsx'

export function FeedItem({ item, fresh = false }: { item: FeedItemData; fresh?: boolean }) {
  const time = formatTime(item.date)
  // Read marks and 收藏 arrive after hydration (personal.ts); the stand-in button is the same size.
  const ui = usePersonalUi()
  return (
    <article className="feed-item" data-feed-item="" data-article-id={item.id}>
      <h3 className="feed-item__title">
        {fresh ? <span className="feed-item__new">新</span> : null}
        <ArticleLink id={item.id} path={item.path} className="feed-item__link">
          {item.title}
        </ArticleLink>
        {ui ? <ui.ReadMark id={item.id} /> : null}
      </h3>
      {item.summary ? <p className="feed-item__summary">{item.summary}</p> : null}
      <div className="feed-item__meta">
        {time && item.date ? <time dateTime={item.date}>{time}</time> : null}
        {item.source ? <span className="feed-item__source">{item.source}</span> : null}
        <StockChips chips={item.chips} />
        {ui ? <ui.SaveButton article={item} /> : <SaveStandIn title={item.title} />}
      </div>
      <TwinNote twins={item.twins} className="feed-item__twins" />
    </article>
  )
}

/** The 收藏 button as drawn before the personal UI arrives: the same text and size, not yet pressable. */
function SaveStandIn({ title }: { title: string }) {
  return (
    <button type="button" className="save-button" aria-pressed={false} disabled>
      <span aria-hidden="true">☆</span> 收藏<span className="visually-hidden">：{title}</span>
    </button>
  )
}
