// pe-matrix.js: <pe-matrix>, a `matrix` block: an accessible <table> of one value.
//   - an input (kind matrix / vector): every cell an <input>; what the learner types is checked
//     (lesson/cells.js); an invalid cell is marked (aria-invalid, message in the current language)
//     and the computations keep its last good value until it is fixed;
//   - a computed value: a matrix (rows × cols), a per-head tensor (one table per head), an array
//     (one row) or a number (one cell), rounded to `digits` decimals for display only.
// Row labels are <th scope="row"> (words, positions), column labels <th scope="col">. Rows listed
// in `highlightRows` are marked (e.g. colliding vectors). Every table has the export menu.
// Leaves out: adding or removing rows (a lesson changes sizes through integer inputs).
import { coreErrorText } from '../lesson/errors.js';
import { formatNumber } from '../lesson/format.js';
import { inputKind } from '../lesson/inputs.js';
import { referencedNames } from '../lesson/dataflow.js';
import { isMatrix, isTensor } from '../lesson/values.js';
import './pe-export.js';

let serial = 0;


// Any value → list of { title, rows: number[][] } panels, or null.
export function panelsOf(v) {
  if (isTensor(v)) {
    const n = v.rows * v.cols;
    return Array.from({ length: v.heads }, (_, h) => ({ head: h, rows: Array.from({ length: v.rows }, (_, i) => Array.from(v.data.subarray(h * n + i * v.cols, h * n + (i + 1) * v.cols))) }));
  }
  if (isMatrix(v)) return [{ rows: Array.from({ length: v.rows }, (_, i) => Array.from(v.data.subarray(i * v.cols, (i + 1) * v.cols))) }];
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    if (Array.isArray(v) && Array.isArray(v[0])) return [{ rows: v.map((r) => Array.from(r)) }];
    return [{ rows: [Array.from(v)] }];
  }
  if (typeof v === 'number') return [{ rows: [[v]] }];
  return null;
}

// A block's "could not compute" line, kept above its last good drawing (dimmed), or removed.
export function showFailure(host, ctx, err) {
  host.classList.add('stale');
  if (!host.failure) {
    host.failure = document.createElement('p');
    host.failure.className = 'compute-failed';
    host.failure.setAttribute('role', 'status');
    host.prepend(host.failure);
  }
  const cause = err?.cause ?? err;
  host.failure.textContent = `${ctx.ui('computeFailed')} ${cause instanceof Error ? `${ctx.ui('coreSays')} ${coreErrorText(cause, ctx.ui)}` : ''}`;
}

export function clearFailure(host) {
  host.classList.remove('stale');
  host.failure?.remove();
  host.failure = null;
}

// The text alternative of a figure: a <details> "Table of values" whose read-only tables
// (one pe-matrix per block given) are built when it is first opened, then kept up to date.
export function valuesDetails(ctx, blocks) {
  const details = document.createElement('details');
  details.className = 'alternative';
  const summary = document.createElement('summary');
  summary.textContent = ctx.ui('tableOfValues');
  details.append(summary);
  const tables = [];
  details.addEventListener('toggle', () => {
    if (!details.open || tables.length) return;
    for (const b of blocks) {
      const t = document.createElement('pe-matrix');
      t.setup({ ...b, edit: false }, ctx);
      details.append(t);
      t.update(null);
      tables.push(t);
    }
  });
  return { details, update(changed) { for (const t of tables) t.update(changed); } };
}

class PeMatrix extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.block = block;
    this.name = String(block.matrix);
    this.spec = ctx.isInput(this.name) ? ctx.inputSpec(this.name) : null;
    this.kind = this.spec && inputKind(this.spec);
    this.editable = this.kind?.control === 'cells' && block.edit !== false;
    this.digits = block.digits ?? this.spec?.digits ?? 3;
    this.caption = ctx.label(block.caption ?? this.name, this.name);
    this.deps = new Set([this.name]);
    referencedNames([block.rowLabels, block.colLabels, block.highlightRows], this.deps);
    this.id = `pe-matrix-${++serial}`;
    this.className = 'matrix-block';
    this.dataset.name = this.name;
  }

  #labels(rows, cols, head) {
    const rowSpec = this.block.rowLabels ?? this.spec?.rowLabels;
    const colSpec = this.block.colLabels ?? this.spec?.colLabels;
    return {
      rowLabels: this.ctx.labels(rowSpec, rows, head === undefined ? 'index' : 'positions'),
      colLabels: this.ctx.labels(colSpec, cols, 'index'),
    };
  }

  #table(caption, rowLabels, colLabels, rowCount, colCount, cell) {
    const t = document.createElement('table');
    t.createCaption().textContent = caption;
    const head = t.createTHead().insertRow();
    const corner = document.createElement('th');
    corner.scope = 'col';
    corner.textContent = this.block.rowHeader ? this.ctx.label(this.block.rowHeader, '') : '';
    head.append(corner);
    for (let j = 0; j < colCount; j++) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = colLabels[j];
      head.append(th);
    }
    const body = t.createTBody();
    for (let i = 0; i < rowCount; i++) {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = rowLabels[i];
      tr.append(th);
      for (let j = 0; j < colCount; j++) tr.append(cell(i, j));
    }
    return t;
  }

  #exportMenu(getRows, getLabels) {
    const ex = document.createElement('pe-export');
    ex.configure({
      kind: 'matrix',
      ui: this.ctx.ui,
      filename: this.name,
      source: () => ({ name: this.name, rows: getRows(), ...getLabels() }),
    });
    return ex;
  }

  // --- editable input -------------------------------------------------------------------------
  #rawRows() {
    return this.kind.rows(this.ctx.raw(this.name));
  }

  #buildEditor() {
    const rows = this.#rawRows();
    const { rowLabels, colLabels } = this.#labels(rows.length, rows[0].length);
    const labels = this.kind.singleRow ? [this.caption] : rowLabels;
    this.inputs = [];
    this.messages = document.createElement('ul');
    this.messages.className = 'cell-messages';
    this.messages.setAttribute('aria-live', 'polite');
    const table = this.#table(this.caption, labels, colLabels, rows.length, rows[0].length, (i, j) => {
      const td = document.createElement('td');
      const input = document.createElement('input');
      input.type = 'text';
      input.inputMode = 'decimal';
      input.autocomplete = 'off';
      input.spellcheck = false;
      input.value = rows[i][j];
      input.size = Math.max(3, this.digits + 3);
      input.dataset.row = String(i);
      input.dataset.col = String(j);
      input.setAttribute('aria-label', `${this.caption}: ${labels[i]}, ${colLabels[j]}`);
      input.addEventListener('input', () => this.#edited(i, j, input.value));
      (this.inputs[i] ??= [])[j] = input;
      td.append(input);
      return td;
    });
    table.classList.add('editable');
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap scroll-cue';
    wrap.append(table);
    const lastGood = () => {
      const v = this.ctx.value(this.name);
      return panelsOf(v)[0].rows;
    };
    this.replaceChildren(wrap, this.messages, this.#exportMenu(lastGood, () => ({ rowLabels: labels, colLabels })));
    this.labels = { rows: labels, cols: colLabels };
    this.#validateAll();
  }

  #edited(i, j, text) {
    const raw = this.kind.withCell(this.ctx.raw(this.name), i, j, text);
    this.#validateAll(raw);
    this.ctx.setRaw(this.name, raw);
  }

  #validateAll(raw = this.ctx.raw(this.name)) {
    const rows = this.kind.rows(raw);
    const items = [];
    rows.forEach((r, i) => r.forEach((text, j) => {
      const input = this.inputs[i][j];
      const res = this.kind.check(text, this.spec);
      if (res.ok) {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
        input.removeAttribute('title');
      } else {
        const message = this.ctx.ui(res.key, res.vars);
        const id = `${this.id}-m-${i}-${j}`;
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', id);
        input.title = message;
        const li = document.createElement('li');
        li.id = id;
        const where = document.createElement('span');
        where.className = 'where';
        where.textContent = `${this.labels.rows[i]}, ${this.labels.cols[j]}: `;
        li.append(where, message);
        items.push(li);
      }
    }));
    if (items.length) {
      const hint = document.createElement('li');
      hint.className = 'hint';
      hint.textContent = this.ctx.ui('invalidSummary');
      items.push(hint);
    }
    this.messages.replaceChildren(...items);
    this.classList.toggle('has-invalid', items.length > 0);
  }

  #syncEditor() {
    const rows = this.#rawRows();
    rows.forEach((r, i) => r.forEach((text, j) => {
      const input = this.inputs[i]?.[j];
      if (input && input.value !== text) input.value = text;
    }));
    this.#validateAll();
  }

  // --- computed value -------------------------------------------------------------------------
  #renderComputed() {
    const v = this.ctx.value(this.name);
    if (v instanceof Error || v === undefined) {
      showFailure(this, this.ctx, v);
      return;
    }
    clearFailure(this);
    const panels = panelsOf(v);
    if (!panels) return;
    // Rebuilt when the shape or the labels change (e.g. a sentence's words reordered).
    const shape = JSON.stringify(panels.map((p) => [p.rows.length, p.rows[0]?.length, this.#labels(p.rows.length, p.rows[0]?.length ?? 0, p.head)]));
    const highlight = new Set([this.ctx.resolve(this.block.highlightRows ?? [])].flat().filter((x) => Number.isInteger(x)));
    if (shape !== this.shape) {
      this.shape = shape;
      this.cells = [];
      const nodes = panels.map((p, k) => {
        const rowsN = p.rows.length, colsN = p.rows[0].length;
        const { rowLabels, colLabels } = this.#labels(rowsN, colsN, p.head);
        const caption = p.head === undefined ? this.caption : `${this.caption} · ${this.ctx.ui('head', { n: p.head + 1 })}`;
        const cells = [];
        const t = this.#table(caption, rowLabels, colLabels, rowsN, colsN, (i, j) => {
          const td = document.createElement('td');
          (cells[i] ??= [])[j] = td;
          return td;
        });
        this.cells[k] = { cells, table: t };
        this.exportLabels = { rowLabels, colLabels };
        const wrap = document.createElement('div');
        wrap.className = 'table-wrap scroll-cue';
        wrap.append(t);
        return wrap;
      });
      const menu = this.#exportMenu(() => panelsOf(this.ctx.value(this.name))?.flatMap((p) => p.rows) ?? [], () => this.exportLabels);
      this.replaceChildren(...nodes, menu);
    }
    panels.forEach((p, k) => {
      const { cells, table } = this.cells[k];
      p.rows.forEach((r, i) => {
        r.forEach((x, j) => { const t = formatNumber(x, String(this.digits)); if (cells[i][j].textContent !== t) cells[i][j].textContent = t; });
        table.tBodies[0].rows[i].classList.toggle('highlight', highlight.has(i));
      });
    });
  }

  update() {
    if (this.editable) {
      if (!this.inputs) this.#buildEditor(); else this.#syncEditor();
    } else {
      this.#renderComputed();
    }
  }
}

if (!customElements.get('pe-matrix')) customElements.define('pe-matrix', PeMatrix);
