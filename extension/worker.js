// The service worker: the engine for pages whose CSP forbids WebAssembly in the content
// script, the relay for keyboard commands, and rules for the options page.
// Bundled with its imports into bundle/worker.js (extension/build/bundle.mjs): Chrome runs
// the bundle as the service worker; Firefox (no extension service workers) runs it as an
// event page, its manifest's background.scripts (extension/build/dist.mjs).
import { MSG, COMMANDS } from './protocol.js';
import * as S from './settings.js';
import { t } from './i18n.js';
import * as coaching from './coaching.js';
import { EngineCore, compileEngine } from './engine-core.js';
import { packsInForce } from './packs.js';

// make(), asked once and its promise kept; asked again after it failed or was forgotten.
function kept(make) {
  let promise = null;
  const get = () => {
    if (!promise) {
      promise = make();
      promise.catch(() => { promise = null; });
    }
    return promise;
  };
  get.forget = () => { promise = null; };
  return get;
}

const compiledEngine = kept(() => compileEngine(chrome.runtime.getURL('engine/rapport_bg.wasm')));

// The organisation's policy packs that passed the checks (packs.js): the worker reads the
// policy itself, so the content script never sends pack texts by message.
const policyPacks = kept(async () => {
  const [compiled, settings] = await Promise.all([compiledEngine(), S.load()]);
  return packsInForce(() => new EngineCore(compiled), settings.packs, `wasm:${compiled.size}`);
});

let core = null;
let coreKey = null;

// The engine for these options ({disabledRules, severityOverrides, formalRegister} from the content script)
// and the packs in force: built again when either changed.
async function engineFor(options) {
  const { disabledRules, severityOverrides, formalRegister } = options || {};
  const opts = { disabledRules: Array.isArray(disabledRules) ? disabledRules : [], severityOverrides: severityOverrides || {}, formalRegister: formalRegister === true };
  const [compiled, packs] = await Promise.all([compiledEngine(), policyPacks()]);
  const key = JSON.stringify(opts);
  if (!core) core = new EngineCore(compiled, { options: opts, packs });
  else if (coreKey !== key || core.packs !== packs) core.configure(opts, packs);
  coreKey = key;
  return core;
}

// context: {customerMessage} read from the page by the content script, or undefined. It is
// used for this one analysis and never kept. A reply in a language whose part of the
// catalog is not loaded yet is answered once it is.
async function analyze(text, options, context) {
  return (await engineFor(options)).analyze(text, context);
}

// The engine as it was last configured (with the built-in rules and the packs in force
// when there is none yet), for what needs no options of the agent's.
async function anyEngine() {
  const [compiled, packs] = await Promise.all([compiledEngine(), policyPacks()]);
  if (!core) core = new EngineCore(compiled, { packs });
  return { core, packs };
}

// Where the engine stops reading a text (its signature or e-mail history starts there).
async function analysisEnd(text) {
  return (await anyEngine()).core.call((_, glue) => glue.analysisEnd(text));
}

// Every rule, disabled or not (the built-in ones and those of the policy packs in force), for
// the options page; the packs' check is in chrome.storage.local (packs.js, packStatus).
async function allRules() {
  const engine = await anyEngine();
  await engine.core.loadAll();
  const rules = (e) => e.rules();
  try { return engine.core.withEngine(undefined, engine.packs, rules); } catch (_) { return engine.core.withEngine(undefined, [], rules); }
}

// A policy or settings change: check the packs again (cached per policy), and keep no
// coaching stats once they are off.
function settingsChanged(settings) {
  policyPacks.forget();
  if (settings.packs.length) policyPacks().catch(() => {}); // the options page shows the result
  if (!settings.coachingStats) coaching.clear().catch(() => {});
}
S.onChange(settingsChanged);
S.load().then(settingsChanged, () => {});

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (!msg || sender.id !== chrome.runtime.id) return;
  if (msg.type === MSG.ANALYZE) {
    if (typeof msg.text !== 'string') { reply({ error: 'text must be a string' }); return; }
    const c = msg.context;
    const context = c && typeof c.customerMessage === 'string' ? { customerMessage: c.customerMessage } : undefined;
    analyze(msg.text, msg.options, context).then((report) => reply({ report }), (e) => reply({ error: String(e && e.message || e) }));
    return true;
  }
  if (msg.type === MSG.ANALYSIS_END) {
    if (typeof msg.text !== 'string') { reply({ error: 'text must be a string' }); return; }
    analysisEnd(msg.text).then((end) => reply({ end }), (e) => reply({ error: String(e && e.message || e) }));
    return true;
  }
  if (msg.type === MSG.EXPLAIN) {
    if (typeof msg.rule !== 'string') { reply({ error: 'rule must be a string' }); return; }
    explanations().then((all) => reply({ text: Object.hasOwn(all, msg.rule) ? all[msg.rule] : '' }), (e) => reply({ error: String(e && e.message || e) }));
    return true;
  }
  if (msg.type === MSG.HELPDESKS) {
    helpdeskFiles().then((files) => reply({ files }), (e) => reply({ error: String(e && e.message || e) }));
    return true;
  }
  if (msg.type === MSG.BADGE) {
    const tabId = sender.tab && sender.tab.id;
    const count = Number.isInteger(msg.count) && msg.count > 0 ? msg.count : 0;
    if (tabId == null) return;
    chrome.action.setBadgeBackgroundColor({ tabId, color: '#d93025' }).catch(() => {});
    chrome.action.setBadgeText({ tabId, text: count ? String(Math.min(count, 99)) + (count > 99 ? '+' : '') : '' }).catch(() => {});
    return;
  }
  if (msg.type === MSG.SHORTCUTS) {
    chrome.commands.getAll().then(
      (all) => reply({ shortcuts: Object.fromEntries(all.filter((c) => c.name).map((c) => [c.name, c.shortcut || ''])) }),
      (e) => reply({ error: String(e && e.message || e) }),
    );
    return true;
  }
  if (msg.type === MSG.RULES) {
    allRules().then((rules) => reply({ rules }), (e) => reply({ error: String(e && e.message || e) }));
    return true;
  }
});

// The built-in rules' explanations, which the wasm leaves out of its reports (its download
// and every tab's memory would carry them for the few cards that open): read from the
// package on the first card that asks, then kept.
const explanations = kept(async () => {
  const res = await fetch(chrome.runtime.getURL('engine/rapport_text.json'));
  if (!res.ok) throw new Error(`engine/rapport_text.json: HTTP ${res.status}`);
  return (await res.json()).explanations;
});

// The helpdesk data files, as text: the content script parses and validates them (a bad
// file is reported there by name and field, and skipped). Read from the package, so it
// works without web_accessible_resources; a file that cannot be read is reported too.
const helpdeskFiles = kept(async () => {
  const read = async (file) => {
    try {
      const res = await fetch(chrome.runtime.getURL(`helpdesks/${file}`));
      if (!res.ok) return { file, error: `cannot be read (HTTP ${res.status})` };
      return { file, text: await res.text() };
    } catch (e) {
      return { file, error: `cannot be read (${e && e.message || e})` };
    }
  };
  const index = await read('index.json');
  if (index.error) return [index];
  let names;
  try { names = JSON.parse(index.text); } catch (e) { return [{ file: 'index.json', error: `is not JSON: ${e.message}` }]; }
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && /^[\w-]+\.json$/.test(n))) {
    return [{ file: 'index.json', error: 'must be an array of file names like "zendesk.json"' }];
  }
  return Promise.all(names.map(read));
});

// Keyboard commands go to every frame of the tab; the frame whose editor has focus acts.
function relayCommand(command, tab) {
  if (!tab || tab.id == null) return Promise.resolve();
  return chrome.tabs.sendMessage(tab.id, { type: MSG.COMMAND, command }).catch(() => {});
}
chrome.commands.onCommand.addListener(relayCommand);

// "Coach my reply to this message": the right-click twin of the coach-to-selection key, for
// agents on a page no helpdesk data file describes. It needs the "contextMenus" permission
// (the only way to add an item to the page's context menu); it sees nothing but the click,
// and the frame that has the selection reads the selected text itself.
const MENU_ID = 'rapport-coach-to-selection';
function menuClicked(info, tab) {
  if (!info || info.menuItemId !== MENU_ID || !tab || tab.id == null) return Promise.resolve();
  const opts = typeof info.frameId === 'number' ? { frameId: info.frameId } : undefined;
  return chrome.tabs.sendMessage(tab.id, { type: MSG.COMMAND, command: COMMANDS.COACH_SELECTION }, opts).catch(() => {});
}
if (chrome.contextMenus) {
  chrome.runtime.onInstalled.addListener(() => {
    chrome.contextMenus.create({ id: MENU_ID, title: t('contextMenuCoach'), contexts: ['selection'] }, () => void chrome.runtime.lastError);
  });
  chrome.contextMenus.onClicked.addListener(menuClicked);
}

// Installed, not updated: the welcome page says what Rapport does and lets the agent try it.
chrome.runtime.onInstalled.addListener((details) => {
  if (details.reason === 'install') chrome.tabs.create({ url: chrome.runtime.getURL('welcome.html') }).catch(() => {});
});

// What the browser suites call in the worker: the command relay, the menu item's click, the
// engine and the settings module. Nothing in the extension reads these.
Object.assign(self, { rapportRelayCommand: relayCommand, rapportMenuClicked: menuClicked, rapportAnalyze: analyze, RapportSettings: S });
