// The content script: settings decide whether this page is active (or asks); focus finds
// editors, each coached by a session (content/session.js); the worker's commands, the
// popup's and the options page's questions are answered here; the Send guard, the
// in-field button and the toolbar badge are kept up to date.
import * as S from '../settings.js';
import { t, customerSummary } from '../i18n.js';
import * as coaching from '../coaching.js';
import { MSG, COMMANDS } from '../protocol.js';
import { Session, newStats } from './session.js';
import * as card from './card.js';
import * as status from './status.js';
import * as textmodel from './textmodel.js';
import * as engineHost from './engine-host.js';
import * as customer from './customer.js';
import * as sendguard from './sendguard.js';
import * as layout from './layout.js';
import * as editors from './editors.js';
import * as I from './incremental.js';

let settings = S.normalize(null);
let active = false;
const sessions = new Map(); // editor element -> session
let current = null;         // the session focused last
const stats = newStats();   // of every session, for the popup and the browser tests

function ancestorHost() {
  const a = location.ancestorOrigins;
  if (!a || !a.length) return null;
  try { return new URL(a[a.length - 1]).hostname; } catch (_) { return null; }
}

function siteHost() {
  return location.hostname || ancestorHost() || '';
}

function computeActive() {
  if (S.isActive(settings, siteHost())) return true;
  const top = ancestorHost();
  return !!top && S.isActive(settings, top);
}

// ---- sessions (content/session.js): one per editor the agent focused ----------------
// The engine as the sessions use it: here in the content script, or in the worker
// (content/engine-host.js).
const engine = {
  ready: () => engineHost.ready(S.engineOptions(settings)),
  async analyze(text, context) {
    await engineHost.ready(S.engineOptions(settings));
    return engineHost.analyze(text, context);
  },
  analyzeNow: (text, context) => engineHost.analyzeNow(text, context),
  analysisEnd: (text) => engineHost.analysisEnd(text),
  get path() { return engineHost.path; },
};

const sessionHooks = {
  committed(s) {
    if (s === current) { showCount(s.findings.length); showStatus(s); }
    coaching.shown(s.el, s.findings, settings); // opt-in counts, never text
  },
  card: (s, f) => ({
    disable: () => disableRule(s, f),
    avoid: () => sendguard.controlsOf(s.el).map((b) => layout.rectIn(b, s.el.ownerDocument)),
    keys: cardKeys(),
    explain: (rule) => engineHost.explanation(rule),
    // what Rapport read from the customer's message, and the control to stop using it
    customer: s.report && s.report.customer ? { summary: customerSummary(s.report.customer), dismiss: () => forgetCustomer(s) } : null,
  }),
  applied(s, f, rw, result) {
    if (result.ok) coaching.applied(f.rule, settings);
  },
  ignored(s, undo) {
    card.showNotice(s.doc, s.el.getBoundingClientRect(), t('noticeIgnored'), undo, s.el);
  },
};

// What the engine reads besides the reply: the customer's message, when one was read for
// this composer (content/customer.js), and the language to read it in: the one the agent
// picked for this reply in the status panel ('auto' detects), else the site's, if any.
function replyLanguage(el) {
  const picked = sessions.get(el)?.replyLanguage;
  if (picked) return picked === 'auto' ? null : picked;
  const set = S.languageForSite(settings, siteHost()) || S.languageForSite(settings, ancestorHost());
  return set ? set.code : null;
}
function replyContext(el) {
  const context = customer.contextFor(el);
  const lang = replyLanguage(el);
  return lang ? { ...(context || {}), lang } : context;
}

function attach(el, kind) {
  let s = sessions.get(el);
  if (s) return s;
  // the customer's message, when one was read for this composer (content/customer.js)
  s = new Session(el, kind, { engine, stats, hooks: sessionHooks, context: () => replyContext(el) });
  sessions.set(el, s);
  cardKeys(); // read once, before the first card opens
  stats.attached.push({ tag: el.localName, type: el.getAttribute('type') || '', kind });
  return s;
}

function detach(s) {
  s.destroy();
  sessions.delete(s.el);
  if (current === s) current = null;
  if (status.editor() === s.el) status.hide();
}

function prune() {
  for (const s of [...sessions.values()]) if (!s.el.isConnected) detach(s);
}

// The card's footer names the keys the agent bound (they can rebind them), read once.
let shortcutWords = null;
function cardKeys() {
  if (shortcutWords === null) {
    shortcutWords = undefined;
    chrome.runtime.sendMessage({ type: MSG.SHORTCUTS }).then((reply) => {
      const k = reply && reply.shortcuts;
      if (!k) return;
      const named = (command, words) => (k[command] ? words(k[command]) : null);
      const parts = [
        named(COMMANDS.NEXT, (key) => t('cardKeyNext', key)),
        named(COMMANDS.APPLY, (key) => t('cardKeyApply', key)),
        named(COMMANDS.DISMISS, (key) => t('cardKeyDismiss', key)),
      ].filter(Boolean);
      shortcutWords = parts.length ? t('cardKeysWithCommands', t('cardKeys'), parts.join(', ')) : t('cardKeys');
    }, () => {});
  }
  return shortcutWords || undefined;
}

// "Turn off this rule" takes effect everywhere at once: the notice offers the way back.
function disableRule(s, f) {
  card.close();
  S.setRule(f.rule, false).catch((e) => console.warn('rapport:', e.message));
  const name = f.rule.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  card.showNotice(s.doc, s.el.getBoundingClientRect(), t('noticeRuleOff', name), () => {
    S.setRule(f.rule, true).catch((e) => console.warn('rapport:', e.message));
  }, s.el);
}

function forgetCustomer(s) {
  customer.dismiss(s.el);
  card.close(false);
  s.cardIndex = -1;
  s.refresh(); // analyse again without it
}

function customerChanged(s) {
  if (sessions.has(s.el)) s.refresh();
}

// ---- commands (from the worker; the agent can rebind them) --------------------------
function focusedSession() {
  if (!document.hasFocus()) return null;
  const a = editors.deepActiveElement(document);
  return (a && sessions.get(a)) || null;
}

function command(name) {
  if (name === COMMANDS.COACH_SELECTION) {
    // the agent selected the customer's text (outside the composer, so the composer may
    // not have focus): it is for the composer focused last, or the next one
    const text = customer.fromSelection(document);
    if (!text) return false;
    prune();
    const target = focusedSession() || current;
    customer.useSelection(target ? target.el : null, text);
    if (target) customerChanged(target);
    return true;
  }
  const s = focusedSession();
  if (!s || !s.findings.length) return false;
  if (name === COMMANDS.NEXT) s.next();
  else if (name === COMMANDS.APPLY) s.applyTop();
  else if (name === COMMANDS.DISMISS) s.dismiss();
  return true;
}

// How this composer's customer message and Send control were found: selectors tried and
// which matched, and the path (the data file, the page layout, the agent's selection).
// Never text: it is what an agent pastes into a bug report.
async function diagnostics(s) {
  const st = customer.stateOf(s.el);
  const list = await customer.load();
  const h = customer.pick(list, location.hostname, s.el.ownerDocument);
  const send = await sendguard.diagnose(s.el);
  const diag = st.diag || {};
  return {
    host: siteHost(),
    helpdesk: h ? h.file : null,
    helpdeskName: h ? h.name : null,
    composer: { tag: s.el.localName, kind: s.kind, role: s.el.getAttribute('role') },
    customer: { path: st.dismissed ? 'dismissed' : st.path, fields: diag.fields || {}, layout: diag.layout || null },
    send,
  };
}

// ---- what the Send guard (content/sendguard.js) may use ------------------------------
const guardHooks = {
  mode: () => (active ? settings.sendGuard : 'off'),
  // the composers the agent has focused, the most recent first
  composers: () => [...sessions.values()].filter((s) => s.el.isConnected).sort((a, b) => b.focusedAt - a.focusedAt).map((s) => s.el),
  text: (el) => (sessions.has(el) ? sessions.get(el).readText() : null),
  // the findings shown for the text the composer holds now, or null when that text is not analysed yet
  findings: (el) => (sessions.has(el) ? sessions.get(el).currentFindings() : null),
  // the same, once the current text is analysed; null when no analysis is available
  freshFindings: (el) => (sessions.has(el) ? sessions.get(el).freshFindings() : Promise.resolve(null)),
  // a finding of findings(el): its top rewrite through the card's apply path (undoable);
  // a promise for rich editors, which answer once they have re-rendered
  applyTop: (el, finding) => {
    const s = sessions.get(el);
    const i = s ? s.findings.indexOf(finding) : -1;
    return i < 0 ? null : s.apply(i, 0);
  },
};
const syncGuard = () => sendguard.sync(guardHooks);

// The toolbar badge: how many phrases the reply focused last has, sent when it changes.
let countShown = 0;
function showCount(n) {
  if (n === countShown) return;
  countShown = n;
  chrome.runtime.sendMessage({ type: MSG.BADGE, count: n }).catch(() => {});
}

// The in-field button of the reply focused last: its count, warmth and top missing move,
// all as the engine reported them.
const SEVERITY_ORDER = ['low', 'medium', 'high'];
// s: the session whose reply the panel is about (none in "ask" mode, where nothing is read).
function siteHooks(s = null) {
  const host = siteHost();
  const forced = S.policyForSite(settings, host);
  const locked = forced ? `${S.lockedLabel(settings)}: turned ${forced} for this site` : S.isLocked(settings, 'sites') ? S.lockedLabel(settings) : null;
  const replyLanguageHooks = s && {
    current: replyLanguage(s.el),
    set(code) {
      s.replyLanguage = code;
      s.refresh();
    },
  };
  return { host, locked, setSite: (on) => S.setSite(host, on), replyLanguage: replyLanguageHooks };
}
function showStatus(s) {
  const report = s.report;
  if (!report) return;
  let severity = null;
  for (const f of s.findings) if (SEVERITY_ORDER.indexOf(f.severity) > SEVERITY_ORDER.indexOf(severity)) severity = f.severity;
  const m = (report.moves || []).find((x) => x.needed && !x.present);
  const move = m ? { id: m.id, label: m.label, suggestion: m.suggestion ? m.suggestion.text : null } : null;
  status.show(s.el, { kind: 'report', findings: s.findings.length, severity, score: report.score.value, words: report.score.words, move }, siteHooks(s));
}

// "Ask" mode on a site nobody has decided for: nothing is read; focusing a reply box shows
// the button, which offers to turn Rapport on here.
function onAskFocus(e) {
  const found = editors.fromEvent(e);
  if (found) status.show(found.el, { kind: 'ask' }, siteHooks());
}
const onAskViewport = () => status.place();
let asking = false;
function setAsking(on) {
  if (on === asking) return;
  asking = on;
  const method = on ? 'addEventListener' : 'removeEventListener';
  document[method]('focusin', onAskFocus, true);
  document[method]('scroll', onAskViewport, { capture: true, passive: true });
  window[method]('resize', onAskViewport, { passive: true });
  if (on) {
    const a = editors.deepActiveElement(document);
    if (a && a !== document.body) onAskFocus({ composedPath: () => [a], target: a });
  } else {
    status.hide();
  }
}

// ---- activation ---------------------------------------------------------------------
function onFocusIn(e) {
  const found = editors.fromEvent(e);
  if (!found) return;
  prune();
  const s = attach(found.el, found.kind);
  s.focusedAt = Date.now();
  current = s;
  if (s.report) { showCount(s.findings.length); showStatus(s); }
  s.schedule();
  customer.refresh(s.el).then((changed) => { if (changed) customerChanged(s); }, (e) => console.warn('rapport: customer message unavailable', e));
}

// A press outside the card and its editor closes the card.
function onMouseDown(e) {
  const c = card.current;
  if (c && c.owner) c.owner.pressed(e);
}

function onViewportChange() {
  for (const s of sessions.values()) s.viewportChanged();
  status.place();
}

const docListeners = [
  ['focusin', onFocusIn, true],
  ['mousedown', onMouseDown, true],
  ['scroll', onViewportChange, { capture: true, passive: true }],
];

function setActive(on) {
  if (on === active) return;
  active = on;
  if (on) {
    for (const [t, fn, o] of docListeners) document.addEventListener(t, fn, o);
    window.addEventListener('resize', onViewportChange, { passive: true });
    const a = editors.deepActiveElement(document);
    if (a && a !== document.body) onFocusIn({ composedPath: () => [a], target: a });
  } else {
    for (const [t, fn, o] of docListeners) document.removeEventListener(t, fn, o);
    window.removeEventListener('resize', onViewportChange);
    card.close(false);
    for (const s of [...sessions.values()]) detach(s);
    status.hide();
    showCount(0);
  }
  syncGuard();
}

// The popup's and the options page's questions, and the worker's commands.
function onMessage(msg, _sender, reply) {
  if (!msg || typeof msg.type !== 'string') return;
  if (msg.type === MSG.COMMAND) { if (active) command(msg.command); return; }
  if (msg.type === MSG.STATUS) {
    if (window !== window.top) return;
    // ready: the settings are read, so `active` is this page's answer, not the start-up value
    reply({ host: siteHost(), active, ready: settingsRead, enginePath: engineHost.path });
    return;
  }
  if (msg.type === MSG.EDITOR_REPORT) {
    if (!active || !current || !current.report) return;
    const s = current;
    const summary = s.report.customer ? customerSummary(s.report.customer) : null;
    diagnostics(s).then((d) => reply({
      findings: s.findings.length, score: s.report.score.value, scoreWords: s.report.score.words, focusedAt: s.focusedAt, customer: summary,
      health: { composer: true, helpdesk: d.helpdeskName, customer: d.customer.path, send: d.send.path },
    }));
    return true;
  }
  if (msg.type === MSG.DIAGNOSTICS) {
    if (!active || !current || !current.el.isConnected) return;
    diagnostics(current).then(({ helpdeskName, ...d }) => reply(d));
    return true;
  }
}

function settingsChanged(next) {
  const rulesChanged = JSON.stringify(S.engineOptions(next)) !== JSON.stringify(S.engineOptions(settings));
  const languageChanged = JSON.stringify(next.siteLanguages) !== JSON.stringify(settings.siteLanguages);
  settings = next;
  if (rulesChanged) engineHost.setOptions(S.engineOptions(settings));
  if (rulesChanged || languageChanged) for (const s of sessions.values()) s.refresh();
  activate();
}

function activate() {
  const on = computeActive();
  if (on) setAsking(false);
  setActive(on);
  if (!on) setAsking(S.shouldAsk(settings, siteHost()));
  syncGuard();
}

let settingsRead = false;

// Injected twice (an extension reload): the first copy keeps the page.
if (!(globalThis.Rapport && globalThis.Rapport.started)) {
  // What the browser suites and the benchmarks read in the content script's world: the
  // counters and the modules. Nothing in the extension reads it.
  globalThis.Rapport = { started: true, stats, engineHost, textmodel, incremental: I, card, customer, sendguard, layout };
  chrome.runtime.onMessage.addListener(onMessage);
  S.onChange(settingsChanged);
  S.load().then((s) => { settings = s; settingsRead = true; activate(); }).catch(() => {});
}
