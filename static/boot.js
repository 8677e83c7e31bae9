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
