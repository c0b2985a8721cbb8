// The Rapport engine for the www pages: the same WebAssembly build as the extension
// (www/engine/, from `make wasm`), run by the extension's engine host core
// (extension/engine-core.js: a trapped instance, a Rust panic, is replaced by a fresh one).
import { EngineCore, compileEngine } from '../../extension/engine-core.js';

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

export class RapportEngine {
  static async create(options = {}) {
    const e = new RapportEngine();
    const [compiled, texts] = await Promise.all([compileEngine(WASM_URL), loadExplanations()]);
    e.core = new EngineCore(compiled, { options, strict: true });
    e.texts = texts;
    return e;
  }

  get engine() { return this.core.engine; }
  get glue() { return this.core.glue; }

  // Runs fn(engine, glue); after a trap, once more on a fresh instance.
  async call(fn) { return this.core.call(fn); }

  // (a reply in another language is analysed once its part of the catalog is loaded)
  async analyze(text, context) { return this.explainReport(await this.core.analyze(text, context || undefined)); }
  async rules() {
    await this.core.loadAll();
    return this.call((en) => explain(en.rules(), this.texts));
  }

  // A report from the engine with its built-in rules' explanations put back.
  explainReport(report) {
    if (report) explain(report.findings, this.texts);
    return report;
  }
  moves() { return this.call((en) => en.moves()); }

  async setOptions(options) { this.core.configure(options); }
}

// Applies one rewrite ({text, start, end}, UTF-16 offsets) to a string.
export function applyRewrite(text, rw) {
  return text.slice(0, rw.start) + rw.text + text.slice(rw.end);
}
