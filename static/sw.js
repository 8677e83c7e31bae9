// Trailscope's service worker: keeps the app's own files so that, after one online visit, the app
// opens with no network at all.
//
// What it caches: exactly the files of one build, listed below by scripts/precache.mjs (a Trunk
// post_build hook that rewrites this file in dist/ with every file Trunk emitted, hashed names
// included, and a version that is a hash of their contents). Nothing else is ever stored: not the
// files a user drops or picks (they never reach the network, and blob:, data:, other origins and
// non-GET requests are not even looked at), not any other response.
//
// Updates: each build has its own cache, `trailscope-<version>`. A new deploy changes this file,
// so the browser installs the new worker beside the old one; the new worker waits (no
// skipWaiting) until no tab runs the old version, then activates and deletes every other
// trailscope cache. Until then, old tabs keep being served the old build from its own cache, so
// old and new files are never mixed.
const VERSION = 'dev'; // replaced at build time
const FILES = []; // replaced at build time: paths relative to this file, e.g. "index.html"

const CACHE = `trailscope-${VERSION}`;
const SCOPE = new URL('./', self.location).href;
const INDEX = new URL('index.html', SCOPE).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload` skips the HTTP cache, which could still hold a previous deploy's unhashed files.
    await cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE), { cache: 'reload' })));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('trailscope-') && name !== CACHE) await caches.delete(name);
    }
    // The first visit's page is controlled at once (there was no older version to mix with), so
    // the worker and the sample it fetches later are served from this build too.
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  event.respondWith(respond(request, url));
});

async function respond(request, url) {
  // caches.match with a cacheName never creates the cache (caches.open would, and so bring back
  // an old version's cache deleted by a newer worker while an old tab still fetches).
  // The app's page is "./" or "./index.html", whatever the query (the filter lives in the hash).
  const path = url.origin + url.pathname;
  const key = request.mode === 'navigate' && (path === SCOPE || path === INDEX) ? INDEX : request;
  const hit = await caches.match(key, { cacheName: CACHE, ignoreSearch: request.mode === 'navigate' });
  return hit ?? fetch(request);
}
