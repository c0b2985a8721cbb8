// A reply box coached by the engine, shared by the playground and practice pages. It reuses
// the extension's own modules (extension/content/paint.js, card.js, apply.js): the
// mirror-overlay painter, the card in a shadow root, and the undo-safe apply. This file only
// wires them to a textarea on a www page.
import { announce, plural } from './dom.mjs';
import { FieldPainter } from '../../extension/content/paint.js';
import * as card from '../../extension/content/card.js';
import * as apply from '../../extension/content/apply.js';

// The card's own CSS is light only; on these pages it also follows the dark scheme, and
// the footer names this page's keys instead of the extension's shortcuts.
const CARD_CSS = `
@media (prefers-color-scheme: dark) {
  .card { background: #161b22; color: #e6edf3; border-color: #3d444d; box-shadow: 0 8px 24px rgba(0,0,0,.6); }
  .cat { color: #9198a1; } .why { color: #c9d1d9; } .keys { color: #9198a1; } .link { color: #9198a1; }
  .rewrite { background: #0d1117; border-color: #3d444d; }
  .rewrite:hover, .rewrite:focus-visible { background: #0f2746; border-color: #4493f8; }
  .strategy { color: #79b8ff; }
}
button:focus-visible { outline: 3px solid #4493f8; outline-offset: 1px; }
:host([data-no-ignore]) [data-action="ignore"], :host([data-no-disable]) [data-action="disable"] { display: none; }`;

const CARD_KEYS = 'Tab moves into the card, \u2191\u2193 between rewrites, Enter applies, Esc returns to the reply. In the reply: Alt+Shift+N (or Alt+\u2193 / Alt+\u2191) next suggestion, Alt+Shift+Y (or Alt+Enter) applies the first rewrite, Alt+Shift+X ignores it.';

export class Coach {
  // field: a textarea. engine: a RapportEngine. context(): the analysis context or null.
  // live: analyse on every input (coalesced per animation frame), or only on run().
  // onReport(report, findings): after each analysis.
  constructor({ field, engine, context = () => null, live = true, onReport = () => {}, allowIgnore = true, allowDisable = true }) {
    Object.assign(this, { field, engine, context, live, onReport, allowIgnore, allowDisable });
    this.painter = new FieldPainter(field);
    this.text = null;
    this.contextKey = null;
    this.report = null;
    this.findings = [];
    this.ignored = new Set();
    this.disabled = [];
    this.cardIndex = -1;
    this.raf = 0;
    this.busy = false;
    this.listeners = [
      [field, 'input', () => (this.live ? this.schedule() : this.stale())],
      [field, 'mousemove', (e) => this.hover(e), { passive: true }],
      [field, 'click', (e) => this.clicked(e)],
      [field, 'keydown', (e) => this.keydown(e)],
      [document, 'scroll', () => this.reposition(), { capture: true, passive: true }],
      [window, 'resize', () => this.reposition(), { passive: true }],
      [document, 'mousedown', (e) => this.outside(e), true],
    ];
    for (const [t, type, fn, o] of this.listeners) t.addEventListener(type, fn, o);
  }

  destroy() {
    for (const [t, type, fn, o] of this.listeners) t.removeEventListener(type, fn, o);
    if (this.raf) cancelAnimationFrame(this.raf);
    this.closeCard(false);
    this.painter.destroy();
  }

  // At most one analysis per animation frame.
  schedule() {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => { this.raf = 0; this.run(); });
  }

  // Analyses the field now (unless text and context are unchanged and force is false).
  async run(force = false) {
    if (this.busy) { this.again = true; return this.pending; }
    const text = this.field.value;
    const context = this.context() || null;
    const key = JSON.stringify(context);
    if (!force && text === this.text && key === this.contextKey) { this.reposition(); return this.report; }
    this.busy = true;
    let report = null;
    this.pending = (async () => {
      try {
        report = await this.engine.analyze(text, context);
      } catch (e) {
        console.warn('rapport: analysis failed', e);
      } finally {
        this.busy = false;
      }
    })();
    await this.pending;
    if (this.again || this.field.value !== text) { this.again = false; return this.run(true); }
    if (!report) return null;
    this.text = text;
    this.contextKey = key;
    this.report = report;
    const before = this.findings.length;
    const open = card.current && card.current.coach === this ? card.current.finding : null;
    this.findings = report.findings
      .filter((f) => !this.ignored.has(ignoreKey(f)))
      .sort((a, b) => a.start - b.start);
    this.cardIndex = open ? this.findings.findIndex((f) => f.rule === open.rule && f.text === open.text) : -1;
    this.paint();
    if (open) {
      if (this.cardIndex < 0) this.closeCard(false);
      else this.openCard(this.cardIndex, { keepFocus: true });
    }
    if (this.findings.length !== before) announce(this.findings.length ? `${plural(this.findings.length, 'suggestion')} in the reply.` : 'No suggestions: the reply reads warm.');
    this.onReport(report, this.findings);
    return report;
  }

  // Not live: the text moved on from the last analysis, so its highlights are cleared
  // until the next run().
  stale() {
    if (!this.findings.length && this.text === null) return;
    this.closeCard(false);
    this.findings = [];
    this.text = null;
    this.paint();
  }

  paint() {
    this.painter.paint(this.findings, this.text ?? this.field.value, this.cardIndex);
  }

  reposition() {
    this.painter.reposition();
    if (this.cardIndex >= 0 && card.current && card.current.coach === this) {
      const r = this.painter.rectsOf(this.cardIndex)[0];
      if (r) card.place(r);
    }
  }

  // ---- the card -------------------------------------------------------------------------
  // focus: move focus to the card's first button (and back to where it was on Esc).
  openCard(index, { focus = false, keepFocus = false } = {}) {
    const f = this.findings[index];
    if (!f) return null;
    const same = card.current && card.current.coach === this && card.current.finding === f;
    this.cardIndex = index;
    this.paint();
    const anchor = this.painter.rectsOf(index)[0] || this.field.getBoundingClientRect();
    if (same && keepFocus) { card.place(anchor); return card.current; }
    const returnTo = focus ? document.activeElement : null;
    const c = card.open(document, f, anchor, {
      apply: (i) => this.apply(index, i),
      ignore: () => this.ignore(index),
      disable: () => this.disable(f.rule),
      close: () => { this.cardIndex = -1; this.paint(); },
      before: (i) => {
        const rw = f.rewrites && f.rewrites[i];
        const text = this.text ?? this.field.value;
        return rw ? text.slice(rw.start, rw.end) : null;
      },
      editor: () => this.field.getBoundingClientRect(),
    });
    c.coach = this;
    c.index = index;
    c.returnTo = returnTo;
    const root = c.host.shadowRoot;
    const style = document.createElement('style');
    style.textContent = CARD_CSS;
    root.append(style);
    if (!this.allowIgnore) c.host.setAttribute('data-no-ignore', '');
    if (!this.allowDisable) c.host.setAttribute('data-no-disable', '');
    const keys = root.querySelector('.keys');
    if (keys) keys.textContent = CARD_KEYS;
    c.card.setAttribute('aria-label', `Suggestion ${index + 1} of ${this.findings.length}: ${f.message}`);
    c.host.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); this.closeCard(true, true); }
    });
    if (focus) card.focusFirst();
    card.place(anchor);
    return c;
  }

  closeCard(notify = true, restoreFocus = false) {
    const c = card.current;
    if (!c || c.coach !== this) return;
    const back = c.returnTo;
    card.close(notify);
    this.cardIndex = -1;
    this.paint();
    if (restoreFocus && back && back.isConnected) back.focus();
  }

  outside(e) {
    const c = card.current;
    if (!c || c.coach !== this) return;
    const path = e.composedPath();
    if (path.includes(c.host) || path.includes(this.field)) return;
    this.closeCard();
  }

  hover(e) {
    this.pointer = [e.clientX, e.clientY];
    if (this.hoverRaf) return;
    this.hoverRaf = requestAnimationFrame(() => {
      this.hoverRaf = 0;
      const i = this.painter.hit(this.pointer[0], this.pointer[1]);
      if (i >= 0 && !(card.current && card.current.coach === this && card.current.index === i)) this.openCard(i);
    });
  }

  clicked(e) {
    let i = this.painter.hit(e.clientX, e.clientY);
    if (i < 0) i = this.findingAtCaret();
    if (i >= 0) this.openCard(i);
  }

  findingAtCaret() {
    const at = this.field.selectionStart || 0;
    return this.findings.findIndex((f) => at >= f.start && at <= f.end);
  }

  keydown(e) {
    const open = card.current && card.current.coach === this ? card.current.index : -1;
    if (e.key === 'Escape' && open >= 0) {
      e.preventDefault();
      this.closeCard();
      return;
    }
    if (e.key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && open >= 0) {
      // as in the extension: with the card open, Tab goes into it
      const c = card.current;
      c.returnTo = this.field;
      if (card.focusFirst()) e.preventDefault();
      return;
    }
    // the extension's default commands, the same keys here
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && this.findings.length) {
      const key = e.key.toLowerCase();
      if (key === 'n') {
        e.preventDefault();
        this.openCard(open >= 0 ? (open + 1) % this.findings.length : Math.max(0, this.findings.findIndex((f) => f.end >= (this.field.selectionStart || 0))));
        return;
      }
      if (key === 'y') { e.preventDefault(); this.apply(open >= 0 ? open : Math.max(0, this.findingAtCaret()), 0); return; }
      if (key === 'x' && open >= 0) { e.preventDefault(); this.ignore(open); return; }
    }
    if (!e.altKey || e.ctrlKey || e.metaKey || !this.findings.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = this.findings.length;
      let i;
      if (open >= 0) i = (open + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      else {
        const at = this.field.selectionStart || 0;
        i = e.key === 'ArrowDown' ? this.findings.findIndex((f) => f.end >= at) : this.findings.findLastIndex((f) => f.start < at);
        if (i < 0) i = e.key === 'ArrowDown' ? 0 : n - 1;
      }
      this.openCard(i);
      const f = this.findings[i];
      const rw = f.rewrites && f.rewrites[0];
      announce(`${f.category}: ${f.message}${rw ? ` Alt+Enter rewrites it as: ${rw.text || '(removed)'}` : ''}`);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      let i = open >= 0 ? open : this.findingAtCaret();
      if (i < 0) i = 0;
      this.apply(i, 0);
    }
  }

  // ---- edits ----------------------------------------------------------------------------
  // Replaces the rewrite's span, undo-safe (the extension's applyField).
  apply(index, i) {
    const f = this.findings[index];
    const rw = f && f.rewrites && f.rewrites[i];
    if (!rw) return null;
    this.closeCard(false);
    if (this.field.value !== this.text) { this.run(); return null; }
    const result = apply.applyField(this.field, rw.start, rw.end, rw.text);
    announce(result.ok ? `Applied the ${rw.strategy} rewrite.` : 'The reply changed; check the text.');
    this.run();
    // a fact the engine does not have ("[day]") is selected for the agent to type over
    if (result.ok && rw.placeholder) apply.select(this.field, rw.start + rw.placeholder[0], rw.start + rw.placeholder[1]);
    return result;
  }

  // Inserts a missing move's suggestion ({text, at}) where the engine says.
  insert(suggestion) {
    if (this.field.value !== this.text) { this.run(); return null; }
    const at = Math.min(suggestion.at, this.field.value.length);
    const result = apply.applyField(this.field, at, at, suggestion.text);
    announce('Inserted: ' + suggestion.text.trim());
    this.run();
    return result;
  }

  ignore(index) {
    const f = this.findings[index];
    if (!f) return;
    this.ignored.add(ignoreKey(f));
    this.closeCard(false);
    this.run(true);
  }

  async disable(rule) {
    this.closeCard(false);
    if (!this.disabled.includes(rule)) this.disabled.push(rule);
    await this.engine.setOptions({ disabledRules: this.disabled.slice() });
    announce(`Rule ${rule} is off on this page.`);
    this.run(true);
  }

  async enableAll() {
    this.disabled = [];
    this.ignored.clear();
    await this.engine.setOptions({});
    this.run(true);
  }
}

const ignoreKey = (f) => f.rule + '\u0000' + f.text.toLowerCase();
