/**
 * Debian's Chromium and the flags it needs here (root, no GPU, a closed network). Shared by
 * web-test-runner, the end-to-end tests and the benchmark: no test tool downloads a browser.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
