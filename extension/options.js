// Options: sites, Send guard, coaching stats, the organisation's phrase packs and the rules
// (the list comes from the engine itself). Whatever the policy locks is shown disabled with
// who locked it; settings.js refuses those writes anyway. Every string is set as text.
import { MSG } from './protocol.js';
import * as S from './settings.js';
import * as coaching from './coaching.js';
import { packStatus } from './packs.js';
import { t, plural, language, severityLabel, categoryLabel, localizePage } from './i18n.js';
localizePage();
const $ = (id) => document.getElementById(id);
const el = (tag, text) => { const n = document.createElement(tag); if (text != null) n.textContent = String(text); return n; };

function showError(e) {
  $('error').hidden = false;
  $('error').textContent = String(e && e.message || e);
}
// a refused write (locked) or a failed one is said on the page, never silently dropped;
// while one is on its way, a render of the settings read before it would undo the agent's
// click on screen: it is skipped, and done again once the writes are through
let writing = 0;
let skipped = false;
const write = (p) => {
  writing++;
  return p.catch(showError).finally(() => {
    if (--writing === 0 && skipped) { skipped = false; refresh(); }
  });
};

function lockNote(id, settings, key) {
  const locked = S.isLocked(settings, key);
  $(id).hidden = !locked;
  $(id).textContent = locked ? S.lockedLabel(settings) : '';
  return locked;
}

// "Set by Acme" for a value the policy sets without locking: it applies all the same.
function setByLabel(settings) {
  const by = settings.policy.managedBy;
  return by ? t('setBy', by) : t('setByPolicy');
}

function renderPolicy(settings) {
  const p = settings.policy;
  const managed = p.managedBy || p.set.length || p.locked.length || p.errors.length;
  $('policy').hidden = !managed;
  $('managed-by').textContent = p.managedBy ? t('optionsManagedBy', p.managedBy) : t('optionsSomeFromPolicy');
  $('policy-errors').replaceChildren(...p.errors.map((e) => el('li', t('optionsPolicyError', e))));
}

function renderSites(settings) {
  const locked = lockNote('sites-lock', settings, 'sites');
  const ul = $('sites');
  ul.replaceChildren();
  const hosts = Object.keys(settings.agent.sites).sort();
  if (!hosts.length) ul.append(el('li', t('optionsNoneYet')));
  for (const host of hosts) {
    const li = el('li');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = settings.agent.sites[host];
    box.setAttribute('aria-label', host);
    const forced = S.policyForSite(settings, host);
    box.disabled = locked || !!forced;
    box.addEventListener('change', () => write(S.setSite(host, box.checked)));
    // unticking turns Rapport off here; this drops the agent's choice, so the site follows
    // "where Rapport runs" again
    const forget = el('button', t('optionsUseDefault'));
    forget.title = t('optionsUseDefaultTitle', host);
    forget.setAttribute('aria-label', t('optionsUseDefaultFor', host));
    forget.disabled = locked;
    forget.addEventListener('click', () => write(S.update((s) => { delete s.sites[host]; })));
    li.append(box, ' ', el('span', host), ' ', forget);
    if (forced) li.append(' ', el('span', forced === 'on' ? t('optionsOnByPolicy') : t('optionsOffByPolicy')));
    ul.append(li);
  }
  $('new-site').disabled = locked;
  $('add-site-button').disabled = locked;
  const policyList = $('policy-site-list');
  policyList.replaceChildren(
    ...settings.enabledSites.map((h) => el('li', t('optionsPolicySiteOn', h))),
    ...settings.disabledSites.map((h) => el('li', t('optionsPolicySiteOff', h))),
  );
  $('policy-sites').hidden = !policyList.children.length;
}

// A select or a switch for a setting the policy may lock or set: `${id}-lock` says which.
function renderPolicyControl(settings, key, id) {
  const control = $(id);
  if (control.type === 'checkbox') control.checked = settings[key];
  else control.value = settings[key];
  const locked = lockNote(`${id}-lock`, settings, key);
  const set = settings.policy.set.includes(key);
  control.disabled = locked || set;
  if (!locked && set) { $(`${id}-lock`).hidden = false; $(`${id}-lock`).textContent = setByLabel(settings); }
}

async function renderCoaching(settings) {
  renderPolicyControl(settings, 'coachingStats', 'coaching-stats');
  const st = settings.coachingStats ? await coaching.read() : null;
  $('coaching').hidden = !settings.coachingStats;
  const body = $('coaching-table').tBodies[0];
  body.replaceChildren();
  const ids = st ? [...new Set([...Object.keys(st.shown || {}), ...Object.keys(st.applied || {})])].sort() : [];
  if (!ids.length) {
    const tr = el('tr');
    const td = el('td', t('optionsNothingCounted'));
    td.colSpan = 3;
    tr.append(td);
    body.append(tr);
  }
  for (const id of ids) {
    const tr = el('tr');
    tr.dataset.rule = id;
    tr.append(el('td', id), el('td', (st.shown || {})[id] || 0), el('td', (st.applied || {})[id] || 0));
    body.append(tr);
  }
  $('coaching-since').textContent = st && st.since ? t('optionsCountedSince', new Date(st.since).toLocaleDateString(language())) : '';
}

async function renderPacks(settings) {
  const status = settings.packs.length ? await packStatus() : null;
  $('packs-none').hidden = !!settings.packs.length;
  if (settings.packs.length && !status) {
    $('packs-none').hidden = false;
    $('packs-none').textContent = t('optionsCheckingPacks');
  }
  const label = (p) => (p.name ? t('optionsPackNamed', p.index, p.name) : t('optionsPack', p.index));
  $('packs-loaded').replaceChildren(...(status ? status.loaded : []).map((p) => {
    const li = el('li', p.overrides ? t('optionsPackLoadedOverrides', label(p), plural('optionsRuleCount', p.rules), plural('optionsOverrideCount', p.overrides)) : t('optionsPackLoaded', label(p), plural('optionsRuleCount', p.rules)));
    li.dataset.pack = String(p.index);
    return li;
  }));
  $('packs-rejected').replaceChildren(...(status ? status.rejected : []).map((p) => {
    const li = el('li', `${t('optionsPackRejected', label(p))}\n${p.errors.map((e) => `  - ${e}`).join('\n')}`);
    li.dataset.pack = String(p.index);
    return li;
  }));
}

function renderRules(rules, settings) {
  const rulesLocked = lockNote('rules-lock', settings, 'disabledRules');
  const sevLocked = lockNote('severity-lock', settings, 'severityOverrides');
  if (sevLocked) $('severity-lock').textContent = t('optionsSeveritiesLocked', S.lockedLabel(settings));
  const policy = settings.policy.values;
  const body = $('rules').tBodies[0];
  body.replaceChildren();
  const levelNames = Object.fromEntries(S.SEVERITIES.map((level) => [level, severityLabel(level)]));
  for (const r of rules) {
    const tr = el('tr');
    tr.dataset.rule = r.id;
    tr.dataset.lang = r.lang || 'en';
    const box = el('input');
    box.type = 'checkbox';
    box.checked = !settings.disabledRules.includes(r.id);
    box.setAttribute('aria-label', r.id);
    const offByPolicy = (policy.disabledRules || []).includes(r.id);
    box.disabled = rulesLocked || offByPolicy;
    box.addEventListener('change', () => write(S.setRule(r.id, box.checked)));
    const on = el('td');
    on.append(box);
    if (offByPolicy && !rulesLocked) on.append(el('span', settings.policy.managedBy ? t('optionsOffBy', settings.policy.managedBy) : t('optionsRuleOffByPolicy')));
    const sev = el('select');
    sev.setAttribute('aria-label', t('optionsSeverityOf', r.id));
    const current = settings.severityOverrides[r.id] || r.severity;
    for (const level of S.SEVERITIES) {
      const o = el('option', levelNames[level]);
      o.value = level;
      o.selected = level === current;
      sev.append(o);
    }
    const sevByPolicy = Object.prototype.hasOwnProperty.call(policy.severityOverrides || {}, r.id);
    sev.disabled = sevLocked || sevByPolicy;
    sev.addEventListener('change', () => write(S.setSeverity(r.id, sev.value)));
    const sevCell = el('td');
    sevCell.append(sev);
    // a rule reads as its words ("did you plug it in"); the id stays for policies
    const name = el('td', r.id.replace(/-/g, ' '));
    name.title = r.id;
    tr.append(on, name, el('td', categoryLabel(r.category)), sevCell, el('td', r.message));
    body.append(tr);
  }
  filterRules();
}

// Over two hundred rules: the search narrows the table as the agent types, by the
// rule's words, its family or what it catches.
function filterRules() {
  const words = $('rule-search').value.toLowerCase().split(/\s+/).filter(Boolean);
  const lang = $('rule-lang').value;
  let shown = 0;
  const rows = [...$('rules').tBodies[0].rows];
  for (const tr of rows) {
    const text = `${tr.dataset.rule} ${tr.textContent}`.toLowerCase();
    tr.hidden = !words.every((w) => text.includes(w)) || (lang !== '' && tr.dataset.lang !== lang);
    if (!tr.hidden) shown++;
  }
  $('rule-count').textContent = words.length || lang ? plural('optionsRulesShown', rows.length, shown) : plural('optionsRulesCount', rows.length);
}
$('rule-search').addEventListener('input', filterRules);
$('rule-lang').addEventListener('change', filterRules);
// the catalog's languages, each by its own name: a team that answers in German finds its rules
function fillRuleLanguages(rules) {
  const select = $('rule-lang');
  for (const [code, name] of Object.entries(S.LANGUAGE_NAMES)) {
    if (!rules.some((r) => (r.lang || 'en') === code) || select.querySelector(`option[value="${code}"]`)) continue;
    const option = el('option', name);
    option.value = code;
    option.lang = code;
    select.append(option);
  }
}

let rules = [];
let rendering = Promise.resolve();
function refresh() {
  rendering = rendering.then(async () => {
    const settings = await S.load();
    if (writing) { skipped = true; return; }
    renderPolicy(settings);
    renderSites(settings);
    renderPolicyControl(settings, 'siteMode', 'site-mode');
    renderPolicyControl(settings, 'sendGuard', 'send-guard');
    renderPolicyControl(settings, 'formalRegister', 'formal-register');
    renderRules(rules, settings);
    await renderCoaching(settings);
    await renderPacks(settings);
    document.body.dataset.ready = 'true';
  }).catch(showError);
  return rendering;
}

$('defaults').textContent = t('optionsHelpdesks', S.HELPDESK_DOMAINS.join(', '));
$('add-site').addEventListener('submit', (e) => {
  e.preventDefault();
  const host = S.normalizeHost($('new-site').value);
  if (host) write(S.setSite(host, true));
  $('new-site').value = '';
});
$('site-mode').addEventListener('change', () => write(S.setSiteMode($('site-mode').value)).then(refresh));
$('send-guard').addEventListener('change', () => write(S.setSendGuard($('send-guard').value)).then(refresh));
$('coaching-stats').addEventListener('change', () => write(S.setCoachingStats($('coaching-stats').checked)).then(refresh));
$('formal-register').addEventListener('change', () => write(S.setFormalRegister($('formal-register').checked)).then(refresh));
$('coaching-reset').addEventListener('click', () => coaching.clear().then(refresh, showError));
S.onChange(() => refresh());
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (changes.coachingStats || changes.packCheck)) refresh();
});
chrome.runtime.sendMessage({ type: MSG.RULES }).then((reply) => {
  if (!reply || reply.error) throw new Error(reply ? reply.error : t('welcomeNoAnswer'));
  rules = reply.rules.slice().sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id)); // grouped by family
  fillRuleLanguages(rules);
  return refresh();
}).catch((e) => { showError(new Error(t('optionsRulesFailed', e.message))); refresh(); });
// Diagnostics for a bug report: each tab whose reply box Rapport is attached to answers
// with the selectors it tried and which matched (content/main.js), never any text.
async function copyDiagnostics() {
  $('diagnostics-status').textContent = t('optionsCollecting');
  const tabs = await chrome.tabs.query({});
  const found = [];
  for (const tab of tabs) {
    let d = null;
    try { d = await chrome.tabs.sendMessage(tab.id, { type: MSG.DIAGNOSTICS }); } catch (_) { d = null; }
    if (d) found.push(d);
  }
  const out = JSON.stringify({ rapport: chrome.runtime.getManifest().version, browser: navigator.userAgent.match(/(Chrome|Chromium|Firefox)\/[\d.]+/)?.[0] || null, tabs: found }, null, 2);
  $('diagnostics-out').textContent = out;
  $('diagnostics-out').hidden = false;
  let copied = false;
  try { await navigator.clipboard.writeText(out); copied = true; } catch (_) { copied = false; }
  $('diagnostics-status').textContent = !found.length
    ? t('optionsNoHelpdeskTab')
    : copied ? plural('optionsCopiedTabs', found.length) : t('optionsSelectAndCopy');
}
$('copy-diagnostics').addEventListener('click', () => { copyDiagnostics().catch(showError); });
