// The market view of a stock page: its stories over time (a chart whose bars open that day's articles:
// `?from=…&to=…`), the securities most often mentioned with it (a sector board lists every stock), and,
// when a day is chosen, that day's articles, read from the stock's own feed.
import { useEffect } from 'react'
import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query'
import { Link, useSearchParams } from 'react-router-dom'
import { DaySchema } from '../../../content/market.ts'
import { paths } from '../../../content/routes.ts'
import type { Security } from '../../../content/lookup-schema.ts'
import { parseSecid } from '../../../content/secid.ts'
import { feedQuery } from '../../feed/api/feed-query.ts'
import { collectItems } from '../../feed/api/use-feed-view.ts'
import { FeedItem } from '../../feed/components/feed-item.tsx'
import { securityQuery } from '../../stocks/api/security-query.ts'
import { historyQuery } from '../api/market-query.ts'
import { bucketName, type Bucket } from '../chart-buckets.ts'
import { HistoryChart } from './history-chart.tsx'
import './market.css'

/** Sector boards (market 90) list every stock mentioned with them; other securities their first few. */
const WITH_SHOWN = 10

export function StockHistory({ security }: { security: Security }) {
  const query = useQuery({ ...historyQuery(security.history ?? ''), enabled: security.history !== undefined })
  const [params] = useSearchParams()
  const from = params.get('from')
  const to = params.get('to') ?? from
  const range = from && to && DaySchema.safeParse(from).success && DaySchema.safeParse(to).success && from <= to ? { from, to } : null
  if (!security.history) return null
  if (query.isError) return <p className="history__failed">提及次数图表加载失败。</p>
  if (!query.data) return <div className="history history--loading" aria-busy="true" />
  const history = query.data
  const hrefOf = (b: Bucket): string => `${paths.stock(security.secid)}?from=${b.from}&to=${b.to}`
  const board = parseSecid(security.secid)?.market === 90
  const together = board ? history.with : history.with.slice(0, WITH_SHOWN)
  return (
    <>
      <section className="stock-history" aria-labelledby="stock-history">
        <h2 id="stock-history" className="stock-history__title">
          提及次数
        </h2>
        <HistoryChart name={security.name} history={history} hrefOf={hrefOf} />
        {history.undated > 0 ? <p className="history__note">另有 {history.undated} 篇没有日期。</p> : null}
      </section>
      {range ? <DayArticles security={security} from={range.from} to={range.to} /> : null}
      {together.length > 0 ? (
        <section className="stock-with" aria-labelledby="stock-with">
          <h2 id="stock-with" className="stock-history__title">
            {board ? '板块内被一同提及的股票' : '常被一同提及'}
          </h2>
          <WithList pairs={together} />
        </section>
      ) : null}
    </>
  )
}

/** Co-mentioned securities as links, named from their look-up entries (the code until a name arrives). */
function WithList({ pairs }: { pairs: readonly (readonly [string, number])[] }) {
  const names = useQueries({ queries: pairs.map(([secid]) => securityQuery(secid)) })
  return (
    <ul className="stock-with__list">
      {pairs.map(([secid, n], i) => (
        <li key={secid}>
          <Link className="chip" to={paths.stock(secid)}>
            {names[i]?.data?.name ?? parseSecid(secid)?.code ?? secid}
          </Link>
          <span className="stock-with__count">{n} 篇</span>
        </li>
      ))}
    </ul>
  )
}

/** The stock's articles of the chosen days: its feed is read, newest first, until it is past them. */
function DayArticles({ security, from, to }: { security: Security; from: string; to: string }) {
  const list = useInfiniteQuery(feedQuery(security.feed.head))
  const { items } = collectItems(list.data?.pages)
  const oldest = items.at(-1)
  const pastThem = oldest?.date != null && oldest.date.slice(0, 10) < from
  const done = list.isSuccess && (pastThem || !list.hasNextPage)
  const { fetchNextPage, isFetchingNextPage, isError } = list
  useEffect(() => {
    if (list.isSuccess && !done && !isFetchingNextPage && !isError) void fetchNextPage()
  }, [list.isSuccess, done, isFetchingNextPage, isError, fetchNextPage])
  const shown = items.filter((i) => i.date !== null && i.date.slice(0, 10) >= from && i.date.slice(0, 10) <= to)
  const size = from === to ? 'day' : 'week'
  const name = bucketName({ from, to, count: 0 }, size)
  return (
    <section className="stock-days" aria-labelledby="stock-days" aria-busy={!done}>
      <h2 id="stock-days" className="stock-history__title">
        {name}提及{security.name}的文章{done ? `（${shown.length} 篇）` : ''}
      </h2>
      {list.isError ? <p className="history__failed">文章加载失败。</p> : null}
      {shown.map((item) => (
        <FeedItem key={item.id} item={item} />
      ))}
      {done && shown.length === 0 ? <p className="feed-empty">这段时间没有提及它的文章。</p> : null}
      <p>
        <Link to={paths.stock(security.secid)}>返回全部文章</Link>
      </p>
    </section>
  )
}
