// package.test.mjs: the npm package as an author gets it. `npm pack` writes posenc-<version>.tgz;
// the tarball is unpacked into a scratch project's node_modules/posenc (no network, no registry),
// and the scratch project uses it three ways: Node imports `posenc` and computes sinusoidal(4, 4);
// a bundler-free page (an import map pointing into node_modules) imports `posenc` and
// `posenc/embed` in Chromium and shows a lesson; `tsc --noEmit` type-checks an example against the
// declarations and rejects a wrong one. Needs dist/ (node scripts/bundle.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openPage, startServer } from '../browser/browser.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(top, 'package.json'), 'utf8'));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'posenc-package-'));
const installed = path.join(scratch, 'node_modules', 'posenc');
let packed;

test.before(() => {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch, '--offline'], { cwd: top, encoding: 'utf8' });
  packed = JSON.parse(out)[0];
  fs.mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(scratch, packed.filename), '-C', installed, '--strip-components=1']);
  fs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'my-course', private: true, type: 'module' }));
});
test.after(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('npm pack writes posenc-<version>.tgz with the API, the WASM core, the types, the component, the lessons and the CLI', () => {
  assert.equal(packed.filename, `posenc-${pkg.version}.tgz`);
  const files = new Set(packed.files.map((f) => f.path));
  for (const f of ['dist/posenc.js', 'dist/api/posenc.js', 'dist/wasm/posenc_core.wasm', 'dist/wasm/posenc_core.mjs',
    'types/posenc.d.ts', 'types/embed.d.ts', 'dist/page/posenc-embed.js', 'dist/page/posenc-embed.css', 'dist/print.css',
    'dist/tutorials/lessons/index.json', 'dist/tutorials/lessons/rope.ja.json', 'dist/tutorials/lessons/rope.math.json',
    'schemas/lesson.schema.json', 'schemas/prose.schema.json', 'bin/posenc.mjs', 'bin/check.mjs', 'bin/preview.mjs',
    'scripts/tutorials.mjs', 'scripts/csp.mjs', 'package.json', 'README.md']) {
    assert.ok(files.has(f), `${f} is in the package`);
  }
  assert.equal([...files].filter((f) => /\.(gz|br)$/.test(f) || f.startsWith('tests/') || f.startsWith('cpp/')).length, 0, 'no precompressed copies, tests or sources');
});

test('Node imports posenc from the installed package and computes sinusoidal(4, 4)', () => {
  fs.writeFileSync(path.join(scratch, 'node.mjs'), `import { loadPosenc } from 'posenc';
const pe = await loadPosenc();
const P = pe.sinusoidal(4, 4);
console.log(JSON.stringify({ rows: P.rows, cols: P.cols, data: Array.from(P.data) }));
`);
  const P = JSON.parse(execFileSync(process.execPath, ['node.mjs'], { cwd: scratch, encoding: 'utf8' }));
  assert.deepEqual([P.rows, P.cols], [4, 4]);
  // The paper's formula, written out here: PE(pos, 2i) = sin(pos / 10000^(2i/D)), PE(pos, 2i+1) = cos(…).
  for (let pos = 0; pos < 4; pos++) for (let i = 0; i < 2; i++) {
    const angle = pos / 10000 ** ((2 * i) / 4);
    assert.ok(Math.abs(P.data[pos * 4 + 2 * i] - Math.sin(angle)) < 1e-6, `PE(${pos}, ${2 * i})`);
    assert.ok(Math.abs(P.data[pos * 4 + 2 * i + 1] - Math.cos(angle)) < 1e-6, `PE(${pos}, ${2 * i + 1})`);
  }
});

test('a bundler-free page imports posenc and posenc/embed through an import map', async (t) => {
  fs.writeFileSync(path.join(scratch, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>my course</title>
<link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "posenc": "./node_modules/posenc/dist/posenc.js", "posenc/embed": "./node_modules/posenc/dist/page/posenc-embed.js" } }</script>
<script type="module" src="main.js"></script></head>
<body><output id="value"></output><posenc-lesson lesson="sinusoidal" lang="en"></posenc-lesson></body></html>`);
  fs.writeFileSync(path.join(scratch, 'main.js'), `import { loadPosenc } from 'posenc';
import 'posenc/embed';
const pe = await loadPosenc();
document.getElementById('value').textContent = String(pe.sinusoidal(4, 4).data[4]);
`);
  // The author's own server, without posenc's CSP (an inline import map is the author's choice).
  const site = await startServer({ root: scratch, port: 0, headers: {} });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await site.close(); });
  const { page, problems } = await openPage(browser.context, `${site.url}index.html`);
  await page.waitForFunction(() => document.getElementById('value').textContent !== '');
  assert.ok(Math.abs(Number(await page.locator('#value').textContent()) - Math.sin(1)) < 1e-6);
  await page.waitForFunction(() => document.querySelector('posenc-lesson').dataset.ready === 'lesson');
  assert.equal(await page.locator('posenc-lesson article.lesson').getAttribute('data-lesson'), 'sinusoidal');
  assert.deepEqual(problems, { console: [], page: [], failed: [], offsite: [] });
});

const tsc = path.join(top, 'node_modules', '.bin', 'tsc');
const tsconfig = { compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], strict: true, noEmit: true, skipLibCheck: false }, files: [] };
function typecheck(name, source) {
  fs.writeFileSync(path.join(scratch, name), source);
  fs.writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({ ...tsconfig, files: [name] }));
  return spawnSync(tsc, ['--noEmit', '-p', 'tsconfig.json'], { cwd: scratch, encoding: 'utf8' });
}

test('tsc --noEmit type-checks an example against the declarations', () => {
  const r = typecheck('example.ts', `import { loadPosenc, type Matrix, type AttentionResult, type Model } from 'posenc';
import type { PosencStepDetail } from 'posenc/embed';
const pe = await loadPosenc();
const P: Matrix = pe.sinusoidal(4, 4, { layout: 'halves', base: 100 });
const rows: number[][] = pe.toRows(P);
const { output, weights }: AttentionResult = pe.attention(P, P, P, { heads: 2, causal: true, alibi: true });
const first: number = output.data[0] + (weights?.heads ?? 0) + rows[0][0];
const slopes: Float32Array = pe.alibiSlopes(8);
const buckets: Int32Array = pe.t5Buckets(4, 4, { numBuckets: 8 }).data;
const run = await pe.attentionAsync(P, P, P, { backend: 'wasm' });
const backend: 'webgpu' | 'wasm' = run.backend;
const model: Model = pe.createModel({ vocab: 8, width: 16, heads: 2, layers: 1, maxLength: 16, position: 'rope' });
const { tokens, targets } = pe.taskBatch('copy', { batch: 4, length: 9, vocab: 8, seed: 1 });
const loss: number = model.trainStep(tokens, targets, { batch: 4, length: 9, lr: 1e-3, clip: 1 });
const acc: number = model.evaluate('copy', { lengths: [9, 18] })[0].accuracy;
const losses: Float32Array = model.trainSteps('copy', { steps: 10, batch: 4, length: 9, lr: 1e-3, seed: 2 });
const needs: boolean = pe.tasks().find((task) => task.name === 'recall')!.needsCausal;
const params: number = model.info().parameterCount + losses.length + Number(needs);
model.dispose();
document.querySelector('posenc-lesson')?.addEventListener('posenc:step', (e) => {
  const d: PosencStepDetail = e.detail;
  console.log(d.step, d.stepId);
});
console.log(first, slopes, buckets, backend, loss, acc, params);
`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('tsc rejects a call that breaks the declarations (wrong argument, unknown option value)', () => {
  const r = typecheck('wrong.ts', `import { loadPosenc } from 'posenc';
const pe = await loadPosenc();
pe.sinusoidal('4', 4);
pe.rope(pe.sinusoidal(4, 4), { layout: 'diagonal' });
pe.createModel({ vocab: 8, width: 16, heads: 2, layers: 1, maxLength: 16, position: 'fourier' });
`);
  assert.notEqual(r.status, 0);
  const out = r.stdout + r.stderr;
  assert.match(out, /wrong\.ts\(3,/);
  assert.match(out, /wrong\.ts\(4,/);
  assert.match(out, /wrong\.ts\(5,/);
});

test('the installed package checks an author\'s lesson folder (posenc check, from dist/)', () => {
  fs.cpSync(path.join(top, 'examples', 'my-first-lesson'), path.join(scratch, 'lessons'), { recursive: true });
  const bin = path.join(installed, pkg.bin.posenc);
  const ok = spawnSync(process.execPath, [bin, 'check', 'lessons'], { cwd: scratch, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const lesson = JSON.parse(fs.readFileSync(path.join(scratch, 'lessons', 'my-first-lesson.json'), 'utf8'));
  lesson.compute.P.call = 'sinusoid';
  fs.writeFileSync(path.join(scratch, 'lessons', 'my-first-lesson.json'), JSON.stringify(lesson));
  const bad = spawnSync(process.execPath, [bin, 'check', 'lessons'], { cwd: scratch, encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /^lessons\/my-first-lesson\.json: \$\.compute\.P\.call: unknown-call: "sinusoid" is not a function of the posenc API/m);
});

test('the declarations name every function of the API object and every export of the module, and nothing else', async () => {
  const dts = fs.readFileSync(path.join(top, 'types', 'posenc.d.ts'), 'utf8');
  const body = /export interface Posenc \{([\s\S]*?)\n\}/.exec(dts)[1];
  const declared = new Set([...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]));
  const api = await import('../../web/posenc.js');
  const pe = await api.loadPosenc();
  const runtime = new Set(Object.keys(pe).filter((k) => typeof pe[k] === 'function'));
  assert.deepEqual([...runtime].filter((k) => !declared.has(k)), [], 'functions without a declaration');
  assert.deepEqual([...declared].filter((k) => !runtime.has(k)), [], 'declarations of functions that do not exist');
  const moduleDeclared = new Set([...dts.matchAll(/^export function (\w+)/gm)].map((m) => m[1]));
  assert.deepEqual(new Set(Object.keys(api)), moduleDeclared);
});
