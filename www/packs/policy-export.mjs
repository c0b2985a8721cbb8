// The managed policy a manager distributes, in the file format of each platform. Plain
// functions of plain data (no DOM), so node's test runner checks them (tests/www/) and the
// pack builder page calls them. The policy keys are those of extension/managed_schema.json.

export const EXTENSION_ID = 'jbakghobbmmfjdifppgpanacebiganil';
export const GECKO_ID = 'rapport@rapport-coach';
// The extension's own settings module says which keys a policy has and which settings it
// can lock, so the builder never offers what the extension would ignore.
import * as Settings from '../../extension/settings.js';

export const SEND_GUARD = Settings.SEND_GUARD_MODES;
export const SEVERITIES = Settings.SEVERITIES;
export const SITE_MODES = Settings.SITE_MODES;
export const LOCKABLE = Settings.LOCKABLE;
export const REPLY_LANGUAGES = Settings.REPLY_LANGUAGES;
// The order keys appear in every export, as in the managed schema.
export const POLICY_KEYS = Settings.POLICY_KEYS;

export const REG_KEY = `HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${EXTENSION_ID}\\policy`;
export const MAC_PAYLOAD_TYPE = `com.google.Chrome.extensions.${EXTENSION_ID}`;

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const MAX_NAME = 200;

// One item per line (commas too), trimmed, blanks dropped, duplicates once.
export function parseList(text) {
  return [...new Set(String(text ?? '').split(/[\n,]/).map((s) => s.trim()).filter(Boolean))];
}

// "key: value" (or "key = value") per line; accept(key, value, out) fills `out` or returns
// what is wrong, reported with the field's name and the line.
function parsePairs(text, field, shape, accept) {
  const out = {};
  const problems = [];
  String(text ?? '').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    // the key runs to the last separator: a host may be pasted as a URL ("https://help.acme.example: es")
    const m = /^\s*(\S.*?)\s*[:=]\s*([^\s:=]+)\s*$/.exec(line);
    const problem = m ? accept(m[1], m[2], out) : `write "${shape}"`;
    if (problem) problems.push(`${field}, line ${i + 1}: ${problem}`);
  });
  return { value: out, problems };
}

// "rule-id: high" (or "rule-id = high") per line.
export function parseSeverityOverrides(text) {
  return parsePairs(text, 'Severity overrides', 'rule-id: low|medium|high', (id, level, out) => {
    if (!RULE_ID.test(id)) return `"${id}" is not a rule id (kebab-case)`;
    if (!SEVERITIES.includes(level.toLowerCase())) return `"${level}" must be low, medium or high`;
    out[id] = level.toLowerCase();
    return null;
  });
}

// "help.acme.example: es" per line: the language a site's replies are read in.
export function parseSiteLanguages(text) {
  return parsePairs(text, 'Reply language per site', `host: ${REPLY_LANGUAGES.join('|')}`, (entry, code, out) => {
    const host = normalizeHost(entry);
    if (!HOST.test(host) || host.length > 253) return `"${entry}" is not a host name`;
    if (!REPLY_LANGUAGES.includes(code.toLowerCase())) return `"${code}" must be one of ${REPLY_LANGUAGES.join(', ')}`;
    out[host] = code.toLowerCase();
    return null;
  });
}

// A host as agents would type it: lower case, without scheme, path or port.
function normalizeHost(entry) {
  let h = entry.trim().toLowerCase();
  h = h.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '').replace(/\.$/, '');
  return h;
}

// The pack's JSON text, minified: what goes into the policy's `packs`. Throws on JSON
// that does not parse (the page validates with the engine first).
export function minifyPack(text) {
  return JSON.stringify(JSON.parse(text));
}

// form: {managedBy, enabledSites, disabledSites, siteMode ('' = agent decides),
// disabledRules, severityOverrides and siteLanguages (text or object), sendGuard ('' = agent decides), coachingStats (true, false or null = agent
// decides), lockedSettings}; lists as arrays or text. packs: the packs' JSON texts.
// Returns {policy, problems}; keys that are not set are left out of the policy.
export function buildPolicy(form, packs = []) {
  const problems = [];
  const policy = {};
  const list = (v) => (Array.isArray(v) ? parseList(v.join('\n')) : parseList(v));

  const managedBy = String(form.managedBy ?? '').trim();
  if (managedBy) {
    if (/[\u0000-\u001f\u007f]/.test(managedBy)) problems.push('Organisation name: one line, without control characters');
    else if ([...managedBy].length > MAX_NAME) problems.push(`Organisation name: at most ${MAX_NAME} characters`);
    else policy.managedBy = managedBy;
  }
  for (const key of ['enabledSites', 'disabledSites']) {
    const label = key === 'enabledSites' ? 'Sites where Rapport is on' : 'Sites where Rapport is off';
    const hosts = [];
    for (const entry of list(form[key])) {
      const host = normalizeHost(entry);
      if (HOST.test(host) && host.length <= 253) { if (!hosts.includes(host)) hosts.push(host); }
      else problems.push(`${label}: "${entry}" is not a host name`);
    }
    if (hosts.length) policy[key] = hosts;
  }
  if (form.siteMode) {
    if (SITE_MODES.includes(form.siteMode)) policy.siteMode = form.siteMode;
    else problems.push(`Where Rapport runs: must be one of ${SITE_MODES.join(', ')}`);
  }
  const packTexts = [];
  packs.forEach((text, i) => {
    try { packTexts.push(minifyPack(text)); } catch (e) { problems.push(`Pack ${i + 1}: not valid JSON (${e.message})`); }
  });
  if (packTexts.length) policy.packs = packTexts;
  const rules = [];
  for (const id of list(form.disabledRules)) {
    if (RULE_ID.test(id)) rules.push(id);
    else problems.push(`Rules turned off: "${id}" is not a rule id (kebab-case)`);
  }
  if (rules.length) policy.disabledRules = rules;
  let overrides = form.severityOverrides;
  if (typeof overrides === 'string' || overrides == null) {
    const parsed = parseSeverityOverrides(overrides);
    problems.push(...parsed.problems);
    overrides = parsed.value;
  }
  const cleanOverrides = {};
  for (const [id, level] of Object.entries(overrides)) {
    if (RULE_ID.test(id) && SEVERITIES.includes(level)) cleanOverrides[id] = level;
    else problems.push(`Severity overrides: ${id}: ${level} is not a rule id and a severity`);
  }
  if (Object.keys(cleanOverrides).length) policy.severityOverrides = cleanOverrides;
  let languages = form.siteLanguages;
  if (typeof languages === 'string' || languages == null) {
    const parsed = parseSiteLanguages(languages);
    problems.push(...parsed.problems);
    languages = parsed.value;
  } else {
    const parsed = parseSiteLanguages(Object.entries(languages).map(([host, code]) => `${host}: ${code}`).join('\n'));
    problems.push(...parsed.problems);
    languages = parsed.value;
  }
  if (Object.keys(languages).length) policy.siteLanguages = languages;
  if (form.sendGuard) {
    if (SEND_GUARD.includes(form.sendGuard)) policy.sendGuard = form.sendGuard;
    else problems.push(`Send guard: must be one of ${SEND_GUARD.join(', ')}`);
  }
  if (form.coachingStats === true || form.coachingStats === false) policy.coachingStats = form.coachingStats;
  const locked = [];
  for (const name of list(form.lockedSettings)) {
    if (LOCKABLE.includes(name)) { if (!locked.includes(name)) locked.push(name); }
    else problems.push(`Locked settings: "${name}" is not one of ${LOCKABLE.join(', ')}`);
  }
  if (locked.length) policy.lockedSettings = locked;
  return { policy: ordered(policy), problems };
}

function ordered(policy) {
  const out = {};
  for (const key of POLICY_KEYS) if (key in policy) out[key] = policy[key];
  return out;
}

// ---- Google Admin console: the JSON pasted into a force-installed app's policy ----------
export function adminConsoleJson(policy) {
  const out = {};
  for (const [key, value] of Object.entries(ordered(policy))) out[key] = { Value: value };
  return JSON.stringify(out, null, 2) + '\n';
}

// ---- Linux Chromium: /etc/chromium/policies/managed/<name>.json --------------------------
export function linuxChromiumJson(policy) {
  return JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: ordered(policy) } } }, null, 2) + '\n';
}

// ---- Firefox: policies.json ------------------------------------------------------------------
export function firefoxPoliciesJson(policy) {
  return JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: ordered(policy) } } } }, null, 2) + '\n';
}

// ---- Windows: a .reg file for HKLM -------------------------------------------------------------
// Strings and JSON texts (lists and maps, which Chrome parses from REG_SZ) are REG_SZ,
// booleans REG_DWORD. A string regedit cannot hold between quotes (a control character)
// is written as hex(1), the same REG_SZ in UTF-16LE bytes. The key is deleted first, so
// importing the file replaces the whole policy rather than merging with an older one.
export function windowsReg(policy) {
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    '; Rapport managed policy. Import as an administrator, or deploy the values by Group Policy preferences.',
    `[-${REG_KEY}]`,
    '',
    `[${REG_KEY}]`,
  ];
  for (const [key, value] of Object.entries(ordered(policy))) {
    if (typeof value === 'boolean') lines.push(`${regString(key)}=dword:${value ? '00000001' : '00000000'}`);
    else lines.push(`${regString(key)}=${regSz(typeof value === 'string' ? value : JSON.stringify(value))}`);
  }
  return lines.join('\r\n') + '\r\n';
}

function regString(s) {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

function regSz(s) {
  if (!/[\u0000-\u001f]/.test(s)) return regString(s);
  const bytes = [];
  for (const unit of s + '\u0000') bytes.push(unit.charCodeAt(0) & 0xff, unit.charCodeAt(0) >> 8);
  return 'hex(1):' + bytes.map((b) => b.toString(16).padStart(2, '0')).join(',');
}

// regedit reads a version 5.00 file as UTF-16LE with a byte-order mark; in any other
// encoding, non-ASCII text (an organisation's name, a pack's messages) is garbled.
export function utf16le(text) {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff; out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 + i * 2] = unit & 0xff;
    out[3 + i * 2] = unit >> 8;
  }
  return out;
}

// ---- macOS: a configuration profile (.mobileconfig) -----------------------------------------
// One payload of type com.google.Chrome.extensions.<id> whose keys are the policy keys:
// Chrome reads them as the extension's managed storage.
export function macMobileconfig(policy, { uuid = () => globalThis.crypto.randomUUID(), organisation } = {}) {
  const org = organisation || policy.managedBy || 'Rapport';
  const payload = {
    PayloadType: MAC_PAYLOAD_TYPE,
    PayloadVersion: 1,
    PayloadIdentifier: `com.rapport-coach.policy.${EXTENSION_ID}`,
    PayloadUUID: uuid().toUpperCase(),
    PayloadDisplayName: 'Rapport extension policy',
    PayloadEnabled: true,
    ...ordered(policy),
  };
  const profile = {
    PayloadContent: [payload],
    PayloadDisplayName: `Rapport (${org})`,
    PayloadDescription: 'Settings and phrase packs for the Rapport reply coach in Google Chrome.',
    PayloadIdentifier: 'com.rapport-coach.policy',
    PayloadOrganization: org,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: uuid().toUpperCase(),
    PayloadVersion: 1,
  };
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
    + '<plist version="1.0">\n' + plistValue(profile, 0) + '\n</plist>\n';
}

function plistValue(value, depth) {
  const pad = '\t'.repeat(depth);
  if (typeof value === 'boolean') return `${pad}<${value}/>`;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error('plist: only whole numbers');
    return `${pad}<integer>${value}</integer>`;
  }
  if (typeof value === 'string') return `${pad}<string>${xmlText(value)}</string>`;
  if (Array.isArray(value)) {
    if (!value.length) return `${pad}<array/>`;
    return `${pad}<array>\n${value.map((v) => plistValue(v, depth + 1)).join('\n')}\n${pad}</array>`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (!entries.length) return `${pad}<dict/>`;
    return `${pad}<dict>\n${entries.map(([k, v]) => `${pad}\t<key>${xmlText(k)}</key>\n${plistValue(v, depth + 1)}`).join('\n')}\n${pad}</dict>`;
  }
  throw new Error(`plist: cannot write ${value === null ? 'null' : typeof value}`);
}

// XML 1.0 text: escaped, and refusing characters XML cannot carry at all.
function xmlText(s) {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)) {
    throw new Error('plist: the text holds a character XML cannot carry (a control character or a lone surrogate)');
  }
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Every download the page offers: file name, MIME type and the text (or bytes).
export const PLATFORMS = [
  { id: 'admin-console', label: 'Google Admin console (JSON)', file: 'rapport-admin-console.json', type: 'application/json', build: (p) => adminConsoleJson(p) },
  { id: 'windows', label: 'Windows registry (.reg)', file: 'rapport-policy.reg', type: 'text/plain', build: (p) => utf16le(windowsReg(p)) },
  { id: 'macos', label: 'macOS profile (.mobileconfig)', file: 'rapport.mobileconfig', type: 'application/x-apple-aspen-config', build: (p, o) => macMobileconfig(p, o) },
  { id: 'linux', label: 'Linux Chromium (JSON)', file: 'rapport.json', type: 'application/json', build: (p) => linuxChromiumJson(p) },
  { id: 'firefox', label: 'Firefox (policies.json)', file: 'policies.json', type: 'application/json', build: (p) => firefoxPoliciesJson(p) },
];
