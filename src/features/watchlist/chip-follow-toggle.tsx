// The small 自选 button beside a stock chip (see follow-toggle.tsx): + or ✓, named 自选 and the security.
import type { FollowToggleProps } from './follow-toggle.tsx'

export function ChipFollowToggle({ name, followed, onToggle }: FollowToggleProps) {
  return (
    <button type="button" className="follow-button follow-button--compact" aria-pressed={followed} aria-label={`自选：${name}`} disabled={onToggle === null} onClick={onToggle ?? undefined}>
      <span aria-hidden="true">{followed ? '✓' : '+'}</span>
    </button>
  )
}
