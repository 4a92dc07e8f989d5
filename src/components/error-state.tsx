// What a reader sees where data failed to load: what went wrong, in Chinese, and a way to try again.
// It stands in for the missing part only, so the rest of the page keeps working.
import { useQueryClient } from '@tanstack/react-query'
import { DataError } from '../lib/fetch-data.ts'
import { queryKeys } from '../lib/query-keys.ts'
import './error-state.css'

interface ErrorStateProps {
  error: unknown
  onRetry: () => void
  /** True while the retry is under way, so the button cannot be pressed twice. */
  retrying?: boolean
  title?: string
}

export function ErrorState({ error, onRetry, retrying = false, title = '加载失败' }: ErrorStateProps) {
  const client = useQueryClient()
  const message = error instanceof DataError ? error.message : '出现了意外的错误。'
  const retry = () => {
    // A content-hashed file that is gone means a newer build replaced it: ask for the new manifest too,
    // so the page picks up the new file names instead of asking for the old one again.
    if (error instanceof DataError && error.kind === 'not-found') void client.invalidateQueries({ queryKey: queryKeys.manifest() })
    onRetry()
  }
  return (
    <div className="error-state" role="alert">
      <p className="error-state__title">{title}</p>
      <p className="error-state__message">{message}</p>
      <button type="button" className="button" onClick={retry} disabled={retrying}>
        {retrying ? '正在重试…' : '重试'}
      </button>
    </div>
  )
}
