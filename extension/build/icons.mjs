// Draws the extension's icons (extension/icons/rapport-N.png) in Debian's Chromium: a teal
// tile with a speech bubble holding a small heart, readable at 16 px. Run by hand when the
// design changes (`node extension/build/icons.mjs`); the PNGs are committed, so builds
// and tests never depend on this script.
import { writeFile, mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');
await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const size of [16, 32, 48, 128]) {
  const dataUrl = await page.evaluate((n) => {
    const c = document.createElement('canvas');
    c.width = c.height = n;
    const g = c.getContext('2d');
    const s = n / 128;
    // the tile
    g.fillStyle = '#0f6b66';
    g.beginPath();
    g.roundRect(0, 0, n, n, 26 * s);
    g.fill();
    // the speech bubble, with its tail at the lower left
    g.fillStyle = '#ffffff';
    g.beginPath();
    g.roundRect(18 * s, 22 * s, 92 * s, 66 * s, 22 * s);
    g.fill();
    g.beginPath();
    g.moveTo(34 * s, 84 * s);
    g.lineTo(28 * s, 108 * s);
    g.lineTo(56 * s, 86 * s);
    g.closePath();
    g.fill();
    // the heart
    g.fillStyle = '#e2574c';
    g.beginPath();
    const x = 64 * s, y = 48 * s, r = 11 * s;
    g.moveTo(x, y + 26 * s);
    g.bezierCurveTo(x - 30 * s, y + 6 * s, x - 20 * s, y - r - 6 * s, x, y - 2 * s);
    g.bezierCurveTo(x + 20 * s, y - r - 6 * s, x + 30 * s, y + 6 * s, x, y + 26 * s);
    g.fill();
    return c.toDataURL('image/png');
  }, size);
  await writeFile(join(out, `rapport-${size}.png`), Buffer.from(dataUrl.split(',')[1], 'base64'));
}
await browser.close();
console.log(`icons written to ${out}`);
