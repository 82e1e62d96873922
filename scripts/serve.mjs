// serve.mjs: serves the built site (dist/) with posenc's security headers.
//   node scripts/serve.mjs            → http://localhost:8080/  (PORT, HOST override)
// Also importable: startServer({ root, port: 0 }) for tests (port 0 picks a free port).
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { SECURITY_HEADERS } from './csp.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// POSENC_DIST: another folder to serve (parallel builds in one checkout each use their own).
export const DIST = path.resolve(here, '..', process.env.POSENC_DIST ?? 'dist');

export function startServer({ root = DIST, port = 8080, host = 'localhost', headers = SECURITY_HEADERS } = {}) {
  const serveFiles = sirv(root, {
    etag: true,
    gzip: true,
    brotli: true,
    extensions: ['html'],
    setHeaders(res) {
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.setHeader('Cache-Control', 'no-cache');
    },
  });
  const server = http.createServer((req, res) =>
    serveFiles(req, res, () => {
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('not found');
    }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, port: actual, url: `http://${host}:${actual}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? 'localhost';
  const { url } = await startServer({ port, host });
  console.log(`posenc is served at ${url}`);
}
