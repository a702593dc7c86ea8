// Debian's Chromium under playwright-core (never a downloaded browser), headless, with a fresh
// profile per run; third-party cookies allowed so webview iframes may register service workers.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const CHROMIUM = process.env.SOCKSCOPE_CHROMIUM || '/usr/bin/chromium';

/** `extraArgs`: more Chromium switches (the web run maps *.localhost to loopback). */
export async function launchBrowser(tmpRoot, extraArgs = []) {
  const profile = fs.mkdtempSync(path.join(tmpRoot, 'chromium-'));
  fs.mkdirSync(path.join(profile, 'Default'), { recursive: true });
  fs.writeFileSync(
    path.join(profile, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, close };
}
