// The project folder, whatever the working directory of the test run.
import { resolve } from 'node:path'

// From this file's folder rather than `new URL('../../../', import.meta.url)`, which Vite rewrites as an
// asset address (http://localhost…) when a jsdom test imports this file.
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..')
