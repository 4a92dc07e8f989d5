// The offline notice and the 新版本可用 prompt: a small overlay at the bottom of the window, added to the
// body after the page has loaded, so it never takes part in hydration or moves the page. Plain DOM rather
// than React: this module then shares no code with the entry, whose chunks stay as they are (importing
// React's client here made the bundler split it out of the entry, costing every route's first load 0.8 KB).
import type { ConnectionStore } from '../api/connection-store.ts'
import type { UpdateStore } from '../api/update-store.ts'
import './offline.css'

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  node.className = className
  node.append(...children)
  return node
}

function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const node = element('button', className, label)
  node.type = 'button'
  node.addEventListener('click', onClick)
  return node
}

/** Adds the overlay to the page and keeps it in step with the two stores. */
export function mountOfflineStatus(connection: ConnectionStore, updates: UpdateStore): void {
  // Both live regions are there from the start, so a screen reader announces what appears in them.
  const offlineRegion = element('div', 'offline-status__region')
  offlineRegion.setAttribute('role', 'status')
  const updateRegion = element('div', 'offline-status__region')
  updateRegion.setAttribute('role', 'status')
  document.body.append(element('div', 'offline-status', offlineRegion, updateRegion))

  const offlineCard = element(
    'p',
    'offline-status__card offline-status__card--offline',
    element('strong', '', '已离线'),
    '：显示的是此前存在本机的内容，没存过的页面和新消息要等联网后才能看。',
  )
  const updateCard = element(
    'div',
    'offline-status__card offline-status__card--update',
    element('p', '', element('strong', '', '新版本可用'), '：刷新后使用新版阅读器。'),
    element(
      'div',
      'offline-status__actions',
      button('刷新', 'offline-status__button offline-status__button--primary', updates.apply),
      button('稍后', 'offline-status__button', updates.dismiss),
    ),
  )

  const show = (region: HTMLElement, card: HTMLElement, shown: boolean): void => {
    if (shown && card.parentNode !== region) region.append(card)
    else if (!shown) card.remove()
  }
  const drawConnection = (): void => show(offlineRegion, offlineCard, !connection.getSnapshot())
  const drawUpdate = (): void => show(updateRegion, updateCard, updates.getSnapshot().available)
  connection.subscribe(drawConnection)
  updates.subscribe(drawUpdate)
  drawConnection()
  drawUpdate()
}
