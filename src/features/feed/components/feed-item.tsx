// One item in a feed: title (the link j/k and Enter use), summary line, source, time, stock chips and 收藏.
// A read item looks read once the reader's state arrives after hydration (its colour only: nothing moves).
import { useQueryClient } from '@tanstack/react-query'
import type { FeedItem as FeedItemData } from '../../../content/schema.ts'
import { formatTime } from '../../../lib/format-date.ts'
import { ArticleLink } from '../../article/components/article-link.tsx'
import { usePersonalUi, useReaderFlag } from '../../reader-state/personal.ts'
import { SaveToggle } from '../../saved/save-toggle.tsx'
import { TwinNote } from '../../market/components/twin-note.tsx'
import { StockChips } from './stock-chips.tsx'

export function FeedItem({ item, fresh = false }: { item: FeedItemData; fresh?: boolean }) {
  const time = formatTime(item.date)
  // Read marks and 收藏 work once the personal UI arrives after hydration (personal.ts); until then the
  // button is drawn not pressable, and then the same button is made live (save-toggle.tsx).
  const ui = usePersonalUi()
  const client = useQueryClient()
  const read = useReaderFlag(ui, (view) => view.read.has(item.id))
  const saved = useReaderFlag(ui, (view) => view.saved.has(item.id))
  return (
    <article className="feed-item" data-feed-item="" data-article-id={item.id}>
      <h3 className="feed-item__title">
        {fresh ? <span className="feed-item__new">新</span> : null}
        <ArticleLink id={item.id} path={item.path} className="feed-item__link">
          {item.title}
        </ArticleLink>
        {/* A hidden 已读 inside a read item's title: its styles (dimmed) hang on it with :has(). */}
        {read ? <span className="read-mark visually-hidden">（已读）</span> : null}
      </h3>
      {item.summary ? <p className="feed-item__summary">{item.summary}</p> : null}
      <div className="feed-item__meta">
        {time && item.date ? <time dateTime={item.date}>{time}</time> : null}
        {item.source ? <span className="feed-item__source">{item.source}</span> : null}
        <StockChips chips={item.chips} />
        <SaveToggle title={item.title} saved={saved} onToggle={ui ? () => void ui.toggleSaved(client, item, saved) : null} />
      </div>
      <TwinNote twins={item.twins} className="feed-item__twins" />
    </article>
  )
}
