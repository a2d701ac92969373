import fs from 'node:fs';

/** Flags that keep Chromium off the network: only the page under test talks, to 127.0.0.1. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Debian's Chromium; Playwright's own browser download is never used. */
export function chromiumPath(): string {
  const candidates = [process.env.FLOE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error('Chromium not found: install it (apt-get install chromium) or set FLOE_CHROMIUM.');
  return found;
}
