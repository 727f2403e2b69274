// Launches Debian's Chromium through playwright-core (no browser download needed).
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launchChromium() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}
