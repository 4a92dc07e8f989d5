// 热门: the securities mentioned most in the 24 hours up to the archive's newest article (not the clock: an
// archive may be old), with their counts and a 30-day sparkline; for the whole archive or one category.
// Loaded lazily after the page is shown (hot-slot.tsx), so home and feeds load no more code first.
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { SPARK_DAYS } from '../../../content/market.ts'
import { paths } from '../../../content/routes.ts'
import { formatDateTime } from '../../../lib/format-date.ts'
import { hotQuery } from '../api/market-query.ts'
import { Sparkline } from './sparkline.tsx'
import './market.css'

export default function HotPanel({ path, category }: { path: string; category?: string | undefined }) {
  const query = useQuery(hotQuery(path))
  if (query.isError) return <p className="hot__failed">热门证券加载失败。</p>
  if (!query.data) return null
  const hot = query.data
  const items = category === undefined ? hot.all : (hot.categories.find((c) => c.slug === category)?.items ?? [])
  if (items.length === 0 || hot.until === null) return null
  return (
    <section className="hot" aria-labelledby="hot-title">
      <h2 id="hot-title" className="hot__title">
        热门
      </h2>
      <p className="hot__note">截至 {formatDateTime(hot.until)} 的 24 小时</p>
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
