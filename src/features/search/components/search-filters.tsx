// The filters of a search: category, tag, security and a date range. Each change is a new URL (a history
// entry), so Back undoes it.
import { useState, type FormEvent } from 'react'
import type { Manifest } from '../../../content/schema.ts'
import type { SearchState } from '../search-params.ts'

interface Props {
  state: SearchState
  onChange: (next: SearchState) => void
  manifest: Manifest | undefined
}

export function SearchFiltersForm({ state, onChange, manifest }: Props) {
  const f = state.filters
  const set = (patch: Partial<SearchState['filters']>) => onChange({ ...state, filters: { ...f, ...patch } })
  const [secid, setSecid] = useState(f.secid ?? '')
  const [shownSecid, setShownSecid] = useState(f.secid)
  if (shownSecid !== f.secid) {
    setShownSecid(f.secid)
    setSecid(f.secid ?? '')
  }
  const submitSecid = (event: FormEvent) => {
    event.preventDefault()
    set({ secid: secid.trim() || undefined })
  }
  const categories = manifest?.categories.filter((c) => c.count > 0) ?? []
  const tags = manifest?.tags ?? []
  return (
    <div className="search-filters" role="group" aria-label="筛选">
      <label className="search-filters__field">
        分类
        <select value={f.category ?? ''} onChange={(e) => set({ category: e.target.value || undefined })}>
          <option value="">全部</option>
          {categories.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name}
            </option>
          ))}
          {f.category && !categories.some((c) => c.slug === f.category) ? <option value={f.category}>{f.category}</option> : null}
        </select>
      </label>
      <label className="search-filters__field">
        标签
        <select value={f.tag ?? ''} onChange={(e) => set({ tag: e.target.value || undefined })}>
          <option value="">全部</option>
          {tags.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
          {f.tag && !tags.some((t) => t.name === f.tag) ? <option value={f.tag}>{f.tag}</option> : null}
        </select>
      </label>
      <form className="search-filters__field" onSubmit={submitSecid}>
        <label htmlFor="search-secid">证券</label>
        <input id="search-secid" type="text" inputMode="text" placeholder="如 1.600519" value={secid} onChange={(e) => setSecid(e.target.value)} onBlur={submitSecid} size={10} />
      </form>
      <label className="search-filters__field">
        从
        <input type="date" value={f.from ?? ''} max={f.to} onChange={(e) => set({ from: e.target.value || undefined })} />
      </label>
      <label className="search-filters__field">
        到
        <input type="date" value={f.to ?? ''} min={f.from} onChange={(e) => set({ to: e.target.value || undefined })} />
      </label>
    </div>
  )
}
