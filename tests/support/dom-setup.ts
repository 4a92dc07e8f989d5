import { afterEach } from 'vitest'
import { cleanup, configure } from '@testing-library/react'

// findBy… and waitFor wait up to 1 s by default: too short for a render on a loaded two-core machine. What
// never appears still fails the test.
configure({ asyncUtilTimeout: 10_000 })

afterEach(() => {
  cleanup()
})
