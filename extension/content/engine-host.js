// Where the engine runs for this page. First choice: WebAssembly right here in the content
// script (fastest). A page whose CSP lacks 'wasm-unsafe-eval' makes that compile fail (and
// fires one securitypolicyviolation the site can see), so then the service worker runs the
// engine and we talk to it by messages. The path that works is remembered per origin in
// chrome.storage.local, so a site sees at most one violation.
(function (R) {
  'use strict';
  const { MSG } = RapportProtocol;
  const RETRY_CONTENT_AFTER_MS = 7 * 24 * 3600 * 1000;

  let path = null;       // 'content' | 'worker'
  let module = null;     // compiled WebAssembly.Module (content path)
  let glue = null;       // the wasm-bindgen glue bound to one instance
  let engine = null;     // wasm_bindgen.Engine
  let options = null;
  let starting = null;

  const origin = () => (self.origin && self.origin !== 'null' ? self.origin : location.origin);

  // A fresh glue + instance when the build provides a factory (rapport_glue), else the
  // one global instance.
  function newGlue() {
    if (typeof rapport_glue === 'function') {
      const g = rapport_glue(); // eslint-disable-line no-undef
      g.initSync({ module });
      return g;
    }
    wasm_bindgen.initSync({ module }); // no-op once initialised
    return wasm_bindgen;
  }

  async function startContent() {
    const url = chrome.runtime.getURL('engine/rapport_bg.wasm');
    const bytes = await (await fetch(url)).arrayBuffer();
    module = await WebAssembly.compile(bytes); // throws under a CSP without wasm-unsafe-eval
    glue = newGlue();
    engine = new glue.Engine(options);
  }

  async function start(opts) {
    options = opts;
    const remembered = await RapportSettings.enginePathFor(origin()).catch(() => null);
    const fresh = remembered && remembered.path === 'worker' && Date.now() - remembered.at < RETRY_CONTENT_AFTER_MS;
    if (!fresh) {
      try {
        await startContent();
        path = 'content';
        if (remembered) RapportSettings.rememberEnginePath(origin(), { path: 'content', at: Date.now() }).catch(() => {});
        return path;
      } catch (e) {
        const csp = e instanceof WebAssembly.CompileError || /Content Security Policy|unsafe-eval/i.test(String(e && e.message));
        if (csp) RapportSettings.rememberEnginePath(origin(), { path: 'worker', at: Date.now() }).catch(() => {});
      }
    }
    path = 'worker';
    return path;
  }

  function ready(opts) {
    if (!starting) starting = start(opts);
    return starting;
  }

  function recreate() {
    try { if (engine) engine.free(); } catch (_) { /* the instance may be dead */ }
    glue = newGlue();
    engine = new glue.Engine(options);
  }

  function setOptions(opts) {
    options = opts;
    if (path === 'content') {
      try { recreate(); } catch (e) { console.error('rapport: engine options rejected', e); }
    }
  }

  const EMPTY = { findings: [], moves: [], score: { value: 0, breakdown: [] } };

  function analyzeHere(text, context) {
    try {
      return engine.analyze(text, context);
    } catch (e) {
      // A panic traps the instance (panic=abort): start a new one and try once more.
      console.error('rapport: engine failed, restarting it', e);
      try { recreate(); return engine.analyze(text, context); } catch (e2) { console.error('rapport: engine failed again', e2); return EMPTY; }
    }
  }

  // context: {customerMessage} or undefined (then the report is exactly as without it)
  async function analyze(text, context) {
    if (path === 'content') return analyzeHere(text, context);
    const reply = await chrome.runtime.sendMessage(context ? { type: MSG.ANALYZE, text, options, context } : { type: MSG.ANALYZE, text, options });
    if (!reply || reply.error) throw new Error(reply ? reply.error : 'no reply from the Rapport worker');
    return reply.report;
  }

  // The report at once when the engine runs here, else undefined (then use analyze()).
  function analyzeNow(text, context) {
    return path === 'content' && engine ? analyzeHere(text, context) : undefined;
  }

  R.engineHost = { ready, analyze, analyzeNow, setOptions, get path() { return path; } };
})(globalThis.Rapport = globalThis.Rapport || {});
