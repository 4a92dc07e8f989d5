// 同时见于: the same story's other copies under other writers (src/pipeline/outputs/market/twin-rule.ts),
// each named by its writer's category and linking its article. Feed items and the article page show it.
// Small on purpose: every feed imports it, and the feed route's first load is at its budget.
import './market.css'
import { useQuery } from '@tanstack/react-query'
import type { TwinLink } from '../../../content/schema.ts'
import { manifestQuery } from '../../../lib/query-keys.ts'
import { ArticleLink } from '../../article/components/article-link.tsx'

export function TwinNote({ twins, className }: { twins: readonly TwinLink[] | undefined; className: string }) {
  // Most items have no twin: they render nothing and watch no query (each observer subscribes and sets its
  // timers when the page hydrates).
  if (!twins || twins.length === 0) return null
  return <TwinLinks twins={twins} className={className} />
}

function TwinLinks({ twins, className }: { twins: readonly TwinLink[]; className: string }) {
  // Category names are in the manifest; until it arrives (the prerendered page has no manifest) the slug.
  const { data: manifest } = useQuery(manifestQuery())
  return (
    <p className={className}>
      同时见于{' '}
      {twins.map((twin, i) => (
        <span key={twin.id}>
          {i > 0 ? '、' : null}
          <ArticleLink id={twin.id}>{manifest?.categories.find((c) => c.slug === twin.category)?.name ?? twin.category}</ArticleLink>
        </span>
      ))}
    </p>
  )
}
