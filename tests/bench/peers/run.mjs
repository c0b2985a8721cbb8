// `make bench` (peers): alex, write-good and harper.js on the same messages as the native
// benchmark (tests/bench/throughput.rs), one message at a time, plus the share of SGD agent
// turns each one flags. Merges its keys into target/bench/summary.json; asserts nothing.
//
//   cd tests/bench/peers && npm ci && node run.mjs
//
// Environment: RAPPORT_CORPORA (default ../shared/corpora beside the repository),
// PEERS_ONLY=alex,writegood,harper (subset), PEERS_FLAG_ALL=1 (every SGD turn for every
// tool instead of a fixed 10,000-turn sample for the slow ones).

import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const corpora = process.env.RAPPORT_CORPORA || resolve(root, '../shared/corpora');
const sgdPath = join(corpora, 'sgd_agent_turns.jsonl');
const summaryPath = join(root, 'target/bench/summary.json');

const BENCH_CHARS = 1_000_000;
const SAMPLE_SIZE = 10_000;
const SAMPLE_SEED = 20261123;
const only = process.env.PEERS_ONLY ? new Set(process.env.PEERS_ONLY.split(',')) : null;
const flagAll = process.env.PEERS_FLAG_ALL === '1';

if (!existsSync(sgdPath)) {
  console.log(`sgd_agent_turns.jsonl absent in ${corpora}: peer benchmarks skipped`);
  process.exit(0);
}

// Same reading and selection as throughput.rs: whole messages, in file order, until at
// least 1,000,000 characters (Unicode scalar values, like Rust's chars().count()).
const turns = readFileSync(sgdPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l).text ?? '');
const charCount = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
const messages = [];
let benchChars = 0;
for (const t of turns) {
  if (benchChars >= BENCH_CHARS) break;
  benchChars += charCount(t);
  messages.push(t);
}

// A fixed random sample of turns (mulberry32, fixed seed; partial Fisher-Yates).
function sample(items, n, seed) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const idx = items.map((_, i) => i);
  const k = Math.min(n, idx.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k).map((i) => items[i]);
}
const flagSample = sample(turns, SAMPLE_SIZE, SAMPLE_SEED);

const percentile = (sorted, p) => sorted[Math.round((sorted.length - 1) * p)];

// Each tool: a name, a setup, and a check returning the number of findings. Checks may be
// async (harper.js); each is awaited before the next message, as a helpdesk would.
async function makeTools() {
  const tools = [];
  if (!only || only.has('alex')) {
    const alex = await import('alex');
    // Plain text: the messages are replies, not Markdown.
    tools.push({ key: 'alex', name: 'alex 11 (text)', check: (t) => alex.text(t).messages.length });
  }
  if (!only || only.has('writegood')) {
    const { createRequire } = await import('node:module');
    const writeGood = createRequire(import.meta.url)('write-good');
    tools.push({ key: 'writegood', name: 'write-good 1.0', check: (t) => writeGood(t).length });
  }
  if (!only || only.has('harper')) {
    const harper = await import('harper.js');
    const { binary } = await import('harper.js/binary');
    // Node cannot run the WorkerLinter (it needs web workers); harper.js documents
    // LocalLinter for Node. Its wasm loads from the package; setup is awaited before timing.
    const linter = new harper.LocalLinter({ binary, dialect: harper.Dialect.American });
    const t0 = performance.now();
    await linter.setup();
    const setupMs = performance.now() - t0;
    tools.push({
      key: 'harper',
      name: 'harper.js 2.10 (LocalLinter)',
      setupMs,
      check: async (t) => {
        const lints = await linter.lint(t);
        const n = lints.length;
        for (const l of lints) l.free();
        return n;
      },
    });
  }
  return tools;
}

async function measure(tool) {
  // Warm-up so that JIT, caches and lazy tables settle before measuring.
  for (const m of messages.slice(0, 200)) await tool.check(m);
  const times = new Float64Array(messages.length);
  const start = performance.now();
  for (let i = 0; i < messages.length; i++) {
    const t = performance.now();
    await tool.check(messages[i]);
    times[i] = performance.now() - t;
  }
  const seconds = (performance.now() - start) / 1e3;
  times.sort();
  return {
    charsPerSec: benchChars / seconds,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    seconds,
  };
}

async function flagRate(tool, items) {
  let flagged = 0;
  for (const t of items) if ((await tool.check(t)) > 0) flagged++;
  return flagged / items.length;
}

const tools = await makeTools();
console.log(
  `peers: ${messages.length} messages, ${benchChars} chars of SGD agent turns (same as native); ` +
    `flag rates on ${flagAll ? `all ${turns.length}` : `a fixed sample of ${flagSample.length} (seed ${SAMPLE_SEED})`} turns` +
    (flagAll ? '' : `, write-good on all ${turns.length}`),
);
const out = {};
for (const tool of tools) {
  const r = await measure(tool);
  // write-good is fast enough to read every turn; alex and harper.js read the fixed sample.
  const everyTurn = flagAll || tool.key === 'writegood';
  const items = everyTurn ? turns : flagSample;
  const rate = await flagRate(tool, items);
  console.log(`  ${tool.name}`);
  if (tool.setupMs !== undefined) console.log(`    setup               ${tool.setupMs.toFixed(1).padStart(10)} ms`);
  console.log(`    throughput          ${Math.round(r.charsPerSec).toString().padStart(10)} chars/s  (${r.seconds.toFixed(1)} s)`);
  console.log(`    per message p50     ${r.p50.toFixed(4).padStart(10)} ms`);
  console.log(`    per message p95     ${r.p95.toFixed(4).padStart(10)} ms`);
  console.log(`    per message p99     ${r.p99.toFixed(4).padStart(10)} ms`);
  console.log(`    SGD turns flagged   ${(rate * 100).toFixed(1).padStart(10)} %  (${items.length} turns)`);
  out[`${tool.key}_chars_per_sec`] = Math.round(r.charsPerSec);
  out[`${tool.key}_p50_ms`] = r.p50;
  out[`${tool.key}_p95_ms`] = r.p95;
  out[`${tool.key}_sgd_flag_rate`] = rate;
  out[`${tool.key}_sgd_flag_turns`] = items.length;
  if (tool.setupMs !== undefined) out[`${tool.key}_setup_ms`] = tool.setupMs;
}

// Read-modify-write: other parts of `make bench` own the other keys.
mkdirSync(dirname(summaryPath), { recursive: true });
let summary = {};
try {
  summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
} catch {}
Object.assign(summary, out);
writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + '\n');
console.log('merged peer figures into target/bench/summary.json');
