// The pack builder's engine, off the page's thread: checking a hostile or huge pack, or
// running hundreds of examples, never freezes the editor, and the page can stop a run by
// terminating this worker. The same wasm build as every www page (engine/, `make wasm`).
// A module worker (packs.mjs starts it with type: 'module').
import { rapport_glue } from '../engine/rapport.js';

const WASM_URL = new URL('../engine/rapport_bg.wasm', self.location.href);
let glue = null;
// The engine built with the last pack seen, kept for the next analysis of the sample.
let cached = { pack: null, engine: null };

async function instantiate() {
  glue = rapport_glue();
  await glue({ module_or_path: WASM_URL });
  cached = { pack: null, engine: null };
}
let ready = instantiate();

function engineFor(pack) {
  if (cached.pack !== pack) {
    cached = { pack: null, engine: null };
    const engine = new glue.Engine({}, [pack]);
    cached = { pack, engine };
  }
  return cached.engine;
}

const OPS = {
  // Only the loader's verdict: the errors, one per line of the thrown message.
  validate({ pack }) {
    try {
      engineFor(pack);
      return { errors: [] };
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw e;
      return { errors: String(e && e.message || e).split('\n').filter(Boolean) };
    }
  },
  // Validation and every example with its outcome (checkPack).
  examples({ pack }) {
    return glue.checkPack(pack);
  },
  analyze({ pack, text }) {
    return engineFor(pack).analyze(text, undefined);
  },
};

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  try {
    await ready;
    let result;
    try {
      result = OPS[op](data);
    } catch (e) {
      // A Rust panic traps the instance: answer from a fresh one.
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      ready = instantiate();
      await ready;
      result = OPS[op](data);
    }
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: String(e && e.message || e) });
  }
};
