// core-errors.test.mjs: on Japanese and Chinese pages a refusal of the core is worded in the
// learner's language (from the error's code and values: ui.<lang>.json coreError.<code>), with the
// core's English message kept on hover; and the page enforces an input's `step` rule itself: an
// odd D where D goes in steps of 2 is refused with a message in the page's language before the
// core sees it (the results keep their last good values).
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer } from './browser.mjs';
import { CLEAN, lessonUrl, settled, setInput } from './lesson-page.mjs';
import { watchPage } from './browser.mjs';

test('core errors and step rules are worded in Japanese and Chinese', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const site = { url: server.url };
  const expected = {
    ja: { past: '位置 ID 7 は範囲 0 … 5 の外です。', step: /^9 は 8 から 2 刻みの値ではありません（8、10、… のいずれか）。/ },
    zh: { past: '位置编号 7 超出范围 0 … 5。', step: /^9 不是从 8 起每隔 2 的取值（可取 8、10、…）。/ },
  };
  for (const lang of ['ja', 'zh']) {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.addInitScript(() => localStorage.clear());
    await page.goto(lessonUrl(site, 'learned-absolute', 3, lang));
    await settled(page, 3);
    const error = page.locator('pe-node-error code').first();
    assert.equal(await error.textContent(), expected[lang].past);
    assert.equal(await error.getAttribute('title'), "position id 7 is outside the table's 6 rows");

    await page.goto(lessonUrl(site, 'sinusoidal', 2, lang));
    await settled(page, 2);
    const before = await page.locator('pe-heatmap svg title').first().textContent();
    await setInput(page, 'D', 9);
    const message = page.locator('pe-input[data-name="D"] .input-message');
    await page.waitForFunction(() => document.querySelector('pe-input[data-name="D"] .input-message')?.textContent);
    assert.match(await message.textContent(), expected[lang].step);
    assert.equal(await page.locator('pe-input[data-name="D"] input[type="text"]').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.compute-failed').count(), 0, 'the core never saw D = 9');
    assert.equal(await page.locator('pe-heatmap svg title').first().textContent(), before, 'the results keep their last good values');
    assert.deepEqual(problems, CLEAN);
    await page.close();
  }
});
