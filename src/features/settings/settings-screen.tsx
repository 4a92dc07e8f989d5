// /settings: what this browser keeps for the reader (read marks, saved articles, the watchlist), exported
// as a JSON file, imported from one (older versions migrated, anything else refused with the reason), or
// cleared. The file is the stored layout itself, version included.
import { useId, useState, type ChangeEvent } from 'react'
import { DocumentTitle } from '../../components/document-title.tsx'
import { change, useReader } from '../reader-state/reader-state.ts'
import { parseStored, serialize } from '../reader-state/storage.ts'
import { EMPTY_STATE } from '../reader-state/reader-state.ts'
import '../reader-state/reader-state.css'

export function SettingsScreen() {
  const state = useReader((view) => view.state)
  const loaded = useReader((view) => view.loaded)
  const [said, setSaid] = useState('')
  const fileId = useId()

  const exportFile = () => {
    const url = URL.createObjectURL(new Blob([serialize(state)], { type: 'application/json' }))
    const link = document.createElement('a')
    link.href = url
    link.download = `finews-reader-${new Date().toISOString().slice(0, 10)}.json`
    link.click()
    URL.revokeObjectURL(url)
    setSaid('已导出。')
  }

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget
    const file = input.files?.[0]
    if (!file) return
    let text: string
    try {
      text = await file.text()
    } catch {
      setSaid(`无法读取文件「${file.name}」。`)
      return
    }
    input.value = ''
    const loaded = parseStored(text)
    if (loaded.kind === 'broken') {
      setSaid(`「${file.name}」不是本站导出的阅读记录，未导入。`)
      return
    }
    await change({ type: 'replace', state: loaded.state })
    setSaid(`已从「${file.name}」导入：${loaded.state.read.length} 条已读，${loaded.state.saved.length} 篇收藏，${loaded.state.watchlist.length} 只自选。`)
  }

  const clear = async () => {
    if (!window.confirm('清除这个浏览器中的全部已读记录、收藏和自选？')) return
    await change({ type: 'replace', state: EMPTY_STATE })
    setSaid('已清除。')
  }

  return (
    <div className="settings-screen">
      <DocumentTitle title="设置" description="导出、导入或清除保存在这个浏览器中的阅读记录。" />
      <header className="page-head">
        <h1>设置</h1>
        <p className="page-head__meta">已读、收藏和自选只保存在这个浏览器中，不需要账号。</p>
      </header>
      <section aria-labelledby="settings-data" className="settings-section">
        <h2 id="settings-data">阅读记录</h2>
        <p>{loaded ? `${state.read.length} 条已读，${state.saved.length} 篇收藏，${state.watchlist.length} 只自选。` : '正在读取…'}</p>
        <div className="settings-actions">
          <button type="button" className="button" onClick={exportFile} disabled={!loaded}>
            导出为 JSON 文件
          </button>
          <input id={fileId} className="visually-hidden" type="file" accept="application/json,.json" onChange={(event) => void importFile(event)} />
          <label className="button" htmlFor={fileId}>
            从文件导入
          </label>
          <button type="button" className="button" onClick={() => void clear()} disabled={!loaded}>
            清除全部
          </button>
        </div>
        <p role="status">{said}</p>
      </section>
    </div>
  )
}
