// The Send guard's dialog ("confirm": modal, the held Send waits for the agent's answer) and
// panel ("warn": beside the composer, focus stays in it), in a shadow root in the topmost
// same-origin document; every string is set as text. What is held and when, and what the
// buttons do, is content/sendguard.js's.
import * as L from './layout.js';
import { THEME_CSS, follow } from './theme.js';
import { t, plural, severityLabel } from '../i18n.js';

const CSS = `:host { all: initial; }
${THEME_CSS}
.backdrop { position: fixed; inset: 0; z-index: 2147483646; background: rgba(15,20,25,.35); }
.box { position: fixed; z-index: 2147483647; box-sizing: border-box; width: 440px; max-width: calc(100vw - 16px);
  max-height: calc(100vh - 16px); overflow: auto; color-scheme: var(--r-scheme); background: var(--r-bg); color: var(--r-fg);
  border: 1px solid var(--r-border); border-radius: 10px; box-shadow: 0 8px 24px var(--r-shadow); padding: 14px 16px;
  font: 13px/1.45 system-ui, sans-serif; }
.dialog { left: 50%; top: 12vh; transform: translateX(-50%); max-height: calc(88vh - 16px); }
.panel { width: 380px; max-height: min(340px, calc(100vh - 16px)); border-left: 4px solid var(--r-high); }
/* only the list scrolls: the question and the buttons stay in view */
.box { display: flex; flex-direction: column; overflow: hidden; }
.box > * { flex: none; }
.box > ul { flex: 0 1 auto; min-height: 48px; overflow: auto; }
h2 { font-size: 15px; margin: 0 0 6px; }
p { margin: 0 0 8px; }
ul { margin: 0 0 10px; padding: 0; list-style: none; display: grid; gap: 8px; }
li { background: var(--r-panel); border: 1px solid var(--r-border); border-radius: 8px; padding: 6px 8px; }
.phrase { font-weight: 600; }
.sev { font-size: 11px; padding: 1px 6px; border-radius: 8px; color: var(--r-sev-fg); background: var(--r-high); margin-right: 6px; }
.fix { display: block; color: var(--r-muted); margin-top: 2px; }
.note { color: var(--r-warn); }
.actions { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; }
button { font: inherit; cursor: pointer; border-radius: 6px; padding: 5px 12px; border: 1px solid var(--r-border); background: var(--r-panel); color: var(--r-fg); }
button:hover { border-color: var(--r-accent); }
button.primary { background: var(--r-primary); border-color: var(--r-primary-border); color: var(--r-primary-fg); }
button.danger { background: var(--r-bg); border-color: var(--r-bad); color: var(--r-bad); }
button:focus-visible, ul:focus-visible { outline: 2px solid var(--r-focus); outline-offset: 2px; }
button[disabled] { opacity: .5; cursor: default; }
.keys { font-size: 11px; color: var(--r-muted); margin-top: 8px; }`;

let ui = null; // the dialog or panel on screen

function el(doc, tag, cls, text) {
  const n = doc.createElement(tag);
  if (cls) n.className = cls;
  if (text != null) n.textContent = String(text);
  return n;
}


function findingList(doc, high) {
  const list = el(doc, 'ul');
  for (const f of high) {
    const item = el(doc, 'li');
    item.setAttribute('data-rule', f.rule);
    item.append(el(doc, 'span', 'sev', severityLabel(f.severity)), el(doc, 'span', 'phrase', t('quoted', f.text)), doc.createTextNode(` ${f.message}`));
    const top = f.rewrites && f.rewrites[0];
    if (top) item.append(el(doc, 'span', 'fix', t('guardFix', top.text)));
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

// The dialog ("confirm") or the panel ("warn") for the high findings of a held Send.
// actions: {fix(): "Fix all", send(): "Send anyway" (the dialog's), avoid(): the rects the
// panel must keep clear of (the composer's Send controls: Send again must stay clickable)}.
function show(mode, composer, high, actions) {
  close(false);
  // the page the agent sees: a composer in a frame gets its dialog in the page around it
  const doc = L.topDocument(composer.ownerDocument);
  const host = el(doc, 'rapport-sendguard');
  host.setAttribute('data-rapport-ui', 'sendguard');
  host.setAttribute('data-mode', mode);
  host.style.cssText = 'all: initial; position: fixed; left: 0; top: 0; z-index: 2147483647;';
  // dark on a dark helpdesk too, not only under the system's dark scheme
  follow(host, composer);
  const root = host.attachShadow({ mode: 'open' });
  ui = { kind: mode, host, root, composer, range: saveSelection(composer), actions };
  root.append(el(doc, 'style', null, CSS));
  if (mode === 'confirm') buildDialog(doc, high); else buildPanel(doc, high);
  doc.documentElement.appendChild(host);
  if (mode === 'confirm') {
    ui.box.querySelector('[data-action="back"]').focus();
  } else {
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
  const title = el(doc, 'h2', null, t('guardConfirmTitle'));
  title.id = 'rapport-sendguard-title';
  const lead = el(doc, 'p', null, '');
  lead.id = 'rapport-sendguard-lead';
  box.setAttribute('aria-labelledby', title.id);
  box.setAttribute('aria-describedby', lead.id);
  const note = el(doc, 'p', 'note', '');
  note.hidden = true;
  const actions = el(doc, 'div', 'actions');
  const fix = el(doc, 'button', 'primary', t('guardFixAll'));
  fix.setAttribute('data-action', 'fix');
  fix.addEventListener('click', () => ui.actions.fix());
  const send = el(doc, 'button', 'danger', t('guardSendAnyway'));
  send.setAttribute('data-action', 'send');
  send.addEventListener('click', () => ui.actions.send());
  const back = el(doc, 'button', null, t('guardBack'));
  back.setAttribute('data-action', 'back');
  back.addEventListener('click', () => close(true));
  actions.append(fix, send, back);
  box.append(title, lead, el(doc, 'ul'), note, actions, el(doc, 'div', 'keys', t('guardConfirmKeys')));
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
  const fix = el(doc, 'button', 'primary', t('guardFixAll'));
  fix.setAttribute('data-action', 'fix');
  fix.addEventListener('mousedown', (e) => e.preventDefault()); // keep the composer's focus
  fix.addEventListener('click', () => ui.actions.fix());
  const dismiss = el(doc, 'button', null, t('guardDismiss'));
  dismiss.setAttribute('data-action', 'dismiss');
  dismiss.addEventListener('mousedown', (e) => e.preventDefault());
  dismiss.addEventListener('click', () => close(true));
  actions.append(fix, dismiss);
  box.append(title, el(doc, 'ul'), el(doc, 'p', null, t('guardSendAgain')), actions, el(doc, 'div', 'keys', t('guardWarnKeys')));
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
  const list = findingList(doc, high);
  // the panel's list scrolls when long: a keyboard can reach it to scroll it (the dialog's
  // Tab stays on its three buttons, and its list has the room to show more)
  if (ui.kind !== 'confirm') {
    list.tabIndex = 0;
    list.setAttribute('aria-label', t('guardListLabel'));
  }
  box.querySelector('ul').replaceWith(list);
  if (ui.kind === 'confirm') box.querySelector('#rapport-sendguard-lead').textContent = plural('guardConfirmLead', high.length);
  else box.querySelector('h2').textContent = plural('guardWarnTitle', high.length);
  box.querySelector('[data-action="fix"]').disabled = !high.some((f) => f.rewrites && f.rewrites.length);
}

// Where the panel covers neither the draft nor its Send controls (Send again must stay
// clickable): above the composer, right of it, left of it, below everything; failing
// those, a corner of the viewport clear of the Send controls at least.
function placePanel() {
  const doc = ui.host.ownerDocument;
  const win = doc.defaultView;
  const r = L.rectIn(ui.composer, doc);
  const controls = ui.actions.avoid().map((c) => L.rectIn(c, doc)).filter((x) => x.width || x.height);
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


// The guard's UI on screen: {kind: 'confirm'|'warn', composer, ...}, or null.
const shown = () => ui;

// Whether an event's path runs through the guard's own UI.
const owns = (path) => !!ui && path.includes(ui.host);

// While "Fix all" runs, the buttons wait.
function busy(on) {
  if (!ui) return;
  for (const b of ui.box.querySelectorAll('button')) b.disabled = on;
}

// After "Fix all": what is left, and why (stuck: the editor did not take a rewrite).
function leftover(high, stuck) {
  if (!ui) return;
  busy(false);
  render(ui.host.ownerDocument, high);
  const note = ui.box.querySelector('.note');
  note.hidden = false;
  note.textContent = stuck
    ? t('guardStuck')
    : plural('guardNoRewrite', high.length);
  ui.box.querySelector('[data-action="back"]').focus();
}

export { show, close, shown, owns, busy, leftover, focusComposer };
