// Image dimensions, so the reader can reserve space before an image loads (no layout shift).
// Eastmoney's CDN names images after their size (`…_w800h555.jpg`); a width given in the markup scales it.

const SIZE_IN_NAME = /_w(\d{2,5})h(\d{2,5})\.(?:jpe?g|png|gif|webp)$/i

export interface ImageSize {
  width: number | null
  height: number | null
}

export function imageSize(src: string, width: number | null, height: number | null): ImageSize {
  if (width && height) return { width, height }
  let path = src
  try {
    path = new URL(src).pathname
  } catch {
    // keep the raw text
  }
  const m = SIZE_IN_NAME.exec(path)
  if (!m?.[1] || !m[2]) return { width, height }
  const w = Number(m[1])
  const h = Number(m[2])
  if (width) return { width, height: Math.round((width * h) / w) }
  if (height) return { width: Math.round((height * w) / h), height }
  return { width: w, height: h }
}
