// Writes the list the scope annotators read: every cold line of the bank once, text and
// family only (no source page, no half), in a fixed shuffled order, numbered from 1.
// Usage: node tests/data/phrasebank/scope/list.mjs OUT.jsonl
// Keep the list outside the repository: it is the annotators' input, not data of ours.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: node list.mjs OUT.jsonl');
const collected = path.join(here, '..', 'collected');
const seen = new Set();
const lines = [];
for (const file of fs.readdirSync(collected).filter((f) => f.endsWith('.jsonl')).sort()) {
  for (const raw of fs.readFileSync(path.join(collected, file), 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    const line = JSON.parse(raw);
    if (line.kind !== 'cold') continue;
    const key = line.text.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push({ text: line.text, family: line.family });
  }
}
// a fixed linear congruential shuffle, so the list is the same on every machine
let state = 7;
const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
for (let i = lines.length - 1; i > 0; i--) {
  const j = Math.floor(next() * (i + 1));
  [lines[i], lines[j]] = [lines[j], lines[i]];
}
fs.writeFileSync(out, lines.map((l, i) => JSON.stringify({ id: i + 1, ...l })).join('\n') + '\n');
console.log(`${lines.length} cold lines written to ${out}`);
