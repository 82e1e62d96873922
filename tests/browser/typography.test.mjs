// typography.test.mjs: math is set in the math font the site ships (STIX Two Math, copied from npm
// into dist/fonts/ and declared with @font-face under the CSP), on every machine: the font loads
// from the site itself and Chromium really draws a <math> element's glyphs with it. Japanese
// headings wrap in balanced lines between phrases, never inside a word.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, startServer } from './browser.mjs';

test('the shipped math font is loaded and draws the math of a lesson', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const { page, problems } = await openPage(browser.context, `${server.url}?lesson=sinusoidal&step=1&lang=en`);
  await page.waitForSelector('pe-math math');
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    const face = [...document.fonts].find((f) => f.family.replace(/"/g, '') === 'posenc STIX Two Math');
    return { status: face?.status, check: document.fonts.check('20px "posenc STIX Two Math"', '∑√ω') };
  });
  assert.deepEqual(fonts, { status: 'loaded', check: true });
  // The platform font Chromium used for the glyphs of the first display formula.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'pe-math math mi' });
  const used = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  assert.ok(used.fonts.some((f) => f.familyName === 'STIX Two Math' && f.isCustomFont), JSON.stringify(used.fonts));
  assert.ok(problems.failed.length === 0 && problems.console.length === 0, JSON.stringify(problems));
});

test('Japanese headings wrap in balanced lines, between phrases where the browser can', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const { page } = await openPage(browser.context, `${server.url}?lesson=attention-lab&step=1&lang=ja`);
  await page.waitForSelector('html[data-ready="lesson"]', { state: 'attached' });
  const h1 = await page.evaluate(() => {
    const cs = getComputedStyle(document.querySelector('.lesson-head h1'));
    return { wrap: cs.textWrap ?? cs.textWrapStyle, phrase: CSS.supports('word-break', 'auto-phrase'), wordBreak: cs.wordBreak };
  });
  assert.match(String(h1.wrap), /balance/);
  if (h1.phrase) assert.equal(h1.wordBreak, 'auto-phrase');
});
