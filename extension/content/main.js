// Wiring: settings decide whether this page is active; focus finds editors; input runs the
// engine at most once per animation frame; results are painted and explained in the card.
// Nothing runs while the agent is idle: no polling, no timers.
import * as S from '../settings.js';
import * as coaching from '../coaching.js';
import { MSG, COMMANDS } from '../protocol.js';
import { RichPainter, FieldPainter } from './paint.js';
import * as card from './card.js';
import * as status from './status.js';
import * as textmodel from './textmodel.js';
import * as engineHost from './engine-host.js';
import * as customer from './customer.js';
import * as sendguard from './sendguard.js';
import * as layout from './layout.js';
import * as apply from './apply.js';
import * as editors from './editors.js';
import * as I from './incremental.js';

let settings = S.normalize(null);
let active = false;
const sessions = new Map(); // editor element -> session
let current = null;         // the session focused last
// Counters and timings, kept for the popup and the browser tests; the texts never leave.
// `latencySamples` only grows and `lastLatency` is the newest sample: `latencies` keeps the
// last 500, so its length stops growing and cannot tell a reader that a sample came.
const stats = { runs: 0, attached: [], latencies: [], latencySamples: 0, lastLatency: null, applied: null, large: null };

function ancestorHost() {
  const a = location.ancestorOrigins;
  if (!a || !a.length) return null;
  try { return new URL(a[a.length - 1]).hostname; } catch (_) { return null; }
}

function siteHost() {
  return location.hostname || ancestorHost() || '';
}

function computeActive() {
  if (S.isActive(settings, siteHost())) return true;
  const top = ancestorHost();
  return !!top && S.isActive(settings, top);
}

// ---- sessions ---------------------------------------------------------------------
function attach(el, kind) {
  let s = sessions.get(el);
  if (s) return s;
  s = {
    el, kind, doc: el.ownerDocument,
    painter: kind === 'rich' ? new RichPainter(el) : new FieldPainter(el),
    text: null, model: null, findings: [], report: null, ignored: new Set(),
    raf: 0, busy: false, inputTs: null, cardIndex: -1, focusedAt: 0,
    changes: 0, reader: null, // DOM changes seen; a rich editor's text being read in steps (readSoon)
    plans: 0, // large-draft plans asked for (runLarge)
    waiters: [], // resolved with the findings once the current text is analysed (freshFindings)
  };
  const on = (type, fn, opts) => el.addEventListener(type, fn, opts);
  s.listeners = [
    ['input', (e) => (s.large || /^insertFrom(Paste|Drop)/.test(e.inputType || '') ? later(s, e.timeStamp) : schedule(s, e.timeStamp))],
    ['mousemove', (e) => hover(s, e), { passive: true }],
    ['click', (e) => clicked(s, e)],
    ['keydown', (e) => keydown(s, e)],
  ];
  for (const [t, fn, o] of s.listeners) on(t, fn, o);
  // edits that fire no input event (an editor's own undo); a read under way starts again
  if (kind === 'rich') s.painter.onEditorChange = () => { s.changes++; if (s.reader) later(s); else schedule(s); };
  sessions.set(el, s);
  cardKeys(); // read once, before the first card opens
  stats.attached.push({ tag: el.localName, type: el.getAttribute('type') || '', kind });
  return s;
}

function detach(s) {
  for (const [t, fn, o] of s.listeners) s.el.removeEventListener(t, fn, o);
  if (s.raf) s.doc.defaultView.cancelAnimationFrame(s.raf);
  if (s.readLater) s.readLater.cancel();
  stopLarge(s);
  s.painter.destroy();
  sessions.delete(s.el);
  settle(s, null);
  if (current === s) current = null;
  if (card.current && card.current.session === s) card.close(false);
  if (status.editor() === s.el) status.hide();
}

function prune() {
  for (const s of [...sessions.values()]) if (!s.el.isConnected) detach(s);
}

function readText(s) {
  if (s.kind === 'field') return s.el.value;
  s.model = textmodel.read(s.el);
  s.reader = null;
  return s.model.text;
}

// The text for an analysis: a rich editor's DOM is read for at most READ_MS in this task
// (a pasted megabyte takes 40-90 ms to walk), the rest after the next frames; null until
// then, and run() comes back when the whole text is read. A change to the DOM in between
// starts the read again.
const READ_MS = 6;
function readSoon(s) {
  if (s.kind === 'field') return s.el.value;
  if (!s.reader || s.reader.changes !== s.changes) {
    s.reader = textmodel.reader(s.el);
    s.reader.changes = s.changes;
  }
  if (!s.reader.step(performance.now() + READ_MS)) {
    if (!s.readLater) s.readLater = I.afterFrame(s.doc.defaultView, () => { s.readLater = null; run(s); });
    return null;
  }
  s.model = s.reader.model;
  s.reader = null;
  return s.model.text;
}

// At most one run per animation frame: the first change in a frame runs at once (so the
// highlight lands in the same frame as the keystroke); later ones in that frame wait for
// the next frame and are coalesced into one run. An idle editor has nothing scheduled.
function schedule(s, ts) {
  if (s.inputTs == null && ts != null) s.inputTs = ts;
  if (s.raf) { s.dirty = true; return; }
  guardFrame(s);
  run(s);
}

// A large draft, or a paste (it may be a megabyte): the text is read after the frame
// (I.afterFrame), not in the input event, whose task already holds the browser's own
// work of the change; keystrokes in the same frame are read once.
function later(s, ts) {
  if (s.inputTs == null && ts != null) s.inputTs = ts;
  if (s.readLater) return;
  s.readLater = I.afterFrame(s.doc.defaultView, () => { s.readLater = null; run(s); });
}

function guardFrame(s) {
  s.raf = s.doc.defaultView.requestAnimationFrame(() => {
    s.raf = 0;
    if (!s.dirty) return;
    s.dirty = false;
    guardFrame(s);
    run(s);
  });
}

const ignoreKey = (f) => f.rule + '\u0000' + f.text.toLowerCase();

function settle(s, findings) {
  for (const resolve of s.waiters.splice(0)) resolve(findings);
}

async function run(s) {
  if (!active || !sessions.has(s.el)) { settle(s, null); return; }
  if (s.busy) { s.again = true; return; }
  const text = readSoon(s);
  if (text === null) return;
  if (text === s.text) { s.inputTs = null; s.painter.reposition(); settle(s, s.report ? s.findings : null); return; }
  if (text.length > I.LARGE) { runLarge(s, text); return; }
  stopLarge(s);
  s.busy = true;
  const t0 = performance.now();
  let report;
  try {
    await engineHost.ready(S.engineOptions(settings));
    // the customer's message, when one was read for this composer (content/customer.js)
    report = await engineHost.analyze(text, customer.contextFor(s.el));
  } catch (e) {
    console.warn('rapport: analysis unavailable', e);
    report = null;
  } finally {
    s.busy = false;
  }
  stats.runs++;
  stats.path = engineHost.path;
  if (!sessions.has(s.el)) { settle(s, null); return; }
  // the text moved on while the worker was answering: analyse the new text instead
  if (readText(s) !== text || s.again) { s.again = false; s.text = null; run(s); return; }
  if (!report) { settle(s, null); return; }
  s.text = text;
  stats.analysedLength = text.length;
  report.findings.sort((a, b) => a.start - b.start);
  commit(s, report, performance.now() - t0);
  settle(s, s.findings);
}

function paint(s) {
  if (s.kind !== 'rich') { s.painter.paint(s.findings, s.text, s.cardIndex); return; }
  if (!s.large) { s.shown = null; s.painter.paint(s.findings, s.model, s.cardIndex); return; }
  // a large draft: highlight ranges for the findings near the screen only (a range per
  // finding of a megabyte is tens of thousands of live ranges the page keeps updating)
  const [from, to] = visibleRange(s);
  s.shown = I.within(s.findings, from, to);
  s.shownFrom = from;
  s.shownTo = to;
  s.painter.paint(s.shown.map((i) => s.findings[i]), s.model, s.shown.indexOf(s.cardIndex));
}

// The painter's hits and rectangles, in indices of s.findings (a large draft's rich
// painter holds only the findings near the screen).
function hitAt(s, x, y) {
  const i = s.painter.hit(x, y);
  return s.shown && i >= 0 ? s.shown[i] : i;
}
function rectsOf(s, index) {
  if (!s.shown) return s.painter.rectsOf(index);
  const j = s.shown.indexOf(index);
  return j < 0 ? [] : s.painter.rectsOf(j);
}

// ---- a large draft (content/incremental.js) -----------------------------------------
// Analysed a few pieces per frame: the part just changed (or, after a paste, around the
// caret) in the frame of the change, the part on screen next, then the rest; a frame is
// requested only while pieces are pending, so a finished draft schedules nothing.
// s.text becomes the text once its findings are committed (step): until then the
// findings on screen are the previous text's, and a rewrite must wait for the new ones.
async function runLarge(s, text) {
  const at = performance.now();
  if (s.large && s.large.text === text) { if (!s.stepping && !s.stepRaf) afterFrame(s); return; }
  const asked = ++s.plans; // a newer text (or stopLarge) makes this one's plan stale
  let large;
  try {
    // the engine says where the text's tail starts: at once on the content path
    if (!engineHost.path) await engineHost.ready(S.engineOptions(settings));
    large = await I.update(s.large, text, engineHost.analysisEnd);
  } catch (e) {
    console.warn('rapport: analysis unavailable', e);
    return;
  }
  if (asked !== s.plans || !sessions.has(s.el)) return;
  if (large.focusPending) {
    // planned afresh: where the caret is, the first step asks (a pasted megabyte's first
    // read is already this task's work); the times are from the change's input event (a
    // paste) when there was one
    stats.large = { length: text.length, since: s.inputTs ?? at, firstPaint: null, done: null, pieces: 0, longestStep: 0 };
  }
  s.large = large;
  stats.analysedLength = null;
  if (!s.stepping && !s.stepRaf) afterFrame(s);
}

// The next step runs after the next frame's style and layout (I.afterFrame): reading
// the editor's geometry then costs nothing, where in the input event it would force the
// browser to lay out the whole megabyte at once, on the extension's time.
function afterFrame(s) {
  s.stepRaf = I.afterFrame(s.doc.defaultView, () => { s.stepRaf = null; step(s); });
}

function stopLarge(s) {
  s.plans++;
  if (s.stepRaf) s.stepRaf.cancel();
  if (s.viewRaf) s.doc.defaultView.cancelAnimationFrame(s.viewRaf);
  s.stepRaf = null;
  s.viewRaf = 0;
  s.large = null;
  s.shown = null;
}

async function step(s, t0 = performance.now()) {
  s.stepRaf = 0;
  const large = s.large;
  if (!large || !active || !sessions.has(s.el) || s.stepping) return;
  s.stepping = true;
  try {
    // on the content path the engine answers at once: no await, so the whole step runs
    // in this one task (and shows as the extension's in a trace)
    if (!engineHost.path) await engineHost.ready(S.engineOptions(settings));
    const context = customer.contextFor(s.el);
    const seen = visibleRange(s);
    if (seen) I.prioritise(large, seen[0], seen[1]);
    if (large.focusPending) { large.focusPending = false; I.focusOn(large, caretOffset(s)); }
    const tBefore = performance.now();
    let longestPiece = 0;
    let first = true;
    while (s.large === large && !I.done(large) && (first || performance.now() - t0 < I.BUDGET_MS)) {
      first = false;
      const piece = I.nextPiece(large);
      const slice = large.text.slice(piece[0], piece[1]);
      const tq = performance.now();
      let report = engineHost.analyzeNow(slice, context);
      longestPiece = Math.max(longestPiece, performance.now() - tq);
      if (report === undefined) report = await engineHost.analyze(slice, context);
      if (s.large !== large) break; // an edit came in while the worker answered
      I.add(large, piece, report);
      stats.runs++;
      stats.large.pieces++;
    }
    stats.path = engineHost.path;
    const tPieces = performance.now();
    if (s.large === large && sessions.has(s.el)) {
      s.text = large.text;
      commit(s, I.report(large));
      // where the longest step spent its time, for the suites and benchmarks to print
      const total = performance.now() - t0;
      if (!stats.large.worstStep || total > stats.large.worstStep.total) {
        stats.large.worstStep = { total, view: tBefore - t0, pieces: tPieces - tBefore, longestPiece, paint: total - (tPieces - t0) };
      }
      if (stats.large.firstPaint == null && s.findings.length) stats.large.firstPaint = performance.now() - stats.large.since;
      if (I.done(large)) {
        stats.analysedLength = large.text.length;
        stats.large.done = performance.now() - stats.large.since;
        stats.large.findings = large.findings.length;
        stats.large.digest = I.digest(large.findings);
        settle(s, s.findings); // the Send guard waits for the whole draft, not its first pieces
      }
    }
  } catch (e) {
    console.warn('rapport: analysis unavailable', e);
    s.large = null;
  } finally {
    s.stepping = false;
    const took = performance.now() - t0;
    if (stats.large && took > stats.large.longestStep) stats.large.longestStep = took;
  }
  if (s.large && !I.done(s.large) && sessions.has(s.el) && !s.stepRaf) afterFrame(s);
}

// A report (findings sorted by start) becomes the session's: painted, counted, and the
// open card kept on its finding. `analyzeMs`: how long the analysis took, when known.
function commit(s, report, analyzeMs) {
  s.report = report;
  const all = report.findings;
  s.findings = s.ignored.size ? all.filter((f) => !s.ignored.has(ignoreKey(f))) : all;
  const open = card.current && card.current.session === s ? card.current.finding : null;
  s.cardIndex = open ? s.findings.findIndex((f) => f.rule === open.rule && f.text === open.text) : -1;
  const t1 = performance.now();
  paint(s);
  if (s === current) { showCount(s.findings.length); showStatus(s); }
  coaching.shown(s.el, s.findings, settings); // opt-in counts, never text
  stats.timing = { analyze: analyzeMs, paint: performance.now() - t1 };
  if (s.inputTs != null) {
    const latency = performance.now() - s.inputTs;
    stats.latencies.push(latency);
    if (stats.latencies.length > 500) stats.latencies.shift();
    stats.lastLatency = latency;
    stats.latencySamples++;
    s.inputTs = null;
  }
  if (open) {
    if (s.cardIndex < 0) card.close();
    else showCard(s, s.cardIndex);
  }
}

// The text offsets on screen, widened by a margin, of a large draft's editor: from the
// caret positions at the corners of the editor's visible part.
const VIEW_MARGIN = 4 * 1024;
function visibleRange(s) {
  if (s.kind === 'field') {
    const v = s.painter.visibleRange && s.painter.visibleRange();
    return v ? [Math.max(0, v[0] - VIEW_MARGIN), v[1] + VIEW_MARGIN] : null;
  }
  const win = s.doc.defaultView;
  // the same view of the same draft: hit-testing a megabyte's editor twice a step costs
  // up to 20 ms, and between steps the agent rarely scrolls
  const key = `${s.el.scrollTop}:${s.el.scrollLeft}:${win.scrollX}:${win.scrollY}:${win.innerWidth}:${win.innerHeight}:${s.changes}`;
  if (s.view && s.view.model === s.model && s.view.key === key) return s.view.range;
  const range = richVisibleRange(s, win);
  s.view = { model: s.model, key, range };
  return range;
}

function richVisibleRange(s, win) {
  const r = s.el.getBoundingClientRect();
  const top = Math.max(r.top, 0) + 2, bottom = Math.min(r.bottom, win.innerHeight) - 2;
  const left = Math.max(r.left, 0) + 2, right = Math.min(r.right, win.innerWidth) - 2;
  if (bottom <= top || right <= left || !s.model) return [0, 0];
  const offsetAt = (x, y) => {
    const p = s.doc.caretPositionFromPoint ? s.doc.caretPositionFromPoint(x, y) : null;
    if (!p || !s.el.contains(p.offsetNode)) return null;
    return textmodel.offsetOf(s.model, p.offsetNode, p.offset);
  };
  const a = offsetAt(left, top), b = offsetAt(right, bottom);
  if (a == null || b == null) {
    const at = caretOffset(s);
    return [Math.max(0, at - 2 * VIEW_MARGIN), at + 2 * VIEW_MARGIN];
  }
  return [Math.max(0, Math.min(a, b) - VIEW_MARGIN), Math.max(a, b) + VIEW_MARGIN];
}

// After a scroll: a large rich draft paints the findings now near the screen (once per
// frame, and only when the screen left the part painted).
function viewMoved(s) {
  s.view = null; // a scrolled ancestor moves the view too
  if (s.kind !== 'rich' || !s.large || s.viewRaf) return;
  s.viewRaf = s.doc.defaultView.requestAnimationFrame(() => {
    s.viewRaf = 0;
    if (!s.large || !sessions.has(s.el)) return;
    const [from, to] = visibleRange(s);
    if (from >= s.shownFrom && to <= s.shownTo && s.shownTo > s.shownFrom) return;
    paint(s);
  });
}

// ---- card ---------------------------------------------------------------------------
function showCard(s, index) {
  const f = s.findings[index];
  if (!f) return;
  const already = card.current && card.current.session === s && card.current.index === index && card.current.finding === f;
  s.cardIndex = index;
  paint(s);
  const rects = rectsOf(s, index);
  const anchor = rects[0] || s.el.getBoundingClientRect();
  if (already) { card.place(anchor); return; }
  const c = card.open(s.doc, f, anchor, {
    apply: (i) => applyRewrite(s, index, i),
    ignore: () => ignoreFinding(s, index),
    disable: () => disableRule(s, f),
    close: () => { s.cardIndex = -1; if (sessions.has(s.el)) paint(s); },
    // the words a rewrite replaces, for the card to show the change
    before: (i) => (f.rewrites[i] && s.text != null ? s.text.slice(f.rewrites[i].start, f.rewrites[i].end) : null),
    avoid: () => sendguard.controlsOf(s.el).map((b) => layout.rectIn(b, s.el.ownerDocument)),
    editor: () => s.el.getBoundingClientRect(),
    keys: cardKeys(),
    explain: (rule) => engineHost.explanation(rule),
    // what Rapport read from the customer's message, and the control to stop using it
    customer: s.report && s.report.customer ? { summary: s.report.customer.summary, dismiss: () => forgetCustomer(s) } : null,
  });
  c.session = s;
  c.index = index;
  c.host.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    card.close();
    backToDraft(s);
  });
}

// The card's footer names the keys the agent bound (they can rebind them), read once.
let shortcutWords = null;
function cardKeys() {
  if (shortcutWords === null) {
    shortcutWords = undefined;
    chrome.runtime.sendMessage({ type: MSG.SHORTCUTS }).then((reply) => {
      const k = reply && reply.shortcuts;
      if (!k) return;
      const named = (command, what) => (k[command] ? `${k[command]} ${what}` : null);
      const parts = [named(COMMANDS.NEXT, 'next suggestion'), named(COMMANDS.APPLY, 'applies the first rewrite'), named(COMMANDS.DISMISS, 'ignores it')].filter(Boolean);
      shortcutWords = 'Tab moves into the card, \u2191\u2193 between rewrites, Enter applies, Esc returns to the reply.'
        + (parts.length ? ` In the reply: ${parts.join(', ')}.` : '');
    }, () => {});
  }
  return shortcutWords || undefined;
}

// Focus and caret back in the draft, where they were when the card took the focus.
function backToDraft(s) {
  if (!sessions.has(s.el)) return;
  s.el.focus({ preventScroll: true });
  if (s.kind === 'rich' && s.savedRange) {
    const sel = s.doc.getSelection();
    sel.removeAllRanges();
    sel.addRange(s.savedRange);
  }
  s.savedRange = null;
}

// "Turn off this rule" takes effect everywhere at once: the notice offers the way back.
function disableRule(s, f) {
  card.close();
  S.setRule(f.rule, false).catch((e) => console.warn('rapport:', e.message));
  const name = f.rule.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  card.showNotice(s.doc, s.el.getBoundingClientRect(), `\u201c${name}\u201d is off everywhere.`, () => {
    S.setRule(f.rule, true).catch((e) => console.warn('rapport:', e.message));
  });
}

function forgetCustomer(s) {
  customer.dismiss(s.el);
  card.close(false);
  s.cardIndex = -1;
  s.text = null; // analyse again without it
  schedule(s);
}

function customerChanged(s) {
  if (!sessions.has(s.el)) return;
  s.text = null;
  schedule(s);
}

function ignoreFinding(s, index) {
  const f = s.findings[index];
  if (!f) return;
  const key = ignoreKey(f);
  s.ignored.add(key);
  card.close(false);
  s.cardIndex = -1;
  s.text = null; // force a fresh run
  schedule(s);
  card.showNotice(s.doc, s.el.getBoundingClientRect(), 'Ignored in this reply.', () => {
    s.ignored.delete(key);
    s.text = null;
    if (sessions.has(s.el)) schedule(s);
  });
}

function applyRewrite(s, index, i) {
  const f = s.findings[index];
  const rw = f && f.rewrites && f.rewrites[i];
  if (!rw) return null;
  card.close(false);
  s.cardIndex = -1;
  if (readText(s) !== s.text) { s.text = null; schedule(s); return null; } // stale: re-analyse first
  const checked = (result) => {
    stats.applied = { ok: result.ok, method: result.method };
    if (result.ok) coaching.applied(f.rule, settings);
    // a fact the engine does not have ("[day]") is selected for the agent to type over
    if (result.ok && rw.placeholder) apply.select(s.el, rw.start + rw.placeholder[0], rw.start + rw.placeholder[1]);
    if (!result.ok) console.warn('rapport: the editor changed more than the phrase', result);
    schedule(s);
    return result;
  };
  stats.applied = null;
  // a rich editor's edit is checked once the editor has re-rendered (a promise)
  return s.kind === 'field'
    ? checked(apply.applyField(s.el, rw.start, rw.end, rw.text))
    : apply.applyRich(s.el, rw.start, rw.end, rw.text).then(checked);
}

function caretOffset(s) {
  if (s.kind === 'field') return s.el.selectionStart || 0;
  // inside a shadow root the document's selection is retargeted to the host
  const root = s.el.getRootNode();
  const sel = typeof root.getSelection === 'function' ? root.getSelection() : s.doc.getSelection();
  if (!sel || !sel.rangeCount || !s.model || !s.el.contains(sel.focusNode)) return 0;
  return textmodel.offsetOf(s.model, sel.focusNode, sel.focusOffset);
}

function hover(s, e) {
  s.pointer = [e.clientX, e.clientY];
  if (s.hoverRaf) return;
  s.hoverRaf = s.doc.defaultView.requestAnimationFrame(() => {
    s.hoverRaf = 0;
    const i = hitAt(s, s.pointer[0], s.pointer[1]);
    if (i >= 0 && !(card.current && card.current.session === s && card.current.index === i)) showCard(s, i);
  });
}

function clicked(s, e) {
  let i = hitAt(s, e.clientX, e.clientY);
  if (i < 0) {
    const at = caretOffset(s);
    i = s.findings.findIndex((f) => at >= f.start && at <= f.end);
  }
  if (i >= 0) showCard(s, i);
}

function keydown(s, e) {
  const open = card.current && card.current.session === s;
  if (e.key === 'Escape' && open) {
    e.preventDefault();
    e.stopPropagation();
    card.close();
  } else if (e.key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && open) {
    // with the card open, Tab goes into it (not on to the page's Send)
    if (s.kind === 'rich') {
      const sel = s.doc.getSelection();
      s.savedRange = sel && sel.rangeCount ? sel.getRangeAt(0).cloneRange() : null;
    }
    if (card.focusFirst()) e.preventDefault();
  }
}

// ---- commands (from the worker; the agent can rebind them) --------------------------
function focusedSession() {
  if (!document.hasFocus()) return null;
  const a = editors.deepActiveElement(document);
  return (a && sessions.get(a)) || null;
}

function command(name) {
  if (name === COMMANDS.COACH_SELECTION) {
    // the agent selected the customer's text (outside the composer, so the composer may
    // not have focus): it is for the composer focused last, or the next one
    const text = customer.fromSelection(document);
    if (!text) return false;
    prune();
    const target = focusedSession() || current;
    customer.useSelection(target ? target.el : null, text);
    if (target) customerChanged(target);
    return true;
  }
  const s = focusedSession();
  if (!s || !s.findings.length) return false;
  const open = card.current && card.current.session === s ? card.current.index : -1;
  if (name === COMMANDS.NEXT) {
    let i;
    if (open >= 0) i = (open + 1) % s.findings.length;
    else {
      const at = caretOffset(s);
      i = s.findings.findIndex((f) => f.end >= at);
      if (i < 0) i = 0;
    }
    showCard(s, i);
  } else if (name === COMMANDS.APPLY) {
    let i = open;
    if (i < 0) {
      const at = caretOffset(s);
      i = s.findings.findIndex((f) => f.end >= at);
      if (i < 0) i = 0;
    }
    applyRewrite(s, i, 0);
  } else if (name === COMMANDS.DISMISS) {
    if (open >= 0) ignoreFinding(s, open);
  }
  return true;
}

// How this composer's customer message and Send control were found: selectors tried and
// which matched, and the path (the data file, the page layout, the agent's selection).
// Never text: it is what an agent pastes into a bug report.
async function diagnostics(s) {
  const st = customer.stateOf(s.el);
  const list = await customer.load();
  const h = customer.pick(list, location.hostname, s.el.ownerDocument);
  const send = await sendguard.diagnose(s.el);
  const diag = st.diag || {};
  return {
    host: siteHost(),
    helpdesk: h ? h.file : null,
    helpdeskName: h ? h.name : null,
    composer: { tag: s.el.localName, kind: s.kind, role: s.el.getAttribute('role') },
    customer: { path: st.dismissed ? 'dismissed' : st.path, fields: diag.fields || {}, layout: diag.layout || null },
    send,
  };
}

// ---- what the Send guard (content/sendguard.js) may use ------------------------------
const guardHooks = {
  mode: () => (active ? settings.sendGuard : 'off'),
  // the composers the agent has focused, the most recent first
  composers: () => [...sessions.values()].filter((s) => s.el.isConnected).sort((a, b) => b.focusedAt - a.focusedAt).map((s) => s.el),
  text: (el) => (sessions.has(el) ? readText(sessions.get(el)) : null),
  // the findings shown for the text the composer holds now, or null when that text is not analysed yet
  findings: (el) => {
    const s = sessions.get(el);
    const partial = s && s.large && !I.done(s.large); // a large draft still being analysed
    return s && s.report && !partial && readText(s) === s.text ? s.findings : null;
  },
  // the same, once the current text is analysed; null when no analysis is available
  freshFindings: (el) => {
    const s = sessions.get(el);
    if (!s) return Promise.resolve(null);
    if (s.report && !(s.large && !I.done(s.large)) && readText(s) === s.text) return Promise.resolve(s.findings);
    return new Promise((resolve) => { s.waiters.push(resolve); schedule(s); });
  },
  // a finding of findings(el): its top rewrite through the card's apply path (undoable);
  // a promise for rich editors, which answer once they have re-rendered
  applyTop: (el, finding) => {
    const s = sessions.get(el);
    const i = s ? s.findings.indexOf(finding) : -1;
    return i < 0 ? null : applyRewrite(s, i, 0);
  },
};
const syncGuard = () => sendguard.sync(guardHooks);

// The toolbar badge: how many phrases the reply focused last has, sent when it changes.
let countShown = 0;
function showCount(n) {
  if (n === countShown) return;
  countShown = n;
  chrome.runtime.sendMessage({ type: MSG.BADGE, count: n }).catch(() => {});
}

// The in-field button of the reply focused last: its count, warmth and top missing move,
// all as the engine reported them.
const SEVERITY_ORDER = ['low', 'medium', 'high'];
function siteHooks() {
  const host = siteHost();
  const forced = S.policyForSite(settings, host);
  const locked = forced ? `${S.lockedLabel(settings)}: turned ${forced} for this site` : S.isLocked(settings, 'sites') ? S.lockedLabel(settings) : null;
  return { host, locked, setSite: (on) => S.setSite(host, on) };
}
function showStatus(s) {
  const report = s.report;
  if (!report) return;
  let severity = null;
  for (const f of s.findings) if (SEVERITY_ORDER.indexOf(f.severity) > SEVERITY_ORDER.indexOf(severity)) severity = f.severity;
  const m = (report.moves || []).find((x) => x.needed && !x.present);
  const move = m ? { id: m.id, label: m.label, suggestion: m.suggestion ? m.suggestion.text : null } : null;
  status.show(s.el, { kind: 'report', findings: s.findings.length, severity, score: report.score.value, words: report.score.words, move }, siteHooks());
}

// "Ask" mode on a site nobody has decided for: nothing is read; focusing a reply box shows
// the button, which offers to turn Rapport on here.
function onAskFocus(e) {
  const found = editors.fromEvent(e);
  if (found) status.show(found.el, { kind: 'ask' }, siteHooks());
}
const onAskViewport = () => status.place();
let asking = false;
function setAsking(on) {
  if (on === asking) return;
  asking = on;
  const method = on ? 'addEventListener' : 'removeEventListener';
  document[method]('focusin', onAskFocus, true);
  document[method]('scroll', onAskViewport, { capture: true, passive: true });
  window[method]('resize', onAskViewport, { passive: true });
  if (on) {
    const a = editors.deepActiveElement(document);
    if (a && a !== document.body) onAskFocus({ composedPath: () => [a], target: a });
  } else {
    status.hide();
  }
}

// ---- activation ---------------------------------------------------------------------
function onFocusIn(e) {
  const found = editors.fromEvent(e);
  if (!found) return;
  prune();
  const s = attach(found.el, found.kind);
  s.focusedAt = Date.now();
  current = s;
  if (s.report) { showCount(s.findings.length); showStatus(s); }
  schedule(s);
  customer.refresh(s.el).then((changed) => { if (changed) customerChanged(s); }, (e) => console.warn('rapport: customer message unavailable', e));
}

function onMouseDown(e) {
  const c = card.current;
  if (!c) return;
  const path = e.composedPath();
  if (path.includes(c.host) || path.includes(c.session.el)) return;
  card.close();
}

function onViewportChange() {
  for (const s of sessions.values()) { s.painter.reposition(); viewMoved(s); }
  status.place();
  const c = card.current;
  if (c && c.session.cardIndex >= 0) {
    const r = rectsOf(c.session, c.session.cardIndex)[0];
    if (r) card.place(r);
  }
}

const docListeners = [
  ['focusin', onFocusIn, true],
  ['mousedown', onMouseDown, true],
  ['scroll', onViewportChange, { capture: true, passive: true }],
];

function setActive(on) {
  if (on === active) return;
  active = on;
  if (on) {
    for (const [t, fn, o] of docListeners) document.addEventListener(t, fn, o);
    window.addEventListener('resize', onViewportChange, { passive: true });
    const a = editors.deepActiveElement(document);
    if (a && a !== document.body) onFocusIn({ composedPath: () => [a], target: a });
  } else {
    for (const [t, fn, o] of docListeners) document.removeEventListener(t, fn, o);
    window.removeEventListener('resize', onViewportChange);
    card.close(false);
    for (const s of [...sessions.values()]) detach(s);
    status.hide();
    showCount(0);
  }
  syncGuard();
}

// The popup's and the options page's questions, and the worker's commands.
function onMessage(msg, _sender, reply) {
  if (!msg || typeof msg.type !== 'string') return;
  if (msg.type === MSG.COMMAND) { if (active) command(msg.command); return; }
  if (msg.type === MSG.STATUS) {
    if (window !== window.top) return;
    // ready: the settings are read, so `active` is this page's answer, not the start-up value
    reply({ host: siteHost(), active, ready: settingsRead, enginePath: engineHost.path });
    return;
  }
  if (msg.type === MSG.EDITOR_REPORT) {
    if (!active || !current || !current.report) return;
    const s = current;
    const summary = s.report.customer ? s.report.customer.summary : null;
    diagnostics(s).then((d) => reply({
      findings: s.findings.length, score: s.report.score.value, scoreWords: s.report.score.words, focusedAt: s.focusedAt, customer: summary,
      health: { composer: true, helpdesk: d.helpdeskName, customer: d.customer.path, send: d.send.path },
    }));
    return true;
  }
  if (msg.type === MSG.DIAGNOSTICS) {
    if (!active || !current || !current.el.isConnected) return;
    diagnostics(current).then(({ helpdeskName, ...d }) => reply(d));
    return true;
  }
}

function settingsChanged(next) {
  const rulesChanged = JSON.stringify(S.engineOptions(next)) !== JSON.stringify(S.engineOptions(settings));
  settings = next;
  if (rulesChanged) {
    engineHost.setOptions(S.engineOptions(settings));
    for (const s of sessions.values()) { s.text = null; schedule(s); }
  }
  activate();
}

function activate() {
  const on = computeActive();
  if (on) setAsking(false);
  setActive(on);
  if (!on) setAsking(S.shouldAsk(settings, siteHost()));
  syncGuard();
}

let settingsRead = false;

// Injected twice (an extension reload): the first copy keeps the page.
if (!(globalThis.Rapport && globalThis.Rapport.started)) {
  // What the browser suites and the benchmarks read in the content script's world: the
  // counters and the modules. Nothing in the extension reads it.
  globalThis.Rapport = { started: true, stats, engineHost, textmodel, incremental: I, card, customer, sendguard, layout };
  chrome.runtime.onMessage.addListener(onMessage);
  S.onChange(settingsChanged);
  S.load().then((s) => { settings = s; settingsRead = true; activate(); }).catch(() => {});
}
