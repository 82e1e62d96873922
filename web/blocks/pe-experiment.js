// pe-experiment.js: <pe-experiment>, an `experiment` block: the controls and the live view of one
// of the lesson's training experiments (lesson/experiment.js; the runs train in Web Workers,
// api/train-pool.js, never on this thread).
//   { "experiment": "lengths", "show": ["progress", "loss", "accuracy", "lengthLoss", "table",
//     "attention"], "caption": "key" }
// progress: a bar per run (step, loss, tokens per second); loss: the training-loss curves, drawn as
// they grow; liveLengths: accuracy against length at each run's latest checkpoint (the spec's
// evalEvery), then the final one; accuracy / lengthLoss: accuracy and loss against test length, one curve per run
// (a hollow mark where the core refused the length); table: the same numbers; attention: each
// run's attention weights (last layer) on one held-out sequence. Run, pause / resume and cancel
// act on the experiment, which outlives the step (its results stay when the learner moves on).
// Leaves out: the numbers' meaning (the lesson's prose says it, bound to the results).
import { el } from '../draw/el.js';
import { lineChart, legend } from '../draw/lines.js';
import { SERIES } from '../draw/colormap.js';
import { formatNumber } from '../lesson/format.js';
import './pe-heatmap.js';

const REDRAW_MS = 250;

export function seriesStyle(ids) {
  const runs = ids.filter((id) => id !== 'ropeInterp');
  return Object.fromEntries(ids.map((id) => {
    if (id === 'ropeInterp') return [id, { color: SERIES[runs.indexOf('rope') >= 0 ? runs.indexOf('rope') % SERIES.length : 0], dash: '6 4' }];
    return [id, { color: SERIES[runs.indexOf(id) % SERIES.length], dash: runs.indexOf(id) >= SERIES.length ? '2 3' : null }];
  }));
}

class PeExperiment extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.block = block;
    this.name = String(block.experiment);
    this.show = new Set(block.show ?? ['progress', 'loss', 'accuracy', 'lengthLoss', 'table']);
    this.exp = ctx.experiment(this.name);
    this.deps = new Set([this.name]);
    this.className = 'figure-block experiment-block';
    this.dataset.name = this.name;
    if (!this.exp) { this.textContent = ctx.ui('computeFailed'); return; }

    const button = (cls, key, fn) => {
      const b = el('button', { type: 'button', className: cls, textContent: ctx.ui(key) });
      b.addEventListener('click', fn);
      return b;
    };
    this.runButton = button('exp-run', 'expRun', () => this.ctx.runExperiment(this.name));
    this.pauseButton = button('exp-pause', 'expPause', () => (this.exp.paused ? this.exp.resume() : this.exp.pause()));
    this.cancelButton = button('exp-cancel', 'expCancel', () => this.exp.cancel());
    this.status = el('p', { className: 'exp-status' });
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.bars = el('div', { className: 'exp-bars' });
    this.lossView = el('figure', { className: 'exp-loss' });
    this.lengthView = el('div', { className: 'exp-lengths' });
    this.tableView = el('div', { className: 'exp-table' });
    this.attentionView = el('div', { className: 'exp-attention' });
    const caption = block.caption ? el('p', { className: 'exp-caption', textContent: ctx.label(block.caption) }) : null;
    this.append(...[caption, el('div', { className: 'exp-controls' }, this.runButton, this.pauseButton, this.cancelButton), this.status,
      this.bars, this.lossView, this.lengthView, this.tableView, this.attentionView].filter(Boolean));
    this.unsubscribe = this.exp.subscribe((kind) => this.#schedule(kind));
  }

  disconnectedCallback() { this.unsubscribe?.(); clearTimeout(this.timer); clearTimeout(this.fullTimer); }

  // Redraws are coalesced: a status change redraws everything once (on the next task), a growing
  // curve at most every REDRAW_MS, so the main thread never does the same drawing twice in a row.
  #schedule(kind) {
    if (kind === 'checkpoint' || kind === 'attention') this.live = true;
    if (kind === 'status' || kind === 'paused') this.full = true;
    if (this.full && !this.fullTimer) {
      this.fullTimer = setTimeout(() => { this.fullTimer = null; this.full = false; clearTimeout(this.timer); this.timer = null; this.#draw(true); }, 0);
      return;
    }
    if (this.timer || this.fullTimer) return;
    this.timer = setTimeout(() => { this.timer = null; this.#draw(false); }, REDRAW_MS);
  }

  update() { if (this.exp) this.#schedule('status'); }

  #label(id) { return this.ctx.label(id, id); }

  #draw(full) {
    const r = this.exp.results();
    const ui = (k, v) => this.ctx.ui(k, v);
    this.dataset.status = r.status;
    this.runButton.disabled = r.running;
    this.pauseButton.disabled = !r.running;
    this.cancelButton.disabled = !r.running;
    this.pauseButton.textContent = ui(this.exp.paused ? 'expResume' : 'expPause');
    const seconds = formatNumber((this.exp.elapsed ?? 0) / 1000, '1');
    this.status.textContent = {
      idle: ui('expIdle'),
      running: ui(this.exp.paused ? 'expPaused' : 'expRunning', { finished: r.finished, total: r.total }),
      done: ui('expDone', { total: r.total, seconds }),
      cancelled: ui('expCancelled'),
      error: ui('expError', { message: Object.values(this.exp.states).find((s) => s.message)?.message ?? '' }),
    }[r.status];
    const jobs = this.exp.jobs;
    const style = seriesStyle(r.ids);
    if (this.show.has('progress')) this.#bars(jobs, style);
    if (this.show.has('loss')) this.#loss(jobs, style);
    if (!full && this.live) {
      this.live = false;
      if (this.show.has('liveLengths')) this.#liveLengths(jobs, r, style);
      if (this.show.has('attention')) this.#attention(jobs);
    }
    if (!full) return;
    if (r.done && (this.show.has('accuracy') || this.show.has('lengthLoss') || this.show.has('liveLengths'))) this.#lengths(r, style);
    else if (!this.show.has('liveLengths') || !jobs.length) this.lengthView.replaceChildren();
    if (r.done && this.show.has('table')) this.#table(r);
    else this.tableView.replaceChildren();
    if (this.show.has('liveLengths') && !r.done) this.#liveLengths(jobs, r, style);
    if (this.show.has('attention') || this.show.has('cosine')) this.#attention(jobs);
  }

  #bars(jobs, style) {
    if (!jobs.length) { this.bars.replaceChildren(); return; }
    if (this.bars.childElementCount !== jobs.length) {
      this.bars.replaceChildren(...jobs.map((j) => {
        const bar = el('progress', { max: 1, value: 0 });
        const row = el('div', { className: 'exp-bar' }, el('span', { className: 'exp-run-name', textContent: this.#label(j.runId) }), bar, el('span', { className: 'exp-run-state' }));
        row.dataset.run = j.runId;
        row.style.setProperty('--run-color', style[j.runId].color);
        return row;
      }));
    }
    jobs.forEach((j, i) => {
      const s = this.exp.states[j.runId] ?? {};
      const row = this.bars.children[i];
      const bar = row.querySelector('progress');
      bar.max = j.train.steps;
      bar.value = s.status === 'done' ? j.train.steps : (s.step ?? 0);
      const state = row.querySelector('.exp-run-state');
      const ui = (k, v) => this.ctx.ui(k, v);
      if (s.status === 'queued') state.textContent = ui('expQueued');
      else if (s.status === 'error') state.textContent = ui('expRunFailed');
      else if (s.status === 'cancelled') state.textContent = ui('expCancelled');
      else if (s.losses?.length) {
        state.textContent = ui('expRunProgress', { step: s.status === 'done' ? j.train.steps : s.step, loss: formatNumber(s.losses.at(-1), '3'), speed: formatNumber(Math.round(s.tokensPerSecond ?? s.result?.tokensPerSecond ?? 0), '') });
      } else state.textContent = ui('expStarting');
      row.dataset.state = s.status ?? 'idle';
    });
  }

  // The loss curves on fixed axes (every step of the run, zero to the largest loss so far), so
  // that while training only the lines move (svg.redraw), not the whole chart.
  #loss(jobs, style) {
    const series = jobs.filter((j) => this.exp.states[j.runId]?.losses?.length).map((j) => ({
      id: j.runId, label: this.#label(j.runId), ...style[j.runId],
      points: Array.from(this.exp.states[j.runId].losses, (v, k) => [k + 1, v]),
    }));
    if (!series.length) { this.lossView.replaceChildren(); this.lossChart = null; return; }
    const key = series.map((s) => s.id).join(',');
    if (this.lossChart && this.lossKey === key && this.lossChart.redraw(series)) return;
    const ui = (k) => this.ctx.ui(k);
    let top = 0;
    for (const s of series) for (const [, v] of s.points) if (Number.isFinite(v) && v > top) top = v;
    const steps = Math.max(...jobs.map((j) => j.train.steps));
    const svg = lineChart({ series, x: ui('expStep'), y: ui('expLoss'), caption: ui('expLossCurve'), xRange: [1, steps], yRange: [0, Math.max(0.1, top * 1.1)] });
    this.lossChart = svg;
    this.lossKey = key;
    this.lossView.replaceChildren(svg, legend(series), el('figcaption', { textContent: ui('expLossCurve') }));
  }

  // Accuracy against length measured at the latest checkpoint of each run (while training).
  #liveLengths(jobs, r, style) {
    const ui = (k, v) => this.ctx.ui(k, v);
    const s = jobs.filter((j) => this.exp.states[j.runId]?.checkpoint).map((j) => {
      const cp = this.exp.states[j.runId].checkpoint;
      return { id: j.runId, label: `${this.#label(j.runId)} (${ui('expStep')} ${cp.step})`, ...style[j.runId], marks: true,
        points: cp.eval.map((e) => [e.length, e.refused ? null : e.accuracy]) };
    });
    if (!s.length) return;
    const caption = ui('expAccCaption', { L: r.trainLength });
    this.lengthView.replaceChildren(el('figure', { className: 'exp-accuracy live' }, lineChart({ series: s, x: ui('expLength'), y: ui('expAccuracy'), yRange: [0, 1], xLog2: true, yFormat: '%0', caption }),
      legend(s), el('figcaption', { textContent: caption })));
  }

  #lengths(r, style) {
    const ui = (k, v) => this.ctx.ui(k, v);
    const series = r.ids.map((id) => ({ id, label: this.#label(id), ...style[id], marks: true }));
    const figs = [];
    if (this.show.has('accuracy')) {
      const s = series.map((x) => ({ ...x, points: r.lengths.map((L, k) => [L, r.acc[x.id][k]]) }));
      figs.push(el('figure', { className: 'exp-accuracy' }, lineChart({ series: s, x: ui('expLength'), y: ui('expAccuracy'), yRange: [0, 1], xLog2: true, yFormat: '%0', caption: ui('expAccCaption', { L: r.trainLength }) }),
        legend(s), el('figcaption', { textContent: ui('expAccCaption', { L: r.trainLength }) })));
    }
    if (this.show.has('lengthLoss')) {
      const s = series.map((x) => ({ ...x, points: r.lengths.map((L, k) => [L, r.loss[x.id][k]]) }));
      figs.push(el('figure', { className: 'exp-length-loss' }, lineChart({ series: s, x: ui('expLength'), y: ui('expLoss'), xLog2: true, caption: ui('expLossAtLength') }),
        legend(s), el('figcaption', { textContent: ui('expLossAtLength') })));
    }
    if (r.ids.some((id) => r.refused[id].some(Boolean))) figs.push(el('p', { className: 'exp-refused-note', textContent: ui('expRefusedNote') }));
    this.lengthView.replaceChildren(...figs);
  }

  #table(r) {
    const ui = (k, v) => this.ctx.ui(k, v);
    const head = el('tr', {}, el('th', { scope: 'col', textContent: ui('expRunColumn') }), el('th', { scope: 'col', textContent: ui('expFinalLoss') }),
      ...r.lengths.map((L) => el('th', { scope: 'col', textContent: ui('expAccAt', { L }) })));
    const rows = r.ids.map((id) => {
      const tr = el('tr', {}, el('th', { scope: 'row', textContent: this.#label(id) }), el('td', { textContent: formatNumber(r.finalLoss[id], '3') }),
        ...r.lengths.map((L, k) => {
          const td = el('td', { textContent: r.refused[id][k] ? ui('expRefused') : formatNumber(r.acc[id][k], '%1') });
          if (r.refused[id][k]) td.className = 'refused';
          if (r.bestIdAt[k] === id) td.classList.add('best');
          return td;
        }));
      tr.dataset.run = id;
      return tr;
    });
    const table = el('table', { className: 'exp-results' }, el('caption', { textContent: ui('expTable') }), el('thead', {}, head), el('tbody', {}, ...rows));
    this.tableView.replaceChildren(table);
  }

  // A pe-heatmap of a matrix the run sent back, with its own caption and axis titles.
  #heatmap(name, matrix, caption, x, y, range) {
    const words = { [name]: caption, expX: x, expY: y };
    const ctx = {
      ...this.ctx,
      value: (ref) => (ref === name ? matrix : this.ctx.value(ref)),
      inputSpec: () => undefined,
      label: (key, fallback) => (Object.hasOwn(words, key) ? words[key] : this.ctx.label(key, fallback)),
    };
    const hm = document.createElement('pe-heatmap');
    hm.setup({ heatmap: name, caption: name, x: 'expX', y: 'expY', range }, ctx);
    return hm;
  }

  #attention(jobs) {
    const ui = (k, v) => this.ctx.ui(k, v);
    const parts = [];
    for (const j of jobs) {
      const st = this.exp.states[j.runId];
      const res = st?.result;
      if (this.show.has('cosine')) {
        for (const [table, c] of Object.entries(res?.cosine ?? {})) {
          parts.push(this.#heatmap(`cosine-${j.runId}-${table}`, c.similarity, ui('expCosine', { run: this.#label(j.runId) }), ui('expRow'), ui('expRow'), [-1, 1]));
        }
      }
      const att = res?.attention ?? st?.attention;
      if (this.show.has('attention') && att?.weights?.length) {
        parts.push(this.#heatmap(`attention-${j.runId}`, att.weights.at(-1), ui('expAttention', { run: this.#label(j.runId), layer: att.weights.length }), ui('expKey'), ui('expQuery'), [0, 1]));
      }
    }
    this.attentionView.replaceChildren(...parts);
    for (const hm of parts) hm.update(null);
  }
}

if (!customElements.get('pe-experiment')) customElements.define('pe-experiment', PeExperiment);
