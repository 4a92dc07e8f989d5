// Up to three securities an item mentions, each a link to its stock page (/s/:secid). Plain router
// links on purpose: feeds stay light, and the cards with Floating UI load only with the article route.
import { Link } from 'react-router-dom'
import type { MentionChip } from '../../../content/schema.ts'
import { paths } from '../../../content/routes.ts'

export function StockChips({ chips }: { chips: readonly MentionChip[] }) {
  if (chips.length === 0) return null
  return (
    <ul className="stock-chips" aria-label="提及的证券">
      {chips.slice(0, 3).map((chip) => (
        <li key={chip.secid}>
          <Link className="chip" to={paths.stock(chip.secid)}>
            {chip.name}
          </Link>
        </li>
      ))}
    </ul>
  )
}
