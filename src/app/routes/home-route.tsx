import { FeedSkeleton } from '../../components/skeletons'
import { WithManifest } from '../../components/with-manifest'
import { HomeScreen } from '../../features/home/components/home-screen'

export function Component() {
  return <WithManifest loading={<FeedSkeleton />}>{(manifest) => <HomeScreen manifest={manifest} />}</WithManifest>
}
