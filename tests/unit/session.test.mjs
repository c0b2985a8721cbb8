// The session controller (extension/content/session.js) in Node, with a fake engine, a fake
// window whose animation frames run when the test says, and fakes for the painter, the card
// and the editing: scheduling, commits, the card kept on its finding, apply, ignore, the
// agent's commands, a large draft in pieces up to the engine's analysis end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from '../../extension/content/session.js';
import { LARGE } from '../../extension/content/incremental.js';

const PHRASE = 'calm down';

// Flags every "calm down" (case-insensitive) before the tail ("\n-- \n"), as the engine
// would; records what it was asked. `hold`: answers wait until released.
function fakeEngine({ here = false, hold = false } = {}) {
  const e = {
    calls: [], ends: [], fail: false, path: here ? 'content' : 'worker', pending: [],
    report(text, context) {
      const findings = [];
      const end = e.end(text);
      const lower = text.toLowerCase();
      for (let i = lower.indexOf(PHRASE); i >= 0 && i < end; i = lower.indexOf(PHRASE, i + 1)) {
        findings.push({ rule: 'calm-down', category: 'dismissive', severity: 'high', message: 'Cold.', start: i, end: i + PHRASE.length,
          text: text.slice(i, i + PHRASE.length), rewrites: [{ strategy: 'acknowledge', start: i, end: i + PHRASE.length, text: 'I see' }] });
      }
      // the engine's findings are not in text order
      return { findings: findings.reverse(), moves: [], score: { value: 50, breakdown: [] }, context };
    },
    end: (text) => { const i = text.indexOf('\n-- \n'); return i < 0 ? text.length : i + 1; },
    async analyze(text, context) {
      e.calls.push(text);
      if (hold) await new Promise((ok) => e.pending.push(ok));
      if (e.fail) throw new Error('no engine');
      return e.report(text, context);
    },
    analysisEnd(text) { e.ends.push(text.length); return e.end(text); },
    release() { for (const ok of e.pending.splice(0)) ok(); },
  };
  if (here) e.analyzeNow = (text, context) => { e.calls.push(text); return e.report(text, context); };
  return e;
}

// A window whose animation frames run on flush().
function fakeWindow() {
  let id = 0;
  const frames = new Map();
  return {
    requestAnimationFrame(fn) { frames.set(++id, fn); return id; },
    cancelAnimationFrame(n) { frames.delete(n); },
    flush() { const due = [...frames.values()]; frames.clear(); for (const fn of due) fn(performance.now()); },
    get waiting() { return frames.size; },
    MessageChannel,
  };
}

// A textarea: its value, caret and listeners.
function fakeField(value = '') {
  const win = fakeWindow();
  const listeners = {};
  const doc = { defaultView: win, activeElement: null, getSelection: () => null };
  const el = {
    value, selectionStart: 0, ownerDocument: doc, localName: 'textarea', focused: 0,
    addEventListener(type, fn) { (listeners[type] ||= []).push(fn); },
    removeEventListener(type, fn) { listeners[type] = (listeners[type] || []).filter((f) => f !== fn); },
    dispatch(type, e = {}) { for (const fn of listeners[type] || []) fn({ timeStamp: performance.now(), preventDefault() {}, stopPropagation() {}, ...e }); },
    listening: (type) => (listeners[type] || []).length,
    getBoundingClientRect: () => ({ left: 0, top: 0, right: 400, bottom: 200, width: 400, height: 200 }),
    focus() { el.focused++; },
  };
  return { el, win };
}

function fakePainter() {
  return { paints: [], paint(findings, text, active) { this.paints.push({ findings, text, active }); }, reposition() {}, destroy() { this.destroyed = true; },
    hit: () => -1, rectsOf: () => [{ left: 10, top: 10, right: 50, bottom: 20, width: 40, height: 10 }], visibleRange: () => null };
}

// card.js's contract: one card on screen, its owner and index.
function fakeCard() {
  const c = {
    current: null, opened: 0,
    open(doc, finding, anchor, handlers) {
      c.close(false);
      c.opened++;
      c.current = { host: { addEventListener() {} }, doc, finding, handlers, anchor, owner: handlers.owner, index: handlers.index };
      return c.current;
    },
    openFor: (owner) => (c.current && c.current.owner === owner ? c.current : null),
    close(notify = true) { const was = c.current; c.current = null; if (was && notify && was.handlers.close) was.handlers.close(); },
    place() {},
    focusFirst: () => true,
  };
  return c;
}

function fakeApply() {
  return {
    selected: null,
    applyField(el, start, end, text) { el.value = el.value.slice(0, start) + text + el.value.slice(end); return { ok: true, method: 'fake' }; },
    select(el, a, b) { this.selected = [a, b]; },
  };
}

function session(value, options = {}) {
  const { el, win } = fakeField(value);
  const engine = options.engine || fakeEngine();
  const parts = { painter: fakePainter(), card: fakeCard(), apply: fakeApply() };
  const s = new Session(el, 'field', { engine, parts, ...options, engine });
  return { s, el, win, engine, ...parts };
}

const tick = () => new Promise((ok) => setTimeout(ok, 0));
// Until fn() holds: tasks first, animation frames only when they alone are left to run.
async function until(fn, win, what) {
  for (let i = 0; i < 500; i++) {
    if (fn()) return;
    await tick();
    if (fn()) return;
    win.flush();
  }
  assert.fail(`never: ${what}`);
}
// A promise's value, with frames running as a browser would run them meanwhile.
async function settled(promise, win) {
  let done = false;
  let value;
  promise.then((v) => { done = true; value = v; });
  await until(() => done, win, 'the promise');
  return value;
}
const typeInto = (el, text) => { el.value = text; el.dispatch('input', { inputType: 'insertText' }); };

test('the first change in a frame is analysed at once; more in that frame wait for the next one, together', async () => {
  const { s, el, win, engine, painter } = session('');
  typeInto(el, 'Please calm down.');
  assert.deepEqual(engine.calls, ['Please calm down.'], 'analysed in the input event');
  await until(() => s.text === 'Please calm down.', win, 'committed');
  typeInto(el, 'Please calm down. Now');
  typeInto(el, 'Please calm down. Now calm down');
  assert.equal(engine.calls.length, 1, 'nothing more in the same frame');
  win.flush();
  await until(() => s.text === 'Please calm down. Now calm down', win, 'the coalesced run');
  assert.deepEqual(engine.calls, ['Please calm down.', 'Please calm down. Now calm down']);
  assert.deepEqual(s.findings.map((f) => f.start), [7, 22], 'sorted by start');
  assert.deepEqual(painter.paints.at(-1).findings, s.findings);
  assert.equal(s.stats.latencySamples, 2);
  win.flush();
  win.flush();
  assert.equal(win.waiting, 0, 'an idle editor has no frame scheduled');
});

test('the text or the context unchanged: no new analysis; either changed: analysed again', async () => {
  let context;
  const { s, el, win, engine } = session('Calm down.', { context: () => context });
  await s.run();
  await s.run();
  assert.equal(engine.calls.length, 1);
  context = { customerMessage: 'Where is my order?' };
  const report = await s.run();
  assert.equal(engine.calls.length, 2);
  assert.deepEqual(report.context, context, 'the context reaches the engine');
  typeInto(el, 'Calm down!');
  await until(() => s.text === 'Calm down!', win, 'the new text');
  assert.equal(engine.calls.length, 3);
});

test('a text that moved on while the engine answered is analysed again; only the newest is committed', async () => {
  const engine = fakeEngine({ hold: true });
  const { s, el, win } = session('calm down', { engine });
  const first = s.run();
  el.value = 'calm down and calm down';
  engine.release();
  await until(() => engine.calls.length === 2, win, 'the second analysis');
  assert.equal(s.text, null, 'the old text was never committed');
  engine.release();
  await first;
  await until(() => s.text === 'calm down and calm down', win, 'the newest text');
  assert.equal(s.findings.length, 2);
});

test('an engine failure commits nothing; a waiting Send guard hears null', async () => {
  const engine = fakeEngine();
  engine.fail = true;
  const { s, win } = session('calm down', { engine });
  assert.equal(await settled(s.freshFindings(), win), null);
  assert.equal(s.report, null);
  engine.fail = false;
  assert.equal((await settled(s.freshFindings(), win)).length, 1);
  assert.deepEqual(s.currentFindings(), s.findings);
});

test('an open card follows its finding to its new place, and closes when the finding is gone', async () => {
  const { s, el, win, card } = session('Hi. calm down, please.');
  await s.run();
  s.showCard(0);
  assert.equal(card.openFor(s).index, 0);
  typeInto(el, 'Hi there. Calm down, calm down, please.');
  await until(() => s.text === el.value, win, 'the edit');
  assert.equal(s.findings.length, 2);
  assert.equal(card.openFor(s).finding.start, 21, 'the same rule and words, moved (another finding came before it)');
  assert.equal(s.cardIndex, 1);
  typeInto(el, 'Hi there, please.');
  await until(() => s.text === el.value, win, 'the phrase deleted');
  assert.equal(card.current, null);
  assert.equal(s.cardIndex, -1);
});

test('apply: the rewrite replaces its span, the placeholder is selected, the text analysed again; a stale text is analysed first', async () => {
  const applied = [];
  const { s, el, win, engine, apply } = session('Oh, calm down now.', { hooks: { applied: (_, f, rw, r) => applied.push([f.rule, rw.text, r.ok]) } });
  await s.run();
  s.findings[0].rewrites[0].placeholder = [2, 3];
  const result = s.apply(0, 0);
  assert.deepEqual(result, { ok: true, method: 'fake' });
  assert.equal(el.value, 'Oh, I see now.');
  assert.deepEqual(apply.selected, [6, 7]);
  assert.deepEqual(applied, [['calm-down', 'I see', true]]);
  assert.deepEqual(s.stats.applied, { ok: true, method: 'fake' });
  await until(() => s.text === 'Oh, I see now.', win, 'analysed after the edit');
  assert.equal(s.findings.length, 0);
  el.value = 'calm down';
  await s.run(true);
  el.value = 'calm down, you said';
  const calls = engine.calls.length;
  assert.equal(s.apply(0, 0), null, 'the draft moved on since its findings');
  assert.equal(el.value, 'calm down, you said');
  await until(() => s.text === 'calm down, you said', win, 'analysed first');
  assert.ok(engine.calls.length > calls);
});

test('ignore: the finding stays out of this reply\'s commits until undone', async () => {
  let undo = null;
  const { s, el, win } = session('calm down. CALM DOWN.', { hooks: { ignored: (_, u) => { undo = u; } } });
  await s.run();
  s.ignore(1);
  await until(() => s.text !== null, win, 'analysed again');
  assert.equal(s.findings.length, 0, 'ignored by rule and words, whatever the case');
  typeInto(el, 'calm down. CALM DOWN. Calm down.');
  await until(() => s.text === el.value, win, 'an edit');
  assert.equal(s.findings.length, 0);
  undo();
  await until(() => s.text !== null && s.findings.length === 3, win, 'undone');
});

test('the agent\'s commands: next finding, the top rewrite, dismiss; by the card open or the caret', async () => {
  const { s, el, win, card } = session('calm down, then calm down, then calm down');
  await s.run();
  el.selectionStart = 12; // after the first, before the end of the second
  assert.equal(s.next(), true);
  assert.equal(card.openFor(s).index, 1);
  s.next();
  s.next();
  assert.equal(card.openFor(s).index, 0, 'wraps around');
  card.close();
  el.selectionStart = 30; // between the second and the third
  s.applyTop();
  assert.equal(el.value, 'calm down, then calm down, then I see', 'the first finding ending at or after the caret');
  await until(() => s.text === el.value, win, 'analysed after the rewrite');
  s.showCard(1);
  s.applyTop();
  assert.equal(el.value, 'calm down, then I see, then I see', 'the finding whose card is open');
  await until(() => s.text === el.value, win, 'analysed again');
  s.dismiss();
  assert.equal(s.ignored.size, 0, 'no card open: nothing dismissed');
  s.showCard(0);
  s.dismiss();
  assert.equal(card.current, null);
  await until(() => s.text === el.value && s.findings.length === 0, win, 'the dismissed finding gone');
});

test('Esc closes the card; Tab goes into it, and Esc there gives the focus back to the draft', async () => {
  const { s, el, card } = session('calm down');
  await s.run();
  assert.equal(s.keydown({ key: 'Escape' }), false, 'no card: not the card\'s key');
  s.showCard(0);
  let prevented = 0;
  assert.equal(s.keydown({ key: 'Tab', preventDefault() { prevented++; } }), true);
  assert.equal(prevented, 1);
  assert.equal(s.returnTo, el);
  s.giveFocusBack();
  assert.equal(el.focused, 1);
  assert.equal(s.keydown({ key: 'Escape', preventDefault() {}, stopPropagation() {} }), true);
  assert.equal(card.current, null);
});

test('not live: typing clears the highlights; run() analyses', async () => {
  const { s, el, engine, painter } = session('calm down', { live: false });
  await s.run();
  typeInto(el, 'calm down, calm down');
  assert.equal(engine.calls.length, 1, 'no analysis on input');
  assert.deepEqual(s.findings, []);
  assert.deepEqual(painter.paints.at(-1).findings, []);
  const report = await s.run();
  assert.equal(report.findings.length, 2);
});

test('a large draft is analysed in pieces up to where the engine stops reading, and committed as the whole', async () => {
  const engine = fakeEngine({ here: true });
  const line = 'Thanks for the update on the order.\n';
  const body = line.repeat(Math.ceil(LARGE / line.length)) + 'Please calm down.\n' + line.repeat(200);
  const draft = body + '-- \ncalm down, the signature says';
  const { s, el, win } = session('');
  s.engine = engine;
  el.value = draft;
  el.dispatch('input', { inputType: 'insertFromPaste' });
  await until(() => s.stats.large && s.stats.large.done !== null, win, 'every piece');
  assert.ok(s.stats.large.pieces > 1, `${s.stats.large.pieces} pieces`);
  assert.ok(engine.calls.every((t) => t.length < draft.length), 'no piece is the whole draft');
  assert.deepEqual(engine.ends, [draft.length], 'the engine was asked where it stops reading');
  assert.deepEqual(s.findings.map((f) => f.text), ['calm down'], 'nothing from the signature');
  assert.equal(s.text, draft);
  assert.deepEqual(await s.freshFindings(), s.findings);
});

test('an engine without an analysis end analyses a large draft whole', async () => {
  const engine = fakeEngine();
  delete engine.analysisEnd;
  const draft = 'x'.repeat(LARGE) + ' calm down';
  const { s } = session(draft, { engine });
  const report = await s.run();
  assert.equal(report.findings.length, 1);
  assert.deepEqual(engine.calls, [draft]);
});

test('destroy: the listeners go, the card closes, a waiting Send guard hears null, nothing runs after', async () => {
  const engine = fakeEngine({ hold: true });
  const { s, el, card, painter } = session('calm down', { engine });
  const waiting = s.freshFindings();
  s.showCard(0); // no findings yet: no card
  assert.equal(card.current, null);
  s.destroy();
  assert.equal(await waiting, null);
  assert.equal(el.listening('input'), 0);
  assert.ok(painter.destroyed);
  engine.release();
  await tick();
  assert.equal(s.report, null, 'the answer that came after is not committed');
  assert.equal(await s.run(), null);
});
