// Settings shared by the content script, the worker, the popup and the options page: the one
// place that computes the effective settings from the organisation's policy, the agent's own
// choices and the defaults.
//   chrome.storage.managed   the policy (keys in managed_schema.json; docs/managers.md)
//   chrome.storage.sync  "settings": the agent's own {sites: {host: boolean}, siteMode, disabledRules: string[],
//                                    severityOverrides: {ruleId: "low"|"medium"|"high"},
//                                    sendGuard: "off"|"warn"|"confirm", coachingStats: boolean, formalRegister: boolean,
//                                    siteLanguages: {host: "en"|"es"|"de"|"fr"|"pt"}}
//   chrome.storage.local "enginePath": {origin: {path: "content"|"worker", at: ms}}  (which engine host works)
//                        "packCheck": {key, loaded, rejected}  (policy packs checked once per policy and engine: packs.js)
//                        "coachingStats": {since, shown: {ruleId: n}, applied: {ruleId: n}}  (opt-in; counts only: coaching.js)
// Precedence: policy > agent > defaults. A setting the policy locks ignores the agent's value,
// and writes to it are refused here, whatever page asks.
import { t } from './i18n.js';

// Helpdesks where Rapport is on until the agent turns it off: those with a data file
// (extension/helpdesks/; every file's hosts are covered here, and every domain here covers
// a file's host unless it is one of HELPDESKS_WITHOUT_FILE: tests/unit/helpdesks.test.mjs),
// and those without one, whose pages the layout reader serves (content/layout.js).
const HELPDESKS_WITHOUT_FILE = ['salesforce.com', 'force.com', 'lightning.force.com', 'outlook.office.com', 'outlook.live.com'];
const HELPDESK_DOMAINS = [
  'zendesk.com', 'freshdesk.com', 'intercom.com', 'intercom.io', 'helpscout.net',
  'gorgias.com', 'front.com', 'frontapp.com', 'hubspot.com', 'mail.google.com',
  ...HELPDESKS_WITHOUT_FILE,
];
const SEVERITIES = ['low', 'medium', 'high'];
const SEND_GUARD_MODES = ['off', 'warn', 'confirm'];
// Where Rapport runs on a site the agent has not decided for: known helpdesks only, every
// site, or nowhere until the agent says yes (the in-field button asks).
const SITE_MODES = ['helpdesks', 'all', 'ask'];
// The languages the engine reads. A site without one has each paragraph's language detected;
// a team that always answers in Spanish sets it, so a short reply ("Tranquilo.") that
// carries too little evidence to detect is read with the Spanish rules.
const REPLY_LANGUAGES = ['en', 'es', 'de', 'fr', 'pt'];
// Each language by its own name, wherever the agent picks one.
const LANGUAGE_NAMES = { en: 'English', es: 'Español', de: 'Deutsch', fr: 'Français', pt: 'Português' };
const LOCKABLE = ['sites', 'siteMode', 'disabledRules', 'severityOverrides', 'sendGuard', 'coachingStats', 'formalRegister'];
const POLICY_KEYS = ['managedBy', 'enabledSites', 'disabledSites', 'siteMode', 'packs', 'disabledRules',
  'severityOverrides', 'sendGuard', 'coachingStats', 'formalRegister', 'siteLanguages', 'lockedSettings'];
const DEFAULTS = Object.freeze({
  sites: Object.freeze({}), siteMode: 'helpdesks', disabledRules: Object.freeze([]), severityOverrides: Object.freeze({}),
  sendGuard: 'off', coachingStats: false, formalRegister: false, siteLanguages: Object.freeze({}),
});
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const uniq = (list) => [...new Set(list)];
const describe = (v) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? 'a string' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

function severityMap(raw) {
  const out = {};
  if (!isObject(raw)) return out;
  for (const [id, sev] of Object.entries(raw)) if (SEVERITIES.includes(sev)) out[id] = sev;
  return out;
}

// The agent's own settings, as stored, with every field of the right type.
function normalize(raw) {
  const s = isObject(raw) ? raw : {};
  const sites = {};
  if (isObject(s.sites)) for (const [h, v] of Object.entries(s.sites)) if (typeof v === 'boolean') sites[h.toLowerCase()] = v;
  return {
    sites,
    siteMode: SITE_MODES.includes(s.siteMode) ? s.siteMode : DEFAULTS.siteMode,
    disabledRules: Array.isArray(s.disabledRules) ? uniq(s.disabledRules.filter((x) => typeof x === 'string')) : [],
    severityOverrides: severityMap(s.severityOverrides),
    sendGuard: SEND_GUARD_MODES.includes(s.sendGuard) ? s.sendGuard : DEFAULTS.sendGuard,
    coachingStats: typeof s.coachingStats === 'boolean' ? s.coachingStats : DEFAULTS.coachingStats,
    formalRegister: typeof s.formalRegister === 'boolean' ? s.formalRegister : DEFAULTS.formalRegister,
    siteLanguages: languageMap(s.siteLanguages),
  };
}

// {host: language code} with every entry checked; `errors` (the policy's) gets a line for
// each one left out, the agent's stored settings drop them silently.
function languageMap(raw, errors = []) {
  const out = {};
  if (!isObject(raw)) return out;
  for (const [h, code] of Object.entries(raw)) {
    const host = normalizeHost(h);
    if (!host) errors.push(`siteLanguages: ${JSON.stringify(h.slice(0, 100))} is not a host name; ignored`);
    else if (!REPLY_LANGUAGES.includes(code)) errors.push(`siteLanguages["${host}"] must be one of ${REPLY_LANGUAGES.join(', ')}, got ${typeof code === 'string' ? JSON.stringify(code.slice(0, 100)) : describe(code)}; ignored`);
    else out[host] = code;
  }
  return out;
}

// "Help.Example.com/x" (a scheme is dropped too), "*.example.com", ".example.com" -> "help.example.com", "example.com"
function normalizeHost(raw) {
  let h = String(raw).trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#].*$/, '');
  h = h.replace(/:\d+$/, '').replace(/^\*?\.+/, '').replace(/\.+$/, '');
  return /^[a-z0-9.-]+$/.test(h) || /^\[[0-9a-f:]+\]$/.test(h) ? h : null;
}

// Reads a raw policy object: every value checked against the schema's types. A wrong value
// is reported in `errors` and ignored (the rest of the policy still applies); never throws.
function readPolicy(raw) {
  const values = {};
  const errors = [];
  if (raw == null) return { values, errors };
  if (!isObject(raw)) return { values, errors: [`the policy must be an object, got ${describe(raw)}; ignored`] };
  const strings = (key, check) => {
    const v = raw[key];
    if (!Array.isArray(v)) { errors.push(`${key} must be a list of strings, got ${describe(v)}; ignored`); return; }
    const out = [];
    v.forEach((item, i) => {
      if (typeof item !== 'string') { errors.push(`${key}[${i}] must be a string, got ${describe(item)}; ignored`); return; }
      const ok = check ? check(item, i) : item;
      if (ok != null) out.push(ok);
    });
    values[key] = key === 'packs' ? out : uniq(out);
  };
  for (const key of Object.keys(raw)) {
    if (!POLICY_KEYS.includes(key)) { errors.push(`unknown policy key "${key}"; ignored`); continue; }
    const v = raw[key];
    switch (key) {
      case 'managedBy':
        if (typeof v === 'string' && v.trim()) values.managedBy = v.trim().slice(0, 200);
        else errors.push(`managedBy must be a non-empty string, got ${describe(v)}; ignored`);
        break;
      case 'enabledSites':
      case 'disabledSites':
        strings(key, (item, i) => {
          const h = normalizeHost(item);
          if (!h) errors.push(`${key}[${i}] is not a host name: ${JSON.stringify(item.slice(0, 100))}; ignored`);
          return h;
        });
        break;
      case 'packs':
      case 'disabledRules':
        strings(key);
        break;
      case 'lockedSettings':
        strings(key, (item, i) => {
          if (LOCKABLE.includes(item)) return item;
          errors.push(`lockedSettings[${i}] must be one of ${LOCKABLE.join(', ')}, got ${JSON.stringify(item.slice(0, 100))}; ignored`);
          return null;
        });
        break;
      case 'severityOverrides':
        if (!isObject(v)) { errors.push(`severityOverrides must be an object (rule id to low, medium or high), got ${describe(v)}; ignored`); break; }
        values.severityOverrides = {};
        for (const [id, sev] of Object.entries(v)) {
          if (SEVERITIES.includes(sev)) values.severityOverrides[id] = sev;
          else errors.push(`severityOverrides["${id.slice(0, 100)}"] must be low, medium or high, got ${typeof sev === 'string' ? JSON.stringify(sev.slice(0, 100)) : describe(sev)}; ignored`);
        }
        break;
      case 'sendGuard':
        if (SEND_GUARD_MODES.includes(v)) values.sendGuard = v;
        else errors.push(`sendGuard must be off, warn or confirm, got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 100)) : describe(v)}; ignored`);
        break;
      case 'siteMode':
        if (SITE_MODES.includes(v)) values.siteMode = v;
        else errors.push(`siteMode must be helpdesks, all or ask, got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 100)) : describe(v)}; ignored`);
        break;
      case 'siteLanguages':
        if (!isObject(v)) { errors.push(`siteLanguages must be an object (host name to ${REPLY_LANGUAGES.join(', ')}), got ${describe(v)}; ignored`); break; }
        values.siteLanguages = languageMap(v, errors);
        break;
      case 'coachingStats':
      case 'formalRegister':
        if (typeof v === 'boolean') values[key] = v;
        else errors.push(`${key} must be true or false, got ${describe(v)}; ignored`);
        break;
    }
  }
  return { values, errors };
}

// The effective settings from the agent's stored settings and the raw policy (null: none).
// Pure, so every context computes the same thing.
function effective(agentRaw, policyRaw, policyReadError) {
  const agent = normalize(agentRaw);
  const { values: p, errors } = readPolicy(policyRaw);
  if (policyReadError) errors.unshift(policyReadError);
  const locked = p.lockedSettings || [];
  const isLocked = (k) => locked.includes(k);
  const pick = (key) => (has(p, key) ? p[key] : isLocked(key) ? DEFAULTS[key] : agent[key]);
  const disabledRules = uniq([...(p.disabledRules || []), ...(isLocked('disabledRules') ? [] : agent.disabledRules)]);
  const severityOverrides = { ...(isLocked('severityOverrides') ? {} : agent.severityOverrides), ...(p.severityOverrides || {}) };
  return {
    sites: isLocked('sites') ? {} : agent.sites,
    enabledSites: p.enabledSites || [],
    disabledSites: p.disabledSites || [],
    siteMode: pick('siteMode'),
    disabledRules,
    severityOverrides,
    sendGuard: pick('sendGuard'),
    coachingStats: pick('coachingStats'),
    formalRegister: pick('formalRegister'),
    // per host, the policy's language wins over the agent's
    siteLanguages: { ...agent.siteLanguages, ...(p.siteLanguages || {}) },
    packs: p.packs || [],
    policy: {
      managedBy: p.managedBy || null,
      locked: locked.slice(),
      set: Object.keys(p).filter((k) => k !== 'managedBy' && k !== 'lockedSettings'),
      values: p,
      errors,
    },
    agent,
  };
}

function isHelpdesk(host) {
  host = String(host || '').toLowerCase();
  return HELPDESK_DOMAINS.some((d) => host === d || host.endsWith('.' + d));
}

const matchesAny = (list, host) => (list || []).some((d) => host === d || host.endsWith('.' + d));

// 'off' | 'on' when the policy decides for this host, else null.
function policyForSite(settings, host) {
  host = String(host || '').toLowerCase();
  if (matchesAny(settings.disabledSites, host)) return 'off';
  if (matchesAny(settings.enabledSites, host)) return 'on';
  return null;
}

// The agent's own choice for this host (unless the sites list is locked): true, false, or
// null when they have not decided.
function siteChoice(settings, host) {
  const v = (settings.sites || {})[String(host || '').toLowerCase()];
  return typeof v === 'boolean' ? v : null;
}

// Policy disabledSites > policy enabledSites > the agent's choice (unless locked) > the
// site mode (helpdesks only, every site, or none until asked).
function isActive(settings, host) {
  const forced = policyForSite(settings, host);
  if (forced) return forced === 'on';
  const v = siteChoice(settings, host);
  if (v !== null) return v;
  const mode = settings.siteMode || DEFAULTS.siteMode;
  return mode === 'all' ? true : mode === 'ask' ? false : isHelpdesk(host);
}

// The reply language set for this host or the nearest domain above it ("es"), or null:
// detect each paragraph's. `fromPolicy`: whether the policy set it (the agent cannot change it).
function languageForSite(settings, host) {
  host = String(host || '').toLowerCase();
  const map = settings.siteLanguages || {};
  for (let h = host; h; h = h.includes('.') ? h.slice(h.indexOf('.') + 1) : '') {
    if (has(map, h)) {
      const policy = (settings.policy && settings.policy.values.siteLanguages) || {};
      return { code: map[h], fromPolicy: has(policy, h), host: h };
    }
  }
  return null;
}

// In "ask" mode, a site nobody has decided for: the in-field button offers to turn it on.
function shouldAsk(settings, host) {
  return (settings.siteMode || DEFAULTS.siteMode) === 'ask' && !policyForSite(settings, host) && siteChoice(settings, host) === null;
}

function isLocked(settings, key) {
  return !!(settings.policy && settings.policy.locked.includes(key));
}

// "Locked by Acme Support" / "Locked by your organisation's policy"
function lockedLabel(settings) {
  const by = settings.policy && settings.policy.managedBy;
  return by ? t('lockedBy', by) : t('lockedByPolicy');
}

// chrome.storage.managed is missing or throws where no policy can exist (Firefox without
// policies.json, other browsers): that is "no policy", not an error.
async function readManaged() {
  try {
    const area = globalThis.chrome && chrome.storage && chrome.storage.managed;
    if (!area || typeof area.get !== 'function') return { policy: null };
    return { policy: await area.get(null) };
  } catch (e) {
    const msg = String(e && e.message || e);
    if (/managed storage manifest not found|not supported|no managed|storage\.managed/i.test(msg)) return { policy: null };
    return { policy: null, error: `the policy could not be read: ${msg}` };
  }
}

async function loadAgent() {
  const got = await chrome.storage.sync.get('settings');
  return normalize(got.settings);
}

async function load() {
  const [agent, managed] = await Promise.all([loadAgent(), readManaged()]);
  return effective(agent, managed.policy, managed.error);
}

class LockedError extends Error {}

// Read-modify-write of the agent's settings under one function, so callers never clobber
// each other's fields. A write to a setting the policy locks is refused: nothing is written.
// `keys`: the settings this write means to set (refused when locked even if the value would
// not change); any other locked setting fn changes is refused too.
async function update(fn, keys = []) {
  const [agent, managed] = await Promise.all([loadAgent(), readManaged()]);
  const current = effective(agent, managed.policy, managed.error);
  const next = normalize(agent);
  fn(next);
  const after = normalize(next);
  for (const key of current.policy.locked) {
    if (keys.includes(key) || JSON.stringify(after[key]) !== JSON.stringify(agent[key])) {
      throw new LockedError(t('lockedSetting', key, lockedLabel(current)));
    }
  }
  await chrome.storage.sync.set({ settings: after });
  return effective(after, managed.policy, managed.error);
}

async function setSite(host, on) {
  host = String(host).toLowerCase();
  const current = await load();
  const forced = policyForSite(current, host);
  if (forced && !isLocked(current, 'sites')) throw new LockedError(forced === 'on' ? t('lockedSiteOn', host, lockedLabel(current)) : t('lockedSiteOff', host, lockedLabel(current)));
  return update((s) => { s.sites[host] = !!on; }, ['sites']);
}

function setRule(id, on) {
  return update((s) => {
    s.disabledRules = s.disabledRules.filter((r) => r !== id);
    if (!on) s.disabledRules.push(id);
  }, ['disabledRules']);
}

function setSeverity(id, severity) {
  return update((s) => {
    if (SEVERITIES.includes(severity)) s.severityOverrides[id] = severity;
    else delete s.severityOverrides[id];
  }, ['severityOverrides']);
}

function setSendGuard(mode) {
  if (!SEND_GUARD_MODES.includes(mode)) return Promise.reject(new Error(`sendGuard must be off, warn or confirm, got ${mode}`));
  return update((s) => { s.sendGuard = mode; }, ['sendGuard']);
}

function setSiteMode(mode) {
  if (!SITE_MODES.includes(mode)) return Promise.reject(new Error(`siteMode must be helpdesks, all or ask, got ${mode}`));
  return update((s) => { s.siteMode = mode; }, ['siteMode']);
}

// code: one of REPLY_LANGUAGES, or null to detect each paragraph's language again.
async function setSiteLanguage(host, code) {
  host = normalizeHost(host);
  if (!host) throw new Error(`not a host name: ${host}`);
  if (code !== null && !REPLY_LANGUAGES.includes(code)) throw new Error(`the reply language must be one of ${REPLY_LANGUAGES.join(', ')}, got ${code}`);
  const current = await load();
  const set = languageForSite(current, host);
  if (set && set.fromPolicy) throw new LockedError(t('lockedSetting', 'siteLanguages', lockedLabel(current)));
  return update((s) => {
    if (code === null) delete s.siteLanguages[host];
    else s.siteLanguages[host] = code;
  });
}

function setCoachingStats(on) {
  return update((s) => { s.coachingStats = !!on; }, ['coachingStats']);
}

// The team writes in the formal business register ("Dear Sir", "kindly", "revert"): the
// engine leaves out the rules whose wording is that register's own.
function setFormalRegister(on) {
  return update((s) => { s.formalRegister = !!on; }, ['formalRegister']);
}

// What the engine is built from. `packs` are the policy's pack texts, all of them: the
// engine hosts check them (packs.js) and never send them by message.
function engineOptions(s) {
  return {
    disabledRules: (s.disabledRules || []).slice(),
    severityOverrides: { ...(s.severityOverrides || {}) },
    formalRegister: s.formalRegister === true,
    packs: (s.packs || []).slice(),
  };
}

// cb(effective settings) after the agent's settings or the policy change.
function onChange(cb) {
  chrome.storage.onChanged.addListener((changes, area) => {
    if ((area === 'sync' && changes.settings) || area === 'managed') load().then(cb, (e) => console.error('rapport: settings', e));
  });
}

async function enginePathFor(origin) {
  const got = await chrome.storage.local.get('enginePath');
  return (got.enginePath || {})[origin] || null;
}

async function rememberEnginePath(origin, path) {
  const got = await chrome.storage.local.get('enginePath');
  const map = got.enginePath || {};
  map[origin] = path;
  await chrome.storage.local.set({ enginePath: map });
}

export {
  HELPDESK_DOMAINS, HELPDESKS_WITHOUT_FILE, DEFAULTS, SEVERITIES, SEND_GUARD_MODES, SITE_MODES, LOCKABLE, POLICY_KEYS, REPLY_LANGUAGES, LANGUAGE_NAMES,
  LockedError, normalize, normalizeHost, readPolicy, effective, isHelpdesk, isActive, shouldAsk, policyForSite, isLocked,
  lockedLabel, readManaged, load, update, setSite, setRule, setSeverity, setSendGuard, setSiteMode, setCoachingStats, setFormalRegister,
  languageForSite, setSiteLanguage,
  engineOptions, onChange, enginePathFor, rememberEnginePath,
};
