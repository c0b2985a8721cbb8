// Where the engine runs for this page. First choice: WebAssembly right here in the content
// script (fastest). A page whose CSP lacks 'wasm-unsafe-eval' makes that compile fail (and
// fires one securitypolicyviolation the site can see), so then the service worker runs the
// engine and we talk to it by messages. The path that works is remembered per origin in
// chrome.storage.local, so a site sees at most one violation.
// The organisation's policy packs are checked one by one (packs.js): an invalid pack is left
// out and reported on the options page; the built-in rules and the valid packs keep working.
// The worker path reads the policy itself, so pack texts (up to a megabyte each) never
// travel by message.
import * as S from '../settings.js';
import { MSG } from '../protocol.js';
import { EngineCore, compileEngine } from '../engine-core.js';
import { packsInForce } from '../packs.js';
const RETRY_CONTENT_AFTER_MS = 7 * 24 * 3600 * 1000;

let path = null;       // 'content' | 'worker'
let compiled = null;   // {module, size, catalogs} (content path)
let core = null;       // the engine (content path)
let options = null;    // {disabledRules, severityOverrides, formalRegister}
let packTexts = [];    // every policy pack, as configured
let starting = null;

const origin = () => (self.origin && self.origin !== 'null' ? self.origin : location.origin);

async function startContent() {
  compiled = await compileEngine(chrome.runtime.getURL('engine/rapport_bg.wasm')); // throws under a CSP without wasm-unsafe-eval
  core = new EngineCore(compiled, { options, packs: await checkedPacks() });
}

const checkedPacks = () => packsInForce(() => new EngineCore(compiled), packTexts, `wasm:${compiled.size}`);

function split(opts) {
  const { packs, ...rest } = opts || {};
  options = rest;
  packTexts = Array.isArray(packs) ? packs : [];
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
      else console.error('rapport: the engine could not start in this page; the background script runs it', e);
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

let optionsChange = Promise.resolve();
function setOptions(opts) {
  const before = JSON.stringify(packTexts);
  split(opts);
  if (path !== 'content') return optionsChange;
  const packsChanged = JSON.stringify(packTexts) !== before;
  optionsChange = optionsChange.then(async () => {
    const packs = packsChanged ? await checkedPacks() : core.packs;
    try { core.configure(options, packs); } catch (e) { console.error('rapport: engine options rejected', e); }
  });
  return optionsChange;
}

const EMPTY = { findings: [], moves: [], score: { value: 0, breakdown: [] } };

// After a trap the core answers from a fresh instance; an analysis that fails even so shows
// nothing rather than stopping the page's coaching. The report, or undefined while the part
// of the catalog for the reply's language loads (analyze() waits for it).
function analyzeHere(text, context) {
  try {
    return core.analyzeNow(text, context);
  } catch (e) {
    console.error('rapport: the engine failed', e);
    return EMPTY;
  }
}

// context: {customerMessage} or undefined (then the report is exactly as without it)
async function analyze(text, context) {
  if (path === 'content') {
    await optionsChange;
    try {
      return await core.analyze(text, context);
    } catch (e) {
      console.error('rapport: the engine failed', e);
      return EMPTY;
    }
  }
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

// The report at once when the engine runs here and has the rules for the reply's language,
// else undefined (then use analyze()).
function analyzeNow(text, context) {
  return path === 'content' && core ? analyzeHere(text, context) : undefined;
}

// Where the engine stops reading `text` (UTF-16 units: the start of its signature or e-mail
// history, or its length): at once when the engine runs here, else a promise of the worker's
// answer.
function analysisEnd(text) {
  if (path === 'content' && core) return core.call((_, glue) => glue.analysisEnd(text));
  return chrome.runtime.sendMessage({ type: MSG.ANALYSIS_END, text }).then((reply) => {
    if (!reply || reply.error) throw new Error(reply ? reply.error : 'no reply from the Rapport worker');
    return reply.end;
  });
}

// The engine instance on the content path, null on the worker path (the browser suites make
// it trap, as a panic would).
const instance = () => (path === 'content' && core ? core.engine : null);

// The languages whose part of the catalog this frame has asked for, on the content path
// ('en' from the start; the browser suites check that an English page asks for no other).
const catalogsAsked = () => (compiled ? [...compiled.catalogs.asked.keys()] : []);

// `path`: where the engine runs, 'content' | 'worker' | null before it started (a live binding)
export { ready, analyze, analyzeNow, analysisEnd, setOptions, explanation, instance, path, startMs, catalogsAsked };
