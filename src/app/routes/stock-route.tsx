// /s/:secid: its own chunk, which reuses the feeds' list; the mention cards (Floating UI) stay with articles.
import { useParams } from 'react-router-dom'
import { NotFound } from '../../components/not-found.tsx'
import { STOCK_NOT_FOUND, StockScreen } from '../../features/stocks/components/stock-screen.tsx'
import { secidParam } from '../../lib/route-params.ts'

export function Component() {
  const secid = secidParam(useParams().secid)
  if (secid === null) return <NotFound title={STOCK_NOT_FOUND} message="这个链接里的证券代码不正确。" />
  return <StockScreen key={secid} secid={secid} />
}
