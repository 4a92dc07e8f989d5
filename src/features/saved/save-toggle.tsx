// The 收藏 button as drawn: pressed when the article is saved, not pressable (`onToggle` null) until the
// personal UI has arrived after hydration. Drawn by the same component before and after, so its arrival
// changes the button's attributes, not the button (a feed's 46 buttons replaced were a long task on a
// slow phone: Lighthouse's total blocking time). Imports nothing of the reader's state.
interface SaveToggleProps {
  title: string
  saved: boolean
  onToggle: (() => void) | null
  className?: string | undefined
}

export function SaveToggle({ title, saved, onToggle, className = 'save-button' }: SaveToggleProps) {
  return (
    <button type="button" className={className} aria-pressed={saved} disabled={onToggle === null} data-action={onToggle ? 'save' : undefined} onClick={onToggle ?? undefined}>
      <span aria-hidden="true">{saved ? '★' : '☆'}</span> 收藏<span className="visually-hidden">：{title}</span>
    </button>
  )
}
