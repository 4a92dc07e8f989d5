// The tag filter every feed has: toggles for the feed's tags, most used first. The chosen tags live in the
// URL (the screen owns it, with useChosenTags), so a filter can be shared, reloaded and undone with Back.
import { useState } from 'react'
import type { TagCount } from '../../../content/schema.ts'

/** Tags shown before 更多标签: enough for the common ones without a wall of buttons on a phone. */
const SHOWN = 12

interface TagFilterProps {
  facets: readonly TagCount[]
  chosen: readonly string[]
  onToggle: (tag: string) => void
  onClear: () => void
  /** The route's own tag, which every item has already: not offered as a choice. */
  fixedTag?: string | undefined
  /** How many items the feed has: a tag on every one of them would narrow nothing, so it is not offered. */
  total: number
}

export function TagFilter({ facets, chosen, onToggle, onClear, fixedTag, total }: TagFilterProps) {
  const [expanded, setExpanded] = useState(false)
  const offered = facets.filter((facet) => facet.name !== fixedTag && (facet.count < total || chosen.includes(facet.name)))
  // A chosen tag stays on screen (to be removed) even when the feed's facets do not list it.
  const missing = chosen.filter((name) => !offered.some((facet) => facet.name === name)).map((name) => ({ name, count: null }))
  const all: { name: string; count: number | null }[] = [...missing, ...offered]
  const shown = expanded ? all : all.filter((tag, i) => i < SHOWN || chosen.includes(tag.name))
  if (all.length === 0) return null

  return (
    <section className="tag-filter" aria-labelledby="tag-filter-label">
      <h2 id="tag-filter-label" className="tag-filter__label">
        按标签筛选
      </h2>
      <ul className="tag-filter__list">
        {shown.map((tag) => {
          const on = chosen.includes(tag.name)
          return (
            <li key={tag.name}>
              <button type="button" className="tag-toggle" aria-pressed={on} onClick={() => onToggle(tag.name)}>
                {tag.name}
                {tag.count === null ? null : (
                  // Heard as 新能源（6 条）: the bare number beside the name would be heard as part of it. The
                  // name comes from the text, not an aria-label, so it starts with what the button shows
                  // (a reader using speech input says the tag).
                  <>
                    <span className="tag-toggle__count" aria-hidden="true">
                      {tag.count}
                    </span>
                    <span className="visually-hidden">{`（${tag.count} 条）`}</span>
                  </>
                )}
              </button>
            </li>
          )
        })}
        {all.length > shown.length || expanded ? (
          <li>
            <button type="button" className="tag-filter__more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
              {expanded ? '收起' : `更多标签（${all.length - shown.length}）`}
            </button>
          </li>
        ) : null}
        {chosen.length > 0 ? (
          <li>
            <button type="button" className="tag-filter__clear" onClick={onClear}>
              清除筛选
            </button>
          </li>
        ) : null}
      </ul>
    </section>
  )
}
