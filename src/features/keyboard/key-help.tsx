// The `?` overlay: every key the reader answers to. A modal dialog: focus goes to its close button and
// comes back to where it was; Escape, the button or a click outside closes it.
import { useEffect, useRef } from 'react'
import { KEYS } from './keys.ts'
import './keyboard.css'

export function KeyHelp({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    close.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      event.preventDefault()
      onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      before?.focus({ preventScroll: true })
    }
  }, [onClose])
  return (
    <div className="key-help__backdrop" onClick={onClose}>
      <div className="key-help" role="dialog" aria-modal="true" aria-labelledby="key-help-title" onClick={(event) => event.stopPropagation()}>
        <h2 id="key-help-title">键盘快捷键</h2>
        <dl className="key-help__list">
          {KEYS.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="key-help__note">在输入框中打字时，快捷键不起作用。</p>
        <button ref={close} type="button" className="button" onClick={onClose}>
          关闭
        </button>
      </div>
    </div>
  )
}
