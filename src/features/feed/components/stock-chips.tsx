// Up to three securities an item mentions, each a link to its stock page (/s/:secid). Plain router
// links on purpose: feeds stay light, and the cards with Floating UI load only with the article route.
// Each has a small 自选 button beside it (arriving after hydration, personal.ts); a followed one's chip is outlined.
import { Link } from 'react-router-dom'
import type { MentionChip } from '../../../content/schema.ts'
import { paths } from '../../../content/routes.ts'
import { usePersonalUi, useReaderFlag } from '../../reader-state/personal.ts'
import { ChipFollowToggle } from '../../watchlist/chip-follow-toggle.tsx'

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
          <ChipFollow ui={ui} secid={chip.secid} name={chip.name} />
        </li>
      ))}
    </ul>
  )
}

/** A chip's 自选 button: not pressable until the personal UI arrives, then the same button made live. */
function ChipFollow({ ui, secid, name }: { ui: ReturnType<typeof usePersonalUi>; secid: string; name: string }) {
  const followed = useReaderFlag(ui, (view) => view.followed.has(secid))
  return <ChipFollowToggle name={name} followed={followed} onToggle={ui ? () => void ui.toggleFollowed(secid, name, followed) : null} />
}
