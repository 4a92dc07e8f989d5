// /settings: export, import and clear the reader's own state.
import { SettingsScreen } from '../../features/settings/settings-screen.tsx'

export function Component() {
  return <SettingsScreen />
}
