// Starts the app. Trunk would inline this as a module script, which the page's Content Security
// Policy forbids; Trunk.toml's pattern_script instead loads this file and passes the hashed names
// of the app's JS and wasm in data attributes.
const tag = document.querySelector("script[data-app-js]");
try {
  const { default: init } = await import(tag.dataset.appJs);
  await init({ module_or_path: tag.dataset.appWasm });
} catch (error) {
  const message = document.getElementById("boot-error");
  message.textContent = `Trailscope could not start: ${error}`;
  message.hidden = false;
}

// Offline use: the service worker (sw.js) keeps this build's files, so that after this visit the
// app opens with no network. Service workers need a secure context (https: or http://127.0.0.1),
// never file:. A browser that refuses (private mode, disabled storage) just has no offline copy.
if ('serviceWorker' in navigator && window.isSecureContext && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js', { scope: './' }).catch((error) => {
    console.warn(`Trailscope will not work offline: ${error}`);
  });
}
