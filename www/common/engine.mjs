// The Rapport engine for the www pages: the same WebAssembly build as the extension
// (www/engine/, from `make wasm`). engine/rapport.js must be loaded first as a classic
// script: it defines rapport_glue(), a factory for a fresh wasm-bindgen instance, so a
// trapped instance (a Rust panic) can be replaced by a new one.
const WASM_URL = new URL('../engine/rapport_bg.wasm', import.meta.url);

async function instantiate() {
  if (typeof globalThis.rapport_glue !== 'function') throw new Error('engine/rapport.js is not loaded');
  const glue = globalThis.rapport_glue();
  await glue({ module_or_path: WASM_URL });
  return glue;
}

export class RapportEngine {
  static async create(options = {}) {
    const e = new RapportEngine();
    e.options = options;
    e.glue = await instantiate();
    e.engine = new e.glue.Engine(options);
    return e;
  }

  async restart() {
    console.warn('rapport: the engine trapped; starting a fresh instance');
    this.glue = await instantiate();
    this.engine = new this.glue.Engine(this.options);
  }

  // Runs fn(engine); after a trap, once more on a fresh instance.
  async call(fn) {
    try {
      return fn(this.engine, this.glue);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      await this.restart();
      return fn(this.engine, this.glue);
    }
  }

  analyze(text, context) { return this.call((en) => en.analyze(text, context || undefined)); }
  rules() { return this.call((en) => en.rules()); }
  moves() { return this.call((en) => en.moves()); }

  async setOptions(options) {
    this.options = options;
    this.engine = new this.glue.Engine(options);
  }
}

// Applies one rewrite ({text, start, end}, UTF-16 offsets) to a string.
export function applyRewrite(text, rw) {
  return text.slice(0, rw.start) + rw.text + text.slice(rw.end);
}
