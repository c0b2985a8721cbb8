// The Rapport engine for the www pages: the same WebAssembly build as the extension
// (www/engine/, from `make wasm`). Its glue, engine/rapport.js, exports rapport_glue(), a
// factory for a fresh wasm-bindgen instance, so a trapped instance (a Rust panic) can be
// replaced by a new one.
import { rapport_glue } from '../engine/rapport.js';

const WASM_URL = new URL('../engine/rapport_bg.wasm', import.meta.url);
// The built-in rules' explanations, which the wasm leaves out of its reports: read beside it
// and put back, so reports and rules have the shape the CLI gives them.
const TEXT_URL = new URL('../engine/rapport_text.json', import.meta.url);

async function loadExplanations() {
  try {
    const res = await fetch(TEXT_URL);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()).explanations || {};
  } catch (e) {
    console.warn('rapport: engine/rapport_text.json could not be read; explanations stay empty', e);
    return {};
  }
}

// Fills each item's empty explanation (findings, or rules) from the built-in rules' texts.
function explain(items, texts) {
  for (const x of items || []) {
    const id = x.rule || x.id;
    if (!x.explanation && Object.hasOwn(texts, id)) x.explanation = texts[id];
  }
  return items;
}

async function instantiate() {
  const glue = rapport_glue();
  await glue({ module_or_path: WASM_URL });
  return glue;
}

export class RapportEngine {
  static async create(options = {}) {
    const e = new RapportEngine();
    e.options = options;
    [e.glue, e.texts] = await Promise.all([instantiate(), loadExplanations()]);
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

  analyze(text, context) { return this.call((en) => this.explainReport(en.analyze(text, context || undefined))); }
  rules() { return this.call((en) => explain(en.rules(), this.texts)); }

  // A report from the engine with its built-in rules' explanations put back.
  explainReport(report) {
    if (report) explain(report.findings, this.texts);
    return report;
  }
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
