// The offline notice and the 新版本可用 prompt: a small overlay at the bottom of the window, drawn in a
// root of its own after the page has loaded, so it never takes part in hydration or moves the page.
import { useSyncExternalStore } from 'react'
import type { ConnectionStore } from '../api/connection-store.ts'
import type { UpdateStore } from '../api/update-store.ts'
import './offline.css'

export function OfflineStatus({ connection, updates }: { connection: ConnectionStore; updates: UpdateStore }) {
  const online = useSyncExternalStore(connection.subscribe, connection.getSnapshot)
  const update = useSyncExternalStore(updates.subscribe, updates.getSnapshot)
  // Both live regions are always there, so a screen reader announces what appears in them.
  return (
    <div className="offline-status">
      <div role="status" className="offline-status__region">
        {online ? null : (
          <p className="offline-status__card offline-status__card--offline">
            <strong>已离线</strong>：显示的是此前存在本机的内容，没存过的页面和新消息要等联网后才能看。
          </p>
        )}
      </div>
      <div role="status" className="offline-status__region">
        {update.available ? (
          <div className="offline-status__card offline-status__card--update">
            <p>
              <strong>新版本可用</strong>：刷新后使用新版阅读器。
            </p>
            <div className="offline-status__actions">
              <button type="button" className="offline-status__button offline-status__button--primary" onClick={updates.apply}>
                刷新
              </button>
              <button type="button" className="offline-status__button" onClick={updates.dismiss}>
                稍后
              </button>
            </div>
          </div>
        ) : null}
      </div>
    </div>
  )
}
