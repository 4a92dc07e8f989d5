// What the reader's state could not keep (storage blocked, full, broken, or written by a newer version),
// said in a strip fixed to the bottom of the window: it appears after hydration without moving the page.
import { change, useReader } from './reader-state.ts'
import './reader-state.css'

export function StorageNotice() {
  const problem = useReader((view) => view.problem)
  if (problem === null) return null
  return (
    <div className="storage-notice" role="alert">
      <p>{problem}</p>
      <button type="button" className="button" onClick={() => void change({ type: 'dismiss' })}>
        知道了
      </button>
    </div>
  )
}
