// screenshots.mjs: PNG screenshots of the home page and three redesigned steps (sinusoidal step 2,
// the spread of columns; alibi step 6, the small multiples; rope step 5, the scaled points) in en,
// ja and zh, at 1280×800 (desktop) and 390×844 (phone), for the closing note of issue 11
// (docs/screenshots/README.md). Each step is shot with its chart scrolled to the top of the
// window, after the page says it is ready (html[data-ready]), every block has drawn (no
// .block-loading) and the fonts have loaded.
//   node scripts/screenshots.mjs                          → dist/ into docs/screenshots/after/
//   node scripts/screenshots.mjs --root ../before/dist --out docs/screenshots/before
// Uses playwright-core with Debian's Chromium (/usr/bin/chromium, CHROMIUM_PATH overrides) and
// scripts/serve.mjs on a free port; CJK text needs a CJK font on the machine (fonts-noto-cjk).
// When ImageMagick's convert is on the PATH, each PNG is reduced to a 256-colour palette (a third
// of the size, no visible change for flat UI colours).
// Leaves out: comparing images (a person reads them) and the 700 px embed width.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, DIST } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const root = path.resolve(opt('root', DIST));
const out = path.resolve(opt('out', path.join(here, '..', 'docs', 'screenshots', 'after')));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
export const LANGUAGES = ['en', 'ja', 'zh'];
// The steps, and the block each is about (scrolled to the top of the window).
export const SHOTS = [
  { name: 'sinusoidal-2', lesson: 'sinusoidal', step: 2, block: 'pe-plot' },
  { name: 'alibi-6', lesson: 'alibi', step: 6, block: 'pe-heatmap' },
  { name: 'rope-5', lesson: 'rope', step: 5, block: 'pe-plot' },
];

if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`screenshots: ${root} has no index.html; build the site first (bash scripts/build.sh)`);
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });
const hasConvert = spawnSync('convert', ['-version']).status === 0;

async function settle(page) {
  await page.waitForSelector('html[data-ready]', { state: 'attached', timeout: 60000 });
  await page.waitForFunction(() => !document.querySelector('.block-loading'), null, { timeout: 60000 });
  await page.evaluate(() => document.fonts.ready);
  // Two animation frames: the last layout and paint after the data arrived.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function shoot(page, file) {
  const target = path.join(out, file);
  await page.screenshot({ path: target, animations: 'disabled', caret: 'hide' });
  if (hasConvert) spawnSync('convert', [target, '-colors', '256', `PNG8:${target}`]);
  console.log(`${path.relative(process.cwd(), target)} (${Math.round(fs.statSync(target).size / 1024)} KB)`);
}

const server = await startServer({ root, port: 0 });
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'posenc-shots-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--no-first-run', '--disable-background-networking'],
  reducedMotion: 'reduce',
});
try {
  // The home page first, before any lesson is visited: no progress marks, no "Continue".
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(`${server.url}?lang=en`);
    await settle(page);
    await shoot(page, `home-en-${size}.png`);
    await page.close();
  }
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    for (const lang of LANGUAGES) {
      for (const s of SHOTS) {
        await page.goto(`${server.url}?lesson=${s.lesson}&step=${s.step}&lang=${lang}`);
        await settle(page);
        const block = page.locator(`article.lesson ${s.block}`).first();
        if (await block.count()) {
          await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
          await page.evaluate(() => window.scrollBy(0, -16));
        }
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await shoot(page, `${s.name}-${lang}-${size}.png`);
      }
    }
    await page.close();
  }
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
  await server.close();
}
