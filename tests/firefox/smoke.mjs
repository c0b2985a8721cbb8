// `make test-firefox`: the Firefox package (dist/rapport-firefox.zip) installed as a temporary
// add-on in Debian's Firefox ESR, driven through geckodriver's W3C WebDriver HTTP API, on
// pages served from 127.0.0.1.
//
//   node tests/firefox/smoke.mjs          (needs `make dist`; firefox-esr and geckodriver:
//                                          .ci/firefox.sh installs them)
//
// The extension's moz-extension:// host is fixed through the extensions.webextensions.uuids
// pref, so the test can open its pages: the options page turns Rapport on for 127.0.0.1 and
// asks the background script for the rule list (the engine there); a second tab types a
// cold reply into a textarea and a contenteditable, waits for the paint, opens the card with
// a click on the phrase and applies the top rewrite; the extension pages then ask the tab's
// content script (the popup's own STATUS message) which engine path it used. A page whose
// CSP forbids WebAssembly is covered too. Waits on conditions, never sleeps. Ends with
// "N passed, N failed".
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import {
  root, pagesDir, COLD, PHRASE, SENTENCE, check, assert, assertEq, results, startServer, geometry, assertCovers,
} from '../browser/harness.mjs';
import { GECKO_ID } from '../../extension/build/dist.mjs';
import { MSG } from '../../extension/protocol.js';

const here = dirname(fileURLToPath(import.meta.url));
const TIMEOUT = 30_000;
const FIREFOX = process.env.FIREFOX || ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr'].find(existsSync);
const GECKODRIVER = process.env.GECKODRIVER || [join(process.env.HOME || '/root', '.cargo/bin/geckodriver'), '/usr/local/bin/geckodriver', '/usr/bin/geckodriver'].find(existsSync);
const ZIP = join(root, 'dist/rapport-firefox.zip');
const SECOND = 'You should have restarted the router';

for (const [what, path, how] of [['firefox-esr', FIREFOX, '.ci/firefox.sh'], ['geckodriver', GECKODRIVER, '.ci/firefox.sh'], ['dist/rapport-firefox.zip', existsSync(ZIP) && ZIP, 'make dist']]) {
  if (!path) { console.error(`${what} is missing: run ${how}`); process.exit(2); }
}

// ---- geckodriver ----------------------------------------------------------------------------
// --port 0: it picks a free port and logs it (at info level, hence that level). Profiles and
// Firefox's temporary files go under scratch, removed at the end. --allow-system-access:
// without it Marionette refuses to navigate a tab to moz-extension:// pages.
const scratch = mkdtempSync(join(tmpdir(), 'rapport-firefox-'));
let driver = null;
let driverLog = '';

function startDriver() {
  return new Promise((ok, fail) => {
    driver = spawn(GECKODRIVER, ['--host', '127.0.0.1', '--port', '0', '--log', 'info', '--profile-root', scratch, '--allow-system-access'], {
      // MOZ_REMOTE_SETTINGS_DEVTOOLS: a release build ignores the remote settings server
      // that Marionette points at a dummy unless this is set, and polls Mozilla's instead
      env: { ...process.env, TMPDIR: scratch, MOZ_HEADLESS: '1', MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => fail(new Error(`geckodriver did not start:\n${driverLog}`)), TIMEOUT);
    const read = (chunk) => {
      driverLog += chunk;
      if (driverLog.length > 200_000) driverLog = driverLog.slice(-100_000);
      const m = driverLog.match(/Listening on (127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); ok(`http://${m[1]}`); }
    };
    driver.stdout.setEncoding('utf8').on('data', read);
    driver.stderr.setEncoding('utf8').on('data', read);
    driver.on('exit', (code) => { clearTimeout(timer); fail(new Error(`geckodriver exited (${code}):\n${driverLog}`)); });
  });
}

// What this run started and left running: geckodriver, every process on this run's profile
// (under scratch) and their descendants (Firefox's content processes), each by its pid.
// Synchronous, so it also runs on exit, on a signal and on a crash of this script.
function killLeftovers() {
  const procs = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)\s+\S+\s+/, '').split(' ')[0]);
      procs.push({ pid: Number(pid), ppid, cmd });
    } catch (_) { /* gone */ }
  }
  const doomed = new Set(procs.filter((p) => p.cmd.includes(scratch)).map((p) => p.pid));
  if (driver && driver.exitCode === null && driver.pid) doomed.add(driver.pid);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (doomed.has(p.ppid) && !doomed.has(p.pid)) { doomed.add(p.pid); grew = true; }
  }
  for (const pid of doomed) { try { process.kill(pid, 'SIGKILL'); } catch (_) { /* gone */ } }
}
function cleanUp() {
  killLeftovers();
  rmSync(scratch, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(1));

let base = null;
let sid = null;
async function wd(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${json.value && json.value.error}: ${json.value && json.value.message}`);
  return json.value;
}
const s = (path) => `/session/${sid}${path}`;

// A function run in the current page's main world with its arguments; a returned promise
// is awaited.
const run = (fn, ...args) => wd('POST', s('/execute/sync'), { script: `return (${fn}).apply(null, arguments)`, args });
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const SHADOW = 'shadow-6066-11e4-a52e-4f735466cecf';
// An element's reference, in the document or (from = `/shadow/<id>`) in a shadow root.
async function find(css, from = '') {
  const v = await wd('POST', s(`${from}/element`), { using: 'css selector', value: css });
  if (!v[ELEMENT]) throw new Error(`find ${css}: ${JSON.stringify(v)}`);
  return v[ELEMENT];
}

// Polls fn in the page until it returns something truthy; returns that.
async function waitFor(what, fn, ...args) {
  const deadline = Date.now() + TIMEOUT;
  let last;
  for (;;) {
    try { last = await run(fn, ...args); } catch (e) { last = e; }
    if (last && !(last instanceof Error)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await run(() => new Promise((ok) => requestAnimationFrame(() => ok(true)))).catch(() => {});
  }
}

// ---- the run ----------------------------------------------------------------------------------
const uuid = randomUUID();
const extBase = `moz-extension://${uuid}`;
const server = await startServer({
  mounts: [['/pages/', pagesDir], ['/firefox/', join(here, 'pages')]],
  headers: (path) => (path === '/pages/csp.html' ? { 'content-security-policy': "script-src 'self'" } : {}),
});
// Firefox's proxy for everything but the loopback: a sink on 127.0.0.1 that records what
// would have left the machine and answers nothing, so no request reaches another address.
const leaks = [];
const sink = createServer((req, res) => { leaks.push(`${req.method} ${req.url}`); res.writeHead(502).end(); });
sink.on('connect', (req, socket) => { leaks.push(`CONNECT ${req.url}`); socket.destroy(); });
await new Promise((ok) => sink.listen(0, '127.0.0.1', ok));
let extTab = null;
let pageTab = null;

const toExt = () => wd('POST', s('/window'), { handle: extTab });
const toPage = () => wd('POST', s('/window'), { handle: pageTab });

// The content script's answer to the popup's STATUS message, for the page tab (asked from
// the options page, as the popup asks it).
async function pageStatus() {
  await toExt();
  const status = await run(async (origin, type) => {
    for (const tab of await chrome.tabs.query({})) {
      let st = null;
      try { st = await chrome.tabs.sendMessage(tab.id, { type }, { frameId: 0 }); } catch (_) { st = null; }
      if (st && st.host === new URL(origin).hostname) return { ...st, tabId: tab.id };
    }
    return null;
  }, server.origin, MSG.STATUS);
  await toPage();
  return status;
}

async function enginePaths() {
  await toExt();
  const got = await run(() => chrome.storage.local.get('enginePath').then((x) => x.enginePath || {}));
  await toPage();
  return got;
}

// Type the cold reply, wait for both phrases to be painted over their own rectangles,
// open the card with a click on the phrase, apply the top rewrite: the field's value
// changes to exactly that and the page sees an input event.
async function editorScenario(label, { path, sel, kind, wantPath }) {
  await check(`${label}: typing a cold reply paints "${PHRASE}" over the phrase`, async () => {
    await wd('POST', s('/url'), { url: server.origin + path });
    const el = await find(sel);
    await wd('POST', s(`/element/${el}/click`), {});
    await wd('POST', s(`/element/${el}/value`), { text: COLD });
    const paintedFn = kind === 'field' ? geometry.overlayRects : geometry.highlightRects;
    const ownFn = kind === 'field' ? geometry.phraseRectsField : geometry.phraseRectsRich;
    for (const phrase of [PHRASE, SECOND]) {
      const args = kind === 'field' ? [phrase] : ['rapport-high', phrase];
      const painted = await waitFor(`"${phrase}" painted`, paintedFn, args);
      const own = await run(ownFn, [sel, phrase]);
      assertCovers(painted, own, `${label}: "${phrase}"`);
    }
  });
  await check(`${label}: the content script is on for 127.0.0.1 and used the ${wantPath} engine`, async () => {
    const st = await pageStatus();
    assert(st, 'no STATUS reply from the page');
    assertEq(st.active, true, 'active');
    assertEq(st.enginePath, wantPath, 'engine path');
  });
  await check(`${label}: a click on the phrase opens the card; its top rewrite replaces the sentence with an input event`, async () => {
    const value = (selector, k) => {
      const e = document.querySelector(selector);
      return k === 'field' ? e.value : e.innerText.replace(/\u00a0/g, ' ').replace(/\n$/, '');
    };
    assertEq(await run(value, sel, kind), COLD, 'typed text');
    await run((selector) => {
      window.inputEvents = [];
      document.querySelector(selector).addEventListener('input', (e) => window.inputEvents.push({ type: e.inputType, trusted: e.isTrusted }));
    }, sel);
    const rects = kind === 'field' ? await run(geometry.overlayRects, [PHRASE]) : await run(geometry.highlightRects, ['rapport-high', PHRASE]);
    const r = rects[0];
    const x = Math.round((r.left + r.right) / 2);
    const y = Math.round((r.top + r.bottom) / 2);
    await wd('POST', s('/actions'), {
      actions: [{
        type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' },
        actions: [{ type: 'pointerMove', x, y, origin: 'viewport', duration: 0 }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }],
      }],
    });
    await wd('DELETE', s('/actions'));
    const msg = await waitFor('the card', () => {
      const h = document.querySelector('[data-rapport-ui="card"]');
      return h && h.shadowRoot && h.shadowRoot.querySelector('.msg') ? h.shadowRoot.querySelector('.msg').textContent : false;
    });
    assert(/basic-check question/.test(msg), `card message: ${msg}`);
    const keys = await run(() => document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelector('.keys').textContent);
    assert(keys.includes('about:addons') && !keys.includes('chrome://'), `the card names Firefox's shortcuts page: ${keys}`);
    const host = await find('[data-rapport-ui="card"]');
    const shadow = (await wd('GET', s(`/element/${host}/shadow`)))[SHADOW];
    const button = await find('[data-rewrite="0"]', `/shadow/${shadow}`);
    const rewrite = await wd('GET', s(`/element/${button}/text`));
    const top = await run(() => document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelector('[data-rewrite="0"] .text').textContent);
    assert(top && rewrite.includes(top), `rewrite button text ${JSON.stringify(rewrite)} holds ${JSON.stringify(top)}`);
    // a rewrite replaces the phrase (its frame) or the whole sentence: exactly one of these
    const candidates = [COLD.replace(PHRASE, top), COLD.replace(SENTENCE, top)];
    assert(!candidates.includes(COLD), 'the rewrite differs from the sentence');
    await wd('POST', s(`/element/${button}/click`), {});
    await waitFor(`the value to be one of ${JSON.stringify(candidates)}`, (selector, k, want) => {
      const e = document.querySelector(selector);
      return want.includes(k === 'field' ? e.value : e.innerText.replace(/\u00a0/g, ' ').replace(/\n$/, ''));
    }, sel, kind, candidates).catch(async (e) => { throw new Error(`${e.message}; got ${JSON.stringify(await run(value, sel, kind))}`); });
    const events = await run(() => window.inputEvents);
    assert(events.length >= 1, 'no input event reached the page');
    // the browser's own (trusted) input event; for a contenteditable apply.js adds one
    // insertReplacementText input so editors with their own undo history (TinyMCE) see a replacement
    assert(events.some((e) => e.trusted), `input events: ${JSON.stringify(events)}`);
    assert(events.every((e) => e.trusted || (kind === 'rich' && e.type === 'insertReplacementText')), `input events: ${JSON.stringify(events)}`);
    await waitFor('the card closed', () => !document.querySelector('[data-rapport-ui="card"]'));
    // the rewritten sentence is warm: its highlight goes, the second finding stays
    const gone = kind === 'field'
      ? (p) => { for (const h of document.querySelectorAll('[data-rapport-ui="overlay"]')) for (const m of h.shadowRoot.querySelectorAll('mark')) if (m.textContent === p) return false; return true; }
      : (p) => { const h = CSS.highlights.get('rapport-high'); if (!h) return true; for (const rg of h) if (rg.toString() === p) return false; return true; };
    await waitFor(`"${PHRASE}" no longer painted`, gone, PHRASE);
  });
}

try {
  base = await startDriver();
  const prefs = {
    // the add-on's moz-extension:// host, so the test can open its pages
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'app.update.disabledForTesting': true,
    'browser.newtabpage.enabled': false,
    'browser.startup.homepage': 'about:blank',
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': sink.address().port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': sink.address().port,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': false,
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
  };
  const created = await wd('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': { binary: FIREFOX, args: ['-headless'], prefs },
      },
    },
  });
  sid = created.sessionId;
  console.log(`Firefox ${created.capabilities.browserVersion}, geckodriver at ${base}`);
  await wd('POST', s('/timeouts'), { script: TIMEOUT, pageLoad: TIMEOUT, implicit: 0 });
  await wd('POST', s('/window/rect'), { width: 1000, height: 800 });

  await check('the Firefox package installs as a temporary add-on with the gecko id', async () => {
    const id = await wd('POST', s('/moz/addon/install'), { path: ZIP, temporary: true });
    assertEq(id, GECKO_ID, 'add-on id');
  });

  await check('the options page runs at the fixed moz-extension:// host; the background script answers with the engine\'s rules', async () => {
    extTab = await wd('GET', s('/window'));
    await wd('POST', s('/url'), { url: `${extBase}/options.html` });
    const rules = await run((type) => chrome.runtime.sendMessage({ type }), MSG.RULES);
    assert(rules && Array.isArray(rules.rules), `RULES reply: ${JSON.stringify(rules)}`);
    assert(rules.rules.length >= 10 && rules.rules.every((r) => r.id && r.message), `${rules.rules.length} rules`);
    // through the module the options page imports
    const settings = await run(async () => (await import('/settings.js')).setSite('127.0.0.1', true).then(() => chrome.storage.sync.get('settings')));
    assertEq(settings.settings.sites['127.0.0.1'], true, 'stored site');
    pageTab = (await wd('POST', s('/window/new'), { type: 'tab' })).handle;
    await toPage();
  });

  await editorScenario('textarea', { path: '/pages/textarea.html', sel: '#reply', kind: 'field', wantPath: 'content' });
  await editorScenario('contenteditable', { path: '/pages/contenteditable.html', sel: '#reply', kind: 'rich', wantPath: 'content' });
  // Firefox does not hold content scripts to the page's CSP: WebAssembly compiles in the
  // content script there too, and the site sees no violation.
  await editorScenario('page CSP without wasm, textarea', { path: '/pages/csp.html', sel: '#reply', kind: 'field', wantPath: 'content' });
  await check('page CSP without wasm: the page\'s own script cannot compile WebAssembly, yet the site saw no violation from Rapport and no engine path was remembered', async () => {
    assertEq(JSON.stringify(await run(() => window.violations)), '[]', 'violations');
    assertEq(JSON.stringify(await enginePaths()), '{}', 'remembered engine paths');
    // and the CSP is in force: the page itself cannot compile WebAssembly
    await run(() => { const el = document.createElement('script'); el.src = '/firefox/wasm-probe.js'; document.head.append(el); return true; });
    const own = await waitFor('the probe ran', () => document.documentElement.dataset.pageWasm);
    assertEq(own, 'CompileError', 'the page\'s own WebAssembly.compile');
  });
  // The background script's engine, as a page that needs it gets it: the origin remembered
  // as one where only the worker path works.
  await check('the background script analyses for a page whose origin is remembered as worker-only', async () => {
    await toExt();
    await run((origin) => chrome.storage.local.set({ enginePath: { [origin]: { path: 'worker', at: Date.now() } } }), server.origin);
    await toPage();
  });
  await editorScenario('background-script engine, contenteditable', { path: '/pages/contenteditable.html', sel: '#reply', kind: 'rich', wantPath: 'worker' });
  await check('the popup shows the page\'s site as on, with the findings of its reply', async () => {
    const st = await pageStatus();
    await toExt();
    await wd('POST', s('/url'), { url: `${extBase}/popup.html?tab=${st.tabId}` });
    const shown = await waitFor('the popup filled in', () => {
      const $ = (id) => document.getElementById(id);
      return $('reply') && !$('reply').hidden ? { site: $('site').textContent, on: $('on').checked, findings: $('findings').textContent } : false;
    });
    assertEq(shown.site, '127.0.0.1', 'site');
    assertEq(shown.on, true, 'on');
    assert(Number(shown.findings) >= 1, `findings: ${shown.findings}`);
    await toPage();
  });
  // Firefox's own services are pointed at nothing by Marionette's prefs and the env above;
  // the extension makes no requests at all: so nothing may reach the proxy.
  await check('no request tried to leave the machine (the local proxy saw none)', () => {
    assertEq(leaks.length, 0, `requests to other hosts: ${leaks.slice(0, 5).join(', ')}`);
  });
} catch (e) {
  await check('the Firefox run', () => { throw e; });
} finally {
  if (sid) await wd('DELETE', s('')).catch(() => {});
  if (driver && driver.exitCode === null) {
    const exited = new Promise((ok) => driver.once('exit', ok));
    driver.kill('SIGTERM');
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000).unref())]);
    if (driver.exitCode === null) driver.kill('SIGKILL');
  }
  server.close();
  sink.close();
  cleanUp();
}

const { passes, failures } = results();
if (failures && driverLog.trim()) console.log(`geckodriver log (last lines):\n${driverLog.trim().split('\n').slice(-30).join('\n')}`);
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
