// /c/:category and /t/:tag: one module for both, so a feed's code arrives as one chunk.
import { useParams } from 'react-router-dom'
import { NotFound } from '../../components/not-found.tsx'
import { FeedSkeleton } from '../../components/skeletons.tsx'
import { WithManifest } from '../../components/with-manifest.tsx'
import { FeedScreen } from '../../features/feed/components/feed-screen.tsx'
import { textParam } from '../../lib/route-params.ts'

export function Component() {
  const params = useParams()
  const slug = textParam(params.category)
  const name = textParam(params.tag)
  return (
    <WithManifest loading={<FeedSkeleton />}>
      {(manifest) => {
        if (name === null) {
          // Slugs may differ only in case (TechWeb, Techweb): they are matched exactly.
          const category = manifest.categories.find((c) => c.slug === slug)
          if (!category) return <NotFound title="找不到这个分类" message={slug ? `存档中没有名为「${slug}」的分类。` : undefined} />
          return <FeedScreen key={`c:${category.slug}`} manifest={manifest} kind="分类" scope={{ category: category.slug }} />
        }
        const tag = manifest.tags.find((t) => t.name === name)
        if (!tag) return <NotFound title="找不到这个标签" message={`存档中没有名为「${name}」的标签。`} />
        return <FeedScreen key={`t:${tag.name}`} manifest={manifest} kind="标签" scope={{ tag: tag.name }} />
      }}
    </WithManifest>
  )
}
