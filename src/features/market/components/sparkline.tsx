// A small inline SVG line of stories per day (热门's last 30 days). The picture is one image for a screen
// reader, its name stating the numbers.
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const w = 60
  const h = 16
  const max = Math.max(1, ...values)
  const step = values.length > 1 ? w / (values.length - 1) : w
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`).join(' ')
  return (
    <svg className="sparkline" role="img" aria-label={label} viewBox={`0 0 ${w} ${h}`} width={w} height={h}>
      <polyline points={points} fill="none" />
    </svg>
  )
}
