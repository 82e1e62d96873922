// browser.mjs: shared set-up for the Playwright tests: Debian's Chromium (never a downloaded
// browser), headless, optionally with WebGPU (SwiftShader on CPU-only machines), plus the site
// served from dist/ on a free localhost port. useSite() gives a test file its one Chromium and
// its one server, started before its first test and closed after its last.
// Service workers are blocked unless a test asks for them (serviceWorkers: 'allow'; only
// offline.test.mjs, which tests sw.js, does): in a fresh profile the worker precaches the whole
// build on the first page and then answers every request in its own thread, which made each page
// load about half again as costly in CPU while the other tests check the pages as the server
// serves them.
import test from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser({ webgpu = false, serviceWorkers = 'block' } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'posenc-chromium-'));
  const args = [
    '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
  ];
  if (webgpu) args.push('--enable-unsafe-webgpu');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args, serviceWorkers,
  });
  // A page's waitForFunction polls every 50 ms unless told otherwise, not on every animation frame
  // (Playwright's default): a frame-by-frame poll keeps the renderer drawing frames for as long as
  // the wait lasts, about 0.17 CPU seconds per second of waiting here, against 0.02 every 100 ms.
  const newPage = context.newPage.bind(context);
  context.newPage = async (...options) => {
    const page = await newPage(...options);
    const waitForFunction = page.waitForFunction.bind(page);
    page.waitForFunction = (fn, arg, waitOptions) => waitForFunction(fn, arg, { polling: 50, ...waitOptions });
    return page;
  };
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export { startServer };

// Records on `page` console errors, page errors, failed requests and every request that leaves
// `origin`; returns the lists (filled as the page runs).
export function watchPage(page, origin) {
  const problems = { console: [], page: [], failed: [], offsite: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
  page.on('pageerror', (e) => problems.page.push(String(e)));
  page.on('requestfailed', (r) => problems.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.offsite.push(u);
  });
  return problems;
}

// Opens `url` in a new page and records its problems (watchPage).
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = watchPage(page, new URL(url).origin);
  await page.goto(url);
  return { page, problems };
}

// One Chromium and one server for the whole test file (call once, at the file's top level):
//   const site = useSite();  …  openPage(site.context, `${site.url}?lesson=…`)
export function useSite({ webgpu = false } = {}) {
  const site = { url: null, context: null, server: null, browser: null };
  test.before(async () => {
    site.server = await startServer({ port: 0 });
    site.browser = await launchBrowser({ webgpu });
    site.url = site.server.url;
    site.context = site.browser.context;
  });
  test.after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
