import { FeedSkeleton } from '../../components/skeletons.tsx'
import { WithManifest } from '../../components/with-manifest.tsx'
import { HomeScreen } from '../../features/home/components/home-screen.tsx'

export function Component() {
  return <WithManifest loading={<FeedSkeleton />}>{(manifest) => <HomeScreen manifest={manifest} />}</WithManifest>
}
