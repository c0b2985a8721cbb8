// Unit tests of the policy exports (www/packs/policy-export.mjs), run by `node --test tests/www/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  buildPolicy, parseList, parseSeverityOverrides, parseSiteLanguages, adminConsoleJson, linuxChromiumJson, firefoxPoliciesJson,
  windowsReg, utf16le, macMobileconfig, PLATFORMS, EXTENSION_ID, GECKO_ID, REG_KEY, MAC_PAYLOAD_TYPE,
} from '../../www/packs/policy-export.mjs';
import { parsePlist, parseReg } from './formats.mjs';

const PACK = await readFile(new URL('../../www/packs/examples/acme-support.json', import.meta.url), 'utf8');
const FORM = {
  managedBy: 'Acme & Söhne <Support>',
  enabledSites: 'https://help.acme.example/tickets\nSupport.Acme.example, *.acmedesk.example',
  disabledSites: 'mail.acme.example',
  siteMode: 'ask',
  disabledRules: 'obviously\nwell-see',
  severityOverrides: 'calm-down: medium\nper-our-policy = HIGH',
  sendGuard: 'confirm',
  coachingStats: false,
  siteLanguages: 'https://Soporte.Acme.example/tickets: ES\nhilfe.acme.example = de',
  lockedSettings: ['sites', 'sendGuard'],
};
const UUIDS = ['11111111-2222-4333-8444-555555555555', '66666666-7777-4888-8999-aaaaaaaaaaaa'];
const uuid = () => UUIDS.shift() || 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff';

function built() {
  const { policy, problems } = buildPolicy(FORM, [PACK]);
  assert.deepEqual(problems, []);
  return policy;
}

test('the form becomes the managed policy, normalised and in schema order', () => {
  const policy = built();
  assert.deepEqual(Object.keys(policy), ['managedBy', 'enabledSites', 'disabledSites', 'siteMode', 'packs', 'disabledRules', 'severityOverrides', 'sendGuard', 'coachingStats', 'siteLanguages', 'lockedSettings']);
  assert.deepEqual(policy.siteLanguages, { 'soporte.acme.example': 'es', 'hilfe.acme.example': 'de' });
  assert.equal(policy.siteMode, 'ask');
  assert.equal(policy.managedBy, 'Acme & Söhne <Support>');
  assert.deepEqual(policy.enabledSites, ['help.acme.example', 'support.acme.example', '*.acmedesk.example']);
  assert.deepEqual(policy.severityOverrides, { 'calm-down': 'medium', 'per-our-policy': 'high' });
  assert.equal(policy.coachingStats, false);
  assert.equal(policy.packs.length, 1);
  assert.deepEqual(JSON.parse(policy.packs[0]), JSON.parse(PACK), 'the pack round-trips');
  assert.ok(!policy.packs[0].includes('\n'), 'minified');
});

test('keys left empty stay out of the policy; agent-decides values are absent', () => {
  const { policy, problems } = buildPolicy({ managedBy: '  ', siteMode: '', sendGuard: '', coachingStats: null }, []);
  assert.deepEqual(problems, []);
  assert.deepEqual(policy, {});
});

test('bad form values are reported, not exported', () => {
  const { policy, problems } = buildPolicy({
    managedBy: 'two\nlines', enabledSites: 'not a host!, ok.example', disabledRules: 'Not_An_Id',
    severityOverrides: 'calm-down: extreme\nnonsense', sendGuard: 'block', lockedSettings: 'sites, everything',
    siteMode: 'everywhere', siteLanguages: 'help.x.example: klingon\nnot a host: es',
  }, ['{not json']);
  assert.equal(problems.length, 11, problems.join('\n'));
  for (const want of [/Organisation name/, /"not a host!"/, /Pack 1: not valid JSON/, /"Not_An_Id"/, /"extreme"/, /line 2/, /Send guard/, /"everything"/, /Where Rapport runs/,
    /Reply language per site, line 1: "klingon" must be one of en, es, de, fr, pt/, /Reply language per site, line 2: "not a host" is not a host name/]) {
    assert.ok(problems.some((p) => want.test(p)), `${want}: ${problems.join(' | ')}`);
  }
  assert.deepEqual(policy, { enabledSites: ['ok.example'], lockedSettings: ['sites'] });
});

test('lists and overrides parse line by line', () => {
  assert.deepEqual(parseList(' a \n\n b, a ,c'), ['a', 'b', 'c']);
  assert.deepEqual(parseSeverityOverrides('x: low\n\ny=High').value, { x: 'low', y: 'high' });
  assert.deepEqual(parseSiteLanguages('a.example: pt\n\nb.example=FR').value, { 'a.example': 'pt', 'b.example': 'fr' });
  assert.deepEqual(buildPolicy({ siteLanguages: { 'Help.Example.com': 'de', 'x.example': 'xx' } }).policy, { siteLanguages: { 'help.example.com': 'de' } }, 'an object is checked the same way');
});

test('Google Admin console: every key wrapped as {"Value": ...}', () => {
  const policy = built();
  const out = JSON.parse(adminConsoleJson(policy));
  assert.deepEqual(Object.keys(out), Object.keys(policy));
  for (const [k, v] of Object.entries(policy)) assert.deepEqual(out[k], { Value: v });
  assert.deepEqual(JSON.parse(out.packs.Value[0]), JSON.parse(PACK));
});

test('Linux Chromium and Firefox: the policy under the extension ids of the contract', () => {
  const policy = built();
  assert.deepEqual(JSON.parse(linuxChromiumJson(policy)), { '3rdparty': { extensions: { [EXTENSION_ID]: policy } } });
  assert.deepEqual(JSON.parse(firefoxPoliciesJson(policy)), { policies: { '3rdparty': { Extensions: { [GECKO_ID]: policy } } } });
  assert.equal(EXTENSION_ID, 'jbakghobbmmfjdifppgpanacebiganil');
  assert.equal(GECKO_ID, 'rapport@rapport-coach');
});

test('Windows .reg: the 3rdparty key, REG_SZ JSON for lists and maps, DWORD booleans, UTF-16LE with BOM', () => {
  const policy = { ...built(), coachingStats: true };
  const text = windowsReg(policy);
  assert.equal(REG_KEY, 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\jbakghobbmmfjdifppgpanacebiganil\\policy');
  assert.ok(text.startsWith('Windows Registry Editor Version 5.00\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'CRLF line ends');
  const reg = parseReg(text);
  assert.deepEqual(reg.deleted, [REG_KEY], 'the old policy is removed first');
  assert.deepEqual(Object.keys(reg.keys), [REG_KEY]);
  const values = reg.keys[REG_KEY];
  assert.deepEqual(values.managedBy, { type: 'sz', value: policy.managedBy });
  assert.deepEqual(values.coachingStats, { type: 'dword', value: 1 });
  assert.equal(values.sendGuard.value, 'confirm');
  for (const key of ['enabledSites', 'disabledSites', 'packs', 'disabledRules', 'severityOverrides', 'lockedSettings']) {
    assert.equal(values[key].type, 'sz', key);
    assert.deepEqual(JSON.parse(values[key].value), policy[key], key);
  }
  assert.deepEqual(JSON.parse(JSON.parse(values.packs.value)[0]), JSON.parse(PACK), 'the pack round-trips');
  const bytes = utf16le(text);
  assert.deepEqual([...bytes.slice(0, 2)], [0xff, 0xfe]);
  assert.equal(Buffer.from(bytes.slice(2)).toString('utf16le'), text, 'non-ASCII survives');
});

test('Windows .reg: a string with a control character is written as hex(1) REG_SZ', () => {
  const reg = parseReg(windowsReg({ managedBy: 'a\tb "q" \\' }));
  assert.deepEqual(reg.keys[REG_KEY].managedBy, { type: 'sz', value: 'a\tb "q" \\' });
  assert.match(windowsReg({ managedBy: 'a\tb' }), /"managedBy"=hex\(1\):61,00,09,00,62,00,00,00/);
});

test('macOS .mobileconfig: a plist whose payload is com.google.Chrome.extensions.<id> with the policy keys', () => {
  const policy = built();
  const xml = macMobileconfig(policy, { uuid });
  const profile = parsePlist(xml);
  assert.equal(profile.PayloadType, 'Configuration');
  assert.equal(profile.PayloadContent.length, 1);
  const payload = profile.PayloadContent[0];
  assert.equal(payload.PayloadType, MAC_PAYLOAD_TYPE);
  assert.equal(MAC_PAYLOAD_TYPE, 'com.google.Chrome.extensions.jbakghobbmmfjdifppgpanacebiganil');
  assert.equal(payload.PayloadVersion, 1);
  assert.match(payload.PayloadUUID, /^[0-9A-F-]{36}$/);
  assert.notEqual(payload.PayloadUUID, profile.PayloadUUID);
  for (const [k, v] of Object.entries(policy)) assert.deepEqual(payload[k], v, k);
  assert.deepEqual(JSON.parse(payload.packs[0]), JSON.parse(PACK));
  assert.ok(xml.includes('Acme &amp; Söhne &lt;Support&gt;'), 'escaped');
  assert.throws(() => macMobileconfig({ managedBy: 'bell\u0007' }, { uuid }), /XML cannot carry/);
});

test('every platform builds from the same policy', () => {
  const policy = built();
  assert.deepEqual(PLATFORMS.map((p) => p.id), ['admin-console', 'windows', 'macos', 'linux', 'firefox']);
  for (const p of PLATFORMS) {
    const out = p.build(policy, { uuid });
    assert.ok(typeof out === 'string' ? out.length > 100 : out.byteLength > 100, p.id);
  }
});

test('the test parsers reject what they should (they can fail)', () => {
  assert.throws(() => parsePlist('<plist version="1.0"><dict><key>a</key></dict></plist>'));
  assert.throws(() => parsePlist('<plist version="1.0"><dict><key>a</key><string>x</dict></plist>'));
  assert.throws(() => parseReg('REGEDIT4\r\n'));
  assert.throws(() => parseReg('Windows Registry Editor Version 5.00\r\n\r\n"a"="b"\r\n'), /outside a key/);
});
