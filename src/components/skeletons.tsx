// Grey shapes where content is about to appear, so the page does not jump when it arrives.
// Each announces itself once to screen readers and is otherwise hidden from them.
import type { ReactNode } from 'react'
import './skeletons.css'

function Loading({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="skeleton" role="status" aria-busy="true">
      <span className="visually-hidden">{label}</span>
      <div aria-hidden="true">{children}</div>
    </div>
  )
}

function Bar({ width, tall = false }: { width: string; tall?: boolean }) {
  return <span className={tall ? 'skeleton__bar skeleton__bar--tall' : 'skeleton__bar'} style={{ width }} />
}

const WIDTHS = ['92%', '78%', '85%', '70%', '88%', '74%']

export function FeedSkeleton({ rows = 6, label = '正在加载消息…' }: { rows?: number; label?: string }) {
  return (
    <Loading label={label}>
      <Bar width="9rem" />
      {WIDTHS.slice(0, rows).map((width, i) => (
        <div className="skeleton__item" key={i}>
          <Bar width={width} tall />
          <Bar width="96%" />
          <Bar width="40%" />
        </div>
      ))}
    </Loading>
  )
}

export function ArticleSkeleton() {
  return (
    <Loading label="正在加载文章…">
      <Bar width="80%" tall />
      <Bar width="45%" />
      <div className="skeleton__item">
        {[...WIDTHS, ...WIDTHS].map((width, i) => (
          <Bar key={i} width={width} />
        ))}
      </div>
    </Loading>
  )
}
