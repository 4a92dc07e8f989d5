// The old Jekyll site's addresses, read without any data: what each names, and what is not one of them.
import { describe, expect, test } from 'vitest'
import { parseLegacyPath } from '../../../src/lib/legacy-paths.ts'

describe('the old site’s addresses', () => {
  test.each([
    ['/', { kind: 'home' }],
    ['/index.html', { kind: 'home' }],
    ['/emnews/', { kind: 'category', slug: 'emnews' }],
    ['/emnews', { kind: 'category', slug: 'emnews' }],
    ['/category/TechWeb.html', { kind: 'category', slug: 'TechWeb' }],
    ['/category/Techweb.html', { kind: 'category', slug: 'Techweb' }],
    // As the address bar has it (encoded) and as a router may hand it over (decoded).
    ['/category/21shijijingjibaodao%20%20nancailicaitong.html', { kind: 'category', slug: '21shijijingjibaodao  nancailicaitong' }],
    ['/category/21shijijingjibaodao  nancailicaitong.html', { kind: 'category', slug: '21shijijingjibaodao  nancailicaitong' }],
    ['/category/anxinguojizhengquan(xianggang).html', { kind: 'category', slug: 'anxinguojizhengquan(xianggang)' }],
    ['/category/anxinguojizhengquan%28xianggang%29.html', { kind: 'category', slug: 'anxinguojizhengquan(xianggang)' }],
    ['/category/%E4%B8%9C%E8%B4%A2.html', { kind: 'category', slug: '东财' }],
    // GitHub Pages serves /category/x.html for /category/x too.
    ['/category/TechWeb', { kind: 'category', slug: 'TechWeb' }],
    ['/emnews/2022/05/26/202205262391921712.html', { kind: 'article', id: '202205262391921712' }],
    ['/zhongguoxinwenwang/2022/03/09/NW202203092303329597.html', { kind: 'article', id: 'NW202203092303329597' }],
    // Jekyll lower-cases categories and splits them at spaces: several folders before the date.
    ['/21shijijingjibaodao/nancailicaitong/2022/01/07/NW202201072239307540.html', { kind: 'article', id: 'NW202201072239307540' }],
    ['/techweb/2022/02/28/NW202202282322115180.html', { kind: 'article', id: 'NW202202282322115180' }],
    ['/2022/05/26/202205262391921712.html', { kind: 'article', id: '202205262391921712' }],
  ] as const)('%s', (path, target) => {
    expect(parseLegacyPath(path)).toEqual(target)
  })

  test.each([
    '/category/.html',
    '/category/x.html/',
    '/category/a/b.html',
    '/emnews/2022/05/26/',
    '/emnews/2022/05/26/202205262391921712',
    '/emnews/2022/13/26/202205262391921712.html',
    '/emnews/2022/02/30/202205262391921712.html',
    '/emnews/22/05/26/202205262391921712.html',
    '/emnews/2022/5/26/202205262391921712.html',
    '/emnews/2022/05/26/bad%20id.html',
    '/emnews/2022/05/26/%E4%B8%AD.html',
    '/emnews//2022/05/26/202205262391921712.html',
    '/about.html',
    '/%E4%B8%AD%',
    'emnews/',
  ])('%s is none of them', (path) => {
    expect(parseLegacyPath(path)).toBeNull()
  })
})
