// `make bench` (browser): the wasm engine in headless Debian Chromium. Engine start (fetch,
// compile and instantiate the wasm while fetching the English part of the compiled catalog
// beside it, then `new Engine()` on that part), and `analyze` p50/p95 for replies
// of 200, 2,000 and 20,000 characters made of real SGD agent turns with a few cold phrases.
// Merges its keys and the wasm size (target/wasm-size.json) into target/bench/summary.json.
// Needs `make wasm` first and `npm install` at the repository root (playwright-core).
//
// The page is served by a tiny http server on 127.0.0.1 (random port) with COOP/COEP
// headers, so that the page is cross-origin isolated and performance.now() has a 5 us
// resolution instead of 100 us.
//
// The extension figures (engine start in the content script, keystroke to highlight, long
// tasks while typing, idle timer fires) come from tests/bench/extension.mjs, run after this.

import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const corpora = process.env.RAPPORT_CORPORA || resolve(root, '../shared/corpora');
const sgdPath = join(corpora, 'sgd_agent_turns.jsonl');
const wasmDir = process.env.RAPPORT_WASM_DIR ? resolve(process.env.RAPPORT_WASM_DIR) : join(root, 'target/wasm-bindgen');
const summaryPath = join(root, 'target/bench/summary.json');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

const START_RUNS = 9; // fresh pages for engine start; the median is reported
const SIZES = [
  { key: '200', chars: 200, replies: 50, rounds: 40 },
  { key: '2k', chars: 2_000, replies: 20, rounds: 50 },
  { key: '20k', chars: 20_000, replies: 5, rounds: 40 },
  // Diagnostic: 2,000 characters of real turns with no cold phrase (few findings to build).
  { key: '2k_clean', chars: 2_000, replies: 20, rounds: 50, clean: true },
];
const COLD = [
  'As I already said,',
  'Did you plug it in?',
  "That's our policy.",
  'Calm down.',
  'You should have read the manual.',
];

for (const f of ['rapport.js', 'rapport_bg.wasm', 'catalog-en.bin']) {
  if (!existsSync(join(wasmDir, f))) {
    console.log(`target/wasm-bindgen/${f} absent: run \`make wasm\` first; browser benchmark skipped`);
    process.exit(0);
  }
}
if (!existsSync(sgdPath)) {
  console.log(`sgd_agent_turns.jsonl absent in ${corpora}: browser benchmark skipped`);
  process.exit(0);
}

// Replies: consecutive real turns from a fixed place in the corpus, a cold phrase put in
// every few sentences, cut at a word boundary to the target length (in UTF-16 units,
// which is what the page sees).
const turns = readFileSync(sgdPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l).text ?? '');
function buildReplies(chars, count, clean) {
  const replies = [];
  let cursor = 50_000 + chars; // a different stretch of the corpus for each size
  for (let r = 0; r < count; r++) {
    let text = '';
    let n = 0;
    while (text.length < chars) {
      const piece = !clean && n % 4 === 1 ? COLD[(r + n) % COLD.length] : turns[cursor++ % turns.length];
      text += (text ? ' ' : '') + piece;
      n++;
    }
    let cut = text.lastIndexOf(' ', chars);
    if (cut < chars * 0.9) cut = chars;
    replies.push(text.slice(0, cut).padEnd(chars, '.'));
  }
  return replies;
}
const replies = Object.fromEntries(SIZES.map((s) => [s.key, buildReplies(s.chars, s.replies, s.clean)]));

const page0 = `<!doctype html><meta charset="utf-8"><title>rapport bench</title>
<script type="module">import { rapport_glue } from '/rapport.js'; window.wasm_bindgen = rapport_glue();</script><body></body>`;
const server = createServer((req, res) => {
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cache-Control': 'no-store',
  };
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/' || url.pathname === '/index.html') {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
    return res.end(page0);
  }
  const name = url.pathname.slice(1);
  if (name === 'rapport.js' || name === 'rapport_bg.wasm' || /^catalog-[a-z]+\.bin$/.test(name)) {
    const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    res.writeHead(200, { ...headers, 'Content-Type': type });
    return res.end(readFileSync(join(wasmDir, name)));
  }
  res.writeHead(404, headers);
  res.end();
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// Chromium's own temp files: remove only the ones this run created (other runs may be
// using theirs).
const tmpBefore = new Set(readdirSync('/tmp').filter((f) => f.startsWith('org.chromium.Chromium.')));

const require = createRequire(join(root, 'package.json'));
const { chromium: pw } = require('playwright-core');
const browser = await pw.launch({
  executablePath: chromium,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const out = {};
try {
  // Engine start: a fresh context and page each time (no compiled-module or HTTP cache).
  const starts = [];
  for (let i = 0; i < START_RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(origin + '/');
    starts.push(
      await page.evaluate(async () => {
        const t0 = performance.now();
        const [, catalog] = await Promise.all([
          wasm_bindgen({ module_or_path: '/rapport_bg.wasm' }),
          fetch('/catalog-en.bin').then((r) => r.arrayBuffer()),
        ]);
        const t1 = performance.now();
        wasm_bindgen.addCatalog(new Uint8Array(catalog));
        const engine = new wasm_bindgen.Engine();
        const t2 = performance.now();
        engine.free();
        return { init: t1 - t0, engine: t2 - t1, total: t2 - t0 };
      }),
    );
    await context.close();
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const start = {
    total: med(starts.map((s) => s.total)),
    init: med(starts.map((s) => s.init)),
    engine: med(starts.map((s) => s.engine)),
  };

  // analyze latency: one page, one engine, replies taken in turn, each call timed alone.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin + '/');
  const info = await page.evaluate(async () => {
    const wasm = await wasm_bindgen({ module_or_path: '/rapport_bg.wasm' });
    // every part of the catalog: the replies are English, and the figures compare with the
    // native engine, which has them all
    for (const code of wasm_bindgen.catalogParts()) {
      wasm_bindgen.addCatalog(new Uint8Array(await (await fetch(`/catalog-${code}.bin`)).arrayBuffer()));
    }
    const bare = wasm.memory.buffer.byteLength;
    window.engine = new wasm_bindgen.Engine();
    // linear memory only grows, so this is the high-water mark of starting the engine
    const started = wasm.memory.buffer.byteLength;
    window.wasmMemory = wasm.memory;
    return { isolated: self.crossOriginIsolated, ua: navigator.userAgent, bare, started };
  });
  const sizes = {};
  for (const s of SIZES) {
    sizes[s.key] = await page.evaluate(
      ({ texts, rounds }) => {
        const engine = window.engine;
        let findings = 0;
        for (let i = 0; i < 20; i++) engine.analyze(texts[i % texts.length]); // warm-up
        const times = [];
        for (let r = 0; r < rounds; r++) {
          for (const t of texts) {
            const t0 = performance.now();
            const rep = engine.analyze(t);
            times.push(performance.now() - t0);
            if (r === 0) findings += rep.findings.length;
          }
        }
        times.sort((a, b) => a - b);
        const pct = (p) => times[Math.round((times.length - 1) * p)];
        return { n: times.length, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), findings };
      },
      { texts: replies[s.key], rounds: s.rounds },
    );
  }
  const afterAnalyze = await page.evaluate(() => window.wasmMemory.buffer.byteLength);
  await context.close();

  console.log(`wasm engine in headless Chromium (${info.ua.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}), ` +
    `cross-origin isolated: ${info.isolated} (timer resolution ${info.isolated ? '5 us' : '100 us'})`);
  console.log(`  engine start (median of ${START_RUNS} fresh pages) ${start.total.toFixed(2).padStart(8)} ms` +
    `  (wasm and catalog-en.bin fetched, the wasm compiled and instantiated ${start.init.toFixed(2)} ms + new Engine ${start.engine.toFixed(2)} ms)`);
  const mib = (b) => (b / 1048576).toFixed(1);
  console.log(`  wasm linear memory: ${mib(info.bare)} MiB bare, ${mib(info.started)} MiB after new Engine, ` +
    `${mib(afterAnalyze)} MiB after every analyze below`);
  out.page_engine_memory_bytes = info.started;
  out.page_engine_memory_after_analyze_bytes = afterAnalyze;
  for (const s of SIZES) {
    const r = sizes[s.key];
    console.log(`  analyze ${String(s.chars).padStart(6)} chars${s.clean ? ', clean' : '       '}  p50 ${r.p50.toFixed(3).padStart(8)} ms  ` +
      `p95 ${r.p95.toFixed(3).padStart(8)} ms  p99 ${r.p99.toFixed(3).padStart(8)} ms  ` +
      `(${r.n} calls over ${s.replies} replies, ${r.findings} findings in one pass)`);
    out[`wasm_analyze_${s.key}_p50_ms`] = r.p50;
    out[`wasm_analyze_${s.key}_p95_ms`] = r.p95;
  }
  // engine_start_ms is the content script's figure (tests/bench/extension.mjs); this is the
  // same engine started in a plain page
  out.page_engine_start_ms = start.total;
  out.page_engine_start_init_ms = start.init;
  out.page_engine_start_new_ms = start.engine;
} finally {
  await browser.close();
  server.close();
  for (const f of readdirSync('/tmp')) {
    if (f.startsWith('org.chromium.Chromium.') && !tmpBefore.has(f)) {
      rmSync(join('/tmp', f), { recursive: true, force: true });
    }
  }
}

const sizePath = join(root, 'target/wasm-size.json');
if (existsSync(sizePath)) {
  const size = JSON.parse(readFileSync(sizePath, 'utf8'));
  out.wasm_raw_bytes = size.wasm_raw_bytes;
  out.wasm_gzip_bytes = size.wasm_gzip_bytes;
  out.wasm_text_gzip_bytes = size.wasm_text_gzip_bytes;
  console.log(`  wasm size           ${size.wasm_raw_bytes} bytes raw, ${size.wasm_gzip_bytes} bytes gzip` +
    (size.wasm_text_gzip_bytes ? `; beside it rapport_text.json ${size.wasm_text_gzip_bytes} bytes gzip` : ''));
  // the compiled catalog, beside the wasm: one part per language
  for (const [code, part] of Object.entries(size.catalog_parts || {})) {
    out[`catalog_${code}_raw_bytes`] = part.raw_bytes;
    out[`catalog_${code}_gzip_bytes`] = part.gzip_bytes;
    console.log(`  catalog-${code}.bin      ${part.raw_bytes} bytes raw, ${part.gzip_bytes} bytes gzip` +
      (code === 'en' ? ' (fetched with the wasm)' : ' (fetched when a reply in it appears)'));
  }
  if (size.catalog_parts && size.catalog_parts.en) {
    out.wasm_and_catalog_en_gzip_bytes = size.wasm_gzip_bytes + size.catalog_parts.en.gzip_bytes;
    console.log(`  a tab's download    ${out.wasm_and_catalog_en_gzip_bytes} bytes gzip (the wasm and catalog-en.bin)`);
  }
} else {
  console.log('  target/wasm-size.json absent: wasm size not merged');
}
// The whole extension as a store would ship it (the Chrome zip of `make dist`), beside the
// wasm's own size: what leaves the wasm must not simply move into the package.
if (existsSync(join(root, 'extension/engine/rapport_bg.wasm'))) {
  const { build } = await import(join(root, 'extension/build/dist.mjs'));
  const built = build(join(root, 'target/bench/dist'));
  out.extension_package_bytes = built.chrome.bytes;
  console.log(`  extension package   ${built.chrome.bytes} bytes (the Chrome zip, ${built.chrome.files} files)`);
}

mkdirSync(dirname(summaryPath), { recursive: true });
let summary = {};
try {
  summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
} catch {}
// the page figures' names before the content-script engine start took engine_start_ms
for (const k of ['engine_start_init_ms', 'engine_start_new_ms']) delete summary[k];
Object.assign(summary, out);
writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + '\n');
console.log('merged browser figures into target/bench/summary.json');
