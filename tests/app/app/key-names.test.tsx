// Ids and secids that are also names every JavaScript object answers to (`__proto__`, `constructor`,
// `toString`): an article, a stock page or a mention card shows what the archive has under that name, or
// says it has nothing; never a crash, an inherited function, or a request for a file it names.
import { describe, expect, test } from 'vitest'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { paths } from '../../../src/content/routes.ts'
import {
  CONSTRUCTOR_CORP,
  CONSTRUCTOR_TITLE,
  KEY_NAMES,
  NEWER_TITLE,
  PROTO_TITLE,
  UNKNOWN_KEY_SECID,
  archiveWithKeyNames,
  archiveWithoutKeyNames,
} from '../fixtures/key-names.ts'
import { serveData } from '../support/data-server.ts'
import { renderApp } from '../support/render-app.tsx'

const withKeys = archiveWithKeyNames()
const withoutKeys = archiveWithoutKeyNames()

/** Nothing on the page, and no file asked for, comes from a property every object inherits. */
function expectNothingInherited(requests: readonly string[]): void {
  const text = document.body.textContent
  expect(text).not.toMatch(/function|native code|\[object /)
  expect(requests.filter((path) => /function|native|object/.test(path))).toEqual([])
}

describe('an article whose id is an object property name', () => {
  test.each([
    ['constructor', CONSTRUCTOR_TITLE],
    ['__proto__', PROTO_TITLE],
  ])('/a/%s shows that article, with its neighbours, when the archive has it', async (id, title) => {
    const server = serveData(withKeys.files)
    renderApp(paths.article(id))
    const article = within(await screen.findByRole('article'))
    expect(article.getByRole('heading', { level: 1, name: title })).toBeTruthy()
    const neighbours = within(article.getByRole('navigation', { name: '同分类的其他文章' }))
    expect(neighbours.getAllByRole('link')).toHaveLength(2)
    expectNothingInherited(server.requests)
  })

  test('the constructor article’s neighbours lead on through the archive, by their own ids', async () => {
    serveData(withKeys.files)
    const user = userEvent.setup()
    renderApp(paths.article('constructor'))
    const neighbours = within(await screen.findByRole('navigation', { name: '同分类的其他文章' }))
    await user.click(neighbours.getByRole('link', { name: PROTO_TITLE }))
    expect(await screen.findByRole('heading', { level: 1, name: PROTO_TITLE })).toBeTruthy()
    await user.click(within(screen.getByRole('navigation', { name: '同分类的其他文章' })).getByRole('link', { name: CONSTRUCTOR_TITLE }))
    expect(await screen.findByRole('heading', { level: 1, name: CONSTRUCTOR_TITLE })).toBeTruthy()
    await user.click(within(screen.getByRole('navigation', { name: '同分类的其他文章' })).getByRole('link', { name: NEWER_TITLE }))
    expect(await screen.findByRole('heading', { level: 1, name: NEWER_TITLE })).toBeTruthy()
  })

  test('/a/toString is not found in an archive that has constructor and __proto__', async () => {
    const server = serveData(withKeys.files)
    renderApp(paths.article('toString'))
    expect(await screen.findByRole('heading', { level: 1, name: '找不到这篇文章' })).toBeTruthy()
    expect(screen.getByText('存档中没有编号为 toString 的文章。')).toBeTruthy()
    expectNothingInherited(server.requests)
  })

  test.each(KEY_NAMES)('/a/%s is not found in an archive without such articles', async (id) => {
    const server = serveData(withoutKeys.files)
    renderApp(paths.article(id))
    expect(await screen.findByRole('heading', { level: 1, name: '找不到这篇文章' })).toBeTruthy()
    expect(screen.getByText(`存档中没有编号为 ${id} 的文章。`)).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    // The look-up said no: no article file was asked for.
    expect(server.requests.filter((path) => path.startsWith('articles/'))).toEqual([])
    expectNothingInherited(server.requests)
  })
})

describe('a stock page or mention card whose secid is an object property name', () => {
  test.each(KEY_NAMES)('/s/%s is no secid: the not-found page, without a look-up', async (name) => {
    const server = serveData(withKeys.files)
    renderApp(paths.stock(name))
    expect(await screen.findByRole('heading', { level: 1, name: '找不到这只证券' })).toBeTruthy()
    expect(screen.getByText('这个链接里的证券代码不正确。')).toBeTruthy()
    expect(server.requests.filter((path) => path.startsWith('lookups/'))).toEqual([])
  })

  test.each([UNKNOWN_KEY_SECID, '0.toString', '106.__proto__'])('/s/%s is well formed but mentioned nowhere: not found', async (secid) => {
    const server = serveData(withKeys.files)
    renderApp(paths.stock(secid))
    expect(await screen.findByRole('heading', { level: 1, name: '找不到这只证券' })).toBeTruthy()
    expect(screen.getByText(`存档中没有提及 ${secid} 的文章。`)).toBeTruthy()
    expectNothingInherited(server.requests)
  })

  test('/s/106.constructor is the security of that name, with the article that mentions it', async () => {
    serveData(withKeys.files)
    renderApp(paths.stock(CONSTRUCTOR_CORP.secid))
    expect(await screen.findByRole('heading', { level: 1, name: CONSTRUCTOR_CORP.name })).toBeTruthy()
    expect(await screen.findByRole('link', { name: CONSTRUCTOR_TITLE })).toBeTruthy()
  })

  test('mention cards in the constructor article: the known security’s facts, and “nothing more” for the unknown one', async () => {
    const server = serveData(withKeys.files)
    const user = userEvent.setup()
    renderApp(paths.article('constructor'))
    await screen.findByRole('heading', { level: 1, name: CONSTRUCTOR_TITLE })
    const body = document.querySelector<HTMLElement>('.article-body')
    if (!body) throw new Error('no article body on the page')

    await user.hover(within(body).getByRole('link', { name: CONSTRUCTOR_CORP.name }))
    const known = await screen.findByRole('dialog', { name: CONSTRUCTOR_CORP.name })
    expect(await within(known).findByText(/存档中 1 篇文章提及/)).toBeTruthy()
    expect(within(known).getByRole('link', { name: CONSTRUCTOR_TITLE })).toBeTruthy()

    await user.keyboard('{Escape}')
    await user.hover(within(body).getByRole('link', { name: '示例原型' }))
    const unknown = await screen.findByRole('dialog', { name: '示例原型' })
    expect(await within(unknown).findByText('存档中没有它的其他记录。')).toBeTruthy()
    expectNothingInherited(server.requests)
  })
})
