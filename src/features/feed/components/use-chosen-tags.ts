// A feed's tag filter keeps its choice in the URL (`?tag=A&tag=B`), so a filtered list can be shared,
// reloaded, and undone with Back. Every list with a filter (category, tag, the home page's newest) reads
// and changes it here.
import { useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import { TAG_PARAM } from '../../../content/routes.ts'
import { chosenTags, type FeedScope } from '../api/feed-filter.ts'

export function useChosenTags({ category, tag }: FeedScope) {
  const [search, setSearch] = useSearchParams()
  const chosen = useMemo(() => chosenTags(search, { category, tag }), [search, category, tag])

  const setChosen = (tags: readonly string[]) => {
    const next = new URLSearchParams(search)
    next.delete(TAG_PARAM)
    for (const name of tags) next.append(TAG_PARAM, name)
    // A new history entry (so Back undoes it) that keeps the reader where they are on the page.
    setSearch(next, { preventScrollReset: true })
  }
  const toggle = (name: string) => setChosen(chosen.includes(name) ? chosen.filter((t) => t !== name) : [...chosen, name])
  return { chosen, setChosen, toggle }
}
