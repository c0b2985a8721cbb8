// Where the engine runs for this page. First choice: WebAssembly right here in the content
// script (fastest). A page whose CSP lacks 'wasm-unsafe-eval' makes that compile fail (and
// fires one securitypolicyviolation the site can see), so then the service worker runs the
// engine and we talk to it by messages. The path that works is remembered per origin in
// chrome.storage.local, so a site sees at most one violation.
// The organisation's policy packs are checked one by one (settings.js, policyPacks): an
// invalid pack is left out and reported on the options page; the built-in rules and the
// valid packs keep working. The worker path reads the policy itself, so pack texts (up to a
// megabyte each) never travel by message.
import * as S from '../settings.js';
import { rapport_glue } from '../engine/rapport.js';
import { MSG } from '../protocol.js';
const RETRY_CONTENT_AFTER_MS = 7 * 24 * 3600 * 1000;

let path = null;       // 'content' | 'worker'
let module = null;     // compiled WebAssembly.Module (content path)
let glue = null;       // the wasm-bindgen glue bound to one instance
let engine = null;     // the glue's Engine
let options = null;     // {disabledRules, severityOverrides}
let packTexts = [];     // every policy pack, as configured
let packsInForce = [];  // the ones that passed the checks
let wasmSize = 0;
let starting = null;

const origin = () => (self.origin && self.origin !== 'null' ? self.origin : location.origin);

// A fresh glue + instance (make wasm wraps the glue in the rapport_glue factory).
function newGlue() {
  const g = rapport_glue();
  g.initSync({ module });
  return g;
}

async function startContent() {
  const url = chrome.runtime.getURL('engine/rapport_bg.wasm');
  const bytes = await (await fetch(url)).arrayBuffer();
  module = await WebAssembly.compile(bytes); // throws under a CSP without wasm-unsafe-eval
  wasmSize = bytes.byteLength;
  await choosePacks(newGlue); // its own instance: a pack that traps it cannot take the engine down
  glue = newGlue();
  build();
}

function split(opts) {
  const { packs, ...rest } = opts || {};
  options = rest;
  packTexts = Array.isArray(packs) ? packs : [];
}

async function choosePacks(newChecker) {
  try {
    packsInForce = (await S.policyPacks(newChecker, packTexts, `wasm:${wasmSize}`)).texts;
  } catch (e) {
    console.error('rapport: policy packs could not be checked; using the built-in rules only', e);
    packsInForce = [];
  }
}

// The packs were checked together already; should the engine still refuse them (a stale
// check from another engine build), the built-in rules alone keep working.
function build() {
  try {
    engine = new glue.Engine(options, packsInForce);
  } catch (e) {
    console.error('rapport: policy packs rejected by the engine; using the built-in rules only', e);
    engine = new glue.Engine(options, []);
  }
}

async function start(opts) {
  split(opts);
  const remembered = await S.enginePathFor(origin()).catch(() => null);
  const fresh = remembered && remembered.path === 'worker' && Date.now() - remembered.at < RETRY_CONTENT_AFTER_MS;
  if (!fresh) {
    try {
      await startContent();
      path = 'content';
      if (remembered) S.rememberEnginePath(origin(), { path: 'content', at: Date.now() }).catch(() => {});
      return path;
    } catch (e) {
      const csp = e instanceof WebAssembly.CompileError || /Content Security Policy|unsafe-eval/i.test(String(e && e.message));
      if (csp) S.rememberEnginePath(origin(), { path: 'worker', at: Date.now() }).catch(() => {});
    }
  }
  path = 'worker';
  return path;
}

let startMs = null; // how long the engine took to start, once it has (the benchmarks read it)
function ready(opts) {
  if (!starting) {
    const t0 = performance.now();
    starting = start(opts);
    starting.then(() => { startMs = performance.now() - t0; }, () => {});
  }
  return starting;
}

function recreate() {
  try { if (engine) engine.free(); } catch (_) { /* the instance may be dead */ }
  glue = newGlue();
  build();
}

let optionsChange = Promise.resolve();
function setOptions(opts) {
  const before = JSON.stringify(packTexts);
  split(opts);
  if (path !== 'content') return optionsChange;
  const packsChanged = JSON.stringify(packTexts) !== before;
  optionsChange = optionsChange.then(async () => {
    if (packsChanged) await choosePacks(newGlue);
    try { recreate(); } catch (e) { console.error('rapport: engine options rejected', e); }
  });
  return optionsChange;
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
  if (path === 'content') { await optionsChange; return analyzeHere(text, context); }
  const reply = await chrome.runtime.sendMessage(context ? { type: MSG.ANALYZE, text, options, context } : { type: MSG.ANALYZE, text, options });
  if (!reply || reply.error) throw new Error(reply ? reply.error : 'no reply from the Rapport worker');
  return reply.report;
}

// A built-in rule's explanation (the wasm's reports leave it empty; the worker reads it
// from the package, so no file of ours becomes web-accessible): '' when it cannot be had.
const explained = new Map();
function explanation(rule) {
  if (!explained.has(rule)) {
    const asked = chrome.runtime.sendMessage({ type: MSG.EXPLAIN, rule })
      .then((reply) => (reply && typeof reply.text === 'string' ? reply.text : ''), () => '');
    asked.then((text) => { if (!text) explained.delete(rule); });
    explained.set(rule, asked);
  }
  return explained.get(rule);
}

// The report at once when the engine runs here, else undefined (then use analyze()).
function analyzeNow(text, context) {
  return path === 'content' && engine ? analyzeHere(text, context) : undefined;
}

// The engine's own DOM text model (src/wasm/dom.rs, web-sys) on the content path: the
// reference the browser suites hold content/textmodel.js to; null on the worker path.
const domModel = () => (path === 'content' && glue ? { text: (el) => glue.editorText(el), range: (el, start, end) => glue.editorRange(el, start, end) } : null);

// The engine instance on the content path, null on the worker path (the browser suites make
// it trap, as a panic would).
const instance = () => (path === 'content' ? engine : null);

// `path`: where the engine runs, 'content' | 'worker' | null before it started (a live binding)
export { ready, analyze, analyzeNow, setOptions, domModel, explanation, instance, path, startMs };
