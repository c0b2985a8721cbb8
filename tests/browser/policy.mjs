// Enterprise policy, end to end: a real managed policy file read by Chromium for the built
// extension (id jbakghobbmmfjdifppgpanacebiganil, from the manifest key).
//
//   node tests/browser/policy.mjs          (needs extension/engine/, built by `make wasm`; root)
//
// Chromium reads /etc/chromium/policies/managed/*.json. So that other suites running on this
// machine at the same time never see this policy, Chromium is started in its own mount
// namespace where a private folder is bound over /etc/chromium/policies: Chromium reads
// exactly /etc/chromium/policies/managed/rapport-test-policy.json, and nothing else on the
// machine sees it. Where mount namespaces are not allowed (RAPPORT_POLICY_GLOBAL=1 forces
// this), the file is written to the real folder for the duration of the suite and removed in
// a finally block and on SIGINT/SIGTERM.
import { mkdtemp, mkdir, writeFile, rm, chmod } from 'node:fs/promises';
import { rmSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

const EXTENSION_ID = 'jbakghobbmmfjdifppgpanacebiganil';
const POLICY_ROOT = '/etc/chromium/policies';
const POLICY_FILE = join(POLICY_ROOT, 'managed/rapport-test-policy.json');
const REAL_CHROMIUM = process.env.RAPPORT_REAL_CHROMIUM || process.env.CHROMIUM || '/usr/bin/chromium';

// Chromium, started in a private mount namespace with $RAPPORT_POLICY_DIR over the policy folder.
const WRAPPER = `#!/bin/sh
exec unshare --mount --propagation private sh -c 'mount --bind "$RAPPORT_POLICY_DIR" ${POLICY_ROOT} && exec "$RAPPORT_REAL_CHROMIUM" "$@"' sh "$@"
`;

function namespacesWork() {
  if (process.env.RAPPORT_POLICY_GLOBAL === '1') return false;
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'mount', '--bind', tmpdir(), tmpdir()], { stdio: 'ignore' });
  return probe.status === 0;
}

const useNamespace = namespacesWork();
const scratch = await mkdtemp(join(tmpdir(), 'rapport-policy-'));
const wrapper = join(scratch, 'chromium');
if (useNamespace) {
  await writeFile(wrapper, WRAPPER);
  await chmod(wrapper, 0o755);
  process.env.RAPPORT_REAL_CHROMIUM = REAL_CHROMIUM;
  process.env.CHROMIUM = wrapper; // read by harness.mjs when it is imported, below
}
let globalFileWritten = false;
function removeGlobalPolicy() {
  if (globalFileWritten) { rmSync(POLICY_FILE, { force: true }); globalFileWritten = false; }
}
process.on('exit', () => { removeGlobalPolicy(); rmSync(scratch, { recursive: true, force: true }); });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { removeGlobalPolicy(); process.exit(130); });

const H = await import('./harness.mjs');
const { check, assert, assertEq, finish, popupForSite, extensionDir, startServer, launch, pagesDir, TIMEOUT, cardVisible } = H;

// The policy as Chromium's Linux policy file holds it.
function policyFile(policy) {
  return { '3rdparty': { extensions: { [EXTENSION_ID]: policy } } };
}

// The extension in Chromium with this managed policy; close() ends the browser and removes
// the policy. Resolves once the extension sees the policy (managedBy is required for that).
async function launchWithPolicy(policy, { extDir, origin }) {
  assert(typeof policy.managedBy === 'string', 'launchWithPolicy: the policy needs managedBy (to know when it is visible)');
  const text = JSON.stringify(policyFile(policy), null, 2);
  let dir = null;
  if (useNamespace) {
    dir = await mkdtemp(join(scratch, 'policies-'));
    await mkdir(join(dir, 'managed'), { recursive: true });
    await writeFile(join(dir, 'managed/rapport-test-policy.json'), text);
    process.env.RAPPORT_POLICY_DIR = dir;
  } else {
    await mkdir(join(POLICY_ROOT, 'managed'), { recursive: true });
    globalFileWritten = true;
    await writeFile(POLICY_FILE, text);
  }
  let browser;
  try {
    if (useNamespace) await mkdir(POLICY_ROOT, { recursive: true }); // the mount point
    browser = await launch({ extDir, origin });
  } catch (e) {
    removeGlobalPolicy();
    throw e;
  }
  const close = browser.close;
  browser.close = async () => {
    try { await close(); } finally {
      removeGlobalPolicy();
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  };
  try {
    await browser.worker.evaluate(async (by) => {
      // policy loading is asynchronous at start-up: wait for it (bounded by the caller's timeout)
      for (;;) {
        const got = await chrome.storage.managed.get(null).catch(() => ({}));
        if (got.managedBy === by) return;
        await new Promise((ok) => chrome.storage.onChanged.addListener(function l(_c, area) {
          if (area === 'managed') { chrome.storage.onChanged.removeListener(l); ok(); }
        }));
      }
    }, policy.managedBy);
  } catch (e) {
    await browser.close();
    throw e;
  }
  return browser;
}

// ---- the packs in the test policy ---------------------------------------------------------
// Made-up phrases no other suite types, so nothing else depends on them.
const rule = (over = {}) => ({
  id: 'zorblax-the-ticket', category: 'team', severity: 'high', patterns: ['zorblax the ticket'],
  message: '<img src=x onerror="window.rapportPwned=1"><b>Zorblax</b> reads cold to customers.',
  explanation: 'A made-up phrase for the policy tests; the HTML in the message must show as text.',
  rewrites: [{ strategy: 'solve', text: 'sort out the ticket' }],
  examples: { flag: ['Zorblax the ticket.'], allow: ['The ticket is fine.'] }, ...over,
});
const pack = (name, rules) => JSON.stringify({ schema: 'rapport-pack/1', name, version: '1.0.0', rules });
const GOOD_PACK = pack('policy-test-team', [rule()]);
const HOSTILE = {
  notJson: '{"schema": "rapport-pack/1", "name": ',
  wrongTypes: JSON.stringify({ schema: 'rapport-pack/1', name: 'wrong-types', version: 3, rules: 'all of them' }),
  duplicateIds: pack('dupes', [rule({ id: 'quib-the-form', patterns: ['quib the form'], examples: { flag: ['Quib the form.'], allow: ['The form.'] } }), rule({ id: 'quib-the-form', patterns: ['quib the form'], examples: { flag: ['Quib the form.'], allow: ['The form.'] } })]),
  deep: '['.repeat(50_000) + ']'.repeat(50_000),
  tooBig: JSON.stringify({ schema: 'rapport-pack/1', name: 'too-big', version: '1', description: 'x'.repeat(2 << 20), rules: [] }),
  // passes the loader and its own examples, but flags every word of any reply
  matchesEverything: pack('everything', [rule({
    id: 'every-word', patterns: ['(the|a|and|to|you|your|i|we|it|is|of|for|on|in|with|will|have|be|this|that|then|there|if|can|just)'],
    examples: { flag: ['Parcel the box'], allow: ['Hello.'] }, rewrites: [{ strategy: 'simplify', text: '' }],
  })]),
};
const TEST_POLICY = {
  managedBy: 'Rapport Test Org',
  enabledSites: ['127.0.0.1'],
  disabledRules: ['did-you-plug-it-in'],
  sendGuard: 'confirm',
  lockedSettings: ['sendGuard', 'disabledRules'],
  packs: [GOOD_PACK, ...Object.values(HOSTILE)],
};
const PACK_PHRASE = 'zorblax the ticket';
const DEFAULT_PHRASE = 'You should have restarted the router';
const DISABLED_PHRASE = 'Did you plug it in';
const REPLY = `Hi Sam, please ${PACK_PHRASE} today. ${DISABLED_PHRASE}? ${DEFAULT_PHRASE}.`;

const markPainted = ([p]) => {
  for (const h of document.querySelectorAll('[data-rapport-ui="overlay"]')) for (const m of h.shadowRoot.querySelectorAll('mark')) if (m.textContent.toLowerCase() === p.toLowerCase()) return true;
  return false;
};

async function main() {
  const extDir = await extensionDir();
  const server = await startServer({
    mounts: [['/pages/', pagesDir]],
    headers: (path) => (path === '/pages/csp.html' ? { 'content-security-policy': "script-src 'self'" } : {}),
  });
  const { origin } = server;
  console.log(`policy: ${useNamespace ? `${POLICY_FILE} in Chromium's own mount namespace` : `${POLICY_FILE} (machine-wide, removed at the end)`}`);
  let browser = null;
  try {
    browser = await launchWithPolicy(TEST_POLICY, { extDir, origin });
    const { context, worker, extId } = browser;

    await check('the policy file reaches the extension: chrome.storage.managed in the service worker', async () => {
      const got = await worker.evaluate(() => chrome.storage.managed.get(null));
      assertEq(got.managedBy, 'Rapport Test Org', 'managedBy');
      assertEq(JSON.stringify(got.enabledSites), '["127.0.0.1"]', 'enabledSites');
      assertEq(got.packs.length, TEST_POLICY.packs.length, 'packs');
      const eff = await worker.evaluate(() => RapportSettings.load());
      assertEq(eff.sendGuard, 'confirm', 'effective sendGuard');
      assert(eff.disabledRules.includes('did-you-plug-it-in'), 'effective disabledRules');
      assertEq(JSON.stringify(eff.policy.errors), '[]', 'policy errors');
    });

    for (const [label, path, wantPath] of [['content script', '/pages/textarea.html', 'content'], ['service worker (CSP page)', '/pages/csp.html', 'worker']]) {
      await check(`${label}: the pack's phrase highlights on 127.0.0.1 (on by policy), the policy-disabled rule does not, the defaults still do`, async () => {
        const { page, iso } = await browser.openPage(path);
        try {
          await page.locator('#reply').click();
          await page.keyboard.type(REPLY);
          await page.waitForFunction(markPainted, [PACK_PHRASE], { timeout: TIMEOUT });
          await page.waitForFunction(markPainted, [DEFAULT_PHRASE], { timeout: TIMEOUT });
          await iso.waitFor(`Rapport.stats.analysedLength === ${REPLY.length}`, null, 'the whole reply analysed');
          assertEq(await page.evaluate(markPainted, [DISABLED_PHRASE]), false, 'the rule the policy turned off is painted');
          assertEq(await iso.eval('Rapport.stats.path'), wantPath, 'engine path');
          if (wantPath === 'content') {
            // the card sets the pack's message as text: the HTML shows, nothing is parsed
            await browser.command('next-finding');
            let msg = await cardVisible(page);
            for (let i = 0; i < 5 && !/Zorblax/.test(msg); i++) {
              await browser.command('next-finding');
              msg = await page.waitForFunction((prev) => { const h = document.querySelector('[data-rapport-ui="card"]'); const m = h && h.shadowRoot.querySelector('.msg').textContent; return m && m !== prev ? m : false; }, msg, { timeout: TIMEOUT }).then((h) => h.jsonValue());
            }
            assert(msg.startsWith('<img src=x onerror='), `card message: ${msg}`);
            const elements = await page.evaluate(() => document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelectorAll('img, b').length);
            assertEq(elements, 0, 'elements parsed from the pack message');
            assertEq(await page.evaluate(() => window.rapportPwned), undefined, 'the onerror handler ran');
            // coaching stats are off by default: nothing was stored
            assertEq(JSON.stringify(await worker.evaluate(() => chrome.storage.local.get('coachingStats'))), '{}', 'coaching stats stored while off');
          }
        } finally {
          await page.close();
        }
      });
    }

    // The guard mode comes from the policy alone here (the agent never set one).
    await check('Send guard from the policy (confirm): Send on a cold reply shows the confirm; "send anyway" sends the exact draft once', async () => {
      const { page } = await browser.openPage('/pages/sendguard.html');
      try {
        const guarded = 'Hi Sam, please calm down. We will look at it today.';
        await page.locator('#ta').click();
        await page.keyboard.type(guarded);
        await page.waitForFunction(markPainted, ['calm down'], { timeout: TIMEOUT });
        await page.locator('#send-ta').click();
        const dialog = page.locator('[data-rapport-ui="sendguard"] [role="alertdialog"]');
        await dialog.waitFor({ timeout: TIMEOUT });
        assertEq(JSON.stringify(await page.evaluate(() => window.sent)), '[]', 'sent before the agent chose');
        await page.locator('[data-rapport-ui="sendguard"] [data-action="send"]').click();
        await page.waitForFunction(() => window.sent.length === 1, null, { timeout: TIMEOUT });
        assertEq(JSON.stringify(await page.evaluate(() => window.sent)), JSON.stringify([{ via: 'button', composer: 'ta', text: guarded }]), 'sent');
        assertEq(await page.locator('#ta').inputValue(), guarded, 'the draft after sending');
      } finally {
        await page.close();
      }
    });

    await check('the popup: the site switch is disabled for a site the policy turns on, and says who decided', async () => {
      const { page } = await browser.openPage('/pages/textarea.html');
      const popup = await popupForSite(browser, '127.0.0.1');
      try {
        await popup.waitForFunction(() => !document.querySelector('#lock').hidden);
        assert(await popup.locator('#on').isDisabled(), 'the switch is enabled');
        assert(await popup.locator('#on').isChecked(), 'the switch is off');
        assert((await popup.locator('#lock').textContent()).includes('Locked by Rapport Test Org'), 'lock label');
      } finally {
        await popup.close();
        await page.close();
      }
    });

    const options = await context.newPage();
    await options.goto(`chrome-extension://${extId}/options.html`);
    await options.waitForFunction(() => document.body.dataset.ready === 'true' && document.querySelector('#rules tbody tr'));

    await check('options: locked settings are disabled and say who locked them; writes through settings.js are refused', async () => {
      assert(await options.locator('#send-guard').isDisabled(), 'send guard select enabled');
      assertEq(await options.locator('#send-guard').inputValue(), 'confirm', 'send guard value');
      assertEq(await options.locator('#send-guard-lock').textContent(), 'Locked by Rapport Test Org', 'send guard lock label');
      assertEq(await options.locator('#rules-lock').textContent(), 'Locked by Rapport Test Org', 'rules lock label');
      assert(await options.locator('#rules input[aria-label="calm-down"]').isDisabled(), 'a rule checkbox is enabled');
      assert(!(await options.locator('#rules input[aria-label="did-you-plug-it-in"]').isChecked()), 'the policy-disabled rule shows on');
      // not locked: still the agent's
      assert(!(await options.locator('#coaching-stats').isDisabled()), 'coaching stats locked');
      const before = await worker.evaluate(() => chrome.storage.sync.get('settings'));
      const refused = await options.evaluate(async () => {
        const S = await import('/settings.js'); // the module the options page imports
        const out = [];
        for (const write of [() => S.setSendGuard('off'), () => S.setRule('calm-down', false), () => S.update((s) => { s.disabledRules = []; s.sendGuard = 'confirm'; })]) {
          try { await write(); out.push('written'); } catch (e) { out.push(e.message); }
        }
        return out;
      });
      for (const r of refused) assert(/cannot be changed: Locked by Rapport Test Org/.test(r), `a locked write went through: ${JSON.stringify(refused)}`);
      assertEq(JSON.stringify(await worker.evaluate(() => chrome.storage.sync.get('settings'))), JSON.stringify(before), 'stored settings after refused writes');
      // and a site the policy decides cannot be set either
      const site = await options.evaluate(async () => (await import('/settings.js')).setSite('127.0.0.1', false).then(() => 'written', (e) => e.message));
      assert(/127.0.0.1 is turned on by policy: Locked by Rapport Test Org/.test(site), `setSite: ${site}`);
    });

    await check('options: the good pack is loaded with its rule count; each hostile pack is reported with its errors, as text', async () => {
      await options.waitForFunction(() => document.querySelectorAll('#packs-rejected li').length === 6);
      const loaded = await options.locator('#packs-loaded li').allTextContents();
      assertEq(JSON.stringify(loaded), JSON.stringify(['Pack 1 (policy-test-team): loaded, 1 rule']), 'loaded packs');
      const rejected = await options.locator('#packs-rejected li').allTextContents();
      const want = [
        [2, /is not valid JSON/],
        [3, /pack 'wrong-types', field 'version': must be a string, got a number[\s\S]*field 'rules': must be a list, got a string/],
        [4, /pack 'dupes', rule 'quib-the-form', field 'id': is used by another rule/],
        [5, /recursion limit exceeded/],
        [6, /a pack may be at most 1048576 bytes/],
        [7, /rule 'every-word': flags an ordinary reply .* a pattern this broad would flag every reply/],
      ];
      for (const [index, re] of want) {
        const text = rejected.find((t) => t.startsWith(`Pack ${index}`));
        assert(text && re.test(text), `pack ${index}: ${text}`);
        assert(text.includes('not loaded (the built-in rules and the other packs still work)'), `pack ${index} label`);
      }
      assertEq(await options.evaluate(() => document.querySelectorAll('#packs-rejected li *').length), 0, 'elements inside the error list');
      // the pack's rule is in the rules list, from the engine itself
      assertEq(await options.locator('#rules tr[data-rule="zorblax-the-ticket"]').count(), 1, 'the pack rule in the rules table');
    });

    await check('coaching stats (opt-in): counts of findings shown and rewrites applied, per rule, shown on the options page; no text stored', async () => {
      await options.locator('#coaching-stats').check();
      await options.waitForFunction(() => !document.querySelector('#coaching').hidden);
      const { page, iso } = await browser.openPage('/pages/textarea.html');
      try {
        await iso.waitFor('Rapport.started === true', null, 'the content script');
        await page.locator('#reply').click();
        await page.keyboard.type(REPLY);
        await page.waitForFunction(markPainted, [PACK_PHRASE], { timeout: TIMEOUT });
        await browser.command('next-finding');
        let msg = await cardVisible(page);
        for (let i = 0; i < 5 && !/Zorblax/.test(msg); i++) {
          await browser.command('next-finding');
          msg = await page.waitForFunction((prev) => { const h = document.querySelector('[data-rapport-ui="card"]'); const m = h && h.shadowRoot.querySelector('.msg').textContent; return m && m !== prev ? m : false; }, msg, { timeout: TIMEOUT }).then((h) => h.jsonValue());
        }
        await page.locator('[data-rapport-ui="card"] [data-rewrite="0"]').click();
        await page.waitForFunction(() => document.querySelector('#reply').value.includes('sort out the ticket'));
        await options.waitForFunction(() => {
          const row = document.querySelector('#coaching-table tr[data-rule="zorblax-the-ticket"]');
          return row && row.cells[1].textContent === '1' && row.cells[2].textContent === '1';
        });
        const stored = JSON.stringify(await worker.evaluate(() => chrome.storage.local.get('coachingStats')));
        assert(!/zorblax the|Sam|router|sort out/i.test(stored), `text in the stored stats: ${stored}`);
        assert(stored.includes('"you-should-have"') || /"shown":\{[^}]*,/.test(stored), `more than one rule counted: ${stored}`);
      } finally {
        await page.close();
      }
      // turned off again: the counts go
      await options.locator('#coaching-stats').uncheck();
      const cleared = await worker.evaluate((ms) => new Promise((ok) => {
        const done = async () => { if (!(await chrome.storage.local.get('coachingStats')).coachingStats) ok(true); };
        chrome.storage.onChanged.addListener(done);
        done();
        setTimeout(() => ok(false), ms);
      }), TIMEOUT);
      assert(cleared, 'the counts stayed after coaching stats were turned off');
    });

    await options.close();
  } finally {
    if (browser) await browser.close();
    server.close();
  }
  finish();
}

if (!existsSync(REAL_CHROMIUM)) { console.error(`policy: no Chromium at ${REAL_CHROMIUM}`); process.exit(2); }
await main();
