// The frame around every page: a skip link, the site header with its category navigation, and the footer.
import { useRef, type ReactNode } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Link, NavLink } from 'react-router-dom'
import { manifestQuery } from '../lib/query-keys.ts'
import { paths } from '../content/routes.ts'
import { SITE_NAME } from './document-title.tsx'
import { SearchBox } from './search-box.tsx'
import { useHeaderHeight } from './use-header-height.ts'
import './base.css'
import './layout.css'

/** The header names the biggest categories; the home page lists them all. */
const NAV_CATEGORIES = 6
export const ALL_CATEGORIES_ID = 'all-categories'

function CategoryNav() {
  // The header works without data: while the manifest loads, or if it failed (the page says so), it
  // shows only the site name and the link to every category.
  const { data } = useQuery(manifestQuery())
  // Categories with no articles (old category pages, kept so that links to them land) get no place here.
  const top = data ? data.categories.filter((c) => c.count > 0).sort((a, b) => b.count - a.count).slice(0, NAV_CATEGORIES) : []
  return (
    <nav className="site-nav" aria-label="分类">
      <ul className="site-nav__list">
        {top.map((category) => (
          <li key={category.slug}>
            <NavLink className="site-nav__link" to={paths.category(category.slug)}>
              {category.name}
            </NavLink>
          </li>
        ))}
        <li>
          <Link className="site-nav__link site-nav__link--all" to={{ pathname: paths.home(), hash: ALL_CATEGORIES_ID }}>
            全部分类
          </Link>
        </li>
      </ul>
    </nav>
  )
}

/** `prepareSearch`: told when the reader starts typing in the header's search box, and what it will search (see SearchBox). */
export function Layout({ children, prepareSearch }: { children: ReactNode; prepareSearch?: (search?: string) => void }) {
  const header = useRef<HTMLElement>(null)
  useHeaderHeight(header)
  return (
    <div className="site">
      <a className="skip-link" href="#main">
        跳到正文
      </a>
      <header className="site-header" ref={header}>
        <div className="site-header__inner">
          <Link className="site-header__name" to={paths.home()}>
            {SITE_NAME}
          </Link>
          <CategoryNav />
          <SearchBox prepare={prepareSearch} />
          <nav className="site-own" aria-label="我的">
            <NavLink className="site-nav__link" to={paths.saved()}>
              收藏
            </NavLink>
            <NavLink className="site-nav__link" to={paths.watchlist()}>
              自选
            </NavLink>
            <NavLink className="site-nav__link" to={paths.settings()}>
              设置
            </NavLink>
          </nav>
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>
          {SITE_NAME} · 东方财富滚动新闻存档。按 <kbd>j</kbd> / <kbd>k</kbd> 在列表中移动，<kbd>Enter</kbd> 打开，<kbd>?</kbd> 查看全部快捷键。
        </p>
      </footer>
    </div>
  )
}
