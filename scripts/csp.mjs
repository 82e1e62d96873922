// csp.mjs: the one Content-Security-Policy and the other security headers posenc is served with,
// by scripts/serve.mjs and in the static build's _headers file. No 'unsafe-eval', no 'unsafe-inline':
// the WASM module needs only 'wasm-unsafe-eval' (built with -sDYNAMIC_EXECUTION=0).
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  'frame-ancestors *',
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
