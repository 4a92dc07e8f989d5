// Up to three securities an item mentions, each a link to its stock page (/s/:secid). Plain router
// links on purpose: feeds stay light, and the cards with Floating UI load only with the article route.
// Each has a small 自选 button beside it; a followed security's chip is outlined.
import { Link } from 'react-router-dom'
import type { MentionChip } from '../../../content/schema.ts'
import { paths } from '../../../content/routes.ts'
import { useReader } from '../../reader-state/reader-state.ts'
import { FollowButton } from '../../watchlist/follow-button.tsx'

export function StockChips({ chips }: { chips: readonly MentionChip[] }) {
  const followed = useReader((view) => view.followed)
  if (chips.length === 0) return null
  return (
    <ul className="stock-chips" aria-label="提及的证券">
      {chips.slice(0, 3).map((chip) => (
        <li key={chip.secid}>
          <Link className={followed.has(chip.secid) ? 'chip chip--followed' : 'chip'} to={paths.stock(chip.secid)}>
            {chip.name}
          </Link>
          <FollowButton secid={chip.secid} name={chip.name} compact />
        </li>
      ))}
    </ul>
  )
}
