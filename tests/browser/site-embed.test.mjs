// site-embed.test.mjs: /embed.html works inside an <iframe> of a page served from another localhost
// port (another origin, as a course site would be): the lesson renders with minimal chrome, its
// steps work, and it reports its height to the parent with postMessage, which the parent uses to
// size the frame (the README's snippet).
import test from 'node:test';
import http from 'node:http';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, startServer } from './browser.mjs';

// The README's listener, verbatim in spirit: fit the frame to the height posenc reports.
const hostPage = (src) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>course</title></head>
<body><h1>A course page</h1>
<iframe id="posenc" src="${src}" title="posenc lesson" width="800" height="200"></iframe>
<script>
window.reports = [];
window.addEventListener('message', (e) => {
  const frame = document.getElementById('posenc');
  if (e.source !== frame.contentWindow || e.data?.type !== 'posenc:height') return;
  window.reports.push({ origin: e.origin, height: e.data.height, lesson: e.data.lesson });
  frame.height = String(e.data.height);
});
</script></body></html>`;

test('the embed page works in an iframe on another origin and reports its height', async (t) => {
  const site = await startServer({ port: 0 });
  const src = `${site.url}embed.html?lesson=six-words-2d&lang=ja`;
  const host = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(hostPage(src));
  });
  await new Promise((r) => host.listen(0, 'localhost', r));
  const hostUrl = `http://localhost:${host.address().port}/`;
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await site.close(); await new Promise((r) => host.close(r)); });

  const { page, problems } = await openPage(browser.context, hostUrl);
  assert.notEqual(new URL(hostUrl).origin, new URL(site.url).origin);
  const frame = page.frameLocator('#posenc');
  await frame.locator('article.lesson[data-step="1"]').waitFor();
  assert.equal(await frame.locator('article.lesson').getAttribute('data-lesson'), 'six-words-2d');
  assert.equal(await frame.locator('html').getAttribute('lang'), 'ja');
  assert.equal(await frame.locator('.site-head').count(), 0, 'no site header in embed mode');
  await page.waitForFunction(() => window.reports.length > 0 && Number(document.getElementById('posenc').height) > 300);
  const reports = await page.evaluate(() => window.reports);
  assert.equal(reports.at(-1).origin, new URL(site.url).origin);
  assert.equal(reports.at(-1).lesson, 'six-words-2d');
  // the frame now fits the content: the reported height is the document's height
  const inner = await frame.locator('html').evaluate((h) => Math.ceil(h.getBoundingClientRect().height));
  assert.ok(Math.abs(reports.at(-1).height - inner) <= 2, `reported ${reports.at(-1).height}, document ${inner}`);
  // steps work inside the frame, and a taller step reports again
  const before = reports.length;
  await frame.locator('.pager .next').click();
  await frame.locator('article.lesson[data-step="2"]').waitFor();
  await page.waitForFunction((n) => window.reports.length > n, before);
  assert.equal(await frame.locator('a.open-full').getAttribute('target'), '_blank');
  // The frame's own requests go to posenc's origin (the host's "offsite"), nowhere else.
  const elsewhere = problems.offsite.filter((u) => !u.startsWith(site.url));
  assert.deepEqual({ ...problems, offsite: elsewhere }, { console: [], page: [], failed: [], offsite: [] });
});
