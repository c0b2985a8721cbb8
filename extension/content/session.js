// One reply box coached by the engine: its text analysed (at most once per animation frame;
// a large draft a few pieces per frame), the findings painted, the card kept on the finding
// it shows, a rewrite applied, a finding ignored. The content script (main.js) makes one for
// each editor the agent focuses; the www pages (www/common/coach.mjs) one for their
// textarea. What is not the reply box's own (settings, the toolbar badge, the in-field
// button, notices, turning a rule off, the page's extra keys) the owner does, through its
// hooks. Nothing runs while the agent is idle: no polling, no timers.
//
// engine: {analyze(text, context) -> promise of a report; analyzeNow?(text, context) -> the
//   report at once, or undefined when the engine answers by message; analysisEnd?(text) ->
//   where the engine stops reading the text (a number or a promise of one; without it a
//   large draft is analysed whole); ready?() -> promise; path?: where it runs, for the stats}
// context(): the analysis context ({customerMessage}) or undefined.
// hooks (all optional):
//   committed(session, before): a report was committed (before: the findings shown until then)
//   card(session, finding, index): more of the card's handlers (disable, avoid, keys,
//     explain, customer); opened(session, card, index): the card is on screen
//   applied(session, finding, rewrite, result): a rewrite was applied (result.ok: cleanly)
//   ignored(session, undo): a finding was ignored; undo() shows it again
// parts: the pieces that draw and edit ({painter, card, apply}: a painter, card.js and
//   apply.js by default), which the unit tests replace with fakes.
import { RichPainter, FieldPainter } from './paint.js';
import * as cardModule from './card.js';
import * as applyModule from './apply.js';
import * as textmodel from './textmodel.js';
import * as I from './incremental.js';

// Counters and timings, kept for the popup and the browser tests; the texts never leave.
// `latencySamples` only grows and `lastLatency` is the newest sample: `latencies` keeps the
// last 500, so its length stops growing and cannot tell a reader that a sample came.
export function newStats() {
  return { runs: 0, attached: [], latencies: [], latencySamples: 0, lastLatency: null, applied: null, large: null, committed: [] };
}

// A finding the agent ignored stays ignored in this reply wherever it moves.
const ignoreKey = (f) => f.rule + '\u0000' + f.text.toLowerCase();

// The text for an analysis is read for at most READ_MS per task (a pasted megabyte's DOM
// takes 40-90 ms to walk), the rest after the next frames.
const READ_MS = 6;
// The text offsets around what is on screen, for a large draft.
const VIEW_MARGIN = 4 * 1024;

export class Session {
  constructor(el, kind, { engine, context = () => undefined, stats = newStats(), hooks = {}, live = true, parts = {} }) {
    this.el = el;
    this.kind = kind; // 'field' (textarea, input) | 'rich' (contenteditable)
    this.doc = el.ownerDocument;
    this.win = this.doc.defaultView;
    this.engine = engine;
    this.context = context;
    this.stats = stats;
    this.hooks = hooks;
    this.live = live; // false: input only clears the highlights, until run()
    this.painter = parts.painter || (kind === 'rich' ? new RichPainter(el) : new FieldPainter(el));
    this.card = parts.card || cardModule;
    this.applier = parts.apply || applyModule;
    // what is shown: the findings of `text` (null when none is committed, or to analyse afresh)
    this.text = null;
    this.contextKey = null; // the context `text` was analysed with
    this.model = null; // a rich editor's text model, from the last read
    this.report = null;
    this.findings = []; // report's findings, sorted, without the ignored ones
    this.ignored = new Set();
    this.cardIndex = -1; // the finding whose card is open, or -1
    this.focusedAt = 0; // when the agent last focused the editor (the owner sets it)
    this.closed = false;
    // scheduling: a frame guarded after a run, an analysis under way, one asked for meanwhile
    this.frame = 0;
    this.dirty = false;
    this.busy = false;
    this.again = false;
    this.inputTs = null; // the input event that asked for the next run, for latency
    this.readLater = null; // a read (or a run) after the next frame
    this.reader = null; // a rich editor's text being read in steps
    this.changes = 0; // DOM changes seen (a read under way starts again)
    this.waiters = []; // resolved with the findings once the current text is analysed
    // a large draft (content/incremental.js)
    this.large = null;
    this.plans = 0; // plans asked for: a newer one makes an older answer stale
    this.stepping = false;
    this.stepRaf = null;
    this.viewRaf = 0;
    this.view = null; // the last visible range of a rich editor, with what it was read from
    this.shown = null; // a large rich draft's findings painted (those near the screen)
    this.shownFrom = 0;
    this.shownTo = 0;
    // the card
    this.hoverRaf = 0;
    this.pointer = null;
    this.savedRange = null; // the caret when the card took the focus
    this.returnTo = null; // where the focus goes when the card closes by Esc
    this.listeners = [
      ['beforeinput', (e) => this.keyed(e)],
      ['input', (e) => this.input(e)],
      ['mousemove', (e) => this.hover(e), { passive: true }],
      ['click', (e) => this.clicked(e)],
      ['keydown', (e) => this.keydown(e)],
    ];
    for (const [t, fn, o] of this.listeners) el.addEventListener(t, fn, o);
    // edits that fire no input event (an editor's own undo); a read under way starts again
    if (kind === 'rich') this.painter.onEditorChange = () => { this.changes++; if (this.reader) this.later(); else this.schedule(); };
  }

  destroy() {
    this.closed = true;
    for (const [t, fn, o] of this.listeners) this.el.removeEventListener(t, fn, o);
    if (this.frame) this.win.cancelAnimationFrame(this.frame);
    if (this.hoverRaf) this.win.cancelAnimationFrame(this.hoverRaf);
    if (this.readLater) this.readLater.cancel();
    this.stopLarge();
    if (this.card.openFor(this)) this.card.close(false);
    this.painter.destroy();
    this.settle(null);
  }

  // ---- the text ----------------------------------------------------------------------
  readText() {
    if (this.kind === 'field') return this.el.value;
    this.model = textmodel.read(this.el);
    this.reader = null;
    return this.model.text;
  }

  // The text for an analysis, or null while a rich editor's DOM is still being read (then
  // run() comes back when the whole text is read).
  readSoon() {
    if (this.kind === 'field') return this.el.value;
    if (!this.reader || this.reader.changes !== this.changes) {
      this.reader = textmodel.reader(this.el);
      this.reader.changes = this.changes;
    }
    if (!this.reader.step(performance.now() + READ_MS)) {
      if (!this.readLater) this.readLater = I.afterFrame(this.win, () => { this.readLater = null; this.run(); });
      return null;
    }
    this.model = this.reader.model;
    this.reader = null;
    return this.model.text;
  }

  // ---- scheduling --------------------------------------------------------------------
  // The keystroke's time, for the latency figures: a rich editor's change is often analysed
  // from the mutation it makes, before its input event arrives, and `beforeinput` comes
  // before either.
  keyed(e) {
    if (this.inputTs == null) this.inputTs = e.timeStamp;
  }

  input(e) {
    if (!this.live) { this.stale(); return; }
    if (this.large || /^insertFrom(Paste|Drop)/.test(e.inputType || '')) this.later(e.timeStamp);
    else this.schedule(e.timeStamp);
  }

  // At most one run per animation frame: the first change in a frame runs at once (so the
  // highlight lands in the same frame as the keystroke); later ones in that frame wait for
  // the next frame and are coalesced into one run. An idle editor has nothing scheduled.
  schedule(ts) {
    if (this.inputTs == null && ts != null) this.inputTs = ts;
    if (this.frame) { this.dirty = true; return; }
    this.guardFrame();
    this.run();
  }

  // A large draft, or a paste (it may be a megabyte): the text is read after the frame
  // (I.afterFrame), not in the input event, whose task already holds the browser's own
  // work of the change; keystrokes in the same frame are read once.
  later(ts) {
    if (this.inputTs == null && ts != null) this.inputTs = ts;
    if (this.readLater) return;
    this.readLater = I.afterFrame(this.win, () => { this.readLater = null; this.run(); });
  }

  guardFrame() {
    this.frame = this.win.requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.dirty) return;
      this.dirty = false;
      this.guardFrame();
      this.run();
    });
  }

  // Analyse afresh (the context or the options changed).
  refresh() {
    this.text = null;
    // not a keystroke: a key that changed nothing must not time this run
    this.inputTs = null;
    this.schedule();
  }

  // Not live: the text moved on from the last analysis, so its highlights are cleared
  // until the next run().
  stale() {
    if (!this.findings.length && this.text === null) return;
    if (this.card.openFor(this)) this.card.close(false);
    this.findings = [];
    this.cardIndex = -1;
    this.text = null;
    this.paint();
  }

  settle(findings) {
    for (const resolve of this.waiters.splice(0)) resolve(findings);
  }

  // ---- analysis ----------------------------------------------------------------------
  // Analyses the editor's text (force: even when it and the context are unchanged); the
  // report once committed, or null (unchanged text: the report shown; a large draft: its
  // pieces come in the frames after).
  async run(force = false) {
    if (force) this.text = null;
    if (this.closed) { this.settle(null); return null; }
    if (this.busy) { this.again = true; return null; }
    const text = this.readSoon();
    if (text === null) return null;
    const context = this.context() || undefined;
    const key = context ? JSON.stringify(context) : '';
    if (text === this.text && key === this.contextKey) {
      this.inputTs = null;
      this.painter.reposition();
      this.settle(this.report ? this.findings : null);
      return this.report;
    }
    if (text.length > I.LARGE && this.engine.analysisEnd) { this.runLarge(text); return null; }
    this.stopLarge();
    this.busy = true;
    const t0 = performance.now();
    let report;
    try {
      report = await this.engine.analyze(text, context);
    } catch (e) {
      console.warn('rapport: analysis unavailable', e);
      report = null;
    } finally {
      this.busy = false;
    }
    this.stats.runs++;
    this.stats.path = this.engine.path;
    if (this.closed) { this.settle(null); return null; }
    // the text moved on while the engine was answering: analyse the new text instead
    if (this.readText() !== text || this.again) { this.again = false; return this.run(true); }
    if (!report) { this.settle(null); return null; }
    this.text = text;
    this.contextKey = key;
    this.stats.analysedLength = text.length;
    report.findings.sort((a, b) => a.start - b.start);
    this.commit(report, performance.now() - t0);
    this.settle(this.findings);
    return report;
  }

  // A report (findings sorted by start) becomes the session's: painted, counted, and the
  // open card kept on its finding. `analyzeMs`: how long the analysis took, when known.
  commit(report, analyzeMs) {
    const before = this.findings;
    this.report = report;
    const all = report.findings;
    this.findings = this.ignored.size ? all.filter((f) => !this.ignored.has(ignoreKey(f))) : all;
    const shown = this.card.openFor(this);
    const open = shown ? shown.finding : null;
    this.cardIndex = open ? this.findings.findIndex((f) => f.rule === open.rule && f.text === open.text) : -1;
    const t1 = performance.now();
    this.paint();
    this.stats.timing = { analyze: analyzeMs, paint: performance.now() - t1 };
    // the last reports shown, with the length of their text and their rules (the browser
    // suites check that a reply is never shown without its language's rules)
    this.stats.committed.push({ length: this.text ? this.text.length : null, lang: report.lang || 'en', rules: all.map((f) => f.rule) });
    if (this.stats.committed.length > 50) this.stats.committed.shift();
    if (this.inputTs != null) {
      const latency = performance.now() - this.inputTs;
      this.stats.latencies.push(latency);
      if (this.stats.latencies.length > 500) this.stats.latencies.shift();
      this.stats.lastLatency = latency;
      this.stats.latencySamples++;
      this.inputTs = null;
    }
    if (open) {
      if (this.cardIndex < 0) this.card.close();
      else this.showCard(this.cardIndex);
    }
    if (this.hooks.committed) this.hooks.committed(this, before);
  }

  // The findings shown for the text the editor holds now, or null when that text is not
  // analysed yet (a large draft still being analysed is not).
  currentFindings() {
    const partial = this.large && !I.done(this.large);
    return this.report && !partial && this.readText() === this.text ? this.findings : null;
  }

  // The same, once the current text is analysed; null when no analysis is available.
  freshFindings() {
    const now = this.currentFindings();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => { this.waiters.push(resolve); this.schedule(); });
  }

  // ---- painting ----------------------------------------------------------------------
  paint() {
    if (this.kind !== 'rich') { this.painter.paint(this.findings, this.text ?? this.el.value, this.cardIndex); return; }
    if (!this.large) { this.shown = null; this.painter.paint(this.findings, this.model, this.cardIndex); return; }
    // a large draft: highlight ranges for the findings near the screen only (a range per
    // finding of a megabyte is tens of thousands of live ranges the page keeps updating)
    const [from, to] = this.visibleRange();
    this.shown = I.within(this.findings, from, to);
    this.shownFrom = from;
    this.shownTo = to;
    this.painter.paint(this.shown.map((i) => this.findings[i]), this.model, this.shown.indexOf(this.cardIndex));
  }

  // The painter's hits and rectangles, in indices of this.findings (a large draft's rich
  // painter holds only the findings near the screen).
  hitAt(x, y) {
    const i = this.painter.hit(x, y);
    return this.shown && i >= 0 ? this.shown[i] : i;
  }

  rectsOf(index) {
    if (!this.shown) return this.painter.rectsOf(index);
    const j = this.shown.indexOf(index);
    return j < 0 ? [] : this.painter.rectsOf(j);
  }

  // The page scrolled or resized: the highlights and the open card follow.
  viewportChanged() {
    this.painter.reposition();
    this.viewMoved();
    const c = this.card.openFor(this);
    if (c && this.cardIndex >= 0) {
      const r = this.rectsOf(this.cardIndex)[0];
      if (r) this.card.place(r);
    }
  }

  // ---- a large draft (content/incremental.js) -----------------------------------------
  // Analysed a few pieces per frame: the part just changed (or, after a paste, around the
  // caret) in the frame of the change, the part on screen next, then the rest; a frame is
  // requested only while pieces are pending, so a finished draft schedules nothing.
  // this.text becomes the text once its findings are committed (step): until then the
  // findings on screen are the previous text's, and a rewrite must wait for the new ones.
  async runLarge(text) {
    const at = performance.now();
    if (this.large && this.large.text === text) { if (!this.stepping && !this.stepRaf) this.afterFrame(); return; }
    const asked = ++this.plans; // a newer text (or stopLarge) makes this one's plan stale
    let large;
    try {
      // the engine says where the text's tail starts: at once when it runs here
      if (this.engine.ready && !this.engine.path) await this.engine.ready();
      large = await I.update(this.large, text, (t) => this.engine.analysisEnd(t));
    } catch (e) {
      console.warn('rapport: analysis unavailable', e);
      return;
    }
    if (asked !== this.plans || this.closed) return;
    if (large.focusPending) {
      // planned afresh: where the caret is, the first step asks (a pasted megabyte's first
      // read is already this task's work); the times are from the change's input event (a
      // paste) when there was one
      this.stats.large = { length: text.length, since: this.inputTs ?? at, firstPaint: null, done: null, pieces: 0, longestStep: 0 };
    }
    this.large = large;
    this.stats.analysedLength = null;
    if (!this.stepping && !this.stepRaf) this.afterFrame();
  }

  // The next step runs after the next frame's style and layout (I.afterFrame): reading
  // the editor's geometry then costs nothing, where in the input event it would force the
  // browser to lay out the whole megabyte at once, on the extension's time.
  afterFrame() {
    this.stepRaf = I.afterFrame(this.win, () => { this.stepRaf = null; this.step(); });
  }

  stopLarge() {
    this.plans++;
    if (this.stepRaf) this.stepRaf.cancel();
    if (this.viewRaf) this.win.cancelAnimationFrame(this.viewRaf);
    this.stepRaf = null;
    this.viewRaf = 0;
    this.large = null;
    this.shown = null;
  }

  async step(t0 = performance.now()) {
    this.stepRaf = null;
    const large = this.large;
    const stats = this.stats;
    if (!large || this.closed || this.stepping) return;
    this.stepping = true;
    try {
      // where the engine runs here it answers at once: no await, so the whole step runs
      // in this one task (and shows as the extension's in a trace)
      if (this.engine.ready && !this.engine.path) await this.engine.ready();
      const context = this.context() || undefined;
      const seen = this.visibleRange();
      if (seen) I.prioritise(large, seen[0], seen[1]);
      if (large.focusPending) { large.focusPending = false; I.focusOn(large, this.caretOffset()); }
      const tBefore = performance.now();
      let longestPiece = 0;
      let first = true;
      while (this.large === large && !I.done(large) && (first || performance.now() - t0 < I.BUDGET_MS)) {
        first = false;
        const piece = I.nextPiece(large);
        const slice = large.text.slice(piece[0], piece[1]);
        const tq = performance.now();
        let report = this.engine.analyzeNow ? this.engine.analyzeNow(slice, context) : undefined;
        longestPiece = Math.max(longestPiece, performance.now() - tq);
        if (report === undefined) report = await this.engine.analyze(slice, context);
        if (this.large !== large) break; // an edit came in while the engine answered
        I.add(large, piece, report);
        stats.runs++;
        stats.large.pieces++;
      }
      stats.path = this.engine.path;
      const tPieces = performance.now();
      if (this.large === large && !this.closed) {
        this.text = large.text;
        this.contextKey = context ? JSON.stringify(context) : '';
        this.commit(I.report(large));
        // where the longest step spent its time, for the suites and benchmarks to print
        const total = performance.now() - t0;
        if (!stats.large.worstStep || total > stats.large.worstStep.total) {
          stats.large.worstStep = { total, view: tBefore - t0, pieces: tPieces - tBefore, longestPiece, paint: total - (tPieces - t0) };
        }
        if (stats.large.firstPaint == null && this.findings.length) stats.large.firstPaint = performance.now() - stats.large.since;
        if (I.done(large)) {
          stats.analysedLength = large.text.length;
          stats.large.done = performance.now() - stats.large.since;
          stats.large.findings = large.findings.length;
          stats.large.digest = I.digest(large.findings);
          this.settle(this.findings); // the Send guard waits for the whole draft, not its first pieces
        }
      }
    } catch (e) {
      console.warn('rapport: analysis unavailable', e);
      this.large = null;
    } finally {
      this.stepping = false;
      const took = performance.now() - t0;
      if (stats.large && took > stats.large.longestStep) stats.large.longestStep = took;
    }
    if (this.large && !I.done(this.large) && !this.closed && !this.stepRaf) this.afterFrame();
  }

  // The text offsets on screen, widened by a margin, of a large draft's editor: from the
  // caret positions at the corners of the editor's visible part.
  visibleRange() {
    if (this.kind === 'field') {
      const v = this.painter.visibleRange && this.painter.visibleRange();
      return v ? [Math.max(0, v[0] - VIEW_MARGIN), v[1] + VIEW_MARGIN] : null;
    }
    const win = this.win;
    // the same view of the same draft: hit-testing a megabyte's editor twice a step costs
    // up to 20 ms, and between steps the agent rarely scrolls
    const key = `${this.el.scrollTop}:${this.el.scrollLeft}:${win.scrollX}:${win.scrollY}:${win.innerWidth}:${win.innerHeight}:${this.changes}`;
    if (this.view && this.view.model === this.model && this.view.key === key) return this.view.range;
    const range = this.richVisibleRange();
    this.view = { model: this.model, key, range };
    return range;
  }

  richVisibleRange() {
    const win = this.win;
    const r = this.el.getBoundingClientRect();
    const top = Math.max(r.top, 0) + 2, bottom = Math.min(r.bottom, win.innerHeight) - 2;
    const left = Math.max(r.left, 0) + 2, right = Math.min(r.right, win.innerWidth) - 2;
    if (bottom <= top || right <= left || !this.model) return [0, 0];
    const offsetAt = (x, y) => {
      const p = this.doc.caretPositionFromPoint ? this.doc.caretPositionFromPoint(x, y) : null;
      if (!p || !this.el.contains(p.offsetNode)) return null;
      return textmodel.offsetOf(this.model, p.offsetNode, p.offset);
    };
    const a = offsetAt(left, top), b = offsetAt(right, bottom);
    if (a == null || b == null) {
      const at = this.caretOffset();
      return [Math.max(0, at - 2 * VIEW_MARGIN), at + 2 * VIEW_MARGIN];
    }
    return [Math.max(0, Math.min(a, b) - VIEW_MARGIN), Math.max(a, b) + VIEW_MARGIN];
  }

  // After a scroll: a large rich draft paints the findings now near the screen (once per
  // frame, and only when the screen left the part painted).
  viewMoved() {
    this.view = null; // a scrolled ancestor moves the view too
    if (this.kind !== 'rich' || !this.large || this.viewRaf) return;
    this.viewRaf = this.win.requestAnimationFrame(() => {
      this.viewRaf = 0;
      if (!this.large || this.closed) return;
      const [from, to] = this.visibleRange();
      if (from >= this.shownFrom && to <= this.shownTo && this.shownTo > this.shownFrom) return;
      this.paint();
    });
  }

  caretOffset() {
    if (this.kind === 'field') return this.el.selectionStart || 0;
    // inside a shadow root the document's selection is retargeted to the host
    const root = this.el.getRootNode();
    const sel = typeof root.getSelection === 'function' ? root.getSelection() : this.doc.getSelection();
    if (!sel || !sel.rangeCount || !this.model || !this.el.contains(sel.focusNode)) return 0;
    return textmodel.offsetOf(this.model, sel.focusNode, sel.focusOffset);
  }

  // ---- the card ----------------------------------------------------------------------
  // The index of the finding whose card is open, or -1.
  openIndex() {
    const c = this.card.openFor(this);
    return c ? c.index : -1;
  }

  // The card for finding `index`. focus: the card takes the focus (Esc gives it back to
  // where it was).
  showCard(index, { focus = false } = {}) {
    const f = this.findings[index];
    if (!f) return null;
    const shown = this.card.openFor(this);
    const already = shown && shown.index === index && shown.finding === f;
    this.cardIndex = index;
    this.paint();
    const rects = this.rectsOf(index);
    const anchor = rects[0] || this.el.getBoundingClientRect();
    if (already && !focus) { this.card.place(anchor); return shown; }
    const returnTo = focus ? this.doc.activeElement : null;
    const c = this.card.open(this.doc, f, anchor, {
      owner: this,
      index,
      apply: (i) => this.apply(index, i),
      ignore: () => this.ignore(index),
      close: () => { this.cardIndex = -1; if (!this.closed) this.paint(); },
      // the words a rewrite replaces, for the card to show the change
      before: (i) => (f.rewrites[i] && this.text != null ? this.text.slice(f.rewrites[i].start, f.rewrites[i].end) : null),
      editor: () => this.el.getBoundingClientRect(),
      ...(this.hooks.card ? this.hooks.card(this, f, index) : {}),
    });
    this.returnTo = returnTo;
    c.host.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      this.card.close();
      this.giveFocusBack();
    });
    if (this.hooks.opened) this.hooks.opened(this, c, index);
    if (focus) this.card.focusFirst();
    this.card.place(anchor);
    return c;
  }

  // Focus back where it was when the card took it: the draft, with its caret, or the
  // control that opened the card.
  giveFocusBack() {
    const to = this.returnTo;
    this.returnTo = null;
    if (this.closed) return;
    if (to && to !== this.el) { if (to.isConnected) to.focus(); return; }
    this.el.focus({ preventScroll: true });
    if (this.kind === 'rich' && this.savedRange) {
      const sel = this.doc.getSelection();
      sel.removeAllRanges();
      sel.addRange(this.savedRange);
    }
    this.savedRange = null;
  }

  hover(e) {
    this.pointer = [e.clientX, e.clientY];
    if (this.hoverRaf) return;
    this.hoverRaf = this.win.requestAnimationFrame(() => {
      this.hoverRaf = 0;
      const i = this.hitAt(this.pointer[0], this.pointer[1]);
      if (i >= 0 && this.openIndex() !== i) this.showCard(i);
    });
  }

  clicked(e) {
    let i = this.hitAt(e.clientX, e.clientY);
    if (i < 0) {
      const at = this.caretOffset();
      i = this.findings.findIndex((f) => at >= f.start && at <= f.end);
    }
    if (i >= 0) this.showCard(i);
  }

  // Esc closes the card; with the card open, Tab goes into it (not on to the page's
  // Send). True when the key was the card's.
  keydown(e) {
    if (this.openIndex() < 0) return false;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.card.close();
      return true;
    }
    if (e.key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      if (this.kind === 'rich') {
        const sel = this.doc.getSelection();
        this.savedRange = sel && sel.rangeCount ? sel.getRangeAt(0).cloneRange() : null;
      }
      this.returnTo = this.el;
      if (this.card.focusFirst()) e.preventDefault();
      return true;
    }
    return false;
  }

  // A mouse press: outside the card and the editor, it closes the card.
  pressed(e) {
    const c = this.card.openFor(this);
    if (!c) return;
    const path = e.composedPath();
    if (path.includes(c.host) || path.includes(this.el)) return;
    this.card.close();
  }

  // ---- the agent's commands (keys the agent can rebind) ----------------------------
  // The finding the caret is in or before: the first that ends at or after it (else the first).
  atCaret() {
    const at = this.caretOffset();
    const i = this.findings.findIndex((f) => f.end >= at);
    return i < 0 ? 0 : i;
  }

  // The next finding's card (the one after the card open, else the one at the caret).
  next() {
    if (!this.findings.length) return false;
    const open = this.openIndex();
    this.showCard(open >= 0 ? (open + 1) % this.findings.length : this.atCaret());
    return true;
  }

  // The top rewrite of the finding whose card is open, else of the one at the caret.
  applyTop() {
    if (!this.findings.length) return null;
    const open = this.openIndex();
    return this.apply(open >= 0 ? open : this.atCaret(), 0);
  }

  // The finding whose card is open, ignored in this reply.
  dismiss() {
    const open = this.openIndex();
    if (open >= 0) this.ignore(open);
  }

  // ---- edits -------------------------------------------------------------------------
  // Rewrite i of finding `index`, through the editor's own input path (undoable); the
  // result ({ok, method}), a promise of it for a rich editor (checked once it has
  // re-rendered), or null when the text moved on (then it is analysed again first).
  apply(index, i) {
    const f = this.findings[index];
    const rw = f && f.rewrites && f.rewrites[i];
    if (!rw) return null;
    this.card.close(false);
    this.cardIndex = -1;
    if (this.readText() !== this.text) { this.refresh(); return null; } // stale: re-analyse first
    const checked = (result) => {
      this.stats.applied = { ok: result.ok, method: result.method };
      // a fact the engine does not have ("[day]") is selected for the agent to type over
      if (result.ok && rw.placeholder) this.applier.select(this.el, rw.start + rw.placeholder[0], rw.start + rw.placeholder[1]);
      if (!result.ok) console.warn('rapport: the editor changed more than the phrase', result);
      if (this.hooks.applied) this.hooks.applied(this, f, rw, result);
      this.schedule();
      return result;
    };
    this.stats.applied = null;
    return this.kind === 'field'
      ? checked(this.applier.applyField(this.el, rw.start, rw.end, rw.text))
      : this.applier.applyRich(this.el, rw.start, rw.end, rw.text).then(checked);
  }

  ignore(index) {
    const f = this.findings[index];
    if (!f) return;
    const key = ignoreKey(f);
    this.ignored.add(key);
    this.card.close(false);
    this.cardIndex = -1;
    this.refresh();
    if (this.hooks.ignored) {
      this.hooks.ignored(this, () => {
        this.ignored.delete(key);
        if (!this.closed) this.refresh();
      });
    }
  }
}
