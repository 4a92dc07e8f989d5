// The reader's build. FINEWS_BASE sets the sub-path it is served under (default `/`).
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

function basePath(): string {
  const raw = process.env.FINEWS_BASE ?? '/'
  const withLead = raw.startsWith('/') ? raw : `/${raw}`
  return withLead.endsWith('/') ? withLead : `${withLead}/`
}

export default defineConfig({
  base: basePath(),
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: false,
  },
})
