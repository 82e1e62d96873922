// preview.mjs: `posenc preview <folder>`: the built site (dist/) served with an author's lessons
// beside the built-in ones, reloading the page whenever a file of the folder is saved.
//
//   const p = await startPreview({ folder, port: 0 });   // p.url, p.lessons, p.close()
//
// The author's <id>.json and <id>.<lang>.json are served as tutorials/lessons/… (prose with its
// marked literals unmarked, TeX rendered to MathML as the build does), their ids are added to
// lessons/index.json and their glossary.json merged into the glossary. Saving a file (fs.watch)
// re-runs `posenc check` (problems printed to the terminal) and tells every open page through an
// EventSource (/__posenc/events), which /__posenc/reload.js, added to the site's pages as a module
// script, answers with a reload. Everything stays under posenc's CSP (no inline script or style).
// Leaves out: building the site (npm run build) and the author's own widgets (web/blocks/ only).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkFolder, formatProblem, posencPaths } from './check.mjs';

const PROSE_FILE = /^(.+)\.([a-z]{2,3})\.json$/;
const PAGES = new Set(['/', '/index.html', '/embed.html']);

const RELOAD_JS = `// reload.js (posenc preview): reloads this page when the author saves a lesson file.
const events = new EventSource('/__posenc/events');
events.addEventListener('change', () => location.reload());
`;

export async function startPreview({ folder, port = 8090, host = 'localhost', quiet = false, paths = posencPaths() }) {
  const dist = path.join(paths.root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist} has no built site: run npm run build (or node scripts/bundle.mjs) first`);
  const { SECURITY_HEADERS } = await import(pathToFileURL(path.join(paths.root, 'scripts', 'csp.mjs')).href);
  const { renderMath, unmarkLiterals, texOfBlocks, texOfProse } = await import(pathToFileURL(path.join(paths.root, 'scripts', 'tutorials.mjs')).href);
  const { default: sirv } = await import('sirv');
  const log = quiet ? () => {} : (...a) => console.log(...a);

  const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
  const authorIds = () => fs.readdirSync(folder).filter((f) => f.endsWith('.json') && f !== 'glossary.json' && !PROSE_FILE.test(f)).map((f) => f.slice(0, -5));
  const builtIn = () => readJson(path.join(dist, 'tutorials', 'lessons', 'index.json'));

  // tutorials/… paths the author's folder answers; undefined when it does not.
  function overlay(rel) {
    if (rel === 'lessons/index.json') {
      const index = builtIn();
      return { ...index, lessons: [...index.lessons, ...authorIds().filter((id) => !index.lessons.includes(id))] };
    }
    if (rel === 'glossary.json' && fs.existsSync(path.join(folder, 'glossary.json'))) {
      return { ...readJson(path.join(dist, 'tutorials', 'glossary.json')), ...readJson(path.join(folder, 'glossary.json')) };
    }
    const m = /^lessons\/([a-z0-9-]+)(?:\.([a-z]{2,3}|math))?\.json$/.exec(rel);
    if (!m || !authorIds().includes(m[1])) return undefined;
    const [, id, part] = m;
    if (!part) return readJson(path.join(folder, `${id}.json`));
    if (part !== 'math') return unmarkLiterals(readJson(path.join(folder, `${id}.${part}.json`)));
    const tex = new Set();
    for (const step of readJson(path.join(folder, `${id}.json`)).steps ?? []) texOfBlocks(step.blocks, tex);
    for (const f of fs.readdirSync(folder)) if (f.startsWith(`${id}.`) && PROSE_FILE.test(f)) texOfProse(readJson(path.join(folder, f)), tex);
    const map = {};
    for (const t of tex) { try { map[t] = renderMath(t); } catch { /* posenc check reports it */ } }
    return map;
  }

  const clients = new Set();
  let version = 0;
  let problems = [];
  const recheck = async () => {
    try {
      ({ problems } = await checkFolder(folder, { paths }));
      for (const p of problems) log(formatProblem(p));
      log(problems.length ? `posenc check: ${problems.length} problem(s)` : 'posenc check: no problems');
    } catch (err) { log(`posenc check: ${err.message}`); }
  };
  await recheck();

  let timer = null;
  const watcher = fs.watch(folder, () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      version += 1;
      await recheck();
      for (const res of clients) res.write(`event: change\ndata: ${version}\n\n`);
    }, 120);
  });

  const headers = (res, type) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    res.setHeader('Cache-Control', 'no-cache');
    if (type) res.setHeader('Content-Type', type);
  };
  const files = sirv(dist, { dev: true, etag: false, extensions: ['html'], setHeaders: (res) => headers(res) });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://preview');
    const p = decodeURIComponent(url.pathname);
    try {
      if (p === '/__posenc/events') {
        headers(res, 'text/event-stream');
        res.write(`retry: 500\nevent: hello\ndata: ${version}\n\n`);
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (p === '/__posenc/reload.js') { headers(res, 'text/javascript; charset=utf-8'); res.end(RELOAD_JS); return; }
      if (p === '/__posenc/status.json') { headers(res, 'application/json'); res.end(JSON.stringify({ version, problems })); return; }
      if (PAGES.has(p)) {
        const html = fs.readFileSync(path.join(dist, p === '/' ? 'index.html' : p.slice(1)), 'utf8')
          .replace('</head>', '<script type="module" src="/__posenc/reload.js"></script>\n</head>');
        headers(res, 'text/html; charset=utf-8');
        res.end(html);
        return;
      }
      if (p.startsWith('/tutorials/')) {
        const body = overlay(p.slice('/tutorials/'.length));
        if (body !== undefined) { headers(res, 'application/json; charset=utf-8'); res.end(JSON.stringify(body)); return; }
      }
    } catch (err) {
      headers(res, 'text/plain; charset=utf-8');
      res.statusCode = 500;
      res.end(`posenc preview: ${err.message}`);
      return;
    }
    files(req, res, () => { headers(res, 'text/plain; charset=utf-8'); res.statusCode = 404; res.end('not found'); });
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, host, resolve); });
  const url = `http://${host}:${server.address().port}/`;
  return {
    url,
    lessons: authorIds(),
    get problems() { return problems; },
    close: () => new Promise((resolve) => {
      watcher.close();
      clearTimeout(timer);
      for (const res of clients) res.end();
      server.close(resolve);
    }),
  };
}
