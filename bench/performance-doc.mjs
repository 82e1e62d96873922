// performance-doc.mjs: writes one benchmark's measured block into docs/performance.md. Each bench
// owns the text between its two markers, `<!-- bench/<file>: start -->` and `<!-- bench/<file>:
// end -->`; the notes around them are written by hand and never touched. A document without the
// markers gets them in a new section `## <heading>` at its end (and a missing document is started).
// Leaves out: what the block says (each bench formats its own figures).
import fs from 'node:fs';
import path from 'node:path';

// doc: the file's path; file: the bench's name as in its markers ('train.mjs'); measured: the
// block's text, ending with a newline.
export function writeMeasured(doc, file, heading, measured) {
  const [open, close] = [`<!-- bench/${file}: start -->`, `<!-- bench/${file}: end -->`];
  fs.mkdirSync(path.dirname(doc), { recursive: true });
  let text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Performance\n';
  const start = text.indexOf(open), end = text.indexOf(close);
  if (start >= 0 && end > start) text = text.slice(0, start) + open + '\n' + measured + close + text.slice(end + close.length);
  else text = `${text.trimEnd()}\n\n## ${heading}\n\n${open}\n${measured}${close}\n`;
  fs.writeFileSync(doc, text);
}
