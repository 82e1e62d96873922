// blocks.js: a step's block (tutorials/README.md, "Steps and blocks") → its element.
//
// Every block element has setup(block, ctx), a `deps` set (names of inputs / computations it
// shows; null = redraw on every change) and update(changed). `ctx` is the lesson context built by
// LessonModel.context (lesson/model.js): lang, stepId, ui(key, vars), text(key), label(key, fallback), value(ref),
// resolve(arg), term(id), math(tex), format(value, spec), isInput(name), inputSpec(name),
// raw(name), setRaw(name, raw), labels(spec, n, fallback).
// Heatmaps, plots and widgets are loaded on first use, so a lesson without them loads less.
// Leaves out: the blocks' own drawing (one file each in web/blocks/).

const TYPES = ['text', 'note', 'math', 'matrix', 'heatmap', 'plot', 'input', 'columns', 'error', 'widget'];
const LAZY = { heatmap: 'pe-heatmap', plot: 'pe-plot' };

export function blockType(block) {
  return TYPES.find((t) => Object.hasOwn(block, t)) ?? null;
}

// A placeholder that becomes the element once its module is loaded (heatmaps, plots, widgets).
function lazy(tag, modulePath, block, ctx, registry) {
  const holder = document.createElement('div');
  holder.className = 'block-loading';
  const proxy = { deps: new Set(), real: null, update(changed) { this.real?.update(changed); } };
  registry.push(proxy);
  import(modulePath).then(() => {
    const real = document.createElement(tag);
    if (typeof real.setup !== 'function') throw new Error(`${tag} has no setup()`);
    real.setup(block, ctx);
    proxy.real = real;
    proxy.deps = real.deps;
    holder.replaceWith(real);
    real.update(null);
  }).catch((err) => {
    holder.className = 'block-error';
    holder.textContent = `${ctx.ui('computeFailed')} ${err.message}`;
  });
  return holder;
}

export function createBlock(block, ctx, registry) {
  const type = blockType(block);
  if (type === 'columns') {
    const wrap = document.createElement('div');
    wrap.className = 'columns';
    for (const col of block.columns) {
      const c = document.createElement('div');
      c.className = 'column';
      c.append(...col.map((b) => createBlock(b, ctx, registry)));
      wrap.append(c);
    }
    return wrap;
  }
  if (type === 'widget') {
    const tag = String(block.widget);
    if (!/^pe-[a-z0-9]+(-[a-z0-9]+)*$/.test(tag)) throw new Error(`widget "${tag}" must be a pe-… element name`);
    return lazy(tag, `../blocks/${tag}.js`, block, ctx, registry);
  }
  if (LAZY[type]) return lazy(LAZY[type], `../blocks/${LAZY[type]}.js`, block, ctx, registry);
  const tag = { text: 'pe-prose', note: 'pe-prose', math: 'pe-math', matrix: 'pe-matrix', input: 'pe-input', error: 'pe-node-error' }[type];
  if (!tag) {
    const p = document.createElement('p');
    p.className = 'block-error';
    p.textContent = `unknown block ${JSON.stringify(Object.keys(block))}`;
    return p;
  }
  const e = document.createElement(tag);
  e.setup(block, ctx);
  registry.push(e);
  return e;
}
