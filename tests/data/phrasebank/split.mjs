// Splits the collected bank into work.jsonl and sealed.jsonl by source page (see README.md).
// Usage: node tests/data/phrasebank/split.mjs [phrasebank|customerbank]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const which = process.argv[2] || 'phrasebank';
const dir = path.join(here, '..', which);
const prefix = which === 'customerbank' ? 'rapport-customer-2026:' : 'rapport-bank-2026:';
export const WRITTEN = 'written-for-rapport';

export function fnv1a64(s) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

const sealed = (line) => (fnv1a64(prefix + (line.source === WRITTEN ? line.text : line.source)) & 1n) === 1n;

// Two annotators labelled every cold line's scope independently, blind to the engine
// (scope/README.md): a line carries the label they agree on, "disputed", or "unannotated"
// while a new line waits for its labels (tests/phrasebank.rs fails on those).
const scopeDir = path.join(dir, 'scope');
const annotators = fs.existsSync(scopeDir)
  ? fs.readdirSync(scopeDir).filter((f) => /^annotator-.*\.jsonl$/.test(f)).sort()
  : [];
const labels = annotators.map((file) => {
  const byText = new Map();
  for (const raw of fs.readFileSync(path.join(scopeDir, file), 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    const { text, scope } = JSON.parse(raw);
    if (!['reply', 'context', 'fine'].includes(scope)) throw new Error(`${file}: bad scope ${scope} for ${text}`);
    byText.set(text.trim().toLowerCase(), scope);
  }
  return { file, byText };
});
function scopeOf(text) {
  const votes = labels.map(({ byText }) => byText.get(text.trim().toLowerCase()));
  if (votes.some((v) => !v)) return 'unannotated';
  return votes.every((v) => v === votes[0]) ? votes[0] : 'disputed';
}

const seen = new Set();
const out = { work: [], sealed: [] };
const collected = path.join(dir, 'collected');
for (const file of fs.readdirSync(collected).filter((f) => f.endsWith('.jsonl')).sort()) {
  fs.readFileSync(path.join(collected, file), 'utf8').split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let line;
    try {
      line = JSON.parse(raw);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON: ${e.message}`);
    }
    if (typeof line.text !== 'string' || typeof line.source !== 'string') {
      throw new Error(`${file}:${i + 1}: needs "text" and "source" strings`);
    }
    const key = `${line.text.trim().toLowerCase()}\u0000${line.kind || ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (labels.length && line.kind === 'cold') line = { ...line, scope: scopeOf(line.text) };
    out[sealed(line) ? 'sealed' : 'work'].push(JSON.stringify(line));
  });
}
for (const half of ['work', 'sealed']) {
  fs.writeFileSync(path.join(dir, `${half}.jsonl`), out[half].join('\n') + '\n');
}
console.log(`${which}: ${out.work.length} work, ${out.sealed.length} sealed`);
