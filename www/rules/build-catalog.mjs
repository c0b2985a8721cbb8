// Writes www/rules/catalog.json, the rule reference's data: every rule object as the engine
// loads it, with examples (the wasm build leaves examples out). The source is the CLI,
// `rapport rules --format json`, so the page shows exactly what the engine runs.
//
//   node www/rules/build-catalog.mjs                 (runs `cargo run -q --release -- rules --format json`)
//   RAPPORT_BIN=target/release/rapport node www/rules/build-catalog.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const out = join(here, 'catalog.json');

function fromCli() {
  const bin = process.env.RAPPORT_BIN;
  const [cmd, args] = bin
    ? [resolve(root, bin), ['rules', '--format', 'json']]
    : [process.env.CARGO || 'cargo', ['run', '-q', '--release', '--bin', 'rapport', '--', 'rules', '--format', 'json']];
  const text = execFileSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(text);
}

const rules = fromCli();
if (!Array.isArray(rules) || !rules.length || !rules.every((r) => r.id && r.message && Array.isArray(r.rewrites))) {
  console.error('build-catalog: unexpected rule data');
  process.exit(1);
}
const catalog = {
  rules: rules.map((r) => ({
    id: r.id, category: r.category, severity: r.severity, message: r.message, explanation: r.explanation,
    rewrites: r.rewrites.map((w) => ({ strategy: w.strategy, text: w.text, scope: w.scope })),
    examples: { flag: (r.examples && r.examples.flag) || [], allow: (r.examples && r.examples.allow) || [] },
    patterns: r.patterns || [],
    lang: r.lang || 'en',
    why_no_rewrite: r.why_no_rewrite,
    pack: r.pack || 'builtin',
  })),
};
writeFileSync(out, JSON.stringify(catalog) + '\n');
console.log(`rules: ${catalog.rules.length} rules -> ${out}`);
