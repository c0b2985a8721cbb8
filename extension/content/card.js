// The card that explains a finding: category, message, explanation, the rewrites with
// their empathy strategy, "ignore here" and "turn off this rule", and what Rapport read
// from the customer's message (with a control to stop using it). It lives in a shadow
// root; every string is set with textContent, never as HTML.
import { THEME_CSS, follow } from './theme.js';
import { t, plural, severityLabel, categoryLabel, strategyLabel } from '../i18n.js';

// Where the agent rebinds the commands: Firefox has no chrome:// page for it.
// (card.js also runs in the www pages, where there is no extension runtime)
const inFirefox = typeof chrome !== 'undefined' && chrome.runtime && chrome.runtime.getURL
  && chrome.runtime.getURL('').startsWith('moz-extension:');
const shortcutsPage = () => (inFirefox ? t('cardShortcutsPageFirefox') : 'chrome://extensions/shortcuts');
const CSS = `:host { all: initial; }
${THEME_CSS}
.card { position: fixed; z-index: 2147483647; box-sizing: border-box; width: 340px; max-width: calc(100vw - 16px);
  color-scheme: var(--r-scheme); background: var(--r-bg); color: var(--r-fg); border: 1px solid var(--r-border); border-radius: 10px;
  box-shadow: 0 8px 24px var(--r-shadow); padding: 10px 12px; overflow: auto; font: 13px/1.45 system-ui, sans-serif; }
.head { display: flex; gap: 8px; align-items: center; margin-bottom: 4px; }
.cat { text-transform: uppercase; letter-spacing: .04em; font-size: 11px; font-weight: 600; color: var(--r-muted); }
.sev { font-size: 11px; padding: 1px 6px; border-radius: 8px; color: var(--r-sev-fg); }
.sev.high { background: var(--r-high); } .sev.medium { background: var(--r-medium); } .sev.low { background: var(--r-low); }
.close { margin-left: auto; background: none; border: none; color: var(--r-muted); font-size: 16px; line-height: 1; padding: 2px 6px; border-radius: 6px; }
.close:hover, .close:focus-visible { background: var(--r-panel); color: var(--r-fg); }
:focus-visible { outline: 2px solid var(--r-focus); outline-offset: 1px; }
.msg { font-weight: 600; margin: 0 0 8px; }
.why { margin: 0 0 8px; color: var(--r-fg); }
.folded { margin: -4px 0 8px; color: var(--r-muted); font-size: 12px; }
.rewrites { display: grid; gap: 6px; margin: 0 0 8px; }
button { font: inherit; cursor: pointer; }
.rewrite { text-align: left; background: var(--r-panel); border: 1px solid var(--r-border); border-radius: 8px; padding: 6px 8px; color: inherit; }
.rewrite:hover, .rewrite:focus-visible { border-color: var(--r-accent); background: var(--r-hover); }
.strategy { display: block; font-size: 11px; font-weight: 600; color: var(--r-accent); text-transform: uppercase; letter-spacing: .04em; }
.diff del { color: var(--r-del-fg); background: var(--r-del-bg); text-decoration: line-through; margin-right: 3px; }
.diff ins { color: var(--r-ins-fg); background: var(--r-ins-bg); text-decoration: none; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
details { margin: 0 0 8px; }
summary { cursor: pointer; color: var(--r-accent); font-size: 12px; margin-bottom: 6px; border-radius: 4px; }
.foot { display: flex; gap: 8px; justify-content: flex-end; }
.link { background: none; border: none; color: var(--r-muted); padding: 2px 4px; text-decoration: underline; border-radius: 4px; }
.link:hover { color: var(--r-fg); }
.keys { font-size: 11px; color: var(--r-muted); margin-top: 4px; }
.customer { display: flex; flex-wrap: wrap; gap: 2px 6px; align-items: baseline; margin: 0 0 8px; padding: 6px 8px; border-radius: 8px; background: var(--r-note-bg); color: var(--r-note-fg); }
.customer .link { color: inherit; }
.customer .label { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; }
.customer .summary { flex: 1 1 8em; }`;

// Words, runs of spaces and single marks: the units a rewrite's change is shown in.
const tokens = (t) => t.match(/\s+|[\p{L}\p{N}'\u2019_-]+|[^\s\p{L}\p{N}]/gu) || [];

// The change from `before` to `after`, as [kind, text] runs ('same', 'del', 'ins'): the
// longest common subsequence of their words. null when too long to be worth showing.
function diff(before, after) {
  const a = tokens(before), b = tokens(after);
  if (a.length * b.length > 160000) return null;
  const n = a.length, m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const runs = [];
  const push = (kind, text) => {
    const last = runs[runs.length - 1];
    if (last && last[0] === kind) last[1] += text; else runs.push([kind, text]);
  };
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { push('same', a[i]); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) push('ins', b[j++]);
    else push('del', a[i++]);
  }
  return grouped(runs);
}

// Word-by-word changes read as noise: a change, what lies between it and the next change
// when that is one word at most ("you", "it"), and the next change become one deleted
// run followed by one inserted run.
const WORD = /[\p{L}\p{N}]+/gu;
function grouped(runs) {
  const out = [];
  let del = '', ins = '';
  const flush = () => {
    if (del) out.push(['del', del]);
    if (ins) out.push(['ins', ins]);
    del = ins = '';
  };
  runs.forEach(([kind, text], k) => {
    const inside = kind === 'same' && (text.match(WORD) || []).length <= 1 && (del || ins) && runs[k + 1] && runs[k + 1][0] !== 'same';
    if (kind === 'del') del += text;
    else if (kind === 'ins') ins += text;
    else if (inside) { del += text; ins += text; }
    else { flush(); out.push([kind, text]); }
  });
  flush();
  return out;
}

// What a rewrite does, in words a screen reader can say: a deletion's new text is empty
// or only the recapitalised next letter ("Actually, the" -> "The"), which says nothing.
function spoken(before, after) {
  const a = (after || '').trim();
  if (before == null) return a || t('cardSpokenRemoveHighlighted');
  const b = before.trim();
  const lb = b.toLowerCase(), la = a.toLowerCase();
  if (!a) return t('cardSpokenRemove', b);
  if (lb !== la && lb.endsWith(la)) return t('cardSpokenRemove', b.slice(0, b.length - a.length).trim());
  if (lb !== la && lb.startsWith(la)) return t('cardSpokenRemove', b.slice(a.length).trim());
  return t('cardSpokenReplace', b, a);
}

let current = null; // {host, doc, card, finding, handlers, anchor, owner, index}

function el(doc, tag, cls, text) {
  const n = doc.createElement(tag);
  if (cls) n.className = cls;
  if (text != null) n.textContent = String(text);
  return n;
}

// Keep the editor's focus and selection when a card button is pressed.
function keepFocus(btn) {
  btn.addEventListener('mousedown', (e) => e.preventDefault());
  return btn;
}

// A rewrite's button: its strategy, and the change it makes to the draft (deleted and
// inserted words) when the text it replaces is known; its plain text for screen readers.
function rewriteButton(doc, rw, i, before, apply) {
  const b = keepFocus(el(doc, 'button', 'rewrite'));
  b.setAttribute('data-rewrite', String(i));
  const runs = before != null ? diff(before, rw.text) : null;
  const shown = el(doc, 'span', 'diff');
  if (runs) {
    for (const [kind, text] of runs) shown.append(kind === 'same' ? doc.createTextNode(text) : el(doc, kind, null, text));
  } else {
    shown.textContent = rw.text || t('cardRemoveIt');
  }
  shown.setAttribute('aria-hidden', 'true');
  const text = el(doc, 'span', 'text sr', rw.text);
  text.setAttribute('aria-hidden', 'true');
  // the name is the button's own words (the strategy shown, the change in words heard), not
  // an aria-label that would differ from what a voice-control user sees and says
  b.append(el(doc, 'span', 'strategy', strategyLabel(rw.strategy)), shown, text, el(doc, 'span', 'sr', `: ${spoken(before, rw.text)}`));
  b.addEventListener('click', () => apply(i));
  return b;
}

// open(doc, finding, anchorRect, {owner, index, apply(i), ignore(), disable(), close(),
//   owner: who shows the finding (a content/session.js Session), index: its place there,
//   before?(i): the draft's text that rewrite i replaces, editor?(): the reply box's rect,
//   which the card stays off where the window has room, avoid?(): rects the card must
//   not cover (the page's Send control), keys?: the key bindings in words,
//   customer?: {summary, dismiss()}, explain?(rule): a promise of the explanation when the
//   finding has none})
// Compact: the reason, the top rewrite as a change of the draft and what Rapport read
// from the customer; the explanation and the other rewrites behind "Why, and more".
function open(doc, finding, anchor, handlers) {
  close(false);
  const host = el(doc, 'rapport-card');
  host.setAttribute('data-rapport-ui', 'card');
  host.style.cssText = 'all: initial; position: fixed; left: 0; top: 0; z-index: 2147483647;';
  // dark on a dark helpdesk too: the reply box's surroundings, not only the system's scheme
  follow(host, handlers.owner && handlers.owner.el);
  const root = host.attachShadow({ mode: 'open' });
  const style = el(doc, 'style', null, CSS);
  const card = el(doc, 'div', 'card');
  card.setAttribute('role', 'dialog');
  card.setAttribute('aria-label', t('cardLabel'));
  const head = el(doc, 'div', 'head');
  const closeButton = keepFocus(el(doc, 'button', 'close', '\u00d7'));
  closeButton.setAttribute('aria-label', t('cardClose'));
  closeButton.setAttribute('data-action', 'close');
  closeButton.addEventListener('click', () => close());
  head.append(el(doc, 'span', 'cat', categoryLabel(finding.category)), el(doc, 'span', 'sev ' + finding.severity, severityLabel(finding.severity)), closeButton);
  card.append(head, el(doc, 'p', 'msg', finding.message));
  // a stiff sentence shows its first two findings; the card says the rest are coming
  if (finding.folded > 0) card.append(el(doc, 'p', 'folded', plural('cardFolded', finding.folded)));
  const rewrites = finding.rewrites || [];
  const before = (i) => (handlers.before ? handlers.before(i) : null);
  const button = (rw, i) => rewriteButton(doc, rw, i, before(i), handlers.apply);
  if (rewrites.length) {
    const list = el(doc, 'div', 'rewrites');
    list.append(button(rewrites[0], 0));
    card.append(list);
  }
  const more = el(doc, 'details', 'more');
  const others = rewrites.length - 1;
  more.append(el(doc, 'summary', null, others > 0 ? plural('cardWhyAndMore', others) : t('cardWhy')));
  const why = el(doc, 'p', 'why', finding.explanation);
  // a built-in rule's explanation is not in the engine's report: asked for as the card opens
  if (!finding.explanation && handlers.explain) {
    handlers.explain(finding.rule).then((text) => { if (!why.textContent) why.textContent = text; }, () => {});
  }
  more.append(why);
  // a rule that offers no rewrite (sarcasm no wording can soften) teaches by its
  // explanation: shown at once, not behind "Why"
  if (!rewrites.length) more.open = true;
  if (others > 0) {
    const list = el(doc, 'div', 'rewrites');
    rewrites.slice(1).forEach((rw, k) => list.append(button(rw, k + 1)));
    more.append(list);
  }
  if (handlers.customer && handlers.customer.summary) {
    const read = el(doc, 'div', 'customer');
    read.setAttribute('data-rapport', 'customer');
    const forget = keepFocus(el(doc, 'button', 'link', t('cardDontUse')));
    forget.setAttribute('data-action', 'forget-customer');
    forget.title = t('cardDontUseTitle');
    forget.addEventListener('click', () => handlers.customer.dismiss());
    read.append(el(doc, 'span', 'label', t('cardRapportRead')), el(doc, 'span', 'summary', handlers.customer.summary), forget);
    // in view: what the coaching rests on, and the way to stop it
    card.append(read);
  }
  more.addEventListener('toggle', () => place(current && current.anchor));
  card.append(more);
  const foot = el(doc, 'div', 'foot');
  const ignore = keepFocus(el(doc, 'button', 'link', t('cardIgnore')));
  ignore.setAttribute('data-action', 'ignore');
  ignore.addEventListener('click', () => handlers.ignore());
  const off = keepFocus(el(doc, 'button', 'link', t('cardTurnOffRule')));
  off.setAttribute('data-action', 'disable');
  off.addEventListener('click', () => handlers.disable());
  foot.append(ignore, off);
  // a card with nothing to apply names only the keys that do something there
  const keys = rewrites.length ? handlers.keys || t('cardKeys') : t('cardKeysNoRewrite');
  card.append(foot, el(doc, 'div', 'keys', t('cardKeysFooter', keys, shortcutsPage())));
  // arrows move between the rewrites (the hidden ones too: "Why, and more" opens on the
  // way), then the card's other controls, as in a menu
  card.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const folded = (b) => !more.open && b.localName !== 'summary' && more.contains(b);
    const stops = [...root.querySelectorAll('[data-rewrite]'),
      ...[...root.querySelectorAll('summary, button:not([data-rewrite])')].filter((b) => !folded(b))];
    e.preventDefault();
    const at = stops.indexOf(root.activeElement);
    const next = stops[at < 0 ? 0 : (at + (e.key === 'ArrowDown' ? 1 : stops.length - 1)) % stops.length];
    if (folded(next)) more.open = true;
    next.focus();
  });
  root.append(style, card);
  doc.documentElement.appendChild(host);
  current = { host, doc, card, finding, handlers, anchor, owner: handlers.owner || null, index: handlers.index ?? -1 };
  place(anchor);
  return current;
}

// The first of the card's rewrites (or its first control) takes the focus.
function focusFirst() {
  if (!current) return false;
  const root = current.host.shadowRoot;
  const first = root.querySelector('[data-rewrite]') || root.querySelector('button');
  if (first) first.focus();
  return !!first;
}

// A short notice after an action that can be taken back ("Ignored here. Undo"), at the
// bottom of the reply box; it goes by itself after a while, or on Undo, or on the next.
let notice = null;
const NOTICE_MS = 8000;
function showNotice(doc, near, text, undo, from = null) {
  hideNotice();
  const host = el(doc, 'rapport-notice');
  host.setAttribute('data-rapport-ui', 'notice');
  host.style.cssText = 'all: initial; position: fixed; left: 0; top: 0; z-index: 2147483647;';
  const root = host.attachShadow({ mode: 'open' });
  follow(host, from);
  const style = el(doc, 'style', null, `:host { all: initial; }
${THEME_CSS}
.notice { position: fixed; display: flex; gap: 10px; align-items: center; box-sizing: border-box; max-width: calc(100vw - 16px);
  background: var(--r-toast-bg); color: var(--r-toast-fg); border: 1px solid var(--r-toast-border); border-radius: 8px;
  padding: 6px 10px; font: 13px/1.4 system-ui, sans-serif; box-shadow: 0 4px 12px rgba(0,0,0,.25); }
button { font: inherit; cursor: pointer; background: none; border: none; color: var(--r-toast-link); text-decoration: underline; padding: 2px 4px; border-radius: 4px; }
button:focus-visible { outline: 2px solid var(--r-toast-link); outline-offset: 1px; }`);
  const box = el(doc, 'div', 'notice');
  box.setAttribute('role', 'status');
  const undoButton = keepFocus(el(doc, 'button', null, t('cardUndo')));
  undoButton.setAttribute('data-action', 'undo');
  undoButton.addEventListener('click', () => { hideNotice(); undo(); });
  box.append(el(doc, 'span', 'text', text), undoButton);
  root.append(style, box);
  doc.documentElement.appendChild(host);
  const win = doc.defaultView;
  const left = Math.min(Math.max(8, near.left), win.innerWidth - box.offsetWidth - 8);
  const top = Math.min(Math.max(8, near.bottom - box.offsetHeight - 8), win.innerHeight - box.offsetHeight - 8);
  box.style.left = `${Math.max(8, left)}px`;
  box.style.top = `${Math.max(8, top)}px`;
  const timer = win.setTimeout(hideNotice, NOTICE_MS);
  notice = { host, timer, win };
  return host;
}

function hideNotice() {
  if (!notice) return;
  notice.win.clearTimeout(notice.timer);
  notice.host.remove();
  notice = null;
}

const intersects = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

// Where the card goes, first choice first: beside the reply box at the underline's
// height, or just below or above the box, so no line of the draft is hidden; where the
// window has no such room, above or below the underlined line, never over it, nor over
// the rects the page asks to keep free (its Send control): below when it fits, else
// above, else on the side with more room, shorter and scrolling. Sideways away from a
// control it would cover.
function place(anchor) {
  if (!current || !anchor) return;
  current.anchor = anchor;
  const win = current.doc.defaultView;
  const c = current.card;
  const gap = 6, margin = 8;
  c.style.maxHeight = '';
  const w = c.offsetWidth, h = c.offsetHeight;
  const room = { below: win.innerHeight - margin - (anchor.bottom + gap), above: anchor.top - gap - margin };
  const avoid = (current.handlers.avoid ? current.handlers.avoid() : []).filter((r) => r && r.width > 0 && r.height > 0);
  const box = current.handlers.editor ? current.handlers.editor() : null;
  if (box && box.width > 0 && box.height > 0) {
    const inWindow = (b) => b.left >= margin && b.top >= margin && b.right <= win.innerWidth - margin && b.bottom <= win.innerHeight - margin;
    const level = Math.min(Math.max(margin, anchor.top - 12), win.innerHeight - margin - h);
    const under = Math.min(Math.max(margin, anchor.left), win.innerWidth - w - margin);
    const spots = [
      ['beside', box.right + gap, level], ['beside', box.left - gap - w, level],
      ['below', under, box.bottom + gap], ['above', under, box.top - gap - h],
    ];
    for (const [side, left, top] of spots) {
      const b = { left, top, right: left + w, bottom: top + h };
      if (inWindow(b) && !intersects(b, box) && !avoid.some((r) => intersects(b, r))) {
        c.style.left = `${left}px`;
        c.style.top = `${top}px`;
        c.setAttribute('data-side', side);
        return;
      }
    }
  }
  const leftFor = (top, height) => {
    let left = Math.min(Math.max(margin, anchor.left), win.innerWidth - w - margin);
    for (const r of avoid) {
      const box = { left, right: left + w, top, bottom: top + height };
      if (!intersects(box, r)) continue;
      // to the side of the control with more room, if the card fits there
      const toLeft = r.left - gap - w, toRight = r.right + gap;
      if (toLeft >= margin) left = toLeft;
      else if (toRight + w <= win.innerWidth - margin) left = toRight;
    }
    return Math.max(margin, left);
  };
  const fits = (side) => room[side] >= h;
  const clear = (side) => {
    const height = Math.min(h, room[side]);
    const top = side === 'below' ? anchor.bottom + gap : anchor.top - gap - height;
    const left = leftFor(top, height);
    return !avoid.some((r) => intersects({ left, right: left + w, top, bottom: top + height }, r));
  };
  let side = ['below', 'above'].find((sd) => fits(sd) && clear(sd))
    || ['below', 'above'].find(fits)
    || (room.below >= room.above ? 'below' : 'above');
  const height = Math.max(0, Math.min(h, room[side]));
  if (height < h) c.style.maxHeight = `${Math.max(60, height)}px`;
  const top = side === 'below' ? anchor.bottom + gap : anchor.top - gap - Math.min(h, Math.max(60, height));
  c.style.left = `${leftFor(top, Math.min(h, Math.max(60, height)))}px`;
  c.style.top = `${Math.max(margin, top)}px`;
  c.setAttribute('data-side', side);
}

// The card on screen when `owner` opened it, else null.
const openFor = (owner) => (current && current.owner === owner ? current : null);

function close(notify = true) {
  if (!current) return;
  const c = current;
  current = null;
  c.host.remove();
  if (notify && c.handlers.close) c.handlers.close();
}

function contains(node) {
  if (notice && (node === notice.host || notice.host.contains(node))) return true;
  return !!current && (node === current.host || current.host.contains(node));
}

// `current`: the card on screen, {host, doc, finding, owner, index, ...}, or null (a live binding)
export { open, openFor, close, place, contains, focusFirst, diff, spoken, showNotice, hideNotice, current };
