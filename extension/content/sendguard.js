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
// unavailable). The draft is only ever changed by "Fix all". The dialog and the panel
// themselves are content/sendguard-ui.js.
import * as customer from './customer.js';
import * as editors from './editors.js';
import * as card from './card.js';
import * as L from './layout.js';
import * as guardUi from './sendguard-ui.js';
const BUTTONISH = L.BUTTONISH;
const ANALYSIS_WAIT_MS = 10_000;  // then the held Send goes through unchecked
let hooks = null;          // from main.js: mode, composers, text, findings, freshFindings, applyTop
let installed = false;
let helpdesks = [];        // the valid helpdesk data files (content/customer.js)
let replaying = false;     // a held Send is being replayed: stand aside
let heldSend = null;       // the Send the dialog or panel on screen holds, to replay
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
    guardUi.close(false);
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
  if (guardUi.owns(path)) return;
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
  if (guardUi.owns(path)) return;
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
  if (guardUi.owns(path)) return;
  const shown = guardUi.shown();
  if (e.key === 'Escape' && shown && shown.kind === 'warn' && !card.current) {
    e.preventDefault();
    e.stopImmediatePropagation();
    guardUi.close(true);
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
    const shown = guardUi.shown();
    if (shown && shown.composer === composer) guardUi.close(false);
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

// The held Send's dialog ("confirm") or panel ("warn").
function show(mode, composer, high, send) {
  stats.shown++;
  heldSend = send;
  if (mode === 'warn') warned.set(composer, hooks.text(composer));
  guardUi.show(mode, composer, high, { fix: fixAll, send: sendAnyway, avoid: () => controlsOf(composer) });
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

function sendAnyway() {
  guardUi.close(true);
  replay(heldSend);
}

// The top rewrite of each high finding, one at a time, re-analysing in between (a rewrite
// may widen to its sentence and move the others). Each is an ordinary undoable edit.
async function fixAll() {
  const current = guardUi.shown();
  const { composer, kind } = current;
  if (kind === 'warn') guardUi.close(false);
  guardUi.busy(true);
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
  if (kind === 'warn' || guardUi.shown() !== current) { if (!guardUi.shown()) guardUi.focusComposer(composer, null); return; }
  if (!left.length) { guardUi.close(false); guardUi.focusComposer(composer, null); return; }
  guardUi.leftover(left, stuck);
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
