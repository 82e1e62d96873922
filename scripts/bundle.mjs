// bundle.mjs: assembles the self-contained static site in dist/ from web/ (which holds the
// built WASM core in web/wasm/), the math font from npm (@fontsource/stix-two-math → fonts/),
// writes embed.html (index.html in embed mode: the two pages load the same modules, so one is made
// from the other), fills the service worker's precache (sw.js: every file, content-hash version),
// adds a _headers file with the CSP for static hosts, and precompresses text files (gzip, brotli)
// so the server sends them compressed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from './csp.mjs';
import { bundleTutorials } from './tutorials.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(top, 'web');
const dist = path.resolve(top, process.env.POSENC_DIST ?? 'dist');

if (!fs.existsSync(path.join(web, 'wasm', 'posenc_core.wasm')))
  throw new Error('web/wasm/posenc_core.wasm is missing: build the WASM core first (npm run build)');

fs.rmSync(dist, { recursive: true, force: true });
fs.cpSync(web, dist, { recursive: true });
// The MathML font (STIX Two Math, OFL-1.1, with its OpenType MATH table) from its npm package, so
// math looks the same on every machine; style.css declares it with @font-face (font-src 'self').
const fontPackage = path.join(top, 'node_modules', '@fontsource', 'stix-two-math');
const fontFile = path.join(fontPackage, 'files', 'stix-two-math-latin-400-normal.woff2');
if (!fs.existsSync(fontFile)) throw new Error('@fontsource/stix-two-math is missing: run npm install');
fs.mkdirSync(path.join(dist, 'fonts'), { recursive: true });
fs.copyFileSync(fontFile, path.join(dist, 'fonts', 'stix-two-math.woff2'));
fs.copyFileSync(path.join(fontPackage, 'LICENSE'), path.join(dist, 'fonts', 'stix-two-math.LICENSE.txt'));
// /embed.html?lesson=…: minimal chrome, reports its height to the parent frame (web/page/app.js).
const index = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
const embed = index.replace('<html lang="en">', '<html lang="en" data-mode="embed">').replace('<body>', '<body class="embed">');
if (embed === index || !embed.includes('data-mode="embed"') || !embed.includes('<body class="embed">'))
  throw new Error('web/index.html: expected <html lang="en"> and <body> to make embed.html from it');
fs.writeFileSync(path.join(dist, 'embed.html'), embed);
// The lessons (tutorials/ → dist/tutorials/, TeX rendered to MathML at build time).
bundleTutorials(top, dist);

// The service worker's precache (web/sw.js): every file of the site, and a version made of their
// content hashes, written into dist/sw.js so that any change to the site is a new worker.
const siteFiles = [];
(function list(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) list(p);
    else if (entry.name !== 'sw.js' && entry.name !== '_headers') siteFiles.push(path.relative(dist, p).split(path.sep).join('/'));
  }
})(dist);
siteFiles.sort();
const hashes = siteFiles.map((f) => `${f} ${crypto.createHash('sha256').update(fs.readFileSync(path.join(dist, f))).digest('hex')}`);
const version = crypto.createHash('sha256').update(hashes.join('\n')).digest('hex').slice(0, 16);
const swPath = path.join(dist, 'sw.js');
const sw = fs.readFileSync(swPath, 'utf8');
const precacheLine = "const PRECACHE = { version: 'dev', files: [] }; // replaced by scripts/bundle.mjs";
if (!sw.includes(precacheLine)) throw new Error('web/sw.js: the PRECACHE line to fill is missing');
fs.writeFileSync(swPath, sw.replace(precacheLine, `const PRECACHE = ${JSON.stringify({ version, files: ['./', ...siteFiles] })};`));

const headerLines = Object.entries(SECURITY_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
fs.writeFileSync(path.join(dist, '_headers'), ['/*', ...headerLines, ''].join('\n'));

const compressible = /\.(html|js|mjs|css|json|svg|wasm|txt)$/;
function compressTree(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) compressTree(p);
    else if (compressible.test(entry.name)) {
      const body = fs.readFileSync(p);
      fs.writeFileSync(`${p}.gz`, zlib.gzipSync(body, { level: 9 }));
      fs.writeFileSync(`${p}.br`, zlib.brotliCompressSync(body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
      }));
    }
  }
}
compressTree(dist);
console.log(`posenc bundle: ${path.relative(top, dist)}/ is ready`);
