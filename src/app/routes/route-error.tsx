// What shows when a route cannot render at all (most often: a new build replaced the code of a page that
// was not loaded yet). Data failures never land here; they show in place with a retry button.
import { useRouteError } from 'react-router-dom'
import { DocumentTitle } from '../../components/document-title.tsx'
import { useMarkAppStarted } from '../prerendered-head.ts'

export function RouteError() {
  const error = useRouteError()
  useMarkAppStarted()
  const detail = error instanceof Error ? error.message : null
  return (
    <div className="not-found" role="alert">
      <DocumentTitle title="页面出错了" />
      <h1>页面出错了</h1>
      <p>这个页面没能显示出来。站点可能刚刚更新，刷新一下通常就好。</p>
      {detail ? <p className="page-head__meta">{detail}</p> : null}
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          刷新页面
        </button>
      </p>
    </div>
  )
}
