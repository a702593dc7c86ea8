// Draws media/icon.png (the Marketplace icon, 128×128) from an SVG in the system's Chromium:
// two lifelines of a ladder diagram, segments crossing them, and the stalled stretch in amber.
// Run: node scripts/make-icon.mjs   (needs /usr/bin/chromium; playwright-core never downloads one)
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#17324d"/><stop offset="1" stop-color="#0b1826"/>
    </linearGradient>
    <marker id="head" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" fill="#9fd3ff"/>
    </marker>
    <marker id="headStall" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" fill="#ffb020"/>
    </marker>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#bg)"/>
  <rect x="30" y="62" width="68" height="26" fill="#ffb020" opacity="0.22"/>
  <line x1="32" y1="18" x2="32" y2="110" stroke="#e8f1fa" stroke-width="5" stroke-linecap="round"/>
  <line x1="96" y1="18" x2="96" y2="110" stroke="#e8f1fa" stroke-width="5" stroke-linecap="round"/>
  <line x1="36" y1="26" x2="90" y2="38" stroke="#9fd3ff" stroke-width="4" marker-end="url(#head)"/>
  <line x1="92" y1="44" x2="38" y2="56" stroke="#9fd3ff" stroke-width="4" marker-end="url(#head)"/>
  <line x1="36" y1="66" x2="90" y2="76" stroke="#ffb020" stroke-width="4" stroke-dasharray="7 5" marker-end="url(#headStall)"/>
  <line x1="92" y1="82" x2="38" y2="84" stroke="#ffb020" stroke-width="4" marker-end="url(#headStall)"/>
  <line x1="36" y1="94" x2="90" y2="104" stroke="#9fd3ff" stroke-width="4" marker-end="url(#head)"/>
</svg>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
