// experiment.mjs (npm run bench:experiment): the default "Train short, test long" experiment as a
// learner runs it — the lesson's own inputs, its Train button, its Web Workers — in headless
// Chromium on the built site (dist/), timed from the click to the first loss curve on screen and to
// the last run's end, and its length-generalisation table (the lesson's results table: last
// training loss and accuracy at 1×, 2× and 4× the training length, one row per scheme and RoPE with
// interpolation). Prints both, and what the lesson's prose says about the run (steps 3 and 4), and
// writes the times and the table to the "Default experiment" section of docs/performance.md (only
// that section; the rest of the file is left as it is).
// The issue's budget: first curve within a few seconds, the whole experiment under a minute on this
// 2-core machine. Times are wall-clock (the learner's wait), so they grow with the machine's load,
// printed beside them; the numbers of the table do not (every run is seeded: the same in any
// browser, in Node and natively).
// Leaves out: other lessons' experiments, non-default inputs (the playground sets those).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMeasured } from './performance-doc.mjs';
import { launchBrowser, openPage, startServer } from '../tests/browser/browser.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lesson = JSON.parse(fs.readFileSync(path.join(top, 'tutorials', 'lessons', 'train-short-test-long.json'), 'utf8'));
const server = await startServer({ port: 0 });
const browser = await launchBrowser();
let first, whole, head, rows, version;
const prose = [];  // what the lesson's steps 3 and 4 say about this run (printed, not written)
try {
  const { page, problems } = await openPage(browser.context, `${server.url}?lesson=train-short-test-long&step=2&lang=en`);
  page.setDefaultTimeout(300000);
  version = (await page.evaluate(() => navigator.userAgent)).match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium';
  await page.locator('article.lesson[data-step="2"]').waitFor();
  await page.waitForFunction(() => !document.querySelector('.block-loading'));
  const t0 = Date.now();
  await page.locator('pe-experiment button.exp-run').click();
  await page.locator('pe-experiment .exp-loss svg path').first().waitFor();
  first = (Date.now() - t0) / 1000;
  await page.locator('pe-experiment[data-status="done"]').waitFor();
  whole = (Date.now() - t0) / 1000;
  const findings = async () => (await page.locator('section.step pe-prose').allInnerTexts()).join('\n');
  await page.locator('button.next').click();
  await page.locator('article.lesson[data-step="3"] pe-experiment[data-status="done"]').waitFor();
  prose.push(await findings());
  await page.locator('button.next').click();
  await page.locator('article.lesson[data-step="4"]').waitFor();
  await page.locator('table.exp-results tbody tr').first().waitFor();
  head = await page.locator('table.exp-results thead th').allInnerTexts();
  rows = await page.locator('table.exp-results tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? tr.dataset.run, ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent)]));
  prose.push(await findings());
  const issues = [...problems.console, ...problems.page, ...problems.failed, ...problems.offsite];
  if (issues.length) throw new Error(`the page reported problems: ${issues.join('; ')}`);
} finally {
  await browser.close();
  await server.close();
}

const exp = lesson.experiments.lengths;
const value = (name) => lesson.inputs[name].value;
const m = exp.model;
const setting = `task ${value('task')}, training length ${value('Ltrain')}, ${value('steps')} steps of batch ${exp.train.batch}, ` +
  `lr ${exp.train.lr} (AdamW), seed ${value('seed')}; D = ${m.width}, H = ${m.heads}, N = ${m.layers}, vocabulary ${m.vocab}; ` +
  `accuracy on ${exp.eval.batches} × ${exp.eval.batch} held-out sequences per length`;
const table = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const cpu = os.cpus();
const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
const machine = `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; ${version} headless; load average after the run (1 / 5 / 15 min): ${load}`;
const times = `First loss curve on screen ${first.toFixed(1)} s after Train, all ${rows.length - 1} training runs (and the interpolated RoPE curve) done after ${whole.toFixed(1)} s (wall clock).`;
console.log(`Train short, test long, defaults: ${setting}\n${machine}\n${times}\n\n${table}\n\n${prose.join('\n\n')}`);

const measured = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:experiment\` (bench/experiment.mjs) on ${machine}.`,
  '',
  `Defaults: ${setting}. ${times}`,
  '',
  table,
  '',
].join('\n');
const doc = path.join(top, 'docs', 'performance.md');
writeMeasured(doc, 'experiment.mjs', 'Default experiment', measured);
