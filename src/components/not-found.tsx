// The page for anything that does not exist: an unknown path, article, category or tag.
import { Link } from 'react-router-dom'
import { paths } from '../content/routes.ts'
import { DocumentTitle } from './document-title.tsx'

interface NotFoundProps {
  title?: string | undefined
  message?: string | undefined
}

export function NotFound({ title = '页面不存在', message = '你要找的页面不存在，可能已被移动或从未存在过。' }: NotFoundProps) {
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <DocumentTitle title={title} description={message} />
      <meta name="robots" content="noindex" />
      <p className="not-found__code" aria-hidden="true">
        404
      </p>
      <h1 id="not-found-title">{title}</h1>
      <p>{message}</p>
      <p>
        <Link className="button" to={paths.home()}>
          返回首页
        </Link>
      </p>
    </section>
  )
}
