// The pack builder (www/packs/) in Debian's Chromium with playwright-core, served from
// 127.0.0.1: validation as you type, examples, the sample reply, hostile packs, and every
// download (pack and policy for each platform) parsed and checked.
//
//   node tests/browser/packs.mjs          (needs www/engine/, built by `make wasm`)
//
// Prints each check; exits non-zero when one fails. Waits on conditions, never sleeps.
import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { root, check, assert, assertEq, finish, launchPages, geometry, assertCovers } from './harness.mjs';
import { parsePlist, parseReg } from '../www/formats.mjs';

const www = join(root, 'www');
await access(join(www, 'engine/rapport_bg.wasm')).catch(() => {
  console.error('www/engine/ is missing: run `make wasm` first');
  process.exit(2);
});

const pages = await launchPages();
const { origin } = pages;
const context = await pages.newContext();

const ACME = await readFile(join(www, 'packs/examples/acme-support.json'), 'utf8');
const acme = () => JSON.parse(ACME);

async function open() {
  const page = await context.newPage();
  await page.goto(origin + '/packs/index.html');
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return page;
}
// The page's verdict is about the text now in the editor.
const verdictIsCurrent = () => {
  const s = window.rapportPacks.state;
  return s.validated === document.getElementById('pack').value && !s.validating;
};
// Large packs arrive by "Open a pack file": Chromium's own text insertion (what fill()
// and a paste use) takes tens of seconds for a textarea of thousands of lines.
async function setPack(page, pack) {
  const text = typeof pack === 'string' ? pack : JSON.stringify(pack, null, 2);
  if (text.length > 50_000) {
    await page.setInputFiles('#file', { name: 'pack.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction((n) => document.getElementById('pack').value.length === n, text.length);
  } else {
    await page.fill('#pack', text);
  }
  await page.waitForFunction(verdictIsCurrent);
}
const errorsOf = (page) => page.locator('#errors li').allTextContents();
async function expectError(page, pack, re, what) {
  await setPack(page, pack);
  const errors = await errorsOf(page);
  assert(errors.some((e) => re.test(e)), `${what}: no error matching ${re} in ${JSON.stringify(errors).slice(0, 400)}`);
  assertEq(await page.getAttribute('html', 'data-pack-state'), 'invalid', `${what}: state`);
  return errors;
}
async function expectValid(page) {
  await page.waitForFunction(verdictIsCurrent);
  assertEq(JSON.stringify(await errorsOf(page)), '[]', 'no errors');
  assertEq(await page.getAttribute('html', 'data-pack-state'), 'valid', 'state');
}
// The page still answers and the editor still takes keys.
async function assertResponsive(page) {
  assertEq(await page.evaluate(() => 6 * 7), 42, 'the page answers');
  await page.locator('#managedBy').fill('still typing');
  assertEq(await page.inputValue('#managedBy'), 'still typing', 'a field takes input');
  await page.locator('#managedBy').fill('');
}
async function runExamples(page) {
  await page.click('#run-examples');
  await page.waitForFunction(() => document.documentElement.dataset.examples && !document.getElementById('run-examples').disabled);
}

await check('packs: the example pack loads clean; an invalid value shows an error naming the rule and field; fixing it clears it', async () => {
  const page = await open();
  await expectValid(page);
  assert((await page.textContent('#pack-state')).includes('2 rules, 2 overrides'), 'the state names what loaded');
  const bad = acme();
  bad.rules[0].severity = 'urgent';
  const errors = await expectError(page, bad, /rule 'escalated-to-tier-two', field 'severity'/, 'bad severity');
  assert(errors[0].includes("pack 'acme-support'") && errors[0].includes('urgent'), errors[0]);
  assert(await page.locator('#export-pack').isDisabled(), 'no download of an invalid pack');
  await setPack(page, ACME);
  await expectValid(page);
  assert(await page.locator('#export-pack').isEnabled(), 'download back on');
  await page.close();
});

await check('packs: a rule so broad it would flag every reply is an error (the extension refuses such a pack too)', async () => {
  const page = await open();
  const broad = acme();
  broad.rules[0].patterns = ['(the|you|to|and|a|i|we|it|is|your|on|for|with|will|this|if|can|just|of|in)'];
  await expectError(page, broad, /^rule 'escalated-to-tier-two': flags an ordinary reply \(“.*”\); a pattern this broad would flag every reply$/, 'a broad rule');
  assert(await page.locator('#export-pack').isDisabled(), 'no download of a pack the extension would refuse');
  await setPack(page, ACME);
  await expectValid(page);
  await page.close();
});

await check('packs: typing a JSON syntax error reports its line and column; typing the fix clears it', async () => {
  const page = await open();
  await page.fill('#pack', '');
  await page.locator('#pack').focus();
  await page.keyboard.type('{\n  "schema": "rapport-pack/1",\n  "name": "typed"\n  "version": "1"\n}');
  await page.waitForFunction(verdictIsCurrent);
  const errors = await errorsOf(page);
  assert(errors.length === 1 && /not valid JSON/.test(errors[0]) && /line 4 column 3/.test(errors[0]), JSON.stringify(errors));
  // put the missing comma after "typed"
  await page.evaluate(() => { const t = document.getElementById('pack'); const i = t.value.indexOf('"typed"') + 7; t.setSelectionRange(i, i); });
  await page.keyboard.type(',');
  await expectValid(page);
  await page.close();
});

await check('packs: at 400 px wide the page does not scroll sideways', async () => {
  const page = await open();
  await page.setViewportSize({ width: 400, height: 800 });
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 401).slice(0, 5).map((e) => `${e.localName}#${e.id}.${e.className}`));
  assertEq(await page.evaluate(() => document.documentElement.scrollWidth), 400, `page width; wider: ${wide.join(', ')}`);
  await page.close();
});

await check('packs: running the examples shows pass and fail per example; a failing allow example is reported failing', async () => {
  const page = await open();
  await runExamples(page);
  const all = await page.locator('#examples li.example').count();
  assertEq(all, 8, 'eight examples in the Acme pack');
  assertEq(await page.locator('#examples li.example.pass').count(), 8, 'all pass');
  assertEq(await page.getAttribute('html', 'data-examples'), 'passing', 'summary state');
  // breaking the JSON afterwards: the old "all pass" no longer stands
  await page.locator('#pack').press('End');
  await page.keyboard.type(' }');
  await page.waitForFunction(() => document.documentElement.dataset.examples === 'stale');
  assert(/pack changed/.test(await page.textContent('#examples-summary')), await page.textContent('#examples-summary'));
  const pack = acme();
  const cold = 'Sorry, I escalated this to tier 2 already.';
  pack.rules[0].examples.allow.push(cold);
  const missing = 'Nothing here mentions the team at all.';
  pack.rules[1].examples.flag.push(missing);
  await setPack(page, pack);
  await expectValid(page);
  await runExamples(page);
  assertEq(await page.getAttribute('html', 'data-examples'), 'failing', 'summary state');
  assertEq(await page.locator('#examples li.example').count(), 10, 'ten examples');
  const failing = await page.locator('#examples li.example.fail').evaluateAll((els) => els.map((e) => [e.dataset.rule, e.dataset.kind, e.dataset.example, e.textContent]));
  assertEq(failing.length, 2, `two fail: ${JSON.stringify(failing)}`);
  const allow = failing.find((f) => f[2] === cold);
  assert(allow && allow[0] === 'escalated-to-tier-two' && allow[1] === 'allow' && /fires escalated-to-tier-two/.test(allow[3]), JSON.stringify(allow));
  const flag = failing.find((f) => f[2] === missing);
  assert(flag && flag[0] === 'closed-due-to-inactivity' && flag[1] === 'flag' && /does not fire/.test(flag[3]), JSON.stringify(flag));
  assert(/2 examples of 10 fail/.test(await page.textContent('#examples-summary')), await page.textContent('#examples-summary'));
  await page.close();
});

await check('packs: the sample reply is analysed with the pack: its phrase is highlighted and named as this pack\'s rule', async () => {
  const page = await open();
  const PHRASE = 'escalated this to tier 2';
  await page.waitForFunction(geometry.overlayRects, [PHRASE]);
  assertCovers(await page.evaluate(geometry.overlayRects, [PHRASE]), await page.evaluate(geometry.phraseRectsField, ['#sample', PHRASE]), 'pack phrase highlight');
  const item = page.locator('#sample-findings li[data-rule="escalated-to-tier-two"]');
  assert((await item.textContent()).includes('this pack'), 'named as the pack\'s rule');
  assertEq(await page.locator('#sample-findings li[data-rule="obviously"] .sev').textContent(), 'high', 'the override raised "obviously" to high');
  // a new phrase typed into the sample; then the rule removed from the pack: no highlight
  await page.fill('#sample', 'Hello. Please see your invoice for details.');
  await page.waitForFunction(() => document.getElementById('sample-state').textContent.length && !document.querySelector('#sample-findings li[data-rule="escalated-to-tier-two"]'));
  assertEq(await page.locator('#sample-findings li[data-rule="see-your-invoice"]').count(), 0, 'not a rule of this pack');
  await page.selectOption('#template', 'examples/billing-team.json');
  await page.click('#load-template');
  await page.waitForFunction(() => document.querySelector('#sample-findings li[data-rule="see-your-invoice"]'));
  await page.waitForFunction(geometry.overlayRects, ['see your invoice for details']);
  await page.close();
});

await check('packs: HTML in a pack is shown as text, in errors and in findings; nothing is injected', async () => {
  const page = await open();
  const HTML = '<img src="x" onerror="window.__pwned=1"><b id="injected">bold</b>';
  const bad = acme();
  bad.rules[0].id = HTML;
  const errors = await expectError(page, bad, /must be kebab-case/, 'html id');
  assert(errors.some((e) => e.includes('<b id="injected">')), 'the id is quoted as text');
  const good = acme();
  good.rules[0].message = 'Tier two ' + HTML;
  await setPack(page, good);
  await expectValid(page);
  await page.fill('#sample', 'I have escalated this to tier 2.');
  await page.waitForFunction(() => document.querySelector('#sample-findings li[data-rule="escalated-to-tier-two"]'));
  assert((await page.textContent('#sample-findings li[data-rule="escalated-to-tier-two"] .finding-msg')).includes('<b id="injected">'), 'the message is text');
  await page.locator('#sample-findings .explain').first().click();
  await page.waitForFunction(() => { const c = document.querySelector('[data-rapport-ui="card"]'); return c && c.shadowRoot.querySelector('.msg'); });
  const injected = await page.evaluate(() => {
    const inCard = document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelectorAll('img, #injected').length;
    return { doc: document.querySelectorAll('img, #injected').length, inCard, pwned: window.__pwned };
  });
  assertEq(JSON.stringify(injected), JSON.stringify({ doc: 0, inCard: 0 }), 'no element from the pack');
  await page.close();
});

await check('packs: hostile packs get clear errors and the page stays responsive', async () => {
  const page = await open();
  const huge = acme();
  huge.description = 'x'.repeat(1_200_000);
  await expectError(page, huge, /a pack may be at most 1048576 bytes/, 'huge');
  await assertResponsive(page);
  await expectError(page, '['.repeat(100_000), /recursion limit/, 'deep nesting');
  await assertResponsive(page);
  const types = acme();
  types.rules = 'none';
  types.version = 3;
  const typeErrors = await expectError(page, types, /field 'rules': must be a list, got a string/, 'wrong types');
  assert(typeErrors.some((e) => /field 'version': must be a string, got a number/.test(e)), JSON.stringify(typeErrors));
  const dup = acme();
  dup.rules.push(dup.rules[0]);
  await expectError(page, dup, /rule 'escalated-to-tier-two', field 'id': is used by another rule in this pack/, 'duplicate ids');
  const many = acme();
  many.rules = Array.from({ length: 120 }, (_, i) => ({ ...many.rules[0], id: `r${i}`, severity: 'nope' }));
  await setPack(page, many);
  assertEq(await page.locator('#errors li').count(), 51, 'fifty problems shown, then a count');
  assert(/and 70 more problems/.test(await page.textContent('#errors li.more')), 'the rest are counted');
  // a pattern that matches every sentence end: it loads, but it would flag every reply (the
  // extension refuses such a pack) and its allow examples fail
  const everything = acme();
  everything.rules[0].patterns = ['.'];
  everything.rules[0].rewrites = [{ strategy: 'simplify', text: '!' }];
  await expectError(page, everything, /rule 'escalated-to-tier-two': flags an ordinary reply/, 'a match-everything rule');
  await runExamples(page);
  assertEq(await page.getAttribute('html', 'data-examples'), 'failing', 'the match-everything rule fails its examples');
  assert(await page.locator('#examples li.example.fail[data-kind="allow"][data-rule="escalated-to-tier-two"]').count() >= 1, 'an allow example fails');
  await assertResponsive(page);
  await page.close();
});

await check('packs: a long examples run can be stopped, and the page keeps checking afterwards', async () => {
  const page = await open();
  const big = acme();
  const rule = big.rules[0];
  const flag = Array.from({ length: 50 }, (_, i) => `Update ${i}: I have escalated this to tier 2 and they will call you back about the router settings today.`);
  big.rules = Array.from({ length: 100 }, (_, i) => ({ ...rule, id: `tier-two-${i}`, examples: { flag, allow: ['Nothing to see.'] } }));
  big.overrides = [];
  await setPack(page, big);
  await expectValid(page);
  // the Stop button's appearance is recorded as it happens, so the wait below depends on
  // neither animation frames nor catching the button between two polls
  await page.evaluate(() => {
    const stop = document.getElementById('stop-examples');
    window.stopShown = false;
    new MutationObserver(() => { if (!stop.hidden) window.stopShown = true; }).observe(stop, { attributes: true });
  });
  await page.click('#run-examples');
  await page.waitForFunction(() => window.stopShown, null, { polling: 50 });
  assert(!(await page.isHidden('#stop-examples')), 'the run ended before it could be stopped');
  await assertResponsive(page);
  await page.click('#stop-examples');
  await page.waitForFunction(() => document.getElementById('examples-summary').textContent === 'Stopped.' && !document.getElementById('run-examples').disabled);
  await expectError(page, { ...big, name: 'Bad Name' }, /field 'name'/, 'after a stop');
  await setPack(page, ACME);
  await expectValid(page);
  await runExamples(page);
  assertEq(await page.getAttribute('html', 'data-examples'), 'passing', 'runs again after a stop');
  await page.close();
});

// ---- downloads ---------------------------------------------------------------------------
async function downloadOf(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

await check('packs: the pack and the policy download for every platform, and the pack round-trips in each', async () => {
  const page = await open();
  const pack = acme();
  pack.rules[0].message = 'Tier two “quoted”, \\ backslash, <angle> & ünïcödé';
  const packText = JSON.stringify(pack, null, 2);
  await setPack(page, packText);
  await expectValid(page);
  const ORG = 'Acme & Söhne <Support>';
  await page.fill('#managedBy', ORG);
  await page.fill('#enabledSites', 'https://help.acme.example/path\nsupport.acme.example');
  await page.fill('#disabledRules', 'well-see');
  await page.fill('#severityOverrides', 'calm-down: medium');
  await page.fill('#siteLanguages', 'https://soporte.acme.example: es');
  await page.selectOption('#sendGuard', 'confirm');
  await page.selectOption('#coachingStats', 'true');
  await page.check('input[name="lockedSettings"][value="sendGuard"]');
  await page.check('input[name="lockedSettings"][value="sites"]');
  const want = {
    managedBy: ORG, enabledSites: ['help.acme.example', 'support.acme.example'], packs: [JSON.stringify(pack)],
    disabledRules: ['well-see'], severityOverrides: { 'calm-down': 'medium' }, sendGuard: 'confirm', coachingStats: true,
    siteLanguages: { 'soporte.acme.example': 'es' }, lockedSettings: ['sites', 'sendGuard'],
  };
  const samePolicy = (got, what) => {
    assertEq(JSON.stringify(got), JSON.stringify(want), what);
    assertEq(JSON.stringify(JSON.parse(got.packs[0])), JSON.stringify(pack), `${what}: the pack round-trips`);
  };

  const packFile = await downloadOf(page, '#export-pack');
  assertEq(packFile.name, 'acme-support.json', 'pack file name');
  assertEq(packFile.bytes.toString('utf8'), packText, 'the pack as written');

  const admin = await downloadOf(page, '[data-platform="admin-console"]');
  const adminJson = JSON.parse(admin.bytes.toString('utf8'));
  samePolicy(Object.fromEntries(Object.entries(adminJson).map(([k, v]) => [k, v.Value])), 'admin console');
  assert(Object.values(adminJson).every((v) => Object.keys(v).join() === 'Value'), 'each key is {"Value": ...}');

  const linux = await downloadOf(page, '[data-platform="linux"]');
  samePolicy(JSON.parse(linux.bytes.toString('utf8'))['3rdparty'].extensions.jbakghobbmmfjdifppgpanacebiganil, 'linux');

  const firefox = await downloadOf(page, '[data-platform="firefox"]');
  assertEq(firefox.name, 'policies.json', 'firefox file name');
  samePolicy(JSON.parse(firefox.bytes.toString('utf8')).policies['3rdparty'].Extensions['rapport@rapport-coach'], 'firefox');

  const reg = await downloadOf(page, '[data-platform="windows"]');
  assert(reg.name.endsWith('.reg'), reg.name);
  assertEq(reg.bytes.subarray(0, 2).toString('hex'), 'fffe', 'UTF-16LE byte-order mark');
  const regText = reg.bytes.subarray(2).toString('utf16le');
  const KEY = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\jbakghobbmmfjdifppgpanacebiganil\\policy';
  const parsed = parseReg(regText);
  assertEq(Object.keys(parsed.keys).join(), KEY, 'the registry key');
  const values = parsed.keys[KEY];
  const fromReg = {};
  for (const [k, v] of Object.entries(values)) {
    if (v.type === 'dword') fromReg[k] = v.value === 1;
    else fromReg[k] = ['managedBy', 'sendGuard'].includes(k) ? v.value : JSON.parse(v.value);
  }
  samePolicy(fromReg, 'windows');

  const mac = await downloadOf(page, '[data-platform="macos"]');
  assert(mac.name.endsWith('.mobileconfig'), mac.name);
  const profile = parsePlist(mac.bytes.toString('utf8'));
  assertEq(profile.PayloadType, 'Configuration', 'profile type');
  const payload = profile.PayloadContent[0];
  assertEq(payload.PayloadType, 'com.google.Chrome.extensions.jbakghobbmmfjdifppgpanacebiganil', 'payload type');
  samePolicy(Object.fromEntries(Object.keys(want).map((k) => [k, payload[k]])), 'macos');
  assert(Object.keys(payload).every((k) => k.startsWith('Payload') || k in want), `only policy keys: ${Object.keys(payload)}`);

  // a bad policy setting blocks the policy downloads and says why
  await page.fill('#disabledRules', 'Not An Id');
  await page.waitForFunction(() => /not a rule id/.test(document.getElementById('policy-problems').textContent));
  assert(await page.locator('[data-platform="windows"]').isDisabled(), 'policy downloads off');
  await page.close();
});

await pages.checkClean();
await pages.close();
finish();
