// app.js: the page's entry point. For now: the The/cat/sat worked example of document 000,
// computed live by the WASM core and shown as a table.
import { loadPosenc } from './posenc.js';

const words = ['The', 'cat', 'sat'];
const E = [[0.2, 0.7, 0.5, 0.1], [0.4, 0.1, 0.8, 0.5], [0.6, 0.3, 0.2, 0.9]];
const P = [[0.1, 0.0, 0.1, 0.2], [0.2, 0.1, 0.0, 0.1], [0.3, 0.1, 0.1, 0.0]];

function table(caption, rowLabels, m) {
  const t = document.createElement('table');
  t.createCaption().textContent = caption;
  const head = t.createTHead().insertRow();
  head.append(document.createElement('th'));
  for (let j = 0; j < m.cols; j++) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = `d${j}`;
    head.append(th);
  }
  const body = t.createTBody();
  for (let i = 0; i < m.rows; i++) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = rowLabels[i];
    row.append(th);
    for (let j = 0; j < m.cols; j++) row.insertCell().textContent = m.data[i * m.cols + j].toFixed(1);
  }
  return t;
}

const target = document.getElementById('example');
try {
  const pe = await loadPosenc();
  const X = pe.addEmbeddings(pe.matrix(E), pe.matrix(P));
  target.replaceChildren(table('E + P', words, X));
} catch (err) {
  target.textContent = `The core could not be loaded: ${err.message}`;
  target.className = 'error';
}
