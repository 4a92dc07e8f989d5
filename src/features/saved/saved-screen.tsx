// /saved: the saved articles, newest saved first, named by the title and date kept when they were saved,
// so an article that later leaves the archive is still listed: each item asks the look-up whether its
// article is still there, and one that is not says 已不在存档中, is no link to a page that would only say
// so again, and links the original where its address was kept. Until the look-up answers (or when it
// cannot, offline), the item links its article as before.
import { useQuery } from '@tanstack/react-query'
import { useRef } from 'react'
import { DocumentTitle } from '../../components/document-title.tsx'
import { FeedSkeleton } from '../../components/skeletons.tsx'
import { formatDateTime } from '../../lib/format-date.ts'
import { DataError } from '../../lib/fetch-data.ts'
import { articleEntryQuery } from '../article/api/article-query.ts'
import { ArticleLink } from '../article/components/article-link.tsx'
import { useFeedKeys } from '../feed/components/use-feed-keys.ts'
import { useReader, type SavedArticle } from '../reader-state/reader-state.ts'
import { SaveButton } from './save-button.tsx'
import '../reader-state/reader-state.css'
import '../reader-state/personal.css'
import './saved.css'

const BEIJING_OFFSET_MS = 8 * 3600_000

/** A moment as the data writes dates (Beijing time, `+08:00`), so it reads like every other date here. */
function beijingIso(ms: number): string {
  return `${new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`
}

export function SavedScreen() {
  const listRef = useRef<HTMLDivElement>(null)
  useFeedKeys(listRef)
  const loaded = useReader((view) => view.loaded)
  const saved = useReader((view) => view.state.saved)
  const read = useReader((view) => view.read)
  return (
    <div className="saved-screen" ref={listRef}>
      <DocumentTitle title="收藏" description="在这个浏览器中收藏的文章。" />
      <header className="page-head">
        <h1>收藏</h1>
        <p className="page-head__meta">{loaded ? `共 ${saved.length} 篇，保存在这个浏览器中` : '正在读取…'}</p>
      </header>
      {!loaded ? (
        <FeedSkeleton rows={3} label="正在读取收藏…" />
      ) : saved.length === 0 ? (
        <p className="feed-empty">还没有收藏的文章。在文章或列表中按“收藏”（或按 s 键）即可收藏。</p>
      ) : (
        <ol className="saved-list" data-feed-list="">
          {saved.map((article) => (
            <li key={article.id}>
              <SavedItem article={article} read={read.has(article.id)} />
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

/** An address the saved state may link: only http(s) (an imported file may hold anything). */
const webAddress = (url: string | null | undefined): string | null => (url && /^https?:\/\//i.test(url) ? url : null)

function SavedItem({ article, read }: { article: SavedArticle; read: boolean }) {
  const entry = useQuery({ ...articleEntryQuery(article.id), retry: false })
  const gone = entry.error instanceof DataError && entry.error.kind === 'absent'
  const source = webAddress(article.source)
  return (
    <article className={gone ? 'feed-item saved-gone' : 'feed-item'} data-feed-item="" data-article-id={article.id}>
      <h2 className="feed-item__title">
        {gone ? (
          <span className="saved-gone__title">{article.title}</span>
        ) : (
          <ArticleLink id={article.id} path={article.path ?? undefined} className="feed-item__link">
            {article.title}
          </ArticleLink>
        )}
        {read ? <span className="read-mark visually-hidden">（已读）</span> : null}
      </h2>
      {gone ? (
        <p className="saved-gone__note">
          已不在存档中
          {source ? (
            <>
              ，
              <a href={source} rel="external noopener noreferrer">
                查看原文<span className="visually-hidden">：{article.title}</span>
              </a>
            </>
          ) : (
            '，原文地址未保存'
          )}
        </p>
      ) : null}
      <div className="feed-item__meta">
        {article.date ? <time dateTime={article.date}>{formatDateTime(article.date)}</time> : <span>{formatDateTime(null)}</span>}
        {article.savedAt > 0 ? <span>{`收藏于 ${formatDateTime(beijingIso(article.savedAt))}`}</span> : null}
        <SaveButton article={article} />
      </div>
    </article>
  )
}
