// sw.js: posenc's service worker: once the site has been opened, every lesson and step works
// offline, including modules a step loads lazily (heatmaps, plots, widgets, workers), the WASM core,
// the math font and the lesson data.
// scripts/bundle.mjs fills PRECACHE with every file of dist/ and a version made of their content
// hashes; a build that changes any file changes this script, so the browser installs the new
// version and the old cache is deleted when it takes over.
// Strategy: precached files are answered from the cache (the versioned copy of this build);
// anything else goes to the network. A page URL with a query (?lesson=rope&step=2) is the page.
// Leaves out: caching anything outside the build (there is nothing else), background sync.
/* global self, caches */
const PRECACHE = { version: 'dev', files: [] }; // replaced by scripts/bundle.mjs
const CACHE = `posenc-${PRECACHE.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.files.map((f) => new Request(f, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('posenc-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Pages are the same file whatever their query; other files are matched exactly.
    const hit = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (hit) return hit;
    return fetch(request);
  })());
});
