// A security's stories over time as an inline SVG bar chart, drawn the same on the server and in the
// browser. The picture is one image for a screen reader (role="img", its aria-label states every bar with
// stories); over it, each bar with stories is a link to that day's (week's, month's) articles, so a
// pointer or the keyboard reaches it, and the bar under the pointer or focus shows its value below.
import { useState } from 'react'
import { Link } from 'react-router-dom'
import type { SecurityHistory } from '../../../content/market.ts'
import { bucketName, bucketsOf, type Bucket } from '../chart-buckets.ts'

const UNIT = { day: '按日', week: '按周', month: '按月' } as const
const WIDTH = 600
const HEIGHT = 120

export function HistoryChart({ name, history, hrefOf }: { name: string; history: SecurityHistory; hrefOf: (bucket: Bucket) => string }) {
  const { size, buckets } = bucketsOf(history.days)
  const [active, setActive] = useState<number | null>(null)
  if (buckets.length === 0) return null
  const max = Math.max(1, ...buckets.map((b) => b.count))
  const total = buckets.reduce((n, b) => n + b.count, 0)
  const withStories = buckets.filter((b) => b.count > 0)
  const label = `提及${name}的文章数，${UNIT[size]}：${withStories.map((b) => `${bucketName(b, size)} ${b.count} 篇`).join('，')}；共 ${total} 篇`
  const step = WIDTH / buckets.length
  const gap = Math.min(step * 0.15, 2)
  const shown = active === null ? undefined : buckets[active]
  const first = buckets[0] as Bucket
  const last = buckets.at(-1) as Bucket
  return (
    <figure className="history">
      <div className="history__plot">
        <svg className="history__svg" role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none">
          {buckets.map((b, i) => {
            const h = b.count === 0 ? 0 : Math.max(2, (b.count / max) * (HEIGHT - 4))
            return <rect key={b.from} className={i === active ? 'history__bar history__bar--active' : 'history__bar'} x={i * step + gap} y={HEIGHT - h} width={step - 2 * gap} height={h} />
          })}
          <line className="history__axis" x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} />
        </svg>
        <div className="history__hits">
          {buckets.map((b, i) => {
            const text = `${bucketName(b, size)}：${b.count} 篇`
            const on = { onMouseEnter: () => setActive(i), onMouseLeave: () => setActive(null) }
            return b.count > 0 ? (
              <Link key={b.from} className="history__hit" to={hrefOf(b)} aria-label={`${text}，查看这些文章`} title={text} {...on} onFocus={() => setActive(i)} onBlur={() => setActive(null)} />
            ) : (
              <span key={b.from} className="history__hit" title={text} {...on} />
            )
          })}
        </div>
      </div>
      <figcaption className="history__caption">
        <span>{bucketName(first, size)}</span>
        <span className="history__value" aria-live="polite">
          {shown ? `${bucketName(shown, size)}：${shown.count} 篇` : `${UNIT[size]}，最多 ${max} 篇`}
        </span>
        <span>{bucketName(last, size)}</span>
      </figcaption>
    </figure>
  )
}
