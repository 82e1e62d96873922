// perf-site.mjs (npm run perf:site): the tutorial site's three figures, measured in headless
// Chromium on localhost against the built site (POSENC_DIST, default dist/), printed and written
// to the "Tutorial site" section of docs/performance.md (only that section is touched).
//   1. bytes transferred to open the first lesson (token-plus-position, step 1), compressed as
//      served: what Chromium received over http (gzip; Chromium asks for brotli only over https),
//      and the same files' brotli sizes;
//   2. navigation → first interactive table (an editable <input> cell inside a <table>), cold
//      cache, median of N runs (performance.now() from the navigation's time origin);
//   3. edit → updated tables: an `input` event on a cell of E until X's cells and the prose show
//      the new sum, layout forced, median and 95th percentile of 200 edits.
// Aims (issue 4): < 300 KB, < 1 s, < 16 ms. A script that prints figures, not a test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer } from '../tests/browser/browser.mjs';
import { DIST } from './serve.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 10);
const EDITS = 200;
const LESSON = '?lesson=token-plus-position&step=1&lang=en';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

const server = await startServer({ port: 0 });
const browser = await launchBrowser();
const results = {};
try {
  // 1 + 2: cold loads, bytes from the DevTools protocol, time from a MutationObserver in the page.
  const times = [];
  let transferred = 0, files = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const sizes = new Map();
    cdp.on('Network.responseReceived', (e) => sizes.set(e.requestId, { url: e.response.url, bytes: 0 }));
    cdp.on('Network.loadingFinished', (e) => { if (sizes.has(e.requestId)) sizes.get(e.requestId).bytes = e.encodedDataLength; });
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.querySelector('table input')) { window.firstTable = performance.now(); obs.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(server.url + LESSON);
    await page.waitForFunction(() => window.firstTable !== undefined && document.documentElement.dataset.ready);
    await page.waitForLoadState('networkidle');
    times.push(await page.evaluate(() => window.firstTable));
    if (run === 0) {
      files = [...sizes.values()].filter((s) => s.url.startsWith(server.url));
      transferred = files.reduce((n, s) => n + s.bytes, 0);
    }
    await page.close();
  }
  const brotli = files.reduce((n, s) => {
    const rel = decodeURIComponent(new URL(s.url).pathname).replace(/^\//, '') || 'index.html';
    const p = path.join(DIST, rel.endsWith('/') ? `${rel}index.html` : rel);
    const br = fs.existsSync(`${p}.br`) ? `${p}.br` : p;
    return n + (fs.existsSync(br) ? fs.statSync(br).size : s.bytes);
  }, 0);
  results.requests = files.length;
  results.transferred = transferred;
  results.brotli = brotli;
  results.firstTable = median(times);
  results.firstTableMax = Math.max(...times);

  // 3: edits on step 3, where E, P and X are all on screen with the prose that quotes X.
  const page = await browser.context.newPage();
  await page.goto(`${server.url}?lesson=token-plus-position&step=3&lang=en`);
  await page.waitForSelector('pe-matrix[data-name="X"] td');
  const edits = await page.evaluate(async (n) => {
    const input = document.querySelector('pe-matrix[data-name="E"] input[data-row="0"][data-col="0"]');
    const out = document.querySelector('pe-matrix[data-name="X"] tbody tr td');
    const ms = [];
    for (let k = 0; k < n; k++) {
      const v = (k % 9 + 1) / 10;
      const t0 = performance.now();
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      void document.body.offsetHeight; // force style and layout of everything that changed
      const t1 = performance.now();
      if (out.textContent !== (v + 0.1).toFixed(1)) throw new Error(`X[0][0] shows ${out.textContent} after E[0][0] = ${v}`);
      ms.push(t1 - t0);
      if (k % 20 === 0) await new Promise(requestAnimationFrame);
    }
    document.querySelector('.lesson-foot .reset').click();
    return ms;
  }, EDITS);
  results.editMedian = median(edits);
  results.editP95 = pct(edits, 0.95);
  results.chromium = browser.context.browser()?.version() ?? 'Chromium';
  await page.close();
} finally {
  await browser.close();
  await server.close();
}

const kb = (b) => (b / 1024).toFixed(1);
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const cpu = `${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores`;
const body = [
  `Measured ${when} UTC by \`npm run perf:site\` (scripts/perf-site.mjs) against \`${path.relative(top, DIST)}/\` on ${cpu}; headless Chromium ${results.chromium}, localhost, load average ${os.loadavg()[0].toFixed(2)}.`,
  '',
  '| figure | measured | aim |',
  '|---|---:|---:|',
  `| bytes to open the first lesson (\`${LESSON}\`), ${results.requests} requests, as transferred (gzip over http) | ${kb(results.transferred)} KB | < 300 KB |`,
  `| the same files brotli-compressed (what an https server sends from the .br files) | ${kb(results.brotli)} KB | |`,
  `| navigation → first interactive table, cold cache, median of ${RUNS} (slowest) | ${results.firstTable.toFixed(0)} ms (${results.firstTableMax.toFixed(0)} ms) | < 1 s |`,
  `| edit → updated tables (E cell → X and the prose), median of ${EDITS} (95th percentile) | ${results.editMedian.toFixed(2)} ms (${results.editP95.toFixed(2)} ms) | < 16 ms |`,
  '',
  'The first lesson loads only what step 1 needs: the page modules, the lesson\'s JSON files (data,',
  'prose, build-time MathML, UI strings, glossary) and the WASM core; heatmap and plot modules are',
  'loaded when a step shows one. KaTeX is not shipped: TeX is rendered to MathML at build time.',
].join('\n');

const section = `## Tutorial site\n\n<!-- scripts/perf-site.mjs: start -->\n${body}\n<!-- scripts/perf-site.mjs: end -->\n`;
const doc = path.join(top, 'docs', 'performance.md');
fs.mkdirSync(path.dirname(doc), { recursive: true });
let text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Performance\n';
const start = text.indexOf('## Tutorial site\n');
if (start >= 0) {
  const endMarker = '<!-- scripts/perf-site.mjs: end -->\n';
  const end = text.indexOf(endMarker, start);
  text = text.slice(0, start) + section + (end >= 0 ? text.slice(end + endMarker.length) : '');
} else {
  text = `${text.replace(/\n*$/, '\n')}\n${section}`;
}
fs.writeFileSync(doc, text);
console.log(body);
console.log(`\nwritten to ${path.relative(top, doc)} (section "Tutorial site")`);
