// The service worker: the engine for pages whose CSP forbids WebAssembly in the content
// script, the relay for keyboard commands, and rules for the options page.
importScripts('engine/rapport.js', 'protocol.js', 'settings.js');
/* global wasm_bindgen, RapportProtocol, RapportSettings */
const { MSG } = RapportProtocol;

let glueReady = null;
let engine = null;
let engineKey = null;
let glue = null;

function loadGlue() {
  if (!glueReady) {
    glueReady = (async () => {
      const bytes = await (await fetch(chrome.runtime.getURL('engine/rapport_bg.wasm'))).arrayBuffer();
      const module = await WebAssembly.compile(bytes);
      return { module };
    })();
    glueReady.catch(() => { glueReady = null; });
  }
  return glueReady;
}

// A fresh glue + instance when the build provides a factory (rapport_glue), else the one
// global instance.
function instantiate(module) {
  if (typeof rapport_glue === 'function') {
    const g = rapport_glue(); // eslint-disable-line no-undef
    g.initSync({ module });
    return g;
  }
  wasm_bindgen.initSync({ module });
  return wasm_bindgen;
}

async function engineFor(options) {
  const key = JSON.stringify(options || {});
  const { module } = await loadGlue();
  if (!glue) glue = instantiate(module);
  if (!engine || engineKey !== key) {
    if (engine) { try { engine.free(); } catch (_) { /* dead instance */ } }
    engine = new glue.Engine(options || undefined);
    engineKey = key;
  }
  return engine;
}

async function analyze(text, options) {
  const e = await engineFor(options);
  try {
    return e.analyze(text);
  } catch (err) {
    // A panic traps the instance: build a new one and try once more.
    console.error('rapport worker: engine failed, restarting it', err);
    const { module } = await loadGlue();
    glue = instantiate(module);
    engine = null;
    return (await engineFor(options)).analyze(text);
  }
}

// Every built-in rule, disabled or not, for the options page.
async function allRules() {
  const { module } = await loadGlue();
  if (!glue) glue = instantiate(module);
  const e = new glue.Engine();
  try { return e.rules(); } finally { e.free(); }
}

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (!msg || sender.id !== chrome.runtime.id) return;
  if (msg.type === MSG.ANALYZE) {
    if (typeof msg.text !== 'string') { reply({ error: 'text must be a string' }); return; }
    analyze(msg.text, msg.options).then((report) => reply({ report }), (e) => reply({ error: String(e && e.message || e) }));
    return true;
  }
  if (msg.type === MSG.RULES) {
    allRules().then((rules) => reply({ rules }), (e) => reply({ error: String(e && e.message || e) }));
    return true;
  }
});

// Keyboard commands go to every frame of the tab; the frame whose editor has focus acts.
function relayCommand(command, tab) {
  if (!tab || tab.id == null) return Promise.resolve();
  return chrome.tabs.sendMessage(tab.id, { type: MSG.COMMAND, command }).catch(() => {});
}
chrome.commands.onCommand.addListener(relayCommand);
self.rapportRelayCommand = relayCommand; // the browser tests dispatch commands through it
