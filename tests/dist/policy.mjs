// The managers' side without a browser:
//  - every example in docs/policy-examples/ parses in its own format (JSON, .reg, .mobileconfig)
//    and its policy validates against extension/managed_schema.json (keys and types), uses
//    every key, reads with no error in extension/settings.js, and its packs load in the engine;
//    so docs/managers.md cannot drift from the schema;
//  - extension/settings.js: precedence, locking, validation of wrong policy values;
//  - the policy-pack checks (extension/packs.js) with the real engine: hostile packs are refused with errors that
//    name the pack, and the built-in rules and the good packs keep working.
//
//   node tests/dist/policy.mjs          (needs extension/engine/, built by `make wasm`)
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import * as Settings from '../../extension/settings.js';
import * as coaching from '../../extension/coaching.js';
import { checkPacks } from '../../extension/packs.js';
import { useMessages } from '../../extension/i18n.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXTENSION_ID = 'jbakghobbmmfjdifppgpanacebiganil';
const GECKO_ID = 'rapport@rapport-coach';
let passes = 0;
let failures = 0;
async function check(name, fn) {
  try { await fn(); passes++; console.log(`ok   ${name}`); } catch (e) { failures++; console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').slice(0, 4).join('\n     ')}`); }
}
const assert = (c, m) => { if (!c) throw new Error(m); };
const eq = (a, b, m) => assert(JSON.stringify(a) === JSON.stringify(b), `${m}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);

// ---- settings.js and a fresh engine, with a fresh in-memory chrome.storage ------------------
const { EngineCore, Catalogs } = await import('../../extension/engine-core.js').catch(() => {
  console.error('extension/engine/ is missing: run `make wasm` first');
  process.exit(2);
});
const wasmModule = new WebAssembly.Module(readFileSync(join(root, 'extension/engine/rapport_bg.wasm')));
const catalogPart = (code) => readFileSync(join(root, `extension/engine/catalog-${code}.bin`));
const compiledEngine = () => ({ module: wasmModule, catalogs: new Catalogs(catalogPart, { en: catalogPart('en') }) });
function sandbox(managed) {
  const areas = { sync: {}, local: {} };
  const area = (name) => ({
    get: async (k) => (k == null ? { ...areas[name] } : (k in areas[name] ? { [k]: structuredClone(areas[name][k]) } : {})),
    set: async (o) => { Object.assign(areas[name], structuredClone(o)); },
    remove: async (k) => { delete areas[name][k]; },
  });
  const chrome = {
    storage: {
      sync: area('sync'), local: area('local'),
      managed: { get: async () => { if (managed instanceof Error) throw managed; return structuredClone(managed || {}); } },
      onChanged: { addListener() {} },
    },
  };
  // settings.js reads the extension's `chrome` when it is called
  globalThis.chrome = chrome;
  const checker = new EngineCore(compiledEngine());
  return { S: Settings, checker, glue: checker.glue, areas };
}

// ---- the schema, as Chrome reads it (the subset managed_schema.json uses) --------------------
const schema = JSON.parse(readFileSync(join(root, 'extension/managed_schema.json'), 'utf8'));
// settings.js words its refusals in the interface language; outside the extension, English
useMessages(JSON.parse(readFileSync(join(root, 'extension/_locales/en/messages.json'), 'utf8')));
function validate(value, s, path, errors) {
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (type !== s.type) { errors.push(`${path}: must be ${s.type}, got ${type}`); return; }
  if (s.enum && !s.enum.includes(value)) errors.push(`${path}: must be one of ${s.enum.join(', ')}, got ${JSON.stringify(value)}`);
  if (type === 'array') value.forEach((v, i) => validate(v, s.items, `${path}[${i}]`, errors));
  if (type === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const sub = (s.properties || {})[k] || s.additionalProperties;
      if (!sub) errors.push(`${path}.${k}: not in the schema`);
      else validate(v, sub, `${path}.${k}`, errors);
    }
  }
}

// ---- the formats ------------------------------------------------------------------------------
// A .reg file as Chrome's registry loader reads it with the schema: values are strings or
// dwords (booleans); a list is a subkey of values named 1, 2, ...; a map is a subkey.
function parseReg(text, base) {
  const lines = text.split(/\r?\n/);
  assert(lines[0] === 'Windows Registry Editor Version 5.00', 'the first line of a .reg file');
  const keys = new Map();
  let key = null;
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const k = line.match(/^\[([^\]]+)\]$/);
    if (k) { key = k[1]; keys.set(key, {}); continue; }
    const v = line.match(/^"((?:[^"\\]|\\.)*)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]{8}))$/);
    assert(v && key, `not a .reg value line: ${line.slice(0, 80)}`);
    const unescape = (s) => s.replace(/\\(.)/g, '$1');
    keys.get(key)[unescape(v[1])] = v[2] != null ? unescape(v[2]) : parseInt(v[3], 16);
  }
  const prefix = `${base}\\3rdparty\\extensions\\${EXTENSION_ID}\\policy`;
  assert(keys.has(prefix), `no key ${prefix}`);
  const policy = {};
  for (const [name, value] of Object.entries(keys.get(prefix))) {
    const s = schema.properties[name];
    policy[name] = s && s.type === 'boolean' && typeof value === 'number' ? value !== 0 : value;
  }
  for (const [key2, values] of keys) {
    if (key2 === prefix) continue;
    assert(key2.startsWith(prefix + '\\'), `a key outside the extension's policy: ${key2}`);
    const name = key2.slice(prefix.length + 1);
    const s = schema.properties[name];
    if (s && s.type === 'array') {
      const idx = Object.keys(values).map(Number);
      eq(idx, idx.map((_, i) => i + 1), `${name}: list values are named 1, 2, ...`);
      policy[name] = idx.map((i) => values[String(i)]);
    } else {
      policy[name] = values;
    }
  }
  return policy;
}

// A property list (XML): dict, array, key, string, integer, true, false.
function parsePlist(text) {
  const tokens = [...text.replace(/<\?xml[^>]*>|<!DOCTYPE[^>]*>|<plist[^>]*>|<\/plist>/g, '').matchAll(/<(\/?)(\w+)(\/?)>|([^<]+)/g)];
  let i = 0;
  const next = () => tokens[i++];
  const skipText = () => { while (i < tokens.length && tokens[i][4] != null && !tokens[i][4].trim()) i++; };
  const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  function value() {
    skipText();
    const t = next();
    assert(t && t[2] && !t[1], `expected a plist element, got ${t && t[0]}`);
    const tag = t[2];
    if (t[3]) { assert(tag === 'true' || tag === 'false', `<${tag}/>`); return tag === 'true'; }
    if (tag === 'string' || tag === 'integer' || tag === 'key') {
      let s = '';
      if (tokens[i][4] != null) s = decode(next()[4]);
      const end = next();
      assert(end[1] && end[2] === tag, `</${tag}>`);
      return tag === 'integer' ? Number(s) : s;
    }
    if (tag === 'array') {
      const out = [];
      for (;;) { skipText(); if (tokens[i][1] && tokens[i][2] === 'array') { next(); return out; } out.push(value()); }
    }
    if (tag === 'dict') {
      const out = {};
      for (;;) {
        skipText();
        if (tokens[i][1] && tokens[i][2] === 'dict') { next(); return out; }
        const k = next();
        assert(k[2] === 'key', 'a dict key');
        const name = decode(next()[4]);
        next();
        out[name] = value();
      }
    }
    throw new Error(`unsupported plist element <${tag}>`);
  }
  return value();
}

// Each example: the policy object(s) Rapport would receive.
const examplesDir = join(root, 'docs/policy-examples');
const EXTRACT = {
  'linux-chrome.json': (t) => [JSON.parse(t)['3rdparty'].extensions[EXTENSION_ID]],
  'firefox-policies.json': (t) => [JSON.parse(t).policies['3rdparty'].Extensions[GECKO_ID]],
  'google-admin-console.json': (t) => {
    const o = JSON.parse(t);
    for (const [k, v] of Object.entries(o)) assert(v && typeof v === 'object' && Object.keys(v).join() === 'Value', `${k}: the Admin console wants {"Value": ...}`);
    return [Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.Value]))];
  },
  'windows-chrome.reg': (t) => [parseReg(t, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome')],
  'windows-edge.reg': (t) => [parseReg(t, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge')],
  'macos-chrome.mobileconfig': (t) => {
    const profile = parsePlist(t);
    eq(profile.PayloadType, 'Configuration', 'profile PayloadType');
    const payloads = profile.PayloadContent.filter((p) => p.PayloadType === `com.google.Chrome.extensions.${EXTENSION_ID}`);
    assert(payloads.length === 1, 'one payload for com.google.Chrome.extensions.<id>');
    return payloads.map((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !k.startsWith('Payload'))));
  },
};

const files = readdirSync(examplesDir).sort();
await check('docs/policy-examples holds exactly the examples this test knows how to read', async () => {
  eq(files, Object.keys(EXTRACT).sort(), 'example files');
});
for (const file of files) {
  await check(`${file}: parses, validates against managed_schema.json, uses every key, reads cleanly, its packs load`, async () => {
    const extract = EXTRACT[file];
    assert(extract, `no reader for ${file}`);
    for (const policy of extract(readFileSync(join(examplesDir, file), 'utf8'))) {
      const errors = [];
      validate(policy, schema, 'policy', errors);
      eq(errors, [], 'schema errors');
      eq(Object.keys(policy).sort(), Object.keys(schema.properties).sort(), 'keys (every schema key is shown in each example)');
      const { S, checker } = sandbox();
      eq(S.readPolicy(policy).errors, [], 'settings.js errors');
      const packs = checkPacks(checker, policy.packs);
      eq(packs.rejected, [], 'rejected packs');
      assert(packs.loaded.length === policy.packs.length, 'every pack loads');
    }
  });
}
await check('docs/managers.md names every policy key and links every example file', async () => {
  const guide = readFileSync(join(root, 'docs/managers.md'), 'utf8');
  for (const key of Object.keys(schema.properties)) assert(guide.includes(`\`${key}\``), `the guide does not describe ${key}`);
  for (const file of files) assert(guide.includes(`policy-examples/${file}`), `the guide does not link ${file}`);
});

// ---- precedence, locking, validation ---------------------------------------------------------
await check('precedence: policy > agent > defaults; unlocked lists merge the agent on top; locked ones ignore the agent', async () => {
  const { S } = sandbox();
  const agent = { sites: { 'a.example': true, 'off.example': true }, disabledRules: ['calm-down'], severityOverrides: { 'x-rule': 'low', 'y-rule': 'low' }, sendGuard: 'confirm', coachingStats: true };
  const none = S.effective(agent, null);
  eq([none.sendGuard, none.coachingStats, none.disabledRules], ['confirm', true, ['calm-down']], 'no policy: the agent');
  eq([S.effective({}, null).sendGuard, S.effective({}, null).coachingStats], ['off', false], 'defaults');
  const policy = { managedBy: 'Acme', enabledSites: ['acme.example'], disabledSites: ['off.example'], disabledRules: ['as-i-already-said'], severityOverrides: { 'y-rule': 'high' }, sendGuard: 'warn' };
  const e = S.effective(agent, policy);
  eq(e.disabledRules, ['as-i-already-said', 'calm-down'], 'the agent may turn off more rules');
  eq(e.severityOverrides, { 'x-rule': 'low', 'y-rule': 'high' }, 'policy severities win per rule');
  eq(e.sendGuard, 'warn', 'a scalar the policy sets wins');
  eq(e.coachingStats, true, 'a scalar the policy leaves alone is the agent\'s');
  eq([S.isActive(e, 'help.acme.example'), S.isActive(e, 'off.example'), S.isActive(e, 'a.example'), S.isActive(e, 'x.zendesk.com'), S.isActive(e, 'other.example')],
    [true, false, true, true, false], 'sites: policy disabled > policy enabled > agent > helpdesks');
  const locked = S.effective(agent, { ...policy, lockedSettings: ['sites', 'disabledRules', 'severityOverrides', 'coachingStats'] });
  eq(locked.disabledRules, ['as-i-already-said'], 'locked rules ignore the agent');
  eq(locked.severityOverrides, { 'y-rule': 'high' }, 'locked severities ignore the agent');
  eq(locked.coachingStats, false, 'a locked scalar the policy does not set is the default');
  eq(S.isActive(locked, 'a.example'), false, 'locked sites ignore the agent');
  eq(S.policyForSite(locked, 'help.acme.example'), 'on', 'forced on');
  eq(S.lockedLabel(locked), 'Locked by Acme', 'label');
  eq(S.lockedLabel(S.effective({}, { lockedSettings: ['sendGuard'] })), "Locked by your organisation's policy", 'label without managedBy');
});

await check('wrong policy values are reported and ignored, never thrown; the rest still applies', async () => {
  const { S } = sandbox();
  const e = S.effective({}, {
    managedBy: 7, enabledSites: 'acme.example', disabledSites: ['ok.example', 5, 'bad host!'], packs: [{ schema: 'rapport-pack/1' }, 'x'],
    disabledRules: [null, 'calm-down'], severityOverrides: { a: 'urgent', b: 'high' }, sendGuard: 'block', coachingStats: 'yes',
    lockedSettings: ['sendGuard', 'everything'], colour: 'red',
  });
  eq(e.disabledSites, ['ok.example'], 'disabledSites');
  eq(e.packs, ['x'], 'packs');
  eq(e.disabledRules, ['calm-down'], 'disabledRules');
  eq(e.severityOverrides, { b: 'high' }, 'severityOverrides');
  eq([e.sendGuard, e.coachingStats, e.policy.managedBy, e.policy.locked], ['off', false, null, ['sendGuard']], 'scalars');
  const errs = e.policy.errors.join('\n');
  for (const want of ['managedBy must be a non-empty string, got a number', 'enabledSites must be a list of strings, got a string', 'disabledSites[1] must be a string, got a number',
    'disabledSites[2] is not a host name', 'packs[0] must be a string, got an object', 'disabledRules[0] must be a string, got null', 'severityOverrides["a"] must be low, medium or high',
    'sendGuard must be off, warn or confirm, got "block"', 'coachingStats must be true or false, got a string', 'lockedSettings[1] must be one of', 'unknown policy key "colour"']) {
    assert(errs.includes(want), `missing error "${want}" in:\n${errs}`);
  }
  eq(S.effective({}, 'not an object').policy.errors, ['the policy must be an object, got a string; ignored'], 'a non-object policy');
  eq(S.effective({ settings: 1, sites: [], disabledRules: 'x', sendGuard: 3 }, null).sendGuard, 'off', 'a garbage agent object');
});

await check('storage.managed missing or throwing (Firefox without policies.json) means no policy', async () => {
  const { S } = sandbox(new Error('Managed storage manifest not found'));
  const e = await S.load();
  eq([e.policy.errors, e.sendGuard], [[], 'off'], 'no policy, no error');
  const other = sandbox(new Error('boom'));
  const e2 = await other.S.load();
  eq(e2.policy.errors, ['the policy could not be read: boom'], 'any other failure is reported');
});

await check('writes to a locked setting are refused by settings.js and store nothing; unlocked ones go through', async () => {
  const { S, areas } = sandbox({ managedBy: 'Acme', sendGuard: 'warn', enabledSites: ['acme.example'], lockedSettings: ['sendGuard', 'disabledRules'] });
  await S.setCoachingStats(true);
  eq(areas.sync.settings.coachingStats, true, 'an unlocked write');
  const before = JSON.stringify(areas.sync);
  for (const write of [() => S.setSendGuard('off'), () => S.setSendGuard('confirm'), () => S.setRule('calm-down', false), () => S.update((s) => { s.disabledRules.push('x'); }), () => S.setSite('help.acme.example', false)]) {
    let message = null;
    try { await write(); } catch (e) { message = e.message; }
    assert(message && /Locked by Acme/.test(message), `not refused: ${message}`);
  }
  eq(JSON.stringify(areas.sync), before, 'storage after refused writes');
  await S.setSite('other.example', true);
  eq(areas.sync.settings.sites, { 'other.example': true }, 'a site the policy leaves alone');
});

await check('reply languages per site: the policy names hosts (subdomains included) and wins there; the agent sets the others; wrong entries are reported', async () => {
  const { S, areas } = sandbox({ managedBy: 'Acme', siteLanguages: { 'acme-es.zendesk.com': 'es', 'https://DE.example/x': 'de', 'bad host!': 'es', 'fr.example': 'xx' } });
  const e = await S.load();
  eq(e.policy.errors, ['siteLanguages: "bad host!" is not a host name; ignored', 'siteLanguages["fr.example"] must be one of en, es, de, fr, pt, got "xx"; ignored'], 'errors');
  eq(S.languageForSite(e, 'acme-es.zendesk.com'), { code: 'es', fromPolicy: true, host: 'acme-es.zendesk.com' }, 'a named host');
  eq(S.languageForSite(e, 'help.de.example'), { code: 'de', fromPolicy: true, host: 'de.example' }, 'a subdomain of a named host');
  eq(S.languageForSite(e, 'acme.zendesk.com'), null, 'a host nobody named: detected per paragraph');
  let message = null;
  try { await S.setSiteLanguage('acme-es.zendesk.com', 'en'); } catch (err) { message = err.message; }
  assert(message && /Locked by Acme/.test(message), `the policy's host is not the agent's to change: ${message}`);
  await S.setSiteLanguage('acme.zendesk.com', 'pt');
  eq(areas.sync.settings.siteLanguages, { 'acme.zendesk.com': 'pt' }, 'the agent sets a host the policy leaves alone');
  eq(S.languageForSite(await S.load(), 'acme.zendesk.com').code, 'pt', 'and it is read back');
  await S.setSiteLanguage('acme.zendesk.com', null);
  eq(areas.sync.settings.siteLanguages, {}, 'back to detecting');
  message = null;
  try { await S.setSiteLanguage('acme.zendesk.com', 'klingon'); } catch (err) { message = err.message; }
  assert(message && /en, es, de, fr, pt/.test(message), `an unknown language is refused, naming the choices: ${message}`);
});

await check('coaching stats: nothing stored while off; counts only (no text) while on', async () => {
  const { areas } = sandbox();
  const findings = [{ rule: 'calm-down', text: 'Calm down' }, { rule: 'calm-down', text: 'calm down' }, { rule: 'as-i-already-said', text: 'as I already said' }];
  const editor = {};
  coaching.shown(editor, findings, { coachingStats: false });
  coaching.applied('calm-down', { coachingStats: false });
  await coaching.read();
  eq(areas.local, {}, 'storage while off');
  coaching.shown(editor, findings, { coachingStats: true });
  coaching.shown(editor, findings, { coachingStats: true }); // the same findings again: counted once
  await coaching.applied('calm-down', { coachingStats: true }); // the writes are queued in order
  const st = await coaching.read();
  eq(st.shown, { 'calm-down': 1, 'as-i-already-said': 1 }, 'shown');
  eq(st.applied, { 'calm-down': 1 }, 'applied');
  assert(!/calm down|already said/i.test(JSON.stringify(areas.local)), 'text stored');
});

// ---- hostile packs against the real engine ------------------------------------------------------
await check('hostile policy packs are refused with errors naming the pack; the good pack and the built-in rules keep working', async () => {
  const { checker, glue } = sandbox();
  const rule = (o = {}) => ({ id: 'quux-the-thing', category: 'team', severity: 'medium', patterns: ['quux the thing'], message: '<script>alert(1)</script> Quux reads cold.',
    explanation: 'Made up.', rewrites: [{ strategy: 'solve', text: 'fix the thing' }], examples: { flag: ['Quux the thing.'], allow: ['The thing.'] }, ...o });
  const pack = (name, rules) => JSON.stringify({ schema: 'rapport-pack/1', name, version: '1', rules });
  const good = pack('good-one', [rule()]);
  const texts = [
    'x'.repeat(10 << 20), // 10 MB
    '['.repeat(100000) + ']'.repeat(100000),
    '{"a":'.repeat(20000) + '1' + '}'.repeat(20000),
    JSON.stringify({ schema: 'rapport-pack/1', name: ['x'], version: 1, rules: [{ id: 5 }] }),
    pack('dupes', [rule(), rule()]),
    pack('star', [rule({ patterns: ['*'] })]),
    pack('broad', [rule({ patterns: ['(the|you|to|and|a|i|we|it|is|your|on|for|with|will|this|if|can|just|of|in)'], examples: { flag: ['Parcel the box'], allow: ['Hello.'] }, rewrites: [{ strategy: 'simplify', text: '' }] })]),
    pack('fails-own-examples', [rule({ examples: { flag: ['Nothing here.'], allow: ['The thing.'] } })]),
    good,
  ];
  const r = checkPacks(checker, texts);
  eq(r.loaded.map((p) => [p.index, p.name, p.rules]), [[9, 'good-one', 1]], 'loaded');
  const reason = (i) => r.rejected.find((p) => p.index === i).errors.join('\n');
  assert(/pack #1: is 10485760 characters; a pack may be at most 1048576 bytes/.test(reason(1)), reason(1));
  assert(/recursion limit exceeded/.test(reason(2)) && /recursion limit exceeded/.test(reason(3)), reason(2) + reason(3));
  assert(/field 'name'/.test(reason(4)) && /field 'version': must be a string/.test(reason(4)) && /field 'id'/.test(reason(4)), reason(4));
  assert(/pack 'dupes', rule 'quux-the-thing', field 'id': is used by another rule/.test(reason(5)), reason(5));
  assert(/pack 'star', rule 'quux-the-thing', field 'patterns\[0\]'/.test(reason(6)), reason(6));
  assert(/rule 'quux-the-thing': flags an ordinary reply/.test(reason(7)), reason(7));
  assert(/its own examples fail: quux-the-thing: flag example does not fire/.test(reason(8)), reason(8));
  const valid = r.loaded.map((p) => texts[p.index - 1]);
  const engine = new glue.Engine(undefined, valid);
  const fired = engine.analyze('Please quux the thing. Calm down.').findings.map((f) => f.rule);
  eq(fired, ['quux-the-thing', 'calm-down'], 'the good pack and a built-in rule');
  const msg = engine.analyze('Quux the thing.').findings[0].message;
  eq(msg, '<script>alert(1)</script> Quux reads cold.', 'a message is text, kept as written (the card sets it as text)');
  engine.free();
});

await check('a team rule that flags one phrase of an ordinary reply is not mistaken for a broad one', async () => {
  const { checker } = sandbox();
  const text = JSON.stringify({ schema: 'rapport-pack/1', name: 'no-boilerplate', version: '1', rules: [{ id: 'thanks-for-getting-in-touch', category: 'robotic', severity: 'low', patterns: ['thanks for getting in touch'],
    message: 'Reads like a template.', explanation: 'Say something about their message instead.', rewrites: [{ strategy: 'personalize', scope: 'sentence', text: 'Thanks for the details on your order.' }],
    examples: { flag: ['Thanks for getting in touch.'], allow: ['Thanks for the photos.'] } }] });
  const r = checkPacks(checker, [text]);
  eq([r.loaded.length, r.rejected], [1, []], 'accepted');
});

console.log(`\npolicy: ${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
