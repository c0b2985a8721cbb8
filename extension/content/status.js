// The in-field status button: a small pill at the focused reply box's bottom-right corner with
// the count of phrases to warm up and the warmth score, and a summary panel behind it (the
// score on its scale in words, the top missing move, the language this reply is read in, and
// a switch for this site). In "ask"
// mode, on a site nobody has decided for, the same button asks to turn Rapport on.
// It sits in the editor's padding when there is room, else just below the box, so it never
// covers the text. It never takes focus from the reply: pressing it keeps the caret where it
// was. It moves with the editor on scroll and resize (main.js's listeners and a
// ResizeObserver), never on a timer. Every string is set with textContent.
import { THEME_CSS, follow } from './theme.js';
import { t, plural, scoreWordsLabel, moveLabel } from '../i18n.js';
import { LANGUAGE_NAMES } from '../settings.js';

const CSS = `:host { all: initial; }
${THEME_CSS}
button { font: inherit; cursor: pointer; }
.pill { position: fixed; z-index: 2147483646; display: inline-flex; align-items: center; gap: 4px; box-sizing: border-box;
  height: 22px; padding: 0 7px; border-radius: 11px; border: 1px solid var(--r-border); background: var(--r-bg); color: var(--r-fg);
  font: 600 12px/1 system-ui, sans-serif; box-shadow: 0 1px 3px var(--r-shadow); opacity: .92; }
.pill:hover, .pill:focus-visible { opacity: 1; border-color: var(--r-accent); }
:focus-visible { outline: 2px solid var(--r-focus); outline-offset: 1px; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: var(--r-ok); }
.dot.high { background: var(--r-high); } .dot.medium { background: var(--r-medium); } .dot.low { background: var(--r-low); }
.dot.ask { background: var(--r-muted); }
.warmth { font-weight: 400; color: var(--r-muted); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.panel { position: fixed; z-index: 2147483647; box-sizing: border-box; width: 260px; max-width: calc(100vw - 16px);
  color-scheme: var(--r-scheme); background: var(--r-bg); color: var(--r-fg); border: 1px solid var(--r-border); border-radius: 10px;
  box-shadow: 0 8px 24px var(--r-shadow); padding: 10px 12px; font: 13px/1.45 system-ui, sans-serif; }
.panel h2 { font-size: 13px; margin: 0 0 6px; }
.panel p { margin: 0 0 8px; }
.muted { color: var(--r-muted); font-size: 12px; }
.move { background: var(--r-panel); border: 1px solid var(--r-border); border-radius: 8px; padding: 6px 8px; }
.switch { display: flex; gap: 8px; align-items: center; margin: 0; cursor: pointer; }
.switch input { accent-color: var(--r-accent); width: 16px; height: 16px; margin: 0; }
.lang { display: flex; flex-direction: column; gap: 3px; margin: 0 0 8px; font-size: 12px; color: var(--r-muted); }
.lang select { font: 13px/1.3 system-ui, sans-serif; color: var(--r-fg); background: var(--r-bg); border: 1px solid var(--r-border); border-radius: 6px; padding: 3px 4px; }
.on { background: var(--r-accent); color: var(--r-accent-fg); border: none; border-radius: 6px; padding: 4px 10px; }`;

const el = (doc, tag, cls, text) => {
  const n = doc.createElement(tag);
  if (cls) n.className = cls;
  if (text != null) n.textContent = text;
  return n;
};
const keepFocus = (n) => { n.addEventListener('mousedown', (e) => e.preventDefault()); return n; };

let ui = null; // {host, root, pill, panel, editor, state, resize, hooks}

function build(doc) {
  const host = el(doc, 'rapport-status');
  host.setAttribute('data-rapport-ui', 'status');
  host.style.cssText = 'all: initial; position: fixed; left: 0; top: 0; z-index: 2147483646;';
  const root = host.attachShadow({ mode: 'open' });
  const pill = keepFocus(el(doc, 'button', 'pill'));
  pill.setAttribute('aria-haspopup', 'dialog');
  pill.setAttribute('aria-expanded', 'false');
  pill.addEventListener('click', () => (ui.panel ? closePanel() : openPanel()));
  root.append(el(doc, 'style', null, CSS), pill);
  doc.documentElement.append(host);
  return { host, root, pill, panel: null };
}

// Shows the button on `editor` for `state`: {kind: 'report', findings, severity, score,
// words, move} or {kind: 'ask'}; hooks: {host, setSite(on)}.
function show(editor, state, hooks) {
  const doc = editor.ownerDocument;
  if (ui && (ui.editor !== editor || !ui.host.isConnected || ui.host.ownerDocument !== doc)) hide();
  if (!ui) {
    ui = { ...build(doc), editor };
    ui.resize = new (doc.defaultView.ResizeObserver || ResizeObserver)(() => place());
    ui.resize.observe(editor);
  }
  // a new analysis of the same findings changes nothing: the panel is left as it is
  const key = JSON.stringify([state, hooks.host, hooks.locked]);
  ui.hooks = hooks;
  // dark on a dark helpdesk too, not only under the system's dark scheme
  follow(ui.host, editor);
  if (key !== ui.key) {
    ui.key = key;
    ui.state = state;
    render();
    if (ui.panel) fillPanel();
  }
  place();
}

function render() {
  const { pill, state } = ui;
  const doc = pill.ownerDocument;
  if (state.kind === 'ask') {
    pill.replaceChildren(el(doc, 'span', 'dot ask'), el(doc, 'span', 'count', 'Rapport?'), el(doc, 'span', 'sr', ` ${t('statusAskSr')}`));
    pill.removeAttribute('aria-label');
    pill.dataset.count = '';
    return;
  }
  const dot = el(doc, 'span', 'dot' + (state.severity ? ' ' + state.severity : ''));
  // the name is the visible words with the unseen ones between them (no aria-label that
  // would not contain what a voice-control user sees): "Rapport: 3 phrases to warm up,
  // warmth 42 out of 100 (reads cold). Show the summary"
  const sep = el(doc, 'span', null, '\u00b7 ');
  sep.setAttribute('aria-hidden', 'true');
  const warmth = el(doc, 'span', 'warmth');
  warmth.append(el(doc, 'span', 'sr', ` ${t('statusWarmthSr')} `), sep, String(state.score), el(doc, 'span', 'sr', ` ${t('statusOutOf100Sr', scoreWordsLabel(state.words))}`));
  pill.replaceChildren(dot, el(doc, 'span', 'sr', 'Rapport: '), el(doc, 'span', 'count', String(state.findings)),
    el(doc, 'span', 'sr', ` ${plural('statusPhrasesSr', state.findings)}`), warmth);
  pill.dataset.count = String(state.findings);
  pill.removeAttribute('aria-label');
}

// At the editor's bottom-right corner, never over its text; hidden while the editor is off
// screen.
function place() {
  if (!ui) return;
  const { editor, pill } = ui;
  if (!editor.isConnected) { hide(); return; }
  const win = editor.ownerDocument.defaultView;
  const r = editor.getBoundingClientRect();
  const off = r.width === 0 || r.bottom < 0 || r.top > win.innerHeight || r.right < 0 || r.left > win.innerWidth;
  pill.style.visibility = off ? 'hidden' : 'visible';
  if (off) return;
  const cs = win.getComputedStyle(editor);
  const px = (v) => parseFloat(v) || 0;
  const w = pill.offsetWidth, h = pill.offsetHeight;
  const inner = { right: r.right - px(cs.borderRightWidth), bottom: r.bottom - px(cs.borderBottomWidth) };
  const padR = px(cs.paddingRight), padB = px(cs.paddingBottom);
  // In the editor's padding when the pill fits there; else outside the box, beside the
  // corner, below it or above it: the first place that is on screen and covers none of the
  // page's controls (the Send button usually sits right under the reply box).
  const spots = [];
  if (padB >= h + 2) spots.push([inner.right - w - Math.min(4, padR), inner.bottom - padB + (padB - h) / 2]);
  if (padR >= w + 2) spots.push([inner.right - padR + (padR - w) / 2, inner.bottom - h - Math.min(4, padB)]);
  spots.push([r.right + 4, r.bottom - h], [r.right - w, r.bottom + 3], [r.right - w, r.top - h - 3]);
  const onScreen = ([x, y]) => x >= 0 && y >= 0 && x + w <= win.innerWidth && y + h <= win.innerHeight;
  const clear = (spot) => onScreen(spot) && !coversControl(editor, spot, w, h);
  const [left, top] = spots.find(clear) || spots.find(onScreen) || spots[0];
  pill.style.left = `${Math.max(0, Math.round(left))}px`;
  pill.style.top = `${Math.round(top)}px`;
  if (ui.panel) placePanel();
}

const CONTROL = 'button, a[href], input, select, textarea, summary, [role="button"], [role="tab"], [role="link"], [contenteditable=""], [contenteditable="true"]';
// Whether a pill at (x, y) would sit on one of the page's controls other than the editor:
// its corners and centre, looked up under our own element.
function coversControl(editor, [x, y], w, h) {
  const doc = editor.ownerDocument;
  for (const [px, py] of [[x + 1, y + 1], [x + w - 1, y + 1], [x + 1, y + h - 1], [x + w - 1, y + h - 1], [x + w / 2, y + h / 2]]) {
    for (const hit of doc.elementsFromPoint(px, py)) {
      if (hit === ui.host) continue;
      const c = hit.closest(CONTROL);
      if (c && c !== editor && !c.contains(editor)) return true;
      break;
    }
  }
  return false;
}

function placePanel() {
  const { panel, pill } = ui;
  const win = pill.ownerDocument.defaultView;
  const b = pill.getBoundingClientRect();
  const h = panel.offsetHeight, w = panel.offsetWidth;
  const top = b.top - h - 6 >= 0 ? b.top - h - 6 : Math.min(b.bottom + 6, win.innerHeight - h);
  panel.style.left = `${Math.max(8, Math.round(b.right - w))}px`;
  panel.style.top = `${Math.max(0, Math.round(top))}px`;
}

function fillPanel() {
  const { panel, state, hooks } = ui;
  const doc = panel.ownerDocument;
  if (state.kind === 'ask') {
    const on = keepFocus(el(doc, 'button', 'on', t('statusTurnOnSite')));
    on.setAttribute('data-action', 'site-on');
    on.addEventListener('click', () => hooks.setSite(true).catch((e) => { status.textContent = e.message; }));
    const status = el(doc, 'p', 'muted');
    status.setAttribute('role', 'status');
    panel.replaceChildren(el(doc, 'h2', null, t('statusOffHere')),
      el(doc, 'p', null, t('statusAskQuestion', hooks.host)), on, status);
    return;
  }
  const nodes = [el(doc, 'h2', null, state.findings ? plural('statusPhrasesToWarm', state.findings) : t('statusNothingCold'))];
  const score = el(doc, 'p', 'score');
  score.append(t('statusWarmthScore', state.score, scoreWordsLabel(state.words)), doc.createElement('br'), el(doc, 'span', 'muted', t('statusScale')));
  nodes.push(score);
  if (state.move) {
    const move = el(doc, 'p', 'move');
    move.setAttribute('data-move', state.move.id);
    move.append(el(doc, 'span', 'muted', `${t('statusMissing')} `), moveLabel(state.move));
    if (state.move.suggestion) move.append(doc.createElement('br'), el(doc, 'span', 'muted', t('statusForExample', state.move.suggestion.trim())));
    nodes.push(move);
  }
  if (hooks.replyLanguage) nodes.push(languageRow(doc, hooks.replyLanguage));
  const label = el(doc, 'label', 'switch');
  const box = keepFocus(el(doc, 'input'));
  box.type = 'checkbox';
  box.checked = true;
  box.setAttribute('data-action', 'site');
  box.disabled = !!hooks.locked;
  const note = el(doc, 'p', 'muted', hooks.locked || '');
  note.setAttribute('role', 'status');
  box.addEventListener('change', () => {
    hooks.setSite(box.checked).catch((e) => { box.checked = !box.checked; note.textContent = e.message; });
  });
  label.append(box, el(doc, 'span', null, t('statusOnForHost', hooks.host)));
  nodes.push(label, note);
  panel.replaceChildren(...nodes);
}

// The language this reply is read in: detected per paragraph, or one the agent picks for
// this reply alone (a customer who writes in German on an English team's site); the site's
// own setting is in the popup. Language names are their own (endonyms), as in the popup.
function languageRow(doc, choice) {
  const row = el(doc, 'label', 'lang');
  const select = el(doc, 'select');
  select.setAttribute('data-action', 'reply-language');
  select.append(el(doc, 'option', null, t('popupReplyLanguageDetect')));
  select.firstChild.value = 'auto';
  for (const [code, name] of Object.entries(LANGUAGE_NAMES)) {
    const option = el(doc, 'option', null, name);
    option.value = code;
    option.lang = code;
    select.append(option);
  }
  select.value = choice.current || 'auto';
  select.addEventListener('change', () => choice.set(select.value));
  row.append(el(doc, 'span', null, t('statusReplyLanguage')), select);
  return row;
}

function onOutside(e) {
  if (ui && !e.composedPath().includes(ui.host)) closePanel();
}
function onKey(e) {
  if (ui && ui.panel && e.key === 'Escape') closePanel();
}

function openPanel() {
  if (!ui || ui.panel) return;
  const doc = ui.pill.ownerDocument;
  ui.panel = el(doc, 'div', 'panel');
  ui.panel.setAttribute('role', 'dialog');
  ui.panel.setAttribute('aria-label', t('statusPanelLabel'));
  ui.root.append(ui.panel);
  ui.pill.setAttribute('aria-expanded', 'true');
  fillPanel();
  placePanel();
  doc.addEventListener('mousedown', onOutside, true);
  doc.addEventListener('keydown', onKey, true);
}

function closePanel() {
  if (!ui || !ui.panel) return;
  const doc = ui.pill.ownerDocument;
  doc.removeEventListener('mousedown', onOutside, true);
  doc.removeEventListener('keydown', onKey, true);
  ui.panel.remove();
  ui.panel = null;
  ui.pill.setAttribute('aria-expanded', 'false');
}

function hide() {
  if (!ui) return;
  closePanel();
  ui.resize.disconnect();
  ui.host.remove();
  ui = null;
}

// The editor the button is shown for, or null.
const editor = () => (ui ? ui.editor : null);

export { show, hide, place, editor };
