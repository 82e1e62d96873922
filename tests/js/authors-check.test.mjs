// authors-check.test.mjs: `posenc check` (bin/check.mjs, bin/posenc.mjs) and the JSON Schemas.
// The example lesson folder passes; broken copies of it fail with messages that name the file, the
// JSON path and the rule; every built-in lesson file names its schema in `$schema` and validates
// against it; the validator itself rejects what each keyword forbids.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { validate } from '../../bin/json-schema.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = path.join(top, 'examples', 'my-first-lesson');
const cli = path.join(top, 'bin', 'posenc.mjs');
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const writeJson = (p, v) => fs.writeFileSync(p, JSON.stringify(v, null, 2));

function check(folder) {
  const r = spawnSync(process.execPath, [cli, 'check', folder], { cwd: top, encoding: 'utf8' });
  return { status: r.status, lines: r.stdout.trim().split('\n'), out: r.stdout + r.stderr };
}

// A copy of the example with one thing broken by `edit(folder)`.
function broken(t, edit) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posenc-check-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const folder = path.join(dir, 'my-first-lesson');
  fs.cpSync(example, folder, { recursive: true });
  const file = (name) => path.join(folder, name);
  edit({ file, lesson: readJson(file('my-first-lesson.json')), save: (name, v) => writeJson(file(name), v) });
  return folder;
}
const lineFor = (r, file, jsonPath, rule) => r.lines.find((l) => l.startsWith(`${file}: ${jsonPath}: ${rule}: `));

test('posenc check passes on the example lesson folder', () => {
  const r = check(path.relative(top, example));
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /my-first-lesson: no problems/);
});

test('an unknown API call is named with the file, the JSON path, the rule and a suggestion', (t) => {
  const folder = broken(t, ({ lesson, save }) => { lesson.compute.P.call = 'sinusoidl'; save('my-first-lesson.json', lesson); });
  const r = check(folder);
  assert.equal(r.status, 1);
  const line = lineFor(r, path.relative(top, path.join(folder, 'my-first-lesson.json')), '$.compute.P.call', 'unknown-call');
  assert.ok(line, r.out);
  assert.match(line, /"sinusoidl" is not a function of the posenc API \(did you mean "sinusoidal"\?\)/);
});

test('a prose key missing in one language is named in that language\'s file', (t) => {
  const folder = broken(t, ({ file, save }) => {
    const zh = readJson(file('my-first-lesson.zh.json'));
    delete zh.steps['dot-products'].after;
    save('my-first-lesson.zh.json', zh);
  });
  const r = check(folder);
  assert.equal(r.status, 1);
  const line = lineFor(r, path.relative(top, path.join(folder, 'my-first-lesson.zh.json')), '$.steps["dot-products"].after', 'missing-prose-key');
  assert.ok(line, r.out);
  assert.equal(r.lines.filter((l) => l.includes('missing-prose-key')).length, 1, 'reported once');
});

test('broken references: an @argument, a block\'s name, a placeholder and a glossary term', (t) => {
  const folder = broken(t, ({ file, lesson, save }) => {
    lesson.compute.s0.args[0] = '@Sim';
    lesson.steps[0].blocks[3].heatmap = 'PP';
    save('my-first-lesson.json', lesson);
    const en = readJson(file('my-first-lesson.en.json'));
    en.steps.vectors.intro[0] += ' {Width} [[sinusoid]]';
    save('my-first-lesson.en.json', en);
  });
  const r = check(folder);
  assert.equal(r.status, 1);
  const data = path.relative(top, path.join(folder, 'my-first-lesson.json'));
  const en = path.relative(top, path.join(folder, 'my-first-lesson.en.json'));
  assert.match(lineFor(r, data, '$.compute.s0.args[0]', 'broken-reference') ?? r.out, /@Sim names no input or computation \(did you mean "S"\?\)/);
  assert.match(lineFor(r, data, '$.steps[0].blocks[3].heatmap', 'broken-reference') ?? r.out, /"PP" names no input or computation/);
  const prose = r.lines.filter((l) => l.startsWith(`${en}: $.steps.vectors.intro[0]: broken-reference: `));
  assert.equal(prose.length, 2, r.out);
  assert.match(prose.join('\n'), /\{Width\} names no input or computation/);
  assert.match(prose.join('\n'), /\[\[sinusoid\]\] is not a glossary term/);
});

test('an integer input without bounds, and missing sources, are refused by their rules', (t) => {
  const folder = broken(t, ({ lesson, save }) => {
    delete lesson.inputs.L.max;
    delete lesson.sources;
    save('my-first-lesson.json', lesson);
  });
  const r = check(folder);
  assert.equal(r.status, 1);
  const data = path.relative(top, path.join(folder, 'my-first-lesson.json'));
  assert.match(lineFor(r, data, '$.inputs.L', 'input-without-bounds') ?? r.out, /has no max/);
  assert.ok(lineFor(r, data, '$.sources', 'missing-sources'), r.out);
  assert.equal(r.lines.filter((l) => l.includes('sources')).length, 1, `one message for the missing sources:\n${r.out}`);
});

test('a missing language file and a schema violation are named', (t) => {
  const folder = broken(t, ({ file, lesson, save }) => {
    fs.rmSync(file('my-first-lesson.ja.json'));
    lesson.steps[2].blocks[2].digits = 'two';
    lesson.steps[1].blocks[0].colour = 'red';
    save('my-first-lesson.json', lesson);
  });
  const r = check(folder);
  assert.equal(r.status, 1);
  const data = path.relative(top, path.join(folder, 'my-first-lesson.json'));
  assert.ok(lineFor(r, path.relative(top, path.join(folder, 'my-first-lesson.ja.json')), '$', 'missing-language'), r.out);
  assert.match(lineFor(r, data, '$.steps[2].blocks[2].digits', 'schema:type') ?? r.out, /must be integer/);
  assert.ok(lineFor(r, data, '$.steps[1].blocks[0].colour', 'schema:additionalProperties'), r.out);
});

test('every built-in lesson file names its schema in $schema (first key) and validates against it', () => {
  const schemas = {
    lesson: readJson(path.join(top, 'schemas', 'lesson.schema.json')),
    prose: readJson(path.join(top, 'schemas', 'prose.schema.json')),
  };
  const dir = path.join(top, 'tutorials', 'lessons');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');
  assert.ok(files.length >= 13 * 4);
  for (const f of files) {
    const kind = /\.[a-z]{2,3}\.json$/.test(f) ? 'prose' : 'lesson';
    const value = readJson(path.join(dir, f));
    assert.equal(Object.keys(value)[0], '$schema', `${f}: $schema is the first key`);
    assert.equal(value.$schema, `../../schemas/${kind}.schema.json`, `${f}: $schema points at the ${kind} schema`);
    assert.deepEqual(validate(schemas[kind], value), [], `${f} validates against schemas/${kind}.schema.json`);
  }
});

test('the validator rejects what each keyword forbids', () => {
  const schema = {
    type: 'object', required: ['a'], additionalProperties: false,
    properties: { a: { type: 'integer', minimum: 1, maximum: 3 }, b: { enum: ['x', 'y'] }, c: { type: 'array', minItems: 2, items: { type: 'string', pattern: '^k' } }, d: { anyOf: [{ type: 'string' }, { type: 'boolean' }] }, f: { anyOf: [{ required: ['p', 'q'] }, { required: ['r', 's'] }] } },
  };
  assert.deepEqual(validate(schema, { a: 2, b: 'x', c: ['k1', 'k2'], d: true }), []);
  const rules = (v) => validate(schema, v).map((e) => `${e.path} ${e.rule}`);
  assert.deepEqual(rules({}), ['$ schema:required']);
  assert.deepEqual(rules({ a: 1.5 }), ['$.a schema:type']);
  assert.deepEqual(rules({ a: 4 }), ['$.a schema:maximum']);
  assert.deepEqual(rules({ a: 0 }), ['$.a schema:minimum']);
  assert.deepEqual(rules({ a: 1, b: 'z' }), ['$.b schema:enum']);
  assert.deepEqual(rules({ a: 1, c: ['k'] }), ['$.c schema:minItems']);
  assert.deepEqual(rules({ a: 1, c: ['k', 'j'] }), ['$.c[1] schema:pattern']);
  // anyOf: the closest alternative's one problem, else "matches none of the forms".
  assert.deepEqual(rules({ a: 1, d: 3 }), ['$.d schema:type']);
  assert.deepEqual(rules({ a: 1, f: {} }), ['$.f schema:anyOf']);
  assert.deepEqual(rules({ a: 1, e: 1 }), ['$.e schema:additionalProperties']);
  assert.throws(() => validate({ format: 'email' }, 'x'), /keyword format is not supported/);
});
