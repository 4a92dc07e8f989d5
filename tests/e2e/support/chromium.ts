// Browser tests drive Debian's Chromium through playwright-core; they never download a browser.
export const CHROMIUM_PATH = '/usr/bin/chromium'

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]

export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM_PATH}: install it with "sudo apt-get install -y chromium" (Debian/Ubuntu) and run npm test again.`
