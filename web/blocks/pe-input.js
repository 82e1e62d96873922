// pe-input.js: <pe-input>, an `input` block: the control of one scalar input, the one its kind
// names (lesson/inputs.js): slider → a slider and a text field kept in step (integer, number: min,
// max, step from the lesson); choice → a group of radio buttons; checkbox → a checkbox (boolean);
// text → a text field.
// What the learner types is checked (the kind's check): a value outside min … max or not a number is
// refused with a message in the current language before anything is computed or allocated; the
// results keep their last good values until it is fixed.
// Leaves out: matrices and vectors (pe-matrix edits those).
import { inputKind } from '../lesson/inputs.js';

let serial = 0;

class PeInput extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.name = String(block.input);
    this.spec = ctx.inputSpec(this.name);
    this.kind = inputKind(this.spec);
    this.deps = new Set([this.name]);
    this.uid = `pe-input-${++serial}`;
    this.className = `input-block kind-${this.spec?.kind}`;
    this.dataset.name = this.name;
  }

  #label(text, forId) {
    const l = document.createElement('label');
    l.textContent = text;
    if (forId) l.htmlFor = forId;
    return l;
  }

  #build() {
    const spec = this.spec;
    const label = this.ctx.label(this.name, this.name);
    this.message = document.createElement('p');
    this.message.className = 'input-message';
    this.message.id = `${this.uid}-msg`;
    this.message.setAttribute('aria-live', 'polite');
    const build = this.#controls[this.kind.control];
    if (!spec || !build) { this.textContent = `no scalar input "${this.name}"`; return; }
    build(spec, label);
  }

  // One builder per control of inputs.js.
  #controls = {
    slider: (spec, label) => {
      const slider = document.createElement('input');
      slider.type = 'range';
      slider.min = String(spec.min);
      slider.max = String(spec.max);
      slider.step = String(spec.step ?? (this.kind.whole ? 1 : 'any'));
      slider.id = `${this.uid}-range`;
      slider.setAttribute('aria-label', label);
      const field = document.createElement('input');
      field.type = 'text';
      field.inputMode = this.kind.whole ? 'numeric' : 'decimal';
      field.size = 7;
      field.id = `${this.uid}-field`;
      field.autocomplete = 'off';
      slider.addEventListener('input', () => { field.value = slider.value; this.#set(slider.value); });
      field.addEventListener('input', () => { this.#set(field.value); });
      this.slider = slider;
      this.field = field;
      const range = document.createElement('span');
      range.className = 'range-bounds';
      range.textContent = `${spec.min} … ${spec.max}`;
      const row = document.createElement('div');
      row.className = 'input-row';
      row.append(slider, field, range);
      this.replaceChildren(this.#label(label, field.id), row, this.message);
    },
    choice: (spec, label) => {
      const fs = document.createElement('fieldset');
      const legend = document.createElement('legend');
      legend.textContent = label;
      fs.append(legend);
      this.radios = spec.options.map((opt) => {
        const id = `${this.uid}-${opt}`;
        const r = document.createElement('input');
        r.type = 'radio';
        r.name = this.uid;
        r.value = opt;
        r.id = id;
        r.addEventListener('change', () => { if (r.checked) this.#set(opt); });
        const wrap = document.createElement('span');
        wrap.className = 'choice';
        wrap.append(r, this.#label(this.ctx.label(opt, opt), id));
        fs.append(wrap);
        return r;
      });
      this.replaceChildren(fs, this.message);
    },
    checkbox: (spec, label) => {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = `${this.uid}-box`;
      box.addEventListener('change', () => this.#set(box.checked));
      this.box = box;
      const row = document.createElement('div');
      row.className = 'input-row';
      row.append(box, this.#label(label, box.id));
      this.replaceChildren(row, this.message);
    },
    text: (spec, label) => {
      const field = document.createElement('input');
      field.type = 'text';
      field.id = `${this.uid}-text`;
      field.maxLength = (spec.maxLength ?? 200) + 50;
      field.addEventListener('input', () => this.#set(field.value));
      this.text = field;
      this.replaceChildren(this.#label(label, field.id), field, this.message);
    },
  };

  #check(raw) { return this.kind.check(raw, this.spec); }

  #show(res) {
    const target = this.field ?? this.text;
    if (res.ok) {
      this.message.textContent = '';
      target?.removeAttribute('aria-invalid');
      target?.removeAttribute('aria-describedby');
    } else {
      this.message.textContent = `${this.ctx.ui(res.key, res.vars)} ${this.ctx.ui('invalidSummary')}`;
      target?.setAttribute('aria-invalid', 'true');
      target?.setAttribute('aria-describedby', this.message.id);
    }
    this.classList.toggle('has-invalid', !res.ok);
  }

  #set(raw) {
    const res = this.#check(raw);
    this.#show(res);
    this.ctx.setRaw(this.name, typeof raw === 'boolean' ? raw : String(raw));
  }

  update() {
    if (!this.built) { this.#build(); this.built = true; }
    const raw = this.ctx.raw(this.name);
    if (this.field && this.field.value !== raw) this.field.value = raw;
    if (this.slider) {
      const res = this.#check(raw);
      if (res.ok && this.slider.value !== String(res.value)) this.slider.value = String(res.value);
    }
    if (this.text && this.text.value !== raw) this.text.value = raw;
    if (this.box) this.box.checked = raw === true;
    if (this.radios) for (const r of this.radios) r.checked = r.value === raw;
    if (this.spec) this.#show(this.#check(raw));
  }
}

if (!customElements.get('pe-input')) customElements.define('pe-input', PeInput);
