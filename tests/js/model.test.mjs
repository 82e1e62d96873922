// model.test.mjs: the training engine's JS API (web/api/model.js) end to end through the real WASM
// build: models of every position scheme, forward and loss against a log-softmax computed here,
// AdamW's first step, trainSteps against a loop of trainStep, evaluation, the tasks, every refusal
// (each message names the value and the rule), disposal, and a flat heap after 10,000 steps.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPosenc } from '../../web/posenc.js';

const pe = await loadPosenc();

const SCHEMES = ['none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5', 'shaw'];
const tiny = (extra = {}) => ({ vocab: 8, width: 16, heads: 2, layers: 2, mlpWidth: 32, maxLength: 16, position: 'rope', ...extra });

// Runs f with a fresh model and disposes it afterwards.
function withModel(config, f) {
  const model = pe.createModel(config);
  try {
    return f(model);
  } finally {
    model.dispose();
  }
}

// Mean −log softmax(logits_r)[target_r] over scored rows, in double.
function crossEntropy(logits, targets) {
  const V = logits.cols;
  let sum = 0, n = 0;
  for (let r = 0; r < logits.rows; r++) {
    if (targets[r] < 0) continue;
    const row = logits.data.subarray(r * V, (r + 1) * V);
    const top = Math.max(...row);
    const lse = Math.log(row.reduce((s, x) => s + Math.exp(x - top), 0)) + top;
    sum += lse - row[targets[r]];
    n++;
  }
  return sum / n;
}

test('every position scheme makes a model with the parameters the issue names, in its order and shapes', () => {
  for (const position of SCHEMES) {
    withModel(tiny({ position, shaw: { maxDistance: 3 }, t5: { numBuckets: 8, maxDistance: 16 } }), (model) => {
      const info = model.info();
      const expected = ['wte'];
      if (position === 'learned') expected.push('wpe');
      if (position === 't5') expected.push('t5');
      for (let n = 0; n < 2; n++) {
        expected.push(`h.${n}.ln1.weight`, `h.${n}.ln1.bias`, `h.${n}.ln2.weight`, `h.${n}.ln2.bias`,
          `h.${n}.attn.wq`, `h.${n}.attn.wk`, `h.${n}.attn.wv`, `h.${n}.attn.wo`);
        if (position === 'shaw') expected.push(`h.${n}.attn.shaw_k`, `h.${n}.attn.shaw_v`);
        expected.push(`h.${n}.mlp.w1`, `h.${n}.mlp.w2`);
      }
      expected.push('lnf.weight', 'lnf.bias', 'head');
      assert.deepEqual(info.names, expected, position);
      const params = model.parameters();
      assert.deepEqual(Object.keys(params), expected);
      assert.deepEqual([params.wte.rows, params.wte.cols], [8, 16]);
      assert.deepEqual([params.head.rows, params.head.cols], [16, 8]);
      assert.deepEqual([params['h.1.mlp.w1'].rows, params['h.1.mlp.w1'].cols], [16, 32]);
      if (position === 'learned') assert.deepEqual([params.wpe.rows, params.wpe.cols], [16, 16]);
      if (position === 't5') assert.deepEqual([params.t5.rows, params.t5.cols], [8, 2]);
      if (position === 'shaw') assert.deepEqual([params['h.0.attn.shaw_k'].rows, params['h.0.attn.shaw_k'].cols], [7, 8]);
      assert.deepEqual(Array.from(params['h.0.ln1.weight'].data), new Array(16).fill(1));
      assert.equal(info.parameterCount, Object.values(params).reduce((s, m) => s + m.rows * m.cols, 0));
      assert.equal(info.steps, 0);
    });
  }
});

test('a concatenated position keeps positionWidth columns of its own beside the token columns', () => {
  // width 24 = 16 token columns + 8 position columns; every layer is 24 wide.
  for (const position of ['learned', 'sinusoidal']) {
    withModel(tiny({ position, combine: 'concat', positionWidth: 8, width: 24 }), (model) => {
      const info = model.info();
      assert.equal(info.combine, 'concat');
      assert.equal(info.positionWidth, 8);
      assert.equal(info.width, 24);
      const params = model.parameters();
      assert.deepEqual([params.wte.rows, params.wte.cols], [8, 16], position);
      assert.deepEqual([params['h.0.attn.wq'].rows, params['h.0.attn.wq'].cols], [24, 24]);
      assert.deepEqual([params.head.rows, params.head.cols], [24, 8]);
      if (position === 'learned') assert.deepEqual([params.wpe.rows, params.wpe.cols], [16, 8]);
      else assert.ok(!('wpe' in params));
      // The model learns: a few AdamW steps on the position task lower the loss.
      const { tokens, targets } = pe.taskBatch('position', { batch: 4, length: 10, vocab: 8, seed: 3 });
      const shape = { batch: 4, length: 10 };
      const before = model.lossAndGradients(tokens, targets, shape).loss;
      for (let i = 0; i < 20; i++) model.trainStep(tokens, targets, { ...shape, lr: 0.01 });
      assert.ok(model.lossAndGradients(tokens, targets, shape).loss < before - 0.1, position);
    });
  }
  withModel(tiny({ position: 'learned' }), (model) => {
    assert.equal(model.info().combine, 'add');
    assert.equal(model.info().positionWidth, 0);
  });
});

test('the same seed gives the same model and logits; another seed another model', () => {
  const { tokens } = pe.taskBatch('copy', { batch: 2, length: 9, vocab: 8, seed: 4 });
  const run = (seed) => withModel(tiny({ seed }), (m) => m.forward(tokens, { batch: 2, length: 9 }).logits);
  const a = run(5), b = run(5), c = run(6);
  assert.deepEqual([a.rows, a.cols], [18, 8]);
  assert.deepEqual(a.data, b.data);
  assert.notDeepEqual(a.data, c.data);
});

test('lossAndGradients gives the cross-entropy of forward\'s logits over the scored positions', () => {
  for (const position of SCHEMES) {
    withModel(tiny({ position, causal: position !== 'alibi' }), (model) => {
      const { tokens, targets } = pe.taskBatch('position', { batch: 3, length: 10, vocab: 8, seed: 2 });
      const { logits } = model.forward(tokens, { batch: 3, length: 10 });
      const { loss, gradients } = model.lossAndGradients(tokens, targets, { batch: 3, length: 10 });
      assert.ok(Math.abs(loss - crossEntropy(logits, targets)) < 1e-5, `${position}: ${loss}`);
      assert.deepEqual(Object.keys(gradients), model.info().names);
      assert.ok(gradients.head.data.some((g) => g !== 0));
    });
  }
});

test('a first trainStep returns the loss before it and moves each weight by about lr against its gradient', () => {
  withModel(tiny(), (model) => {
    const { tokens, targets } = pe.taskBatch('copy', { batch: 4, length: 9, vocab: 8, seed: 1 });
    const before = model.parameters();
    const { loss, gradients } = model.lossAndGradients(tokens, targets, { batch: 4, length: 9 });
    const lr = 0.01;
    assert.equal(model.trainStep(tokens, targets, { batch: 4, length: 9, lr }), loss);
    const after = model.parameters();
    // AdamW's step 1: m̂ = g, v̂ = g², so Δθ = −lr·g/(|g| + 1e-8) ≈ −lr·sign(g).
    let checked = 0;
    for (const name of ['head', 'h.1.attn.wq', 'wte']) {
      const g = gradients[name].data;
      for (let i = 0; i < g.length; i++) {
        if (Math.abs(g[i]) < 1e-4) continue;
        const delta = after[name].data[i] - before[name].data[i];
        assert.ok(Math.abs(delta + lr * Math.sign(g[i])) < 1e-5, `${name}[${i}]: Δ ${delta}, g ${g[i]}`);
        checked++;
      }
    }
    assert.ok(checked > 100);
    assert.equal(model.info().steps, 1);
    // The next loss on the same batch is lower.
    assert.ok(model.lossAndGradients(tokens, targets, { batch: 4, length: 9 }).loss < loss);
  });
});

test('trainSteps trains on taskBatch index t at step t, as a loop of trainStep over those batches does', () => {
  const opts = { batch: 4, length: 9, lr: 0.003, weightDecay: 0.01, clip: 1 };
  const a = pe.createModel(tiny({ position: 't5' }));
  const b = pe.createModel(tiny({ position: 't5' }));
  try {
    const losses = a.trainSteps('reverse', { steps: 6, seed: 17, ...opts });
    assert.ok(losses instanceof Float32Array);
    assert.equal(losses.length, 6);
    for (let t = 0; t < 6; t++) {
      const { tokens, targets } = pe.taskBatch('reverse', { batch: 4, length: 9, vocab: 8, seed: 17, index: t });
      assert.equal(b.trainStep(tokens, targets, opts), losses[t]);
    }
    assert.deepEqual(a.parameters(), b.parameters());
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('the same seeds give the same loss curve; training on copy lowers the loss and raises the accuracy', () => {
  const curve = () => withModel(tiny({ seed: 2 }), (m) => {
    const losses = m.trainSteps('copy', { steps: 300, batch: 16, length: 11, lr: 0.01, seed: 3 });
    return { losses, eval: m.evaluate('copy', { lengths: [11, 21], batches: 2, seed: 99 }) };
  });
  const a = curve(), b = curve();
  assert.deepEqual(a.losses, b.losses);
  assert.deepEqual(a.eval, b.eval);
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(mean(a.losses.slice(-20)) < 0.5 * mean(a.losses.slice(0, 20)), `${a.losses[0]} → ${a.losses.at(-1)}`);
  assert.equal(a.eval.length, 2);
  assert.deepEqual(a.eval.map((r) => r.length), [11, 21]);
  assert.equal(a.eval[0].scored, 2 * 16 * 5);
  assert.ok(a.eval[0].accuracy > 0.9, `accuracy ${a.eval[0].accuracy}`);
  for (const r of a.eval) assert.ok(r.accuracy >= 0 && r.accuracy <= 1 && r.loss >= 0);
});

test('attentionWeights gives one H×L×L tensor per layer whose rows sum to 1, zero above the diagonal when causal', () => {
  withModel(tiny({ position: 'alibi' }), (model) => {
    const { tokens } = pe.taskBatch('copy', { batch: 1, length: 7, vocab: 8, seed: 0 });
    const weights = model.attentionWeights(tokens, { length: 7 });
    assert.equal(weights.length, 2);
    for (const w of weights) {
      assert.deepEqual([w.heads, w.rows, w.cols], [2, 7, 7]);
      for (let h = 0; h < 2; h++)
        for (let i = 0; i < 7; i++) {
          let sum = 0;
          for (let j = 0; j < 7; j++) {
            const a = w.data[(h * 7 + i) * 7 + j];
            if (j > i) assert.equal(a, 0);
            sum += a;
          }
          assert.ok(Math.abs(sum - 1) < 1e-5);
        }
    }
  });
});

test('setParameters replaces any subset and refuses unknown names and wrong shapes without changing anything', () => {
  withModel(tiny(), (model) => {
    const before = model.parameters();
    const head = { rows: 16, cols: 8, data: new Float32Array(128).fill(0.5) };
    model.setParameters({ head });
    assert.deepEqual(model.parameters().head.data, head.data);
    assert.deepEqual(model.parameters().wte, before.wte);
    const wte = before.wte;
    assert.throws(() => model.setParameters({ wte: before.wte, 'h.9.attn.wq': head }),
      /parameter 'h\.9\.attn\.wq' is not known.*Known parameters: wte, h\.0\.ln1\.weight/);
    assert.throws(() => model.setParameters({ wte: head }), /wte is 16×8 but must be 8×16/);
    assert.throws(() => model.setParameters({ wte: { rows: 8, cols: 16, data: [1, 2] } }), /wte has 2 values but 8×16 needs 128/);
    const bad = { rows: 8, cols: 16, data: new Float32Array(128) };
    bad.data[5] = NaN;
    assert.throws(() => model.setParameters({ head: { ...head, data: new Float32Array(128) }, wte: bad }), /wte\[0\]\[5\] is NaN/);
    assert.deepEqual(model.parameters().wte, wte);
    assert.deepEqual(model.parameters().head.data, head.data);  // the valid head of the refused call was not set
  });
});

test('tasks lists every task with its rule and example, and taskBatch is seeded', () => {
  const list = pe.tasks();
  assert.deepEqual(list.map((t) => t.name), ['copy', 'reverse', 'recall', 'position', 'masked']);
  for (const t of list) {
    assert.equal(typeof t.rule, 'string');
    assert.equal(t.example.tokens.length, t.example.targets.length);
  }
  assert.deepEqual(list.filter((t) => t.needsCausal).map((t) => t.name), ['copy', 'reverse', 'recall']);
  const a = pe.taskBatch('masked', { batch: 3, length: 12, vocab: 10, seed: 8 });
  const b = pe.taskBatch('masked', { batch: 3, length: 12, vocab: 10, seed: 8 });
  const c = pe.taskBatch('masked', { batch: 3, length: 12, vocab: 10, seed: 8, index: 1 });
  assert.ok(a.tokens instanceof Int32Array && a.targets instanceof Int32Array);
  assert.equal(a.tokens.length, 36);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.tokens, c.tokens);
  for (let i = 0; i < 36; i++) assert.equal(a.targets[i] >= 0, a.tokens[i] === 2);  // scored exactly where masked
});

test('every refusal names the value and the rule', () => {
  const model = pe.createModel(tiny({ position: 'learned' }));
  const encoder = pe.createModel(tiny({ causal: false }));
  const ok = pe.taskBatch('copy', { batch: 2, length: 8, vocab: 8 });
  const shape = { batch: 2, length: 8 };
  const cases = [
    [() => pe.createModel(), /option vocab is missing; it must be a number/],
    [() => pe.createModel(tiny({ colour: 1 })), /option 'colour' is not known.*Known options: 'vocab', 'width'/],
    [() => pe.createModel(tiny({ width: '16' })), /option width '16' is a string; it must be a number/],
    [() => pe.createModel(tiny({ width: 15 })), /width 15 is not divisible by 2 heads/],
    [() => pe.createModel(tiny({ causal: 'yes' })), /option causal 'yes' is a string; it must be true or false/],
    [() => pe.createModel(tiny({ position: 'absolute' })), /position 'absolute' must be one of 'none'/],
    [() => pe.createModel(tiny({ rope: { base: 10, theta: 1 } })), /option 'theta' is not known.*Known options: 'base', 'layout', 'scale'/],
    [() => pe.createModel(tiny({ rope: { scale: 0 } })), /scale 0 must be a finite number greater than 0/],
    [() => pe.createModel(tiny({ position: 't5', t5: { numBuckets: 7 } })), /numBuckets 7 must be even/],
    [() => pe.createModel(tiny({ position: 'learned', combine: 'stack' })), /combine 'stack' must be 'add' or 'concat'/],
    [() => pe.createModel(tiny({ position: 'rope', combine: 'concat', positionWidth: 4 })), /combine 'concat' needs an absolute position \('learned' or 'sinusoidal'\), not 'rope'/],
    [() => pe.createModel(tiny({ position: 'learned', combine: 'concat' })), /positionWidth 0 must be an integer 1 … 15 \(less than width 16/],
    [() => pe.createModel(tiny({ position: 'learned', combine: 'concat', positionWidth: 16 })), /positionWidth 16 must be an integer 1 … 15/],
    [() => pe.createModel(tiny({ position: 'sinusoidal', combine: 'concat', positionWidth: 5 })), /positionWidth 5 must be even for sinusoidal/],
    [() => pe.createModel(tiny({ position: 'learned', positionWidth: 4 })), /positionWidth 4 needs combine 'concat'; with combine 'add' the position is as wide as the model/],
    [() => pe.createModel(tiny({ seed: -1 })), /seed -1 must be an integer/],
    [() => pe.createModel('big'), /config 'big' is a string; it must be an object/],
    [() => model.forward(ok.tokens, { batch: 2 }), /option length is missing; it must be a number/],
    [() => model.forward(ok.tokens, { batch: 2, length: 8, heads: 1 }), /option 'heads' is not known.*Known options: 'batch', 'length'/],
    [() => model.forward(ok.tokens.subarray(1), shape), /tokens has 15 ids but batch 2 × length 8 needs 16/],
    [() => model.forward('abc', shape), /tokens 'abc' is a string; it must be an array of numbers/],
    [() => model.forward([...ok.tokens.subarray(0, 15), 8], shape), /tokens\[15\] is 8; every id must be an integer from 0 to 7/],
    [() => model.forward([...ok.tokens.subarray(0, 15), 1.5], shape), /tokens\[15\] is 1\.5; every id/],
    [() => model.forward(new Int32Array(34), { batch: 2, length: 17 }), /length 17 is longer than maxLength 16/],
    [() => model.lossAndGradients(ok.tokens, [...ok.targets.subarray(0, 15), -2], shape), /targets\[15\] is -2; every id must be an integer from -1 to 7/],
    [() => model.trainStep(ok.tokens, ok.targets, shape), /lr is missing/],
    [() => model.trainStep(ok.tokens, ok.targets, { ...shape, lr: -1 }), /lr -1 must be a finite number ≥ 0/],
    [() => model.trainStep(ok.tokens, ok.targets, { ...shape, lr: 1, beta2: 1 }), /beta2 1 must be a number in \[0, 1\)/],
    [() => model.trainStep(ok.tokens, ok.targets, { ...shape, lr: 1, clip: 0 }), /clip 0 must be a number greater than 0/],
    [() => model.trainStep(ok.tokens, ok.targets, { ...shape, lr: 1, momentum: 0.9 }), /option 'momentum' is not known.*Known options: 'batch', 'length', 'lr', 'beta1'/],
    [() => model.trainStep(ok.tokens, ok.targets, { ...shape, lr: '1' }), /option lr '1' is a string; it must be a number/],
    [() => model.trainSteps('sort', { steps: 1, ...shape, lr: 1 }), /task 'sort' must be one of 'copy', 'reverse', 'recall', 'position', 'masked'/],
    [() => model.trainSteps('copy', { steps: 0, ...shape, lr: 1 }), /steps 0 must be a finite positive integer/],
    [() => model.trainSteps('copy', { steps: 1, batch: 2, length: 2, lr: 1 }), /length 2 is too short for task 'copy': it needs at least 3/],
    [() => encoder.trainSteps('copy', { steps: 1, ...shape, lr: 1 }), /task 'copy' scores the next token, which a bidirectional model \(causal: false\) sees/],
    [() => model.evaluate('copy', { lengths: [8, 32] }), /length 32 is longer than maxLength 16, the rows of the learned table wpe/],
    [() => model.evaluate('copy', { lengths: [] }), /lengths has 0 entries; it needs 1 to 64 lengths/],
    [() => model.evaluate('copy', { lengths: [8, 0] }), /length 0 must be/],
    [() => model.evaluate('copy', { lengths: [8], seeds: 1 }), /option 'seeds' is not known; did you mean 'seed'\?.*Known options: 'lengths', 'batches', 'batch', 'seed'/],
    [() => model.attentionWeights(ok.tokens, { length: 8 }), /tokens has 16 ids but batch 1 × length 8 needs 8/],
    [() => pe.taskBatch('copy', { batch: 2, length: 8 }), /option vocab is missing; it must be a number/],
    [() => pe.taskBatch('copy', { batch: 2, length: 8, vocab: 4 }), /vocab 4 is too small for the tasks: they need at least 5/],
    [() => pe.taskBatch('copy', { batch: 2, length: 8, vocab: 9, index: 0.5 }), /index 0\.5 must be an integer/],
    [() => pe.taskBatch(3, { batch: 2, length: 8, vocab: 9 }), /task 3 is a number; it must be one of 'copy'/],
  ];
  try {
    for (const [f, message] of cases) assert.throws(f, message);
    // Nothing was trained by the refused calls.
    assert.equal(model.info().steps, 0);
  } finally {
    model.dispose();
    encoder.dispose();
  }
});

test('a disposed model refuses every use, and so does an object that is not a model', () => {
  const model = pe.createModel(tiny());
  const proto = Object.getPrototypeOf(model);
  model.dispose();
  assert.equal(model.disposed, true);
  const { tokens, targets } = pe.taskBatch('copy', { batch: 1, length: 8, vocab: 8 });
  const uses = [
    () => model.info(), () => model.parameters(), () => model.setParameters({}),
    () => model.forward(tokens, { batch: 1, length: 8 }), () => model.attentionWeights(tokens, { length: 8 }),
    () => model.lossAndGradients(tokens, targets, { batch: 1, length: 8 }),
    () => model.trainStep(tokens, targets, { batch: 1, length: 8, lr: 1e-3 }),
    () => model.trainSteps('copy', { steps: 1, batch: 1, length: 8, lr: 1e-3 }),
    () => model.evaluate('copy', { lengths: [8] }),
  ];
  for (const use of uses) assert.throws(use, /this model was disposed; each call needs a live model, so create a new one with pe\.createModel/);
  model.dispose();  // a second dispose is harmless
  const fake = Object.create(proto);
  assert.throws(() => fake.parameters(), /this is not a model made by pe\.createModel/);
  assert.throws(() => proto.forward.call({ handle: {} }, tokens, { batch: 1, length: 8 }), /this is not a model made by pe\.createModel/);
  assert.throws(() => fake.dispose(), /this is not a model made by pe\.createModel/);
});

test('10,000 train steps and dispose leave the WASM heap, malloc\'d bytes and Embind handles where they were', () => {
  const config = { vocab: 6, width: 8, heads: 2, layers: 1, mlpWidth: 16, position: 'rope' };
  const { tokens, targets } = pe.taskBatch('copy', { batch: 2, length: 7, vocab: 6, seed: 0 });
  const cycle = (steps) => {
    const model = pe.createModel(config);
    for (let i = 0; i < steps; i++) model.trainStep(tokens, targets, { batch: 2, length: 7, lr: 1e-3 });
    model.trainSteps('copy', { steps: 10, batch: 2, length: 7, lr: 1e-3 });
    model.evaluate('copy', { lengths: [7, 9], batches: 1 });
    model.dispose();
  };
  cycle(100);  // warm-up: the heap may grow once
  const before = pe.memoryStats();
  cycle(10_000);
  assert.deepEqual(pe.memoryStats(), before);
});
