// The pack builder's engine, off the page's thread: checking a hostile or huge pack, or
// running hundreds of examples, never freezes the editor, and the page can stop a run by
// terminating this worker. The same wasm build as every www page (engine/, `make wasm`),
// run by the extension's engine host core (a trapped instance is replaced by a fresh one).
// A module worker (packs.mjs starts it with type: 'module').
import { EngineCore, compileEngine, isTrap } from '../../extension/engine-core.js';

const WASM_URL = new URL('../engine/rapport_bg.wasm', self.location.href);
// strict: a pack the engine refuses is an error to show, never replaced by the built-in rules
// Every part of the catalog (a pack's sample may be in any language), loaded before the first
// check.
const ready = compileEngine(WASM_URL).then(async (compiled) => {
  const core = new EngineCore(compiled, { strict: true });
  await core.loadAll();
  return core;
});
// The pack the engine was last built with, kept for the next analysis of the sample.
let built = null;

function engineFor(core, pack) {
  if (built !== pack) {
    built = null;
    core.configure({}, [pack]);
    built = pack;
  }
  return core.engine;
}

const OPS = {
  // The loader's verdict (the errors, one per line of the thrown message), then the rules
  // so broad they would flag every reply, which the extension refuses too.
  validate(core, { pack }) {
    try {
      engineFor(core, pack);
    } catch (e) {
      if (isTrap(e)) throw e;
      return { errors: String(e && e.message || e).split('\n').filter(Boolean) };
    }
    return { errors: core.call(() => engineFor(core, pack).broadRules()) };
  },
  // Validation and every example with its outcome (checkPack).
  examples(core, { pack }) {
    return core.call((_, glue) => glue.checkPack(pack));
  },
  analyze(core, { pack, text }) {
    return core.call(() => engineFor(core, pack).analyze(text, undefined));
  },
};

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  try {
    const core = await ready;
    self.postMessage({ id, result: OPS[op](core, data) });
  } catch (e) {
    self.postMessage({ id, error: String(e && e.message || e) });
  }
};
