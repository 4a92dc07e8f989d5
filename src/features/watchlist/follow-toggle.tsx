// The 自选 button as drawn: on the stock page and the mention card 加自选 / 已自选 (FollowToggle), beside a
// stock chip a small + / ✓ whose accessible name still says 自选 and the security (ChipFollowToggle, its own
// file: a feed's first load carries only that one). Not pressable (`onToggle` null) until the personal UI
// has arrived after hydration; drawn by the same component before and after, so that its arrival changes
// attributes, not elements (save-toggle.tsx). Imports nothing of the reader's state.
export interface FollowToggleProps {
  name: string
  followed: boolean
  onToggle: (() => void) | null
}

export function FollowToggle({ name, followed, onToggle }: FollowToggleProps) {
  return (
    <button type="button" className="button follow-button" aria-pressed={followed} disabled={onToggle === null} onClick={onToggle ?? undefined}>
      <span aria-hidden="true">{followed ? '★ ' : '☆ '}</span>
      {followed ? '已自选' : '加自选'}
      <span className="visually-hidden">：{name}</span>
    </button>
  )
}
