// pe-export.js: <pe-export>, the export menu under every matrix and plot.
//   matrix: copy as CSV (with row and column labels), LaTeX (bmatrix) or NumPy (np.array, float32)
//   plot:   download as SVG (self-contained) or PNG (drawn from that SVG at twice the size)
// Numbers are exported at full single precision (format.js plainNumber), not as rounded on screen.
// The text is copied to the clipboard when the browser allows it and always shown, selected, in a
// read-only text area so it can be copied by hand.
// Leaves out: file formats beyond these (xlsx, JSON).
import { plainNumber } from '../lesson/format.js';

export function toCsv({ rows, rowLabels, colLabels }) {
  const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['', ...colLabels].map(q).join(',')];
  rows.forEach((r, i) => lines.push([q(rowLabels[i] ?? String(i)), ...r.map(plainNumber)].join(',')));
  return `${lines.join('\n')}\n`;
}

export function toLatex({ rows }) {
  return `\\begin{bmatrix}\n${rows.map((r) => `  ${r.map(plainNumber).join(' & ')}`).join(' \\\\\n')}\n\\end{bmatrix}\n`;
}

export function toNumpy({ rows, name }) {
  const id = /^[A-Za-z_]\w*$/.test(name) ? name : 'values';
  return `${id} = np.array([\n${rows.map((r) => `    [${r.map(plainNumber).join(', ')}],`).join('\n')}\n], dtype=np.float32)\n`;
}

// A standalone copy of an on-screen SVG: explicit colours instead of the page's CSS.
export function standaloneSvg(svg) {
  const copy = svg.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const vb = (copy.getAttribute('viewBox') ?? '0 0 600 400').split(/\s+/).map(Number);
  copy.setAttribute('width', String(vb[2]));
  copy.setAttribute('height', String(vb[3]));
  for (const n of copy.querySelectorAll('[fill="currentColor"]')) n.setAttribute('fill', '#1b1b1f');
  for (const n of copy.querySelectorAll('[stroke="currentColor"]')) n.setAttribute('stroke', '#1b1b1f');
  copy.setAttribute('font-family', 'system-ui, sans-serif');
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('x', String(vb[0])); bg.setAttribute('y', String(vb[1]));
  bg.setAttribute('width', String(vb[2])); bg.setAttribute('height', String(vb[3]));
  bg.setAttribute('fill', '#ffffff');
  copy.insertBefore(bg, copy.firstChild);
  return { text: new XMLSerializer().serializeToString(copy), width: vb[2], height: vb[3] };
}

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function svgToPngBlob(svg) {
  const { text, width, height } = standaloneSvg(svg);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * 2);
    canvas.height = Math.round(height * 2);
    const g = canvas.getContext('2d');
    g.scale(2, 2);
    g.drawImage(img, 0, 0, width, height);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

class PeExport extends HTMLElement {
  // kind: 'matrix' with source() → { name, rows, rowLabels, colLabels }; 'plot' with svg() → SVGElement
  configure({ kind, ui, source, svg, filename }) {
    this.kind = kind;
    this.ui = ui;
    this.source = source;
    this.svg = svg;
    this.filename = (filename || 'posenc').replace(/[^\w.-]+/g, '_');
    const details = document.createElement('details');
    details.className = 'export';
    const summary = document.createElement('summary');
    summary.textContent = ui('export');
    const buttons = document.createElement('div');
    buttons.className = 'export-buttons';
    const formats = kind === 'matrix'
      ? [['exportCsv', () => this.copy(toCsv(this.source()))], ['exportLatex', () => this.copy(toLatex(this.source()))], ['exportNumpy', () => this.copy(toNumpy(this.source()))]]
      : [['downloadSvg', () => this.downloadSvg()], ['downloadPng', () => this.downloadPng()]];
    for (const [key, action] of formats) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = ui(key);
      b.dataset.format = key;
      b.addEventListener('click', action);
      buttons.append(b);
    }
    this.status = document.createElement('p');
    this.status.className = 'export-status';
    this.status.setAttribute('aria-live', 'polite');
    details.append(summary, buttons, this.status);
    this.details = details;
    this.replaceChildren(details);
  }

  async copy(text) {
    if (!this.area) {
      this.area = document.createElement('textarea');
      this.area.readOnly = true;
      this.area.rows = 4;
      this.area.spellcheck = false;
      this.area.setAttribute('aria-label', this.ui('export'));
      this.details.append(this.area);
    }
    this.area.value = text;
    this.area.select();
    try {
      await navigator.clipboard.writeText(text);
      this.status.textContent = this.ui('copied');
    } catch {
      this.status.textContent = this.ui('copyManually');
    }
  }

  downloadSvg() {
    download(new Blob([standaloneSvg(this.svg()).text], { type: 'image/svg+xml' }), `${this.filename}.svg`);
  }

  async downloadPng() {
    const blob = await svgToPngBlob(this.svg());
    if (blob) download(blob, `${this.filename}.png`);
  }
}

if (!customElements.get('pe-export')) customElements.define('pe-export', PeExport);
