// The one way the engine is run, wherever it runs: the content script (content/engine-host.js),
// the worker (worker.js), the policy pack checks (packs.js), the www pages
// (www/common/engine.mjs) and the pack builder's worker (www/packs/pack-worker.js).
// The module is compiled once and instantiated as often as needed; each instance is given the
// parts of the compiled catalog loaded so far (Catalogs: English from the start, another
// language's when a reply in it appears, and the engine built again); the engine is built with
// the packs given or, where the engine refuses them and the caller wants the coaching to go
// on, with the built-in rules alone; a Rust panic (panic=abort) traps the instance and
// leaves it dead, so the call is made once more on a fresh instance.
import { rapport_glue } from './engine/rapport.js';

// A part's bytes in an array of this realm's own: the engine reads a part from its array a
// piece at a time (subarray), and in a Firefox content script an array over the buffer
// fetch gave belongs to the page's compartment, where reading it so is denied ("Permission
// denied to access property constructor"). Copying with set() is allowed.
function ownBytes(bytes) {
  const view = new Uint8Array(bytes);
  const own = new Uint8Array(view.length);
  own.set(view);
  return own;
}

// The compiled catalog's parts, which the wasm does not carry: catalog-en.bin (the English
// rules, the moves, cues and customer signals) from the start, another language's
// (catalog-es.bin, ...) only once a reply in it appears (a report's `needs` names it). One
// store per place the engine runs, shared by its cores; `read(code)` gives a part's bytes
// (or a promise of them), `parts` those already at hand ({en: bytes}).
export class Catalogs {
  constructor(read, parts = {}) {
    this.read = read;
    this.parts = new Map(Object.entries(parts).map(([code, bytes]) => [code, ownBytes(bytes)]));
    this.asked = new Map();
  }

  // The parts loaded, in the order they came (each instance is given each once, in order).
  list() { return [...this.parts.values()]; }

  has(code) { return this.parts.has(code); }

  // Whether loading `code` may still give it (a part that could not be read is not asked
  // again: the reports then go on without its rules).
  loadable(code) { return !this.parts.has(code) && this.asked.get(code) !== false; }

  // Resolves once each of `codes` is loaded, or could not be.
  load(codes) {
    return Promise.all(codes.map((code) => {
      if (this.parts.has(code)) return true;
      // asked: the read under way, or false once it failed (never asked again)
      if (!this.asked.has(code)) {
        this.asked.set(code, Promise.resolve().then(() => this.read(code)).then((bytes) => {
          this.parts.set(code, ownBytes(bytes));
          return true;
        }, (e) => {
          console.error(`rapport: the catalog's part for '${code}' could not be read; its rules stay off`, e);
          this.asked.set(code, false);
          return false;
        }));
      }
      return this.asked.get(code);
    }));
  }
}

// The parts beside the wasm at `wasmUrl` (catalog-<code>.bin in its folder), read by fetch:
// the extension's own files or the www pages' own, never the network beyond them.
export function catalogsBeside(wasmUrl) {
  return new Catalogs(async (code) => {
    // beside the wasm: in its folder, never elsewhere
    const url = new URL(`catalog-${code}.bin`, wasmUrl);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`catalog-${code}.bin: HTTP ${res.status}`);
    return res.arrayBuffer();
  });
}

// {module, size, catalogs}: the engine compiled from its file, with the English part of the
// catalog read beside it (both fetched at once). Under a page CSP without
// 'wasm-unsafe-eval' (the content script's case) compiling throws.
export async function compileEngine(url) {
  const catalogs = catalogsBeside(url);
  const [bytes, [english]] = await Promise.all([fetch(url).then((res) => res.arrayBuffer()), catalogs.load(['en'])]);
  if (!english) throw new Error('rapport: catalog-en.bin could not be read beside the engine');
  return { module: await WebAssembly.compile(bytes), size: bytes.byteLength, catalogs };
}

// A fresh glue bound to a fresh instance of the compiled module (make wasm wraps the
// wasm-bindgen glue in the rapport_glue factory for this).
export function instantiate(module) {
  const glue = rapport_glue();
  glue.initSync({ module });
  return glue;
}

// A trap: the instance that threw it is dead (a panic, or a bug the engine could not catch).
export const isTrap = (e) => e instanceof WebAssembly.RuntimeError;

function free(engine) {
  try { if (engine) engine.free(); } catch (_) { /* an engine of a dead instance */ }
}

export class EngineCore {
  // engine: {module, catalogs} (compileEngine's, or a test's own).
  // options: {disabledRules?, severityOverrides?, formalRegister?} or undefined; packs: pack texts.
  // strict: a refusal of the packs is thrown (the pack builder shows it) rather than
  // answered with the built-in rules alone (the extension, whose coaching goes on).
  constructor({ module, catalogs }, { options, packs = [], strict = false } = {}) {
    this.module = module;
    this.catalogs = catalogs;
    this.options = options;
    this.packs = packs;
    this.strict = strict;
    this.glue = null;
    this.fed = 0; // the catalog's parts given to this instance
    this.instantiate();
    this.engine = null;
    this.call(() => this.build());
  }

  instantiate() {
    this.glue = instantiate(this.module);
    this.fed = 0;
  }

  // Gives the instance the parts of the catalog loaded since it last had them; true when
  // there were any (an engine built before them lacks their rules).
  feed() {
    const parts = this.catalogs.list();
    const before = this.fed;
    for (; this.fed < parts.length; this.fed++) this.glue.addCatalog(parts[this.fed]);
    return this.fed > before;
  }

  build() {
    this.feed();
    free(this.engine);
    this.engine = null;
    try {
      this.engine = new this.glue.Engine(this.options, this.packs);
    } catch (e) {
      if (this.strict || isTrap(e) || !this.packs.length) throw e;
      console.error('rapport: the engine refused the packs; using the built-in rules only', e);
      this.engine = new this.glue.Engine(this.options, []);
    }
  }

  // The engine again, with these options and packs.
  configure(options, packs = []) {
    this.options = options;
    this.packs = packs;
    this.call(() => this.build());
  }

  // fn(engine, glue); after a trap, once more on a fresh instance (a second trap is thrown).
  // A part of the catalog loaded since the engine was built is added first.
  call(fn) {
    try {
      if (this.fed < this.catalogs.list().length && this.engine) this.build();
      return fn(this.engine, this.glue);
    } catch (e) {
      if (!isTrap(e)) throw e;
      console.error('rapport: the engine trapped; starting a fresh instance', e);
      this.restart();
      return fn(this.engine, this.glue);
    }
  }

  // The languages of `report` whose part of the catalog can still be loaded.
  needed(report) {
    return (report.needs || []).filter((code) => this.catalogs.loadable(code));
  }

  // The report, or undefined when the text is in a language whose part of the catalog is
  // not loaded yet (its load is then under way, and analyze() waits for it): a reply in
  // Spanish is never shown without its Spanish rules.
  analyzeNow(text, context) {
    const report = this.call((engine) => engine.analyze(text, context));
    const needs = this.needed(report);
    if (!needs.length) return report;
    this.catalogs.load(needs);
    return undefined;
  }

  // The report, with the parts of the catalog its text needs loaded first.
  async analyze(text, context) {
    const report = this.call((engine) => engine.analyze(text, context));
    const needs = this.needed(report);
    if (!needs.length) return report;
    await this.catalogs.load(needs);
    return this.call((engine) => engine.analyze(text, context));
  }

  // Every part of the catalog loaded (for what lists every rule: the options page, the
  // rule reference), the engine built again with them.
  async loadAll() {
    await this.catalogs.load(this.glue.catalogParts());
    this.call(() => null);
  }

  // A fresh instance, the engine built again on it (a strict core whose packs the engine
  // refuses has none until configured again; the call that restarted it still runs).
  restart() {
    this.engine = null; // of the dead instance: nothing to free
    this.instantiate();
    try { this.build(); } catch (e) { if (isTrap(e)) throw e; }
  }

  // fn(engine) on an engine of its own, built on this instance with these options and packs
  // (a refusal is thrown, whatever `strict` says), freed afterwards.
  withEngine(options, packs, fn) {
    return this.call((_, glue) => {
      this.feed();
      const engine = new glue.Engine(options, packs);
      try { return fn(engine); } finally { free(engine); }
    });
  }

  free() {
    free(this.engine);
    this.engine = null;
  }
}
