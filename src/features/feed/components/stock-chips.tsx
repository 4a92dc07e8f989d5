// Up to three securities an item mentions, each a link to its stock page (/s/:secid). Plain router
// links on purpose: feeds stay light, and the cards with Floating UI load only with the article route.
// Each has a small 自选 button beside it (arriving after hydration, personal.ts); a followed one's chip is outlined.
import { Link } from 'react-router-dom'
import type { MentionChip } from '../../../content/schema.ts'
import { paths } from '../../../content/routes.ts'
import { usePersonalUi } from '../../reader-state/personal.ts'

export function StockChips({ chips }: { chips: readonly MentionChip[] }) {
  const ui = usePersonalUi()
  if (chips.length === 0) return null
  return (
    <ul className="stock-chips" aria-label="提及的证券">
      {chips.slice(0, 3).map((chip) => (
        <li key={chip.secid}>
          <Link className="chip" to={paths.stock(chip.secid)}>
            {chip.name}
          </Link>
          {ui ? (
            <ui.FollowButton secid={chip.secid} name={chip.name} compact />
          ) : (
            <button type="button" className="follow-button follow-button--compact" aria-pressed={false} aria-label={`自选：${chip.name}`} disabled>
              <span aria-hidden="true">+</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  )
}
