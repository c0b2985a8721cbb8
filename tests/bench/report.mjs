// `make bench` (last step): target/bench/summary.json as a table, with the targets of the
// benchmarks issue beside the figures, marked met / missed / not measured. Also shows
// target/eval/summary.json (from `make eval`) when it exists. Reports; never fails the run.
//
//   node tests/bench/report.mjs             plain table
//   node tests/bench/report.mjs --markdown  the same as Markdown tables (for BENCHMARKS.md)

import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const markdown = process.argv.includes('--markdown');
const load = (p) => (existsSync(join(root, p)) ? JSON.parse(readFileSync(join(root, p), 'utf8')) : null);
const bench = load('target/bench/summary.json');
const evalSummary = load('target/eval/summary.json');

const num = (v, digits = 0) =>
  v === undefined || v === null ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (v) => (v === undefined ? '—' : `${num(v, v < 1 ? 3 : v < 100 ? 2 : 0)} ms`);
const cps = (v) => (v === undefined ? '—' : `${num(v)} chars/s`);
const pct = (v) => (v === undefined ? '—' : `${num(v * 100, 1)}%`);
const kb = (v) => (v === undefined ? '—' : `${num(v)} B (${num(v / 1024, 1)} KiB)`);
const auc = (v) => (v === undefined ? '—' : num(v, 3));

// Each row: label, figure, target text, and a check (undefined when there is no target or
// the figure is missing).
function row(label, value, fmt, target, ok) {
  const status = target === '' ? '' : value === undefined ? 'not measured' : ok ? 'met' : 'MISSED';
  return [label, fmt(value), target, status];
}

const b = bench ?? {};
const ratio = (a, c) => (a !== undefined && c ? a / c : undefined);
const benchRows = [
  row('native throughput', b.native_chars_per_sec, cps, '', true),
  row('  x alex (same run)', ratio(b.native_chars_per_sec, b.alex_chars_per_sec), (v) => (v === undefined ? '—' : `${num(v)}x`), '>= 1000x', ratio(b.native_chars_per_sec, b.alex_chars_per_sec) >= 1000),
  row('  x write-good', ratio(b.native_chars_per_sec, b.writegood_chars_per_sec), (v) => (v === undefined ? '—' : `${num(v)}x`), '', true),
  row('  x harper.js', ratio(b.native_chars_per_sec, b.harper_chars_per_sec), (v) => (v === undefined ? '—' : `${num(v)}x`), '', true),
  row('native per message p50', b.native_p50_ms, ms, '', true),
  row('native per message p95', b.native_p95_ms, ms, '', true),
  row('native per message p99', b.native_p99_ms, ms, '', true),
  row('alex throughput', b.alex_chars_per_sec, cps, '', true),
  row('alex per message p95', b.alex_p95_ms, ms, '', true),
  row('write-good throughput', b.writegood_chars_per_sec, cps, '', true),
  row('write-good per message p95', b.writegood_p95_ms, ms, '', true),
  row('harper.js throughput', b.harper_chars_per_sec, cps, '', true),
  row('harper.js per message p50', b.harper_p50_ms, ms, '', true),
  row('harper.js per message p95', b.harper_p95_ms, ms, '', true),
  row('wasm analyze 200 chars p50', b.wasm_analyze_200_p50_ms, ms, '', true),
  row('wasm analyze 200 chars p95', b.wasm_analyze_200_p95_ms, ms, '', true),
  row('wasm analyze 2,000 chars p50', b.wasm_analyze_2k_p50_ms, ms, '', true),
  row('wasm analyze 2,000 chars p95', b.wasm_analyze_2k_p95_ms, ms, '<= 0.2 ms', b.wasm_analyze_2k_p95_ms <= 0.2),
  row('native analyze 2,000 chars p50 (same replies)', b.native_analyze_2k_p50_ms, ms, '', true),
  row('native analyze 2,000 chars p95 (same replies)', b.native_analyze_2k_p95_ms, ms, '', true),
  row('  wasm / native, 2,000 chars p50', ratio(b.wasm_analyze_2k_p50_ms, b.native_analyze_2k_p50_ms), (v) => (v === undefined ? '—' : `${num(v, 1)}x`), '<= 2x', ratio(b.wasm_analyze_2k_p50_ms, b.native_analyze_2k_p50_ms) <= 2),
  row('wasm analyze 20,000 chars p50', b.wasm_analyze_20k_p50_ms, ms, '', true),
  row('wasm analyze 20,000 chars p95', b.wasm_analyze_20k_p95_ms, ms, '', true),
  row('  2,000 chars, no cold phrase, p50', b.wasm_analyze_2k_clean_p50_ms, ms, '', true),
  row('  2,000 chars, no cold phrase, p95', b.wasm_analyze_2k_clean_p95_ms, ms, '', true),
  row('engine start in the content script', b.engine_start_ms, ms, '<= 20 ms', b.engine_start_ms <= 20),
  row('  first run (start + analysis)', b.engine_start_first_analysis_ms, ms, '', true),
  row('engine start in a page (wasm)', b.page_engine_start_ms, ms, '', true),
  row('  fetch (wasm, catalog-en.bin) + compile + instantiate', b.page_engine_start_init_ms, ms, '', true),
  row('  new Engine()', b.page_engine_start_new_ms, ms, '', true),
  row('native engine start', b.native_engine_start_ms, ms, '', true),
  row('keystroke to highlight p50 (5,000 chars)', b.keystroke_highlight_p50_ms, ms, '', true),
  row('keystroke to highlight p95 (5,000 chars)', b.keystroke_highlight_p95_ms, ms, '<= 16 ms', b.keystroke_highlight_p95_ms <= 16),
  row('  to the end of the next frame p50', b.keystroke_frame_p50_ms, ms, '', true),
  row('  to the end of the next frame p95', b.keystroke_frame_p95_ms, ms, '', true),
  row('  textarea p95', b.keystroke_highlight_textarea_p95_ms, ms, '', true),
  row('  contenteditable p95', b.keystroke_highlight_rich_p95_ms, ms, '', true),
  row('long tasks while typing', b.long_tasks_while_typing, (v) => (v === undefined ? '—' : num(v)), '0', b.long_tasks_while_typing === 0),
  row('idle timer fires (5 s)', b.idle_timer_fires, (v) => (v === undefined ? '—' : num(v)), '0', b.idle_timer_fires === 0),
  row('1 MB paste: longest extension task (CPU)', b.paste_1mb_longest_extension_task_ms, ms, '< 50 ms', b.paste_1mb_longest_extension_task_ms < 50),
  row('  first highlight after the paste', b.paste_1mb_first_highlight_ms, ms, '', true),
  row('  whole text analysed after the paste', b.paste_1mb_full_analysis_ms, ms, '', true),
  row('wasm size raw', b.wasm_raw_bytes, kb, '', true),
  row('wasm size gzip', b.wasm_gzip_bytes, kb, '<= 150 KiB', b.wasm_gzip_bytes <= 153600),
  row('  rule explanations beside it, gzip', b.wasm_text_gzip_bytes, kb, '', true),
  row('  catalog-en.bin beside it, gzip (fetched with the wasm)', b.catalog_en_gzip_bytes, kb, '', true),
  row('  catalog-es.bin, gzip (when a reply in Spanish appears)', b.catalog_es_gzip_bytes, kb, '', true),
  row('  catalog-de.bin, gzip (when a reply in German appears)', b.catalog_de_gzip_bytes, kb, '', true),
  row('  a tab\'s download: wasm + catalog-en.bin, gzip', b.wasm_and_catalog_en_gzip_bytes, kb, '', true),
  row('  extension package (Chrome zip)', b.extension_package_bytes, kb, '', true),
];
const flagRows = [
  row('Rapport (make eval, every turn)', evalSummary?.sgd_flag_rate, pct, '<= 1%', evalSummary?.sgd_flag_rate <= 0.01),
  row(`alex (${b.alex_sgd_flag_turns ?? '?'} turns)`, b.alex_sgd_flag_rate, pct, '', true),
  row(`write-good (${b.writegood_sgd_flag_turns ?? '?'} turns)`, b.writegood_sgd_flag_rate, pct, '', true),
  row(`harper.js (${b.harper_sgd_flag_turns ?? '?'} turns)`, b.harper_sgd_flag_rate, pct, '', true),
];
const e = evalSummary ?? {};
const evalRows = [
  row('SGD agent turns flagged', e.sgd_flag_rate, pct, '<= 1%', e.sgd_flag_rate <= 0.01),
  row('real support turns flagged (cs small)', e.cs_flag_rate, pct, '', true),
  row('AUC Stanford Wikipedia', e.auc_stanford_wiki, auc, '>= 0.80', e.auc_stanford_wiki >= 0.8),
  row('AUC Stanford Stack Exchange', e.auc_stanford_se, auc, '', true),
  row('AUC holistic politeness', e.auc_holistic, auc, '>= 0.75', e.auc_holistic >= 0.75),
  row('AUC receptiveness', e.auc_receptiveness, auc, '>= 0.70', e.auc_receptiveness >= 0.7),
  row('AUC EPITOME', e.auc_epitome, auc, '>= 0.70', e.auc_epitome >= 0.7),
];

function print(title, rows) {
  const head = ['', 'figure', 'target', ''];
  if (markdown) {
    console.log(`\n**${title}**\n`);
    console.log(`| ${['measure', 'figure', 'target', 'status'].join(' | ')} |`);
    console.log('|---|---:|---|---|');
    for (const r of rows) console.log(`| ${r.map((c) => c.trim()).join(' | ')} |`);
    return;
  }
  const w = head.map((_, i) => Math.max(...rows.map((r) => r[i].length), head[i].length));
  console.log(`\n${title}`);
  for (const r of rows) {
    console.log(`  ${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`);
  }
}

if (!bench) console.log('target/bench/summary.json absent: run `make bench`');
else {
  print('make bench (target/bench/summary.json)', benchRows);
  print('share of SGD agent turns flagged', flagRows);
  const extKeys = ['engine_start_ms', 'keystroke_highlight_p95_ms', 'long_tasks_while_typing', 'idle_timer_fires'];
  if (extKeys.some((k) => b[k] === undefined)) {
    console.log('\n  (engine start, keystroke, long-task and idle-timer figures come from tests/bench/extension.mjs)');
  }
}
if (!evalSummary) console.log('\ntarget/eval/summary.json absent: run `make eval`');
else print('make eval (target/eval/summary.json)', evalRows);
