// A reply box coached by the engine, shared by the playground, practice and pack builder
// pages: the extension's own session controller (extension/content/session.js: scheduling,
// the mirror-overlay painter, the card in a shadow root, the undo-safe apply) on a textarea
// of a www page.
import { announce, plural } from './dom.mjs';
import { Session } from '../../extension/content/session.js';
import * as card from '../../extension/content/card.js';
import * as apply from '../../extension/content/apply.js';
import { useMessages } from '../../extension/i18n.js';

// The card's own words come from the extension's catalog; these pages have no extension
// runtime to pick the browser's language, so they speak English, as the pages do.
useMessages(await fetch(new URL('../../extension/_locales/en/messages.json', import.meta.url)).then((r) => r.json()));

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

// The page's own keys on top of the card's (the extension's default commands, and Alt+arrows
// and Alt+Enter), its screen-reader announcements, inserting a missing move's sentence and
// turning a rule off on this page; the rest is the extension's session (content/session.js).
export class Coach {
  // field: a textarea. engine: a RapportEngine. context(): the analysis context or null.
  // live: analyse on every input (at most once per animation frame), or only on run().
  // onReport(report, findings): after each analysis.
  constructor({ field, engine, context = () => null, live = true, onReport = () => {}, allowIgnore = true, allowDisable = true }) {
    Object.assign(this, { field, engine, onReport, allowIgnore, allowDisable });
    this.disabled = [];
    this.session = new Session(field, 'field', {
      engine,
      context,
      live,
      hooks: {
        committed: (_, before) => this.committed(before),
        card: (_, f) => ({ disable: () => this.disable(f.rule) }),
        opened: (_, c, index) => this.dress(c, index),
        applied: (_, f, rw, result) => announce(result.ok ? `Applied the ${rw.strategy} rewrite.` : 'The reply changed; check the text.'),
      },
    });
    const follow = () => this.session.viewportChanged();
    this.listeners = [
      [field, 'keydown', (e) => this.keydown(e)],
      [document, 'scroll', follow, { capture: true, passive: true }],
      [window, 'resize', follow, { passive: true }],
      [document, 'mousedown', (e) => this.session.pressed(e), true],
    ];
    for (const [t, type, fn, o] of this.listeners) t.addEventListener(type, fn, o);
  }

  get findings() { return this.session.findings; }
  get ignored() { return this.session.ignored; }

  destroy() {
    for (const [t, type, fn, o] of this.listeners) t.removeEventListener(type, fn, o);
    this.session.destroy();
  }

  schedule() { this.session.schedule(); }

  // Analyses the field now (unless text and context are unchanged and force is false).
  run(force = false) { return this.session.run(force); }

  // Not live: the text moved on from the last analysis; its highlights go until run().
  stale() { this.session.stale(); }

  // focus: move focus to the card's first button (and back to where it was on Esc).
  openCard(index, { focus = false } = {}) { return this.session.showCard(index, { focus }); }

  closeCard(notify = true) {
    if (!card.openFor(this.session)) return;
    card.close(notify);
    this.session.cardIndex = -1;
    this.session.paint();
  }

  committed(before) {
    const n = this.findings.length;
    if (n !== before.length) announce(n ? `${plural(n, 'suggestion')} in the reply.` : 'No suggestions: the reply reads warm.');
    this.onReport(this.session.report, this.findings);
  }

  // The card's own CSS is light only; on these pages it also follows the dark scheme, and
  // the footer names this page's keys instead of the extension's shortcuts.
  dress(c, index) {
    const root = c.host.shadowRoot;
    const style = document.createElement('style');
    style.textContent = CARD_CSS;
    root.append(style);
    if (!this.allowIgnore) c.host.setAttribute('data-no-ignore', '');
    if (!this.allowDisable) c.host.setAttribute('data-no-disable', '');
    const keys = root.querySelector('.keys');
    if (keys) keys.textContent = CARD_KEYS;
    c.card.setAttribute('aria-label', `Suggestion ${index + 1} of ${this.findings.length}: ${c.finding.message}`);
  }

  keydown(e) {
    const s = this.session;
    const n = this.findings.length;
    // the extension's default commands, the same keys here
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && n) {
      const key = e.key.toLowerCase();
      if (key === 'n') { e.preventDefault(); s.next(); return; }
      if (key === 'y') { e.preventDefault(); s.applyTop(); return; }
      if (key === 'x' && s.openIndex() >= 0) { e.preventDefault(); s.dismiss(); return; }
    }
    if (!e.altKey || e.ctrlKey || e.metaKey || !n) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const open = s.openIndex();
      let i;
      if (open >= 0) i = (open + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      else {
        const at = s.caretOffset();
        i = e.key === 'ArrowDown' ? this.findings.findIndex((f) => f.end >= at) : this.findings.findLastIndex((f) => f.start < at);
        if (i < 0) i = e.key === 'ArrowDown' ? 0 : n - 1;
      }
      s.showCard(i);
      const f = this.findings[i];
      const rw = f.rewrites && f.rewrites[0];
      announce(`${f.category}: ${f.message}${rw ? ` Alt+Enter rewrites it as: ${rw.text || '(removed)'}` : ''}`);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      s.applyTop();
    }
  }

  // ---- edits ----------------------------------------------------------------------------
  // Inserts a missing move's suggestion ({text, at}) where the engine says.
  insert(suggestion) {
    if (this.field.value !== this.session.text) { this.run(); return null; }
    const at = Math.min(suggestion.at, this.field.value.length);
    const result = apply.applyField(this.field, at, at, suggestion.text);
    announce('Inserted: ' + suggestion.text.trim());
    this.run();
    return result;
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
