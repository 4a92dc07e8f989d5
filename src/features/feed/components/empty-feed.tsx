// What a list shows when it has nothing to show: a tag filter that matches nothing, with the way to clear
// it, or a feed with no articles at all (an old site's category page that no post is filed under stays a
// category, so that links to it still land on a page that says what it is).
interface EmptyFeedProps {
  filtering: boolean
  onClear: () => void
  /** 分类, 标签…: what the feed is, for its message. */
  kind?: string | undefined
}

export function EmptyFeed({ filtering, onClear, kind }: EmptyFeedProps) {
  if (!filtering) return <p className="feed-empty">{kind ? `这个${kind}还没有文章。` : '这里还没有消息。'}</p>
  return (
    <div className="feed-empty">
      <p>没有同时带有这些标签的消息。</p>
      <button type="button" className="button" onClick={onClear}>
        清除筛选
      </button>
    </div>
  )
}
