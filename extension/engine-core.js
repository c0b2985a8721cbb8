// The one way the engine is run, wherever it runs: the content script (content/engine-host.js),
// the worker (worker.js), the policy pack checks (packs.js), the www pages
// (www/common/engine.mjs) and the pack builder's worker (www/packs/pack-worker.js).
// The module is compiled once and instantiated as often as needed; the engine is built with
// the packs given or, where the engine refuses them and the caller wants the coaching to go
// on, with the built-in rules alone; a Rust panic (panic=abort) traps the instance and
// leaves it dead, so the call is made once more on a fresh instance.
import { rapport_glue } from './engine/rapport.js';

// {module, size}: the engine compiled from its file. Under a page CSP without
// 'wasm-unsafe-eval' (the content script's case) compiling throws.
export async function compileEngine(url) {
  const bytes = await (await fetch(url)).arrayBuffer();
  return { module: await WebAssembly.compile(bytes), size: bytes.byteLength };
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
  // options: {disabledRules?, severityOverrides?} or undefined; packs: pack texts.
  // strict: a refusal of the packs is thrown (the pack builder shows it) rather than
  // answered with the built-in rules alone (the extension, whose coaching goes on).
  constructor(module, { options, packs = [], strict = false } = {}) {
    this.module = module;
    this.options = options;
    this.packs = packs;
    this.strict = strict;
    this.glue = instantiate(module);
    this.engine = null;
    this.call(() => this.build());
  }

  build() {
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
  call(fn) {
    try {
      return fn(this.engine, this.glue);
    } catch (e) {
      if (!isTrap(e)) throw e;
      console.error('rapport: the engine trapped; starting a fresh instance', e);
      this.restart();
      return fn(this.engine, this.glue);
    }
  }

  // A fresh instance, the engine built again on it (a strict core whose packs the engine
  // refuses has none until configured again; the call that restarted it still runs).
  restart() {
    this.engine = null; // of the dead instance: nothing to free
    this.glue = instantiate(this.module);
    try { this.build(); } catch (e) { if (isTrap(e)) throw e; }
  }

  // fn(engine) on an engine of its own, built on this instance with these options and packs
  // (a refusal is thrown, whatever `strict` says), freed afterwards.
  withEngine(options, packs, fn) {
    return this.call((_, glue) => {
      const engine = new glue.Engine(options, packs);
      try { return fn(engine); } finally { free(engine); }
    });
  }

  free() {
    free(this.engine);
    this.engine = null;
  }
}
