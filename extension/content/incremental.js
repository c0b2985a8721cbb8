// A large draft (a pasted megabyte) is analysed in pieces, a few per animation frame, so no
// frame holds more than a slice of the engine's work: the part just changed and the part
// on screen first, then the rest. Pieces start at line starts: the engine ends a sentence
// at every line break and reads quotes and "> " history line by line, so a piece's
// findings are the whole text's findings there. What follows a signature marker or an
// e-mail history header is never analysed, as the engine leaves it alone too: the engine
// says where that tail starts (its analysisEnd), for the whole text when a plan is made and
// for the lines an edit touched.
// After an edit only the changed lines are analysed again; the findings elsewhere are kept
// (shifted by the length the edit added or removed).
// Below this length the whole text is analysed at once (a few ms at most).
const LARGE = 32 * 1024;
// A piece's target length (UTF-16 code units): about 2-3 ms of engine time on an idle
// machine, so even stretched 4x by a loaded machine one piece stays far from 50 ms.
const PIECE = 4 * 1024;
const FOCUS_BEFORE = 6 * 1024; // the first piece reaches this far before the caret
const FOCUS_AFTER = 2 * 1024;
// Engine time per frame after the first piece; wall time, so a slow machine simply does
// fewer pieces per frame.
const BUDGET_MS = 4;

// The start of the line holding `at`.
const lineStart = (text, at) => (at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1);
// Just after the "\n" ending the line holding `at`, or `limit`.
function lineEnd(text, at, limit) {
  if (at >= limit) return limit;
  const i = text.indexOf('\n', at);
  return i < 0 || i >= limit ? limit : i + 1;
}

// A cut at or before `at` (and after `floor`): a line start; in a line longer than a
// piece, after a sentence end or at a space; else `at` itself.
function cutBefore(text, at, floor) {
  if (at <= floor) return floor;
  const ls = lineStart(text, at);
  if (ls > floor && at - ls <= PIECE) return ls;
  // the last sentence end (". ", "? ", "! ") in the half piece before `at`, else the last space
  const from = Math.max(floor, at - PIECE / 2);
  let space = -1;
  for (let i = at - 1; i > from; i--) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) continue;
    const p = text.charCodeAt(i - 1);
    if (p === 46 || p === 63 || p === 33) return i + 1;
    if (space < 0) space = i + 1;
  }
  return space > 0 ? space : at;
}

// The end of the region changed or looked at around `at`: the end of its line, or in a
// line much longer than a piece, a sentence start a little after `at`.
function regionEnd(text, at, limit) {
  const e = lineEnd(text, at, limit);
  if (e - at <= 2 * PIECE) return e;
  const c = cutBefore(text, Math.min(limit, at + PIECE), at);
  return c > at ? c : e;
}

// {text, limit, findings (sorted), pending: [[start, end)] in the order to analyse,
//  head: the report of the piece at 0}: the region around `focus` first. `limit`: where
// the engine stops reading the text (its analysisEnd).
function plan(text, focus, limit) {
  // no caret known yet: everything in order, until focusOn() says where to start
  if (focus == null) return { text, limit, findings: [], pending: limit > 0 ? [[0, limit]] : [], head: null, focusPending: true };
  const f = Math.min(Math.max(0, focus | 0), limit);
  const a = cutBefore(text, Math.max(0, f - FOCUS_BEFORE), 0);
  const b = regionEnd(text, Math.min(limit, f + FOCUS_AFTER), limit);
  const pending = [];
  if (b > a) pending.push([a, b]);
  if (a > 0) pending.push([0, a]);
  if (b < limit) pending.push([b, limit]);
  return { text, limit, findings: [], pending, head: null };
}

// The length of the common prefix of two strings, a block at a time (string equality
// of slices is a native compare), then character by character.
function commonPrefix(a, b, max) {
  const BLOCK = 4096;
  let i = 0;
  while (i + BLOCK <= max && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
function commonSuffix(a, b, max) {
  const BLOCK = 4096;
  let i = 0;
  while (i + BLOCK <= max && a.slice(a.length - i - BLOCK, a.length - i) === b.slice(b.length - i - BLOCK, b.length - i)) i += BLOCK;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

// The lines of state.text an edit into `next` changed: [ra, rbOld) of the old text became
// [ra, rbNew) of the new one. `probe` holds both, a line apart: when the engine's tail starts
// inside it (its analysisEnd is shorter than it), the edit wrote or removed a signature or
// history line, the tail moved, and the text must be planned afresh.
function touched(state, next) {
  const old = state.text;
  const p = commonPrefix(old, next, Math.min(old.length, next.length));
  const s = commonSuffix(old, next, Math.min(old.length, next.length) - p);
  const delta = next.length - old.length;
  const ra = cutBefore(next, p, 0);
  const rbNew = regionEnd(next, next.length - s, next.length);
  const rbOld = rbNew - delta;
  return { ra, rbOld, rbNew, probe: old.slice(ra, rbOld) + '\n' + next.slice(ra, rbNew) };
}

// The state for `next`, an edit of state.text that left the tail where it was (`change`:
// touched(state, next)): the findings outside the changed lines kept, the changed lines to
// analyse first, what was still pending after them.
function edit(state, next, change) {
  const { ra, rbOld, rbNew } = change;
  const delta = next.length - state.text.length;
  const limit = state.limit >= rbOld ? state.limit + delta : state.limit;
  const findings = [];
  for (const f of state.findings) {
    if (f.end <= ra) findings.push(f);
    else if (f.start >= rbOld) findings.push(shift(f, delta));
  }
  const pending = [];
  if (ra < Math.min(rbNew, limit)) pending.push([ra, Math.min(rbNew, limit)]);
  for (const [a, b] of state.pending) {
    if (a < ra) pending.push([a, Math.min(b, ra)]);
    if (b > rbOld) pending.push([Math.max(a, rbOld) + delta, Math.min(b + delta, limit)]);
  }
  const head = ra === 0 ? null : state.head;
  return { text: next, limit, findings, pending: pending.filter(([a, b]) => b > a), head };
}

// The state for `text`: an edit of `state` (null: none yet) when it left the engine's tail
// where it was, else a fresh plan, whose caret is still to come (focusPending). end(text):
// where the engine stops reading a text (its analysisEnd), a number or a promise of one.
async function update(state, text, end) {
  if (state) {
    const change = touched(state, text);
    if ((await end(change.probe)) >= change.probe.length) return edit(state, text, change);
  }
  return plan(text, null, await end(text));
}

// The region around the caret to the front.
function focusOn(state, at) {
  prioritise(state, at - FOCUS_BEFORE, at + FOCUS_AFTER);
}

// Moves the pending part of [from, to) (what is on screen) to the front. The bounds
// move out to line starts, as every piece's do.
function prioritise(state, from, to) {
  from = cutBefore(state.text, Math.max(0, from), 0);
  to = regionEnd(state.text, Math.min(to, state.limit), state.limit);
  const front = [], rest = [];
  for (const [a, b] of state.pending) {
    if (b <= from || a >= to) { rest.push([a, b]); continue; }
    if (a < from) rest.push([a, from]);
    front.push([Math.max(a, from), Math.min(b, to)]);
    if (b > to) rest.push([to, b]);
  }
  if (front.length) state.pending = front.concat(rest);
}

// The next piece to analyse, taken off the front of the pending regions.
function nextPiece(state) {
  const region = state.pending[0];
  const [a, b] = region;
  let e = b;
  if (b - a > PIECE * 1.5) {
    e = cutBefore(state.text, a + PIECE, a);
    if (e <= a) e = Math.min(b, a + PIECE);
  }
  if (e >= b) state.pending.shift();
  else region[0] = e;
  return [a, e];
}

function shift(f, by) {
  if (!by) return f;
  const g = { ...f, start: f.start + by, end: f.end + by };
  if (f.rewrites) g.rewrites = f.rewrites.map((rw) => ({ ...rw, start: rw.start + by, end: rw.end + by }));
  return g;
}

// The first index whose finding starts at or after `at`.
function indexAt(findings, at) {
  let lo = 0, hi = findings.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (findings[mid].start < at) lo = mid + 1; else hi = mid;
  }
  return lo;
}

// Adds one piece's report. Coaching that reads the whole reply (the unacknowledged-upset
// finding on its first sentence) is kept from the piece that starts the text only.
function add(state, [a, b], report) {
  const found = [];
  for (const f of report.findings) {
    if (a > 0 && f.rule === 'unacknowledged-upset') continue;
    found.push(shift(f, a));
  }
  found.sort((x, y) => x.start - y.start);
  const i = indexAt(state.findings, a);
  let j = i;
  while (j < state.findings.length && state.findings[j].start < b) j++;
  state.findings.splice(i, j - i, ...found);
  if (a === 0) state.head = report;
}

const done = (state) => state.pending.length === 0;

// The report so far: every finding analysed; moves, score and what was read from the
// customer from the piece that starts the text.
function report(state) {
  const base = state.head || { moves: [], score: { value: 0, breakdown: [] } };
  return { ...base, findings: state.findings };
}

// The findings overlapping [from, to), from a sorted list (a binary search, then a walk).
function within(findings, from, to) {
  const out = [];
  // a finding is short: one starting a little before `from` may still overlap it
  for (let i = Math.max(0, indexAt(findings, from) - 8); i < findings.length && findings[i].start < to; i++) {
    if (findings[i].end > from) out.push(i);
  }
  return out;
}

// Runs fn in a task posted from the next animation frame, so after that frame's style
// and layout; returns {cancel}.
function afterFrame(win, fn) {
  let cancelled = false;
  const raf = win.requestAnimationFrame(() => {
    if (cancelled) return;
    const channel = new win.MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); if (!cancelled) fn(); };
    channel.port2.postMessage(null);
  });
  return { cancel() { cancelled = true; win.cancelAnimationFrame(raf); } };
}

// An order-free fingerprint of findings' spans and rules, for the browser tests to
// compare the piecewise analysis with the engine's analysis of the whole text.
function digest(findings) {
  let sum = 0;
  for (const f of findings) {
    let h = Math.imul(f.start + 1, 0x9e3779b1) ^ Math.imul(f.end + 7, 0x85ebca77);
    for (let i = 0; i < f.rule.length; i++) h = Math.imul(h ^ f.rule.charCodeAt(i), 0x01000193);
    sum = (sum + (h >>> 0)) % 4294967296;
  }
  return `${findings.length}:${sum}`;
}

export { focusOn, digest, afterFrame, LARGE, BUDGET_MS, plan, touched, edit, update, prioritise, nextPiece, add, done, report, within, indexAt };
