// Home's "since the last visit": each category's count is remembered when home is opened, and the next
// visit shows how many each gained since (capped, as feed readers do). The previous visit is taken once
// per mount, so the counts stay put while this visit records itself (and while other tabs visit).
import { useEffect, useState } from 'react'
import type { Manifest } from '../../content/schema.ts'
import { change, useReader, type ReaderState } from './reader-state.ts'

export const NEW_COUNT_CAP = 99
let recorded = ''

/** `12`, or `99+` past the cap. */
export function formatNewCount(n: number): string {
  return n > NEW_COUNT_CAP ? `${NEW_COUNT_CAP}+` : String(n)
}

/** How many articles each category (by slug) gained since the last visit; empty on a first visit. */
export function useNewSinceLastVisit(manifest: Manifest): ReadonlyMap<string, number> {
  const loaded = useReader((view) => view.loaded)
  const visit = useReader((view) => view.state.visit)
  const [previous, setPrevious] = useState<ReaderState['visit'] | undefined>(undefined)
  if (loaded && previous === undefined) setPrevious(visit)
  const taken = previous !== undefined
  // This visit is recorded once the previous one is taken (and again when live news brings a newer build).
  useEffect(() => {
    if (!taken) return
    const counts = Object.fromEntries(manifest.categories.map((c) => [c.slug, c.count]))
    // Every category's badge asks at once: one record per set of counts.
    const key = JSON.stringify(counts)
    if (key === recorded) return
    recorded = key
    void change({ type: 'visit', counts })
  }, [taken, manifest])

  const gained = new Map<string, number>()
  if (!previous) return gained
  for (const category of manifest.categories) {
    const before = previous.counts[category.slug] ?? 0
    if (category.count > before) gained.set(category.slug, category.count - before)
  }
  return gained
}
