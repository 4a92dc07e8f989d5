// Whether the pipeline runs from the bundle that src/pipeline/finews.mjs builds, and where: the launcher's bundler
// replaces this module with the bundle's own folder. From the TypeScript sources (tsx, vitest) it is null.
export const BUNDLE_DIR: string | null = null
