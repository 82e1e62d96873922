// posenc.js: the public URL of the JS API (/posenc.js); the API itself is web/api/posenc.js.
export * from './api/posenc.js';
