// The Send guard: when the effective settings say sendGuard "warn" or "confirm" and the reply
// still has high-severity findings, the helpdesk's Send is caught before the page sees it.
//
// What counts as Send, for a composer the agent has focused:
//  - a press or click on the composer's Send control (at pointerdown or mousedown: some
//    pages send there, before any click): the helpdesk data file's `send` selectors
//    (inside its `scope`), or, when the page is no known helpdesk or those selectors find
//    nothing, the submit button of the composer's form or a button near the composer whose
//    accessible name starts with Send, Reply, Submit or the same word in another language
//    (Enviar, Senden, Envoyer, Antworten, ...: content/layout.js);
//  - Ctrl+Enter / Cmd+Enter in the composer, and plain Enter where the helpdesk's file says
//    Enter sends (`enterSends`, a chat): never Shift+Enter (a new line), an Enter that ends
//    an IME composition (event.isComposing), or one that picks from a suggestion list open
//    on the composer (aria-expanded, aria-activedescendant);
//  - a submit of the composer's form (Enter in a one-line field, a script's requestSubmit()).
// The composer and its Send may be in different same-origin frames (a rich-text editor's
// iframe, Send in the page; a toolbar frame): the guard of the composer's frame listens in
// the others too, and shows its dialog in the topmost same-origin document.
// Listeners sit at the window in the capture phase, so the page's own handlers (on the
// document, its root or the control) have not run when the guard decides.
//
// The modes:
//  - "off": no listener is installed; nothing is ever held.
//  - "warn": the first Send of a draft with high findings is held and a panel (not modal,
//    focus stays in the composer) lists them with "Fix all"; Send again with the same text
//    goes through (it is the agent's own click or key, so the page sees a trusted event).
//    A warning the agent never sees before the reply leaves would be no warning; holding
//    one Send is the least that makes it one. Editing the draft closes the panel, and the
//    next Send is checked again.
//  - "confirm": the Send is held and a dialog lists the findings: "Fix all" (the top rewrite
//    of each high finding, applied one at a time through the card's undoable apply path,
//    re-analysing between them; never sends), "Send anyway" (the held Send is replayed:
//    the same control pressed and clicked, Ctrl+Enter dispatched on the composer, or the form's
//    requestSubmit(), with the guard standing aside while it runs), "Back to editing" / Esc.
// A clean draft (no high finding) is never held. When the draft's analysis is not fresh the
// Send is held until it is, then replayed at once if the draft turns out clean, or if no
// analysis can be had (the guard never keeps an agent from sending because the engine is
// unavailable). The draft is only ever changed by "Fix all". Every string is set as text.
import * as customer from './customer.js';
import * as editors from './editors.js';
import * as card from './card.js';
import * as L from './layout.js';
const BUTTONISH = L.BUTTONISH;
const ANALYSIS_WAIT_MS = 10_000;  // then the held Send goes through unchecked
const CSS = `:host { all: initial; }
.backdrop { position: fixed; inset: 0; z-index: 2147483646; background: rgba(15,20,25,.35); }
.box { position: fixed; z-index: 2147483647; box-sizing: border-box; width: 440px; max-width: calc(100vw - 16px);
  max-height: calc(100vh - 16px); overflow: auto; background: #fff; color: #1f2328; border: 1px solid #d0d7de;
  border-radius: 10px; box-shadow: 0 8px 24px rgba(0,0,0,.22); padding: 14px 16px; font: 13px/1.45 system-ui, sans-serif; }
.dialog { left: 50%; top: 12vh; transform: translateX(-50%); max-height: calc(88vh - 16px); }
.panel { width: 380px; max-height: min(340px, calc(100vh - 16px)); border-left: 4px solid rgb(217,48,37); }
/* only the list scrolls: the question and the buttons stay in view */
.box { display: flex; flex-direction: column; overflow: hidden; }
.box > * { flex: none; }
.box > ul { flex: 0 1 auto; min-height: 48px; overflow: auto; }
h2 { font-size: 15px; margin: 0 0 6px; }
p { margin: 0 0 8px; }
ul { margin: 0 0 10px; padding: 0; list-style: none; display: grid; gap: 8px; }
li { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 8px; padding: 6px 8px; }
.phrase { font-weight: 600; }
.sev { font-size: 11px; padding: 1px 6px; border-radius: 8px; color: #fff; background: rgb(217,48,37); margin-right: 6px; }
.fix { display: block; color: #57606a; margin-top: 2px; }
.note { color: #8a4600; }
.actions { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; }
button { font: inherit; cursor: pointer; border-radius: 6px; padding: 5px 12px; border: 1px solid #d0d7de; background: #f6f8fa; color: inherit; }
button.primary { background: #1f883d; border-color: #1a7f37; color: #fff; }
button.danger { background: #fff; border-color: rgb(217,48,37); color: rgb(180,35,24); }
button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
button[disabled] { opacity: .5; cursor: default; }
.keys { font-size: 11px; color: #8c959f; margin-top: 8px; }
@media (prefers-color-scheme: dark) {
  .box { background: #1c2128; color: #e6edf3; border-color: #444c56; }
  li, button { background: #22272e; border-color: #444c56; }
  .fix { color: #9da7b3; } .note { color: #f0b72f; }
}`;

let hooks = null;          // from main.js: mode, composers, text, findings, freshFindings, applyTop
let installed = false;
let helpdesks = [];        // the valid helpdesk data files (content/customer.js)
let replaying = false;     // a held Send is being replayed: stand aside
let ui = null;             // the dialog or panel on screen
let keyupToSwallow = null; // the code of a held Ctrl+Enter whose keyup the page must not see
const warned = new WeakMap();  // composer -> the draft text the agent was warned about
const holding = new WeakSet(); // composers whose Send waits for a fresh analysis
const stats = { held: 0, replayed: 0, shown: 0 }; // for the browser tests

const isHigh = (f) => f.severity === 'high';

// main.js calls this whenever the page's activity or the settings change.
function sync(next) {
  hooks = next;
  const on = hooks.mode() === 'warn' || hooks.mode() === 'confirm';
  if (on && !installed) {
    installed = true;
    for (const [type, fn] of LISTENERS) window.addEventListener(type, fn, true);
    window.addEventListener('pagehide', unreach);
    reach();
    customer.load().then((list) => { helpdesks = list; });
  } else if (!on && installed) {
    installed = false;
    for (const [type, fn] of LISTENERS) window.removeEventListener(type, fn, true);
    window.removeEventListener('pagehide', unreach);
    unreach();
    close(false);
  }
}

// The Send of a composer in this frame may be in another same-origin frame of the tab (a
// reply box in a rich-text editor's iframe, Send in the page; or a toolbar in a frame):
// the same listeners go on those windows too, each decided for this frame's composers
// only. Frames come and go, so this runs again on focus and when a frame loads.
const reached = new Map(); // another window -> the document it had when reached
function reach() {
  if (!installed) return;
  for (const w of L.sameOriginWindows(window)) {
    if (w === window || reached.get(w) === w.document) continue;
    reached.set(w, w.document); // a frame that navigated has a new Window behind the same proxy
    for (const [type, fn] of LISTENERS) w.addEventListener(type, fn, true);
  }
  for (const w of reached.keys()) if (w.closed) reached.delete(w);
}
// This frame is going (removed, navigated): the other windows keep no listener of a dead one.
function unreach() {
  for (const w of reached.keys()) {
    try { for (const [type, fn] of LISTENERS) w.removeEventListener(type, fn, true); } catch (_) { /* gone */ }
  }
  reached.clear();
}
const onFocus = () => reach();
const onLoad = (e) => { if (e.target && (e.target.localName === 'iframe' || e.target.localName === 'frame')) reach(); };

// ---- which composer a Send belongs to --------------------------------------------------
const composedParent = L.composedParent;
const composedContains = L.composedContains;

function formOf(composer) {
  return composer.form || editors.composedClosest(composer, 'form');
}

// The data file's Send controls for this composer, and which of its selectors found them:
// inside its scope, else in its document or, for a composer in a frame, the same-origin
// documents above it.
function configured(composer, list = helpdesks) {
  const h = customer.pick(list, location.hostname, composer.ownerDocument);
  if (!h || !h.send) return { h, controls: [], matched: -1 };
  const scope = h.scope ? customer.closestOf(composer, h.scope) : null;
  const roots = [];
  if (scope) roots.push(scope.el);
  else {
    for (let d = composer.ownerDocument; d;) {
      roots.push(d);
      const f = L.frameOf(d);
      d = f ? f.ownerDocument : null;
    }
  }
  for (let i = 0; i < h.send.length; i++) {
    for (const root of roots) {
      const controls = [...root.querySelectorAll(h.send[i])];
      if (controls.length) return { h, controls, matched: i };
    }
  }
  return { h, controls: [], matched: -1 };
}

function helpdeskControls(composer) {
  return configured(composer).controls;
}

const accessibleName = L.accessibleName;
const isNear = L.isNear;

function isSubmitButton(el) {
  return (el.localName === 'button' && el.type === 'submit') || (el.localName === 'input' && el.type === 'submit');
}

function genericSend(control, composer) {
  const role = control.getAttribute('role');
  if (role && role !== 'button') return false; // tabs, menu items: "Reply (rich text)" is no Send
  if (isSubmitButton(control) && control.form && control.form === formOf(composer)) return true;
  return L.isSendName(accessibleName(control)) && isNear(control, composer);
}

// The composer whose Send control was clicked, and that control, or null.
function sendClicked(path) {
  const elements = path.filter((n) => n.nodeType === 1);
  const innermostButton = elements.find((n) => n.matches(BUTTONISH));
  for (const composer of hooks.composers()) {
    if (elements.includes(composer)) continue; // a click inside the editor is editing
    const known = helpdeskControls(composer);
    if (known.length) {
      const control = elements.find((n) => known.includes(n));
      if (control) return { composer, control };
      continue;
    }
    if (innermostButton && genericSend(innermostButton, composer)) return { composer, control: innermostButton };
  }
  return null;
}

const ownUi = (path) => !!ui && path.includes(ui.host);

// ---- the listeners -----------------------------------------------------------------------
// A press on a Send control is decided at its pointerdown (or mousedown, where a browser or
// a synthetic press has no pointer event): a page may send on either, before any click. A
// press that is held keeps the rest of its gesture (mousedown, the ups, the click) from the
// page, so it neither sends on them nor sees a second Send; a press that is let through is
// decided again, the same way, at its click (a keyboard or script click has no press).
let gesture = false; // the rest of a held press is swallowed until its click

function swallow(e) {
  e.preventDefault();
  e.stopImmediatePropagation();
}

function onPress(e) {
  if (replaying || e.button !== 0) return;
  if (e.type === 'pointerdown') gesture = false;
  else if (gesture) { swallow(e); return; } // the compatibility mousedown of a held pointerdown
  const path = e.composedPath();
  if (ownUi(path)) return;
  const hit = sendClicked(path);
  if (!hit) return;
  const target = path[0];
  const at = { clientX: e.clientX, clientY: e.clientY, screenX: e.screenX, screenY: e.screenY, pointerType: e.pointerType || 'mouse' };
  if (guard(e, hit.composer, () => replayPress(hit, target, at))) gesture = true;
}

// The rest of a held press: its ups and its click. A click follows its up in the same task,
// so the gesture ends after that task (a press dragged off its control has no click, and a
// later keyboard click must not be swallowed).
function onRelease(e) {
  if (replaying || !gesture) return;
  if (e.type === 'click' || e.type === 'pointercancel') gesture = false;
  else setTimeout(() => { gesture = false; }, 0);
  swallow(e);
}

function onClick(e) {
  if (replaying) return;
  if (gesture) { onRelease(e); return; }
  if (e.button !== 0) return;
  const path = e.composedPath();
  if (ownUi(path)) return;
  const hit = sendClicked(path);
  if (!hit) return;
  guard(e, hit.composer, () => {
    const control = liveControl(hit);
    if (control) control.click();
  });
}

// The control of a held Send, or the composer's first one when a framework rendered it
// again while the dialog was up.
function liveControl(hit) {
  return hit.control.isConnected ? hit.control : controlsOf(hit.composer)[0];
}

// A held press replayed as the whole gesture, so a page that sends on pointerdown,
// mousedown or click sees the one it listens to, once.
function replayPress(hit, target, at) {
  const control = liveControl(hit);
  if (!control) return;
  const on = target.isConnected && L.composedContains(control, target) ? target : control;
  const win = on.ownerDocument.defaultView;
  const init = (type, buttons) => ({
    ...at, button: 0, buttons, bubbles: true, cancelable: true, composed: true, view: win,
    ...(type.startsWith('pointer') ? { pointerId: 1, isPrimary: true } : {}),
  });
  on.dispatchEvent(new win.PointerEvent('pointerdown', init('pointerdown', 1)));
  on.dispatchEvent(new win.MouseEvent('mousedown', init('mousedown', 1)));
  on.dispatchEvent(new win.PointerEvent('pointerup', init('pointerup', 0)));
  on.dispatchEvent(new win.MouseEvent('mouseup', init('mouseup', 0)));
  control.click();
}

function onKeydown(e) {
  if (replaying) return;
  keyupToSwallow = null;
  const path = e.composedPath();
  if (ownUi(path)) return;
  if (e.key === 'Escape' && ui && ui.kind === 'warn' && !card.current) {
    e.preventDefault();
    e.stopImmediatePropagation();
    close(true);
    return;
  }
  // an Enter that ends an IME composition picks the text, it sends nothing
  if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
  const chord = e.ctrlKey || e.metaKey;
  if (!chord && (e.shiftKey || e.altKey)) return; // Shift+Enter: a new line
  const composer = hooks.composers().find((c) => path.includes(c));
  if (!composer) return;
  if (!chord && !(enterSends(composer) && !pickerOpen(composer))) return;
  const first = path[0];
  const init = {
    key: e.key, code: e.code, keyCode: 13, which: 13, location: e.location,
    ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey, altKey: e.altKey,
    bubbles: true, cancelable: true, composed: true,
  };
  guard(e, composer, () => {
    const target = first.isConnected ? first : composer;
    const win = target.ownerDocument.defaultView;
    const down = target.dispatchEvent(new win.KeyboardEvent('keydown', init));
    // a chat may send on keypress, which only a plain Enter whose keydown went on has
    if (!chord && down) target.dispatchEvent(new win.KeyboardEvent('keypress', { ...init, charCode: 13 }));
    target.dispatchEvent(new win.KeyboardEvent('keyup', init));
  });
}

// Plain Enter sends from this composer: its helpdesk file says so (a chat).
function enterSends(composer) {
  return customer.enterSends(customer.pick(helpdesks, location.hostname, composer.ownerDocument), composer);
}

// A suggestion list open on the composer (saved replies, mentions): Enter picks from it.
function pickerOpen(composer) {
  return composer.getAttribute('aria-expanded') === 'true' || !!composer.getAttribute('aria-activedescendant');
}

// A page that sends on keyup must not see the keyup of a held Ctrl+Enter.
function onKeyup(e) {
  if (replaying || keyupToSwallow == null || e.code !== keyupToSwallow) return;
  keyupToSwallow = null;
  e.preventDefault();
  e.stopImmediatePropagation();
}

function onSubmit(e) {
  if (replaying) return;
  const form = e.target;
  const composer = hooks.composers().find((c) => formOf(c) === form);
  if (!composer) return;
  const submitter = e.submitter;
  guard(e, composer, () => {
    try { form.requestSubmit(submitter && submitter.form === form ? submitter : undefined); } catch (_) { form.requestSubmit(); }
  });
}

const LISTENERS = [
  ['pointerdown', onPress], ['mousedown', onPress], ['pointerup', onRelease], ['mouseup', onRelease], ['pointercancel', onRelease],
  ['click', onClick], ['keydown', onKeydown], ['keyup', onKeyup], ['submit', onSubmit],
  ['focusin', onFocus], ['load', onLoad],
];

// ---- holding and replaying ---------------------------------------------------------------
function hold(e) {
  e.preventDefault();
  e.stopImmediatePropagation();
  if (e.type === 'keydown') keyupToSwallow = e.code;
  stats.held++;
}

function replay(send) {
  stats.replayed++;
  replaying = true;
  try { send(); } finally { replaying = false; }
}

// Whether the Send was held.
function guard(e, composer, send) {
  const mode = hooks.mode();
  if (mode !== 'warn' && mode !== 'confirm') return false;
  if (holding.has(composer)) { hold(e); return true; } // a second press while the first waits
  const text = hooks.text(composer);
  if (mode === 'warn' && text != null && warned.get(composer) === text) {
    if (ui && ui.composer === composer) close(false);
    return false; // warned about this very draft: the agent sends it as it is
  }
  const findings = hooks.findings(composer);
  if (findings) {
    const high = findings.filter(isHigh);
    if (!high.length) return false;
    hold(e);
    show(mode, composer, high, send);
    return true;
  }
  hold(e);
  holding.add(composer);
  let timer = 0;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve(null), ANALYSIS_WAIT_MS); });
  Promise.race([hooks.freshFindings(composer), late]).then((fresh) => {
    clearTimeout(timer);
    holding.delete(composer);
    const high = fresh ? fresh.filter(isHigh) : [];
    if (!fresh) console.warn('Rapport: no analysis for this reply; Send goes through unchecked');
    if (high.length && hooks.mode() === mode) show(mode, composer, high, send);
    else replay(send);
  });
  return true;
}

// ---- the dialog and the panel --------------------------------------------------------------
function el(doc, tag, cls, text) {
  const n = doc.createElement(tag);
  if (cls) n.className = cls;
  if (text != null) n.textContent = String(text);
  return n;
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function findingList(doc, high) {
  const list = el(doc, 'ul');
  for (const f of high) {
    const item = el(doc, 'li');
    item.setAttribute('data-rule', f.rule);
    item.append(el(doc, 'span', 'sev', f.severity), el(doc, 'span', 'phrase', `\u201c${f.text}\u201d`), doc.createTextNode(` ${f.message}`));
    const top = f.rewrites && f.rewrites[0];
    if (top) item.append(el(doc, 'span', 'fix', `Fix: ${top.text}`));
    list.append(item);
  }
  return list;
}

// The composer's selection, to put back when the agent returns to it.
function saveSelection(composer) {
  if (composer.localName === 'textarea' || composer.localName === 'input') return null;
  const root = composer.getRootNode();
  const sel = typeof root.getSelection === 'function' ? root.getSelection() : composer.ownerDocument.getSelection();
  if (!sel || !sel.rangeCount || !composer.contains(sel.anchorNode)) return null;
  return sel.getRangeAt(0).cloneRange();
}

function focusComposer(composer, range) {
  if (!composer.isConnected) return;
  composer.focus({ preventScroll: true });
  if (range && range.startContainer.isConnected) {
    const sel = composer.ownerDocument.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
}

function show(mode, composer, high, send) {
  close(false);
  stats.shown++;
  // the page the agent sees: a composer in a frame gets its dialog in the page around it
  const doc = L.topDocument(composer.ownerDocument);
  const host = el(doc, 'rapport-sendguard');
  host.setAttribute('data-rapport-ui', 'sendguard');
  host.setAttribute('data-mode', mode);
  host.style.cssText = 'all: initial; position: fixed; left: 0; top: 0; z-index: 2147483647;';
  const root = host.attachShadow({ mode: 'open' });
  ui = { kind: mode, host, root, composer, range: saveSelection(composer), send };
  root.append(el(doc, 'style', null, CSS));
  if (mode === 'confirm') buildDialog(doc, high); else buildPanel(doc, high);
  doc.documentElement.appendChild(host);
  if (mode === 'confirm') {
    ui.box.querySelector('[data-action="back"]').focus();
  } else {
    warned.set(composer, hooks.text(composer));
    placePanel();
    // editing the draft ends the warning; the next Send is checked again
    ui.onInput = () => close(false);
    composer.addEventListener('input', ui.onInput);
    focusComposer(composer, ui.range);
  }
}

function buildDialog(doc, high) {
  const backdrop = el(doc, 'div', 'backdrop');
  backdrop.addEventListener('click', () => close(true));
  const box = el(doc, 'div', 'box dialog');
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-modal', 'true');
  const title = el(doc, 'h2', null, 'Send this reply as it is?');
  title.id = 'rapport-sendguard-title';
  const lead = el(doc, 'p', null, '');
  lead.id = 'rapport-sendguard-lead';
  box.setAttribute('aria-labelledby', title.id);
  box.setAttribute('aria-describedby', lead.id);
  const note = el(doc, 'p', 'note', '');
  note.hidden = true;
  const actions = el(doc, 'div', 'actions');
  const fix = el(doc, 'button', 'primary', 'Fix all');
  fix.setAttribute('data-action', 'fix');
  fix.addEventListener('click', () => fixAll());
  const send = el(doc, 'button', 'danger', 'Send anyway');
  send.setAttribute('data-action', 'send');
  send.addEventListener('click', () => sendAnyway());
  const back = el(doc, 'button', null, 'Back to editing');
  back.setAttribute('data-action', 'back');
  back.addEventListener('click', () => close(true));
  actions.append(fix, send, back);
  box.append(title, lead, el(doc, 'ul'), note, actions, el(doc, 'div', 'keys', 'Esc: back to editing. Tab moves between the buttons.'));
  box.addEventListener('keydown', (e) => {
    e.stopPropagation(); // keys in the dialog are the dialog's, not the page's shortcuts
    if (e.key === 'Escape') { e.preventDefault(); close(true); return; }
    if (e.key === 'Tab') { // keep focus inside the dialog
      const buttons = [...box.querySelectorAll('button:not([disabled])')];
      const at = buttons.indexOf(ui.root.activeElement);
      const next = e.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1) : (at + 1) % buttons.length;
      e.preventDefault();
      buttons[next].focus();
    }
  });
  ui.root.append(backdrop, box);
  ui.box = box;
  render(doc, high);
}

function buildPanel(doc, high) {
  const box = el(doc, 'div', 'box panel');
  box.setAttribute('role', 'alert');
  const title = el(doc, 'h2', null, '');
  const actions = el(doc, 'div', 'actions');
  const fix = el(doc, 'button', 'primary', 'Fix all');
  fix.setAttribute('data-action', 'fix');
  fix.addEventListener('mousedown', (e) => e.preventDefault()); // keep the composer's focus
  fix.addEventListener('click', () => fixAll());
  const dismiss = el(doc, 'button', null, 'Dismiss');
  dismiss.setAttribute('data-action', 'dismiss');
  dismiss.addEventListener('mousedown', (e) => e.preventDefault());
  dismiss.addEventListener('click', () => close(true));
  actions.append(fix, dismiss);
  box.append(title, el(doc, 'ul'), el(doc, 'p', null, 'Press Send again to send it as it is.'), actions, el(doc, 'div', 'keys', 'Esc dismisses this warning.'));
  box.addEventListener('keydown', (e) => {
    e.stopPropagation();
    if (e.key === 'Escape') { e.preventDefault(); close(true); }
  });
  ui.root.append(box);
  ui.box = box;
  render(doc, high);
}

// The findings, the counts, and whether "Fix all" has anything to apply.
function render(doc, high) {
  const box = ui.box;
  box.querySelector('ul').replaceWith(findingList(doc, high));
  const count = plural(high.length, 'high-severity phrase', 'high-severity phrases');
  if (ui.kind === 'confirm') box.querySelector('#rapport-sendguard-lead').textContent = `It still has ${count} the customer may read as cold:`;
  else box.querySelector('h2').textContent = `This reply has ${count}`;
  box.querySelector('[data-action="fix"]').disabled = !high.some((f) => f.rewrites && f.rewrites.length);
}

// Every Send control of the composer (for the panel to keep clear of).
function controlsOf(composer) {
  const known = helpdeskControls(composer);
  if (known.length) return known;
  const found = L.sendControls(composer);
  const form = formOf(composer);
  if (form) found.push(...[...form.querySelectorAll(BUTTONISH)].filter((b) => genericSend(b, composer)));
  return [...new Set(found)];
}

// Where the panel covers neither the draft nor its Send controls (Send again must stay
// clickable): above the composer, right of it, left of it, below everything; failing
// those, a corner of the viewport clear of the Send controls at least.
function placePanel() {
  const doc = ui.host.ownerDocument;
  const win = doc.defaultView;
  const r = L.rectIn(ui.composer, doc);
  const controls = controlsOf(ui.composer).map((c) => L.rectIn(c, doc)).filter((x) => x.width || x.height);
  const box = ui.box;
  const w = box.offsetWidth, h = box.offsetHeight, gap = 8;
  const lowest = Math.max(r.bottom, ...controls.map((x) => x.bottom));
  const clampX = (x) => Math.min(Math.max(gap, x), win.innerWidth - w - gap);
  const right = win.innerWidth - w - gap, bottom = win.innerHeight - h - gap;
  const clear = (avoid) => ([x, y]) => x >= gap && y >= gap && x + w <= win.innerWidth - gap && y + h <= win.innerHeight - gap
    && !avoid.some((a) => x < a.right && x + w > a.left && y < a.bottom && y + h > a.top);
  const near = [[clampX(r.left), r.top - h - gap], [r.right + gap, Math.max(gap, r.top)], [r.left - w - gap, Math.max(gap, r.top)], [clampX(r.left), lowest + gap]];
  const corners = [[right, gap], [gap, gap], [right, bottom], [gap, bottom]];
  const [left, top] = near.find(clear([r, ...controls])) || corners.find(clear(controls)) || [right, gap];
  box.style.left = `${Math.max(gap, left)}px`;
  box.style.top = `${Math.max(gap, top)}px`;
}

// close(true): the agent goes back to the draft (focus and selection as they were).
function close(refocus) {
  if (!ui) return;
  const { host, composer, range, onInput } = ui;
  ui = null;
  if (onInput) composer.removeEventListener('input', onInput);
  host.remove();
  if (refocus) focusComposer(composer, range);
}

function sendAnyway() {
  const { composer, range, send } = ui;
  close(false);
  focusComposer(composer, range);
  replay(send);
}

// The top rewrite of each high finding, one at a time, re-analysing in between (a rewrite
// may widen to its sentence and move the others). Each is an ordinary undoable edit.
async function fixAll() {
  const current = ui;
  const { composer, kind } = current;
  if (kind === 'warn') close(false);
  for (const b of current.box.querySelectorAll('button')) b.disabled = true;
  const first = await hooks.freshFindings(composer);
  let budget = first ? first.filter(isHigh).length * 2 + 2 : 0;
  let stuck = false;
  for (;;) {
    const findings = await hooks.freshFindings(composer);
    const fixable = findings ? findings.filter((f) => isHigh(f) && f.rewrites && f.rewrites.length) : [];
    if (!fixable.length || budget-- <= 0) break;
    const result = await hooks.applyTop(composer, fixable[0]); // a rich editor answers once re-rendered
    if (!result || !result.ok) { stuck = true; break; }
  }
  const left = ((await hooks.freshFindings(composer)) || []).filter(isHigh);
  if (kind === 'warn' || ui !== current) { if (!ui) focusComposer(composer, null); return; }
  if (!left.length) { close(false); focusComposer(composer, null); return; }
  for (const b of current.box.querySelectorAll('button')) b.disabled = false;
  render(current.host.ownerDocument, left);
  const note = current.box.querySelector('.note');
  note.hidden = false;
  note.textContent = stuck
    ? 'The editor did not take a rewrite; fix the rest by hand.'
    : `${plural(left.length, 'phrase has', 'phrases have')} no rewrite to apply; edit by hand or send anyway.`;
  current.box.querySelector('[data-action="back"]').focus();
}

// How the composer's Send control is found: {path: 'helpdesk'|'form'|'layout'|null,
// helpdesk, tried, matched, count}; selectors and counts only, never text.
async function diagnose(composer) {
  const list = await customer.load();
  const { h, controls, matched } = configured(composer, list);
  const out = { helpdesk: h ? h.file : null, tried: h && h.send ? h.send : [], matched, count: controls.length, path: null };
  if (controls.length) { out.path = 'helpdesk'; return out; }
  const form = formOf(composer);
  if (form && [...form.querySelectorAll(BUTTONISH)].some((b) => isSubmitButton(b) && b.form === form)) { out.path = 'form'; return out; }
  const near = L.sendControls(composer);
  if (near.length) { out.path = 'layout'; out.count = near.length; }
  return out;
}

// `installed`: whether the guard's listeners are on (a live binding)
export { sync, stats, controlsOf, diagnose, installed };
