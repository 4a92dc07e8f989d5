// 热门: the securities mentioned most in the 24 hours up to the newest article (not the clock: an archive
// may be old), with their counts and a 30-day sparkline. On home, the archive's, as a list in the aside; on
// a category page, the category's (up to its own newest article), as one row that scrolls sideways in the
// space hot-slot.tsx keeps for it. Loaded lazily after the page is shown, so no route loads more code first.
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { SPARK_DAYS } from '../../../content/market.ts'
import { paths } from '../../../content/routes.ts'
import { formatDateTime } from '../../../lib/format-date.ts'
import { hotQuery } from '../api/market-query.ts'
import { Sparkline } from './sparkline.tsx'
import './market.css'

export default function HotPanel({ path, of }: { path: string; of: 'archive' | 'category' }) {
  const query = useQuery(hotQuery(path, of))
  if (query.isError) return <p className="hot__failed">热门证券加载失败。</p>
  if (!query.data) return null
  const { until, items } = query.data
  if (items.length === 0 || until === null) return null
  const row = of === 'category'
  return (
    <section className={row ? 'hot hot--row' : 'hot'} aria-labelledby="hot-title">
      <h2 id="hot-title" className="hot__title">
        热门
      </h2>
      <p className="hot__note">{row ? `本类截至 ${formatDateTime(until)} 的 24 小时` : `截至 ${formatDateTime(until)} 的 24 小时`}</p>
      <ol className="hot__list">
        {items.map((item) => (
          <li key={item.secid} className="hot__item">
            <Link to={paths.stock(item.secid)}>{item.name}</Link>
            <span className="hot__count">{item.count} 篇</span>
            <Sparkline values={item.spark} label={`${item.name}近 ${SPARK_DAYS} 天每日提及：${item.spark.join('、')} 篇`} />
          </li>
        ))}
      </ol>
    </section>
  )
}
