// `make bench` (extension): the built extension (extension/) loaded into headless Debian
// Chromium, on a page with a textarea and a contenteditable served from 127.0.0.1, the
// site turned on through the service worker as the browser tests do. Measures:
//
//  - engine_start_ms: engine start in the content script, median of START_RUNS fresh
//    tabs. Timed by the content script's own engine host (`Rapport.engineHost.startMs`,
//    read from the isolated world through CDP), from its first ready(): the remembered-path
//    lookup in chrome.storage.local, fetching the wasm, compiling, instantiating and
//    `new Engine()`. Also engine_start_first_analysis_ms: the content script's own timing
//    of its first run (ready() + analysing the empty reply), from the first focus.
//  - keystroke_highlight_p50_ms / _p95_ms: a 5,000-character reply, typed key by key on top
//    of a pre-filled draft of real SGD agent turns with cold phrases ("Did you plug it
//    in?", "As I already said,", ...), in the textarea (mirror overlay) and the
//    contenteditable (CSS Custom Highlight API); pooled, with each editor's own figures
//    beside them. Each sample is the content script's own figure (Rapport.stats.latencies):
//    from the input event's timestamp (the keystroke) to the end of painting; the frame
//    that shows it follows. The next key goes once the sample is in and two frames have
//    passed with nothing pending, as between an agent's keystrokes. Beside it,
//    keystroke_frame_p50_ms / _p95_ms: from the same input event to the end of the next
//    frame (a task posted from that frame's animation-frame callback, in the page), which
//    includes the page's own style, layout and paint of the highlight.
//  - long_tasks_while_typing: PerformanceObserver 'longtask' entries (over 50 ms, any
//    world on the page's main thread) that start while the keys are typed.
//  - idle_timer_fires: timer, interval and animation-frame callbacks of the extension's
//    scripts that run during IDLE_MS of idle after typing, counted with Chromium's
//    instrumentation breakpoints (CDP EventBreakpoints: setTimeout.callback,
//    setInterval.callback, requestAnimationFrame.callback) and the paused frame's script
//    URL (chrome-extension://). A timer the page itself sets in the
//    window is the control: it must be seen, or the figure is not reported.
//
//  - paste_1mb_longest_extension_task_ms, _first_highlight_ms, _full_analysis_ms (and per
//    editor: paste_1mb_textarea_*, paste_1mb_rich_*): a megabyte of real turns (one per
//    line, a cold phrase every fourth) pasted with Ctrl+V into each editor. The longest
//    task is the extension's own share of a main-thread task in CPU time, from a Chromium
//    trace (tests/browser/trace.mjs: content scripts are absent from long-animation-frame
//    attribution, and wall time stretches on a loaded machine); first highlight and whole
//    text are the content script's own wall-clock figures from the paste's input event
//    (Rapport.stats.large). The worst of the two editors is the headline figure.
//
// Merges these keys into target/bench/summary.json (read-modify-write). Needs `make wasm`
// and the root npm packages (playwright-core). Waits on conditions; the one fixed span is
// the idle window being measured.

import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startTrace, extensionTasks } from '../browser/trace.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const extDir = process.env.RAPPORT_EXTENSION_DIR ? resolve(process.env.RAPPORT_EXTENSION_DIR) : join(root, 'extension');
const corpora = process.env.RAPPORT_CORPORA || resolve(root, '../shared/corpora');
const sgdPath = join(corpora, 'sgd_agent_turns.jsonl');
const summaryPath = join(root, 'target/bench/summary.json');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 30_000;

const START_RUNS = 9;
const REPLY_CHARS = 5_000;
const TYPED_CHARS = Number(process.env.RAPPORT_BENCH_TYPED || 400); // typed key by key, per editor
const IDLE_MS = 5_000;
// the instrumentation breakpoints (CDP EventBreakpoints) for callbacks that fire by themselves
const CALLBACKS = ['setTimeout.callback', 'setInterval.callback', 'requestAnimationFrame.callback'];
const COLD = ['As I already said,', 'Did you plug it in?', "That's our policy.", 'Calm down.', 'You should have read the manual.'];

if (!existsSync(join(extDir, 'engine/rapport_bg.wasm'))) {
  console.log('extension/engine/ absent: run `make wasm` first; extension benchmark skipped');
  process.exit(0);
}
if (!existsSync(sgdPath)) {
  console.log(`sgd_agent_turns.jsonl absent in ${corpora}: extension benchmark skipped`);
  process.exit(0);
}

// ---- the reply: consecutive real turns, a cold phrase every fourth piece ----------------
const turns = readFileSync(sgdPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).text ?? '');
function reply(chars, cursor) {
  let text = '';
  for (let n = 0; text.length < chars + 200; n++) {
    text += (text ? ' ' : '') + (n % 4 === 1 ? COLD[n % COLD.length] : turns[cursor++ % turns.length]);
  }
  return text;
}
// The typed part ends the reply and holds cold phrases of its own, so typing completes them.
const full = reply(REPLY_CHARS, 70_000).slice(0, REPLY_CHARS);
const cut = full.lastIndexOf(' ', REPLY_CHARS - TYPED_CHARS);
let typedPart = ' Did you plug it in? As I already said, ' + full.slice(cut + 1);
const prefill = full.slice(0, REPLY_CHARS - typedPart.length);
typedPart = typedPart.slice(0, REPLY_CHARS - prefill.length);

// A megabyte for the paste: real turns one per line, a cold phrase every fourth line.
function megabyte() {
  const lines = [];
  let size = 0;
  for (let n = 0, cursor = 3_000; size < 1_000_000; n++) {
    const line = n % 4 === 1 ? `${COLD[n % COLD.length]} ${turns[cursor++ % turns.length]}` : turns[cursor++ % turns.length];
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

// ---- the page server: 127.0.0.1 only ----------------------------------------------------
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rapport extension bench</title>
<style>body{font-family:sans-serif;margin:24px} textarea,#rich{width:640px;height:220px;font:15px/1.5 Georgia,serif;padding:8px;border:2px solid #888;overflow:auto;display:block;margin:12px 0}</style>
</head><body><h1>Reply</h1><textarea id="reply"></textarea><div id="rich" contenteditable="true"></div></body></html>`;
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/' || url.pathname === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE);
  } else res.writeHead(404).end();
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- the browser --------------------------------------------------------------------------
const require = createRequire(join(root, 'package.json'));
const { chromium } = require('playwright-core');
const tmpBefore = new Set(readdirSync('/tmp').filter((f) => f.startsWith('org.chromium.Chromium.')));
const profile = mkdtempSync(join(tmpdir(), 'rapport-bench-profile-'));
let context = null;

function cleanup() {
  server.close();
  rmSync(profile, { recursive: true, force: true });
  for (const f of readdirSync('/tmp')) {
    if (f.startsWith('org.chromium.Chromium.') && !tmpBefore.has(f)) rmSync(join('/tmp', f), { recursive: true, force: true });
  }
}

// The content script's isolated world of a page's top frame, through CDP.
async function isolated(page, extId) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = [];
  let wake = null;
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => { contexts.push(c); if (wake) wake(); });
  cdp.on('Runtime.executionContextsCleared', () => { contexts.length = 0; });
  await cdp.send('Runtime.enable');
  async function contextId() {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const c = contexts.find((x) => x.auxData && x.auxData.frameId === frameTree.frame.id && x.origin === `chrome-extension://${extId}`);
      if (c) return c.id;
      if (Date.now() > deadline) throw new Error('the content script never ran');
      await new Promise((ok) => { wake = ok; setTimeout(ok, 200); });
    }
  }
  async function evaluate(expression) {
    const r = await cdp.send('Runtime.evaluate', { expression, contextId: await contextId(), returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
    return r.result.value;
  }
  // resolves in the isolated world once `cond` holds, checked every animation frame
  const until = (cond, then = 'true') => evaluate(`new Promise((ok, no) => {
    const t0 = performance.now();
    const tick = () => { try { if (${cond}) return ok(${then}); } catch (e) { return no(e); }
      if (performance.now() - t0 > ${TIMEOUT}) return no(new Error('timed out: ' + ${JSON.stringify(cond)}));
      requestAnimationFrame(tick); };
    tick(); })`);
  return { cdp, evaluate, until };
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const median = (xs) => pct(xs, 0.5);
// a figure with `d` decimals, or a dash for one not measured
const fixed = (v, d) => (v === undefined || v === null ? '—' : v.toFixed(d));

const out = {};
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1000, height: 800 },
    args: [
      `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, '--no-sandbox',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
  context.setDefaultTimeout(TIMEOUT);
  const worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: TIMEOUT });
  const extId = new URL(worker.url()).host;
  // on for 127.0.0.1, as the popup's switch does; every rule on
  await worker.evaluate(() => chrome.storage.sync.set({ settings: { sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} } }));
  await worker.evaluate(() => chrome.storage.local.remove('enginePath'));
  const ua = await worker.evaluate(() => navigator.userAgent);

  // long tasks, recorded in the page's main world from the start
  await context.addInitScript(() => {
    window.__rapportLongTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__rapportLongTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch (_) { window.__rapportLongTasks = null; }
    // keystroke to the end of the next frame (the one that shows the highlight): from the
    // input event's timestamp to a task posted from that frame's animation-frame callback
    window.__rapportFrames = [];
    document.addEventListener('input', (e) => {
      const ts = e.timeStamp;
      requestAnimationFrame(() => {
        const mc = new MessageChannel();
        mc.port1.onmessage = () => window.__rapportFrames.push(performance.now() - ts);
        mc.port2.postMessage(0);
      });
    }, true);
    // long animation frames name the scripts that ran in them: a diagnosis for long tasks
    window.__rapportLongFrames = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.__rapportLongFrames.push({
            start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
            // where the frame's time went: tasks and scripts, then rendering (style, layout)
            work: Math.round((e.renderStart || e.startTime + e.duration) - e.startTime),
            render: Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0),
            styleLayout: Math.round(e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0),
            scripts: (e.scripts || []).map((x) => ({ src: x.sourceURL, fn: x.sourceFunctionName, invoker: x.invoker, duration: Math.round(x.duration) })),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch (_) { /* not in this browser */ }
  });

  // ---- engine start: fresh tabs --------------------------------------------------------
  const starts = [];
  const firstRuns = [];
  for (let i = 0; i < START_RUNS; i++) {
    const page = await context.newPage();
    const iso = await isolated(page, extId);
    await page.goto(origin + '/');
    await iso.until('globalThis.Rapport && Rapport.engineHost && Rapport.stats');
    await page.locator('#reply').click();
    const r = await iso.until('Rapport.engineHost.startMs != null && Rapport.stats.runs > 0',
      '({ start: Rapport.engineHost.startMs, first: Rapport.stats.timing && Rapport.stats.timing.analyze, path: Rapport.stats.path })');
    if (r.path !== 'content') throw new Error(`engine path ${r.path}, expected content`);
    starts.push(r.start);
    firstRuns.push(r.first);
    await page.close();
  }
  out.engine_start_ms = median(starts);
  out.engine_start_first_analysis_ms = median(firstRuns);
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs (long tasks and tails count wall time)`);
  console.log(`extension in headless Chromium (${ua.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}), ${extDir === join(root, 'extension') ? 'extension/' : extDir}`);
  console.log(`  engine start in the content script (median of ${START_RUNS} fresh tabs) ${out.engine_start_ms.toFixed(1)} ms` +
    `  (min ${Math.min(...starts).toFixed(1)}, max ${Math.max(...starts).toFixed(1)}); first run incl. analysis ${out.engine_start_first_analysis_ms.toFixed(1)} ms`);

  // ---- typing a 5,000-character reply -------------------------------------------------------
  const page = await context.newPage();
  const iso = await isolated(page, extId);
  await page.goto(origin + '/');
  await iso.until('globalThis.Rapport && Rapport.stats');
  const all = [];
  const allFrames = [];
  const per = {};
  const longTasks = [];
  let longTaskSupported = true;
  for (const [sel, kind] of [['#reply', 'textarea'], ['#rich', 'contenteditable']]) {
    await page.locator(sel).click();
    await page.locator(sel).fill(prefill);
    await iso.until(`Rapport.stats.analysedLength === ${prefill.length}`);
    const tStart = await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now())))));
    await page.evaluate(() => { window.__rapportFrames = []; });
    const samples = [];
    // A key whose text the content script finds already analysed gives no sample (the
    // contenteditable's text model can read two keystrokes' text the same): then the key is
    // done once the text as the content script reads it is the analysed one, and counted.
    const lengthNow = kind === 'textarea' ? `document.querySelector('${sel}').value.length` : `Rapport.textmodel.read(document.querySelector('${sel}')).text.length`;
    let unsampled = 0;
    for (const ch of typedPart) {
      const before = await iso.evaluate('Rapport.stats.latencySamples');
      await page.keyboard.type(ch);
      const got = await iso.until(`Rapport.stats.latencySamples > ${before} || (Rapport.stats.analysedLength === ${lengthNow})`,
        `Rapport.stats.latencySamples > ${before} ? Rapport.stats.lastLatency : null`);
      if (got === null) unsampled++;
      else samples.push(got);
      await iso.evaluate('new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok())))');
    }
    if (unsampled) console.log(`  ${kind}: ${unsampled} of ${typedPart.length} keys gave no latency sample (their text read as already analysed)`);
    const tEnd = await page.evaluate(() => performance.now());
    const frames = await page.evaluate(() => window.__rapportFrames);
    const length = await iso.evaluate('Rapport.stats.analysedLength');
    if (length !== REPLY_CHARS) throw new Error(`${kind}: analysed ${length} characters, expected ${REPLY_CHARS}`);
    const lt = await page.evaluate(([a, b]) => window.__rapportLongTasks && window.__rapportLongTasks.filter((e) => e.start >= a && e.start <= b), [tStart, tEnd]);
    if (lt && lt.length) {
      const frames = await page.evaluate(([a, b]) => window.__rapportLongFrames.filter((e) => e.start + e.duration >= a && e.start <= b && e.blocking > 0), [tStart, tEnd]);
      for (const t of lt) console.log(`  long task while typing in the ${kind}: ${t.duration.toFixed(0)} ms at +${(t.start - tStart).toFixed(0)} ms`);
      for (const f of frames) {
        console.log(`    long animation frame ${f.duration.toFixed(0)} ms (blocking ${f.blocking.toFixed(0)} ms): tasks ${f.work} ms, rendering ${f.render} ms` +
          ` (style and layout ${f.styleLayout} ms); page scripts ${JSON.stringify(f.scripts)}`);
      }
    }
    if (lt === null) longTaskSupported = false;
    else longTasks.push(...lt);
    per[kind] = { p50: pct(samples, 0.5), p95: pct(samples, 0.95), max: samples.length ? Math.max(...samples) : undefined, n: samples.length, longTasks: lt ? lt.length : null };
    all.push(...samples);
    allFrames.push(...frames);
    console.log(`  keystroke to highlight, ${kind.padEnd(15)} p50 ${fixed(per[kind].p50, 2)} ms  p95 ${fixed(per[kind].p95, 2)} ms  max ${fixed(per[kind].max, 1)} ms` +
      `  (${samples.length} keys typed onto ${prefill.length} chars; reply ${REPLY_CHARS} chars)  long tasks ${per[kind].longTasks ?? '—'}`);
    console.log(`    keystroke to the end of the next frame   p50 ${fixed(pct(frames, 0.5), 2)} ms  p95 ${fixed(pct(frames, 0.95), 2)} ms  (${frames.length} keys)`);
  }
  out.keystroke_highlight_p50_ms = pct(all, 0.5);
  out.keystroke_highlight_p95_ms = pct(all, 0.95);
  out.keystroke_frame_p50_ms = pct(allFrames, 0.5);
  out.keystroke_frame_p95_ms = pct(allFrames, 0.95);
  out.keystroke_highlight_textarea_p95_ms = per.textarea.p95;
  // (undefined, so left out of the summary, when the contenteditable gave no sample)
  out.keystroke_highlight_rich_p95_ms = per.contenteditable.p95;
  if (longTaskSupported) out.long_tasks_while_typing = longTasks.length;
  console.log(`  keystroke to highlight, both editors  p50 ${out.keystroke_highlight_p50_ms.toFixed(2)} ms  p95 ${out.keystroke_highlight_p95_ms.toFixed(2)} ms` +
    `;  to the end of the next frame p50 ${out.keystroke_frame_p50_ms.toFixed(2)} ms  p95 ${out.keystroke_frame_p95_ms.toFixed(2)} ms`);
  console.log(`  long tasks (> 50 ms) while typing: ${longTaskSupported ? longTasks.length : 'PerformanceObserver longtask unsupported'}` +
    (longTasks.length ? `  (longest ${Math.max(...longTasks.map((x) => x.duration)).toFixed(0)} ms)` : ''));

  // ---- idle: timer and animation-frame callbacks --------------------------------------
  // The last key's frames have passed (above). Pause on every timer and animation-frame
  // callback in the page's renderer, note whose script it is, resume at once.
  const { cdp } = iso;
  const scripts = new Map();
  const fires = { extension: 0, other: 0, control: 0, byKind: {} };
  let counting = false;
  cdp.on('Debugger.scriptParsed', (s) => scripts.set(s.scriptId, s.url));
  cdp.on('Debugger.paused', (ev) => {
    if (counting) {
      const top = ev.callFrames && ev.callFrames[0];
      const url = (top && (top.url || scripts.get(top.location.scriptId))) || '';
      const who = top && top.functionName === 'rapportBenchControl' ? 'control' : url.startsWith('chrome-extension://') ? 'extension' : 'other';
      fires[who]++;
      const kind = String(ev.data && ev.data.eventName || ev.reason);
      fires.byKind[`${who} ${kind}`] = (fires.byKind[`${who} ${kind}`] || 0) + 1;
    }
    cdp.send('Debugger.resume').catch(() => {});
  });
  await cdp.send('Debugger.enable');
  for (const eventName of CALLBACKS) await cdp.send('EventBreakpoints.setInstrumentationBreakpoint', { eventName });
  counting = true;
  // the control: one page timer inside the window, known by its function's name
  await page.evaluate((ms) => { window.__control = 0; setTimeout(function rapportBenchControl() { window.__control++; }, ms); }, Math.floor(IDLE_MS / 2));
  await new Promise((ok) => setTimeout(ok, IDLE_MS)); // the window being measured
  const idle = { ...fires, byKind: { ...fires.byKind } };
  // the other control: one more key now must show the extension's own animation-frame
  // callback (its per-frame coalescing guard), so extension callbacks are recognised
  const runs = await iso.evaluate('Rapport.stats.runs');
  await page.keyboard.type('.');
  await iso.until(`Rapport.stats.runs > ${runs}`);
  await iso.evaluate('new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok())))');
  const typingFires = fires.extension - idle.extension;
  counting = false;
  for (const eventName of CALLBACKS) await cdp.send('EventBreakpoints.removeInstrumentationBreakpoint', { eventName });
  await cdp.send('Debugger.disable');
  const control = await page.evaluate(() => window.__control);
  if (control === 1 && idle.control === 1 && typingFires >= 1) {
    out.idle_timer_fires = idle.extension;
    console.log(`  timer / animation-frame callbacks in ${IDLE_MS / 1000} s idle: extension ${idle.extension}, other ${idle.other}` +
      ` (controls: the page's timer seen ${idle.control}, the extension's callbacks for one more key ${typingFires})` +
      (idle.extension || idle.other ? `  ${JSON.stringify(idle.byKind)}` : ''));
  } else {
    console.log(`  idle timers: a control failed (page timer seen ${idle.control}, ran ${control}; extension callbacks for one key ${typingFires}); idle_timer_fires not reported`);
  }
  await page.close();

  // ---- a 1 MB paste into each editor ----------------------------------------------------
  const pasted = megabyte();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const paste = {};
  for (const [kind, sel] of [['textarea', '#reply'], ['rich', '#rich']]) {
    const p = await context.newPage();
    const pi = await isolated(p, extId);
    await p.goto(origin + '/');
    await pi.until('globalThis.Rapport && Rapport.stats');
    await p.locator(sel).click();
    await pi.until('Rapport.stats.runs > 0 && Rapport.engineHost.path === "content"');
    await p.evaluate((t) => navigator.clipboard.writeText(t), pasted);
    const trace = await startTrace(pi.cdp);
    await p.keyboard.press('Control+V');
    const read = kind === 'textarea' ? `document.querySelector('${sel}').value.length` : `Rapport.textmodel.read(document.querySelector('${sel}')).text.length`;
    await pi.until(`Rapport.stats.large && Rapport.stats.large.done !== null && Rapport.stats.analysedLength === ${read} && ${read} > ${pasted.length - 100}`);
    const tasks = extensionTasks(await trace.stop(), extId);
    const large = await pi.evaluate('Rapport.stats.large');
    const worst = tasks.reduce((a, b) => (b.cpu > a.cpu ? b : a), { cpu: 0, wall: 0 });
    paste[kind] = { longestCpu: worst.cpu, longestWall: Math.max(...tasks.map((t) => t.wall)), first: large.firstPaint, done: large.done, pieces: large.pieces, tasks: tasks.length };
    await p.close();
  }
  out.paste_1mb_longest_extension_task_ms = Math.max(paste.textarea.longestCpu, paste.rich.longestCpu);
  out.paste_1mb_first_highlight_ms = Math.max(paste.textarea.first, paste.rich.first);
  out.paste_1mb_full_analysis_ms = Math.max(paste.textarea.done, paste.rich.done);
  for (const k of ['textarea', 'rich']) {
    out[`paste_1mb_${k}_longest_extension_task_ms`] = paste[k].longestCpu;
    out[`paste_1mb_${k}_first_highlight_ms`] = paste[k].first;
    out[`paste_1mb_${k}_full_analysis_ms`] = paste[k].done;
    console.log(`  1 MB paste, ${k.padEnd(8)}: the extension's longest share of a task ${paste[k].longestCpu.toFixed(1)} ms CPU (${paste[k].longestWall.toFixed(1)} ms wall at most), ` +
      `first highlight ${paste[k].first.toFixed(0)} ms, whole text ${paste[k].done.toFixed(0)} ms after the paste (${paste[k].pieces} pieces in ${paste[k].tasks} tasks)`);
  }
} finally {
  if (context) await context.close().catch(() => {});
  cleanup();
}

mkdirSync(dirname(summaryPath), { recursive: true });
let summary = {};
try { summary = JSON.parse(readFileSync(summaryPath, 'utf8')); } catch { /* first step to write it */ }
Object.assign(summary, out);
writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + '\n');
console.log('merged extension figures into target/bench/summary.json');
