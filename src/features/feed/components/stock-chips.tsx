// Up to three securities an item mentions. They open the quote page for now; when stock pages arrive
// (/s/:secid, with tooltips) this is the one place to point them there.
import type { MentionChip } from '../../../content/schema.ts'
import { quoteUrl } from '../../../content/secid.ts'

export function StockChips({ chips }: { chips: readonly MentionChip[] }) {
  if (chips.length === 0) return null
  return (
    <ul className="stock-chips" aria-label="提及的证券">
      {chips.slice(0, 3).map((chip) => (
        <li key={chip.secid}>
          <a className="chip" href={quoteUrl(chip.secid)} target="_blank" rel="noopener noreferrer" data-secid={chip.secid}>
            {chip.name}
          </a>
        </li>
      ))}
    </ul>
  )
}
