// The pipeline's JSON sits in `data/` under the site's base path, so the reader also works from a sub-folder.
export function dataUrl(path: string): string {
  return `${import.meta.env.BASE_URL}data/${path}`
}

/** A file the build writes beside index.html (feed.xml, feeds/…): its address under the site's base path. */
export function siteFileUrl(path: string): string {
  return `${import.meta.env.BASE_URL}${path}`
}
