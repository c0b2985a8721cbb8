// Browser end-to-end tests: the built extension loaded into Debian's Chromium with
// playwright-core, on pages served by a tiny server on 127.0.0.1 started here.
//
//   node tests/browser/run.mjs            (needs extension/engine/, built by `make wasm`)
//
// Prints each check; exits non-zero when one fails. Waits on conditions, never sleeps.
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm, readdir, access, cp } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
const { chromium } = await import('playwright-core');
const esbuild = await import('esbuild');

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
// RAPPORT_ENGINE_DIR: test the extension with an engine build from elsewhere (a copy of
// extension/ with that engine/ is loaded instead)
let extDir = join(root, 'extension');
const pagesDir = join(here, 'pages');
const buildDir = join(here, '.build');
const demoDir = join(root, 'www/demo');
const TIMEOUT = 30_000;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const COLD = 'Hi Sam, thanks for writing in. Did you plug it in? You should have restarted the router.';
const PHRASE = 'Did you plug it in';
const SENTENCE = 'Did you plug it in?';

// ---- reporting ------------------------------------------------------------------------
let failures = 0;
let passes = 0;
async function check(name, fn) {
  const t0 = performance.now();
  try {
    await fn();
    passes++;
    console.log(`ok   ${name} (${Math.round(performance.now() - t0)} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
function assertEq(a, b, msg) { if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); }

// ---- build the React page ---------------------------------------------------------------
await access(join(extDir, 'engine/rapport_bg.wasm')).catch(() => {
  console.error('extension/engine/ is missing: run `make wasm` first');
  process.exit(2);
});
await esbuild.build({
  entryPoints: [join(pagesDir, 'react-app.jsx')], bundle: true, minify: true, jsx: 'automatic',
  outfile: join(buildDir, 'react-app.js'), define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
});

if (process.env.RAPPORT_ENGINE_DIR) {
  const copy = await mkdtemp(join(tmpdir(), 'rapport-ext-'));
  await cp(extDir, copy, { recursive: true });
  await cp(resolve(process.env.RAPPORT_ENGINE_DIR), join(copy, 'engine'), { recursive: true });
  extDir = copy;
  process.on('exit', () => rmSync(copy, { recursive: true, force: true }));
}

// ---- the test server: 127.0.0.1 only, every request logged ------------------------------
const served = [];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.txt': 'text/plain' };
const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  served.push(url.pathname);
  const mounts = [['/pages/', pagesDir], ['/build/', buildDir], ['/demo/', demoDir]];
  const m = mounts.find(([prefix]) => url.pathname.startsWith(prefix));
  const file = m && resolve(m[1], '.' + url.pathname.slice(m[0].length - 1));
  if (!m || !file.startsWith(m[1] + sep)) { res.writeHead(404).end(); return; }
  try {
    const body = await readFile(file);
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
    if (url.pathname === '/pages/csp.html') headers['content-security-policy'] = "script-src 'self'";
    res.writeHead(200, headers).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- the browser -------------------------------------------------------------------------
const profile = await mkdtemp(join(tmpdir(), 'rapport-profile-'));
const tmpBefore = new Set((await readdir('/tmp')).filter((n) => n.startsWith('org.chromium.Chromium.')));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1000, height: 800 },
  args: [
    `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, '--no-sandbox',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  ],
});
context.setDefaultTimeout(TIMEOUT);

// every request the browser makes, pages and the extension's worker alike
const requests = [];
context.on('request', (r) => requests.push(r.url()));
const worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: TIMEOUT });
const extId = new URL(worker.url()).host;
worker.on('request', (r) => requests.push(r.url()));

async function setSettings(settings) {
  await worker.evaluate((s) => chrome.storage.sync.set({ settings: s }), settings);
}
async function clearEnginePaths() {
  await worker.evaluate(() => chrome.storage.local.remove('enginePath'));
}
async function command(name) {
  await worker.evaluate(async (cmd) => {
    for (const tab of await chrome.tabs.query({})) await self.rapportRelayCommand(cmd, tab);
  }, name);
}

// The content script's isolated world, through CDP, for state the page cannot see.
class Isolated {
  constructor(page) { this.page = page; this.contexts = []; this.waiters = []; }
  async start() {
    this.cdp = await this.page.context().newCDPSession(this.page);
    this.cdp.on('Runtime.executionContextCreated', ({ context: c }) => {
      this.contexts.push(c);
      for (const w of this.waiters.splice(0)) w();
    });
    this.cdp.on('Runtime.executionContextsCleared', () => { this.contexts = []; });
    await this.cdp.send('Runtime.enable');
    return this;
  }
  async frameId(urlPart) {
    const { frameTree } = await this.cdp.send('Page.getFrameTree');
    const all = [];
    const walk = (t) => { all.push(t.frame); (t.childFrames || []).forEach(walk); };
    walk(frameTree);
    const f = urlPart ? all.find((x) => x.url.includes(urlPart)) : all[0];
    assert(f, `no frame ${urlPart}`);
    return f.id;
  }
  async context(urlPart) {
    const fid = await this.frameId(urlPart);
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const c = this.contexts.find((x) => x.auxData && x.auxData.frameId === fid && x.origin === `chrome-extension://${extId}`);
      if (c) return c.id;
      assert(Date.now() < deadline, 'the content script never ran in that frame');
      await new Promise((ok) => { this.waiters.push(ok); setTimeout(ok, 1000); });
    }
  }
  async eval(expression, urlPart) {
    const contextId = await this.context(urlPart);
    const r = await this.cdp.send('Runtime.evaluate', { expression, contextId, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
    return r.result.value;
  }
  async waitFor(expression, urlPart, what) {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      if (await this.eval(expression, urlPart)) return;
      assert(Date.now() < deadline, `timed out waiting for ${what || expression}`);
      await this.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
    }
  }
}

// ---- in-page geometry helpers (run in the page's main world) -------------------------
// The phrase's own rectangles and the painted ones, as plain {left, top, right, bottom}.
const geometry = {
  // contenteditable: a Range found independently by searching the text nodes
  phraseRectsRich: ([sel, phrase]) => {
    const find = (root) => {
      const el = root.querySelector(sel);
      if (el) return el;
      for (const h of root.querySelectorAll('*')) if (h.shadowRoot) { const x = find(h.shadowRoot); if (x) return x; }
      return null;
    };
    const el = find(document);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(phrase);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + phrase.length);
        return [...r.getClientRects()].map((x) => ({ left: x.left, top: x.top, right: x.right, bottom: x.bottom }));
      }
    }
    return null;
  },
  highlightRects: ([name, phrase]) => {
    const h = CSS.highlights.get(name);
    if (!h) return null;
    for (const r of h) {
      if (r.toString() === phrase) return [...r.getClientRects()].map((x) => ({ left: x.left, top: x.top, right: x.right, bottom: x.bottom }));
    }
    return null;
  },
  // textarea: an independent clone of the field with every computed style copied
  phraseRectsField: ([sel, phrase]) => {
    const el = document.querySelector(sel);
    const cs = getComputedStyle(el);
    const div = document.createElement('div');
    for (const p of cs) div.style.setProperty(p, cs.getPropertyValue(p));
    const r = el.getBoundingClientRect();
    Object.assign(div.style, { position: 'fixed', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px`, margin: '0', visibility: 'hidden' });
    const i = el.value.indexOf(phrase);
    const span = document.createElement('span');
    span.textContent = phrase;
    div.append(el.value.slice(0, i), span, el.value.slice(i + phrase.length));
    document.body.append(div);
    // unscrolled layout, shifted by the field's scroll (the clone's own scroll range may differ)
    const dx = el.scrollLeft, dy = el.scrollTop;
    const rects = [...span.getClientRects()].map((x) => ({ left: x.left - dx, top: x.top - dy, right: x.right - dx, bottom: x.bottom - dy }));
    div.remove();
    return rects;
  },
  overlayRects: ([phrase]) => {
    for (const host of document.querySelectorAll('[data-rapport-ui="overlay"]')) {
      for (const m of host.shadowRoot.querySelectorAll('mark')) {
        if (m.textContent === phrase) return [...m.getClientRects()].map((x) => ({ left: x.left, top: x.top, right: x.right, bottom: x.bottom }));
      }
    }
    return null;
  },
};

function union(rects) {
  return rects.reduce((u, r) => ({
    left: Math.min(u.left, r.left), top: Math.min(u.top, r.top), right: Math.max(u.right, r.right), bottom: Math.max(u.bottom, r.bottom),
  }), { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity });
}
function lines(rects) { return new Set(rects.filter((r) => r.right - r.left > 0.5).map((r) => Math.round(r.bottom))).size; }
function assertCovers(painted, phrase, what) {
  assert(painted && painted.length, `${what}: nothing painted`);
  assert(phrase && phrase.length, `${what}: phrase not found`);
  const a = union(painted), b = union(phrase);
  for (const k of ['left', 'top', 'right', 'bottom']) {
    assert(Math.abs(a[k] - b[k]) <= 2, `${what}: highlight ${k} ${a[k].toFixed(1)} vs phrase ${b[k].toFixed(1)}`);
  }
  assertEq(lines(painted), lines(phrase), `${what}: lines`);
}

// ---- scenario helpers ----------------------------------------------------------------------
async function openPage(path) {
  const page = await context.newPage();
  const iso = await new Isolated(page).start();
  await page.goto(origin + path);
  return { page, iso };
}

// frame: the Playwright frame holding the editor; urlPart: its URL, for the isolated world
async function waitHighlight(frame, kind, sel, phrase = PHRASE) {
  if (kind === 'field') {
    await frame.waitForFunction(geometry.overlayRects, [phrase], { timeout: TIMEOUT });
    const painted = await frame.evaluate(geometry.overlayRects, [phrase]);
    const own = await frame.evaluate(geometry.phraseRectsField, [sel, phrase]);
    return { painted, own };
  }
  await frame.waitForFunction(geometry.highlightRects, ['rapport-high', phrase], { timeout: TIMEOUT });
  const painted = await frame.evaluate(geometry.highlightRects, ['rapport-high', phrase]);
  const own = await frame.evaluate(geometry.phraseRectsRich, [sel, phrase]);
  return { painted, own };
}

function valueOf(frame, kind, sel) {
  return frame.evaluate(([k, s]) => {
    const find = (root) => {
      const el = root.querySelector(s);
      if (el) return el;
      for (const h of root.querySelectorAll('*')) if (h.shadowRoot) { const x = find(h.shadowRoot); if (x) return x; }
      return null;
    };
    const el = find(document);
    return k === 'field' ? el.value : el.innerText.replace(/\u00a0/g, ' ').replace(/\n$/, '');
  }, [kind, sel]);
}

async function waitValue(frame, kind, sel, want, what) {
  try {
    await frame.waitForFunction(([k, s, w]) => {
      const find = (root) => {
        const el = root.querySelector(s);
        if (el) return el;
        for (const h of root.querySelectorAll('*')) if (h.shadowRoot) { const x = find(h.shadowRoot); if (x) return x; }
        return null;
      };
      const el = find(document);
      const v = k === 'field' ? el.value : el.innerText.replace(/\u00a0/g, ' ').replace(/\n$/, '');
      return v === w;
    }, [kind, sel, want], { timeout: TIMEOUT });
  } catch (e) {
    throw new Error(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(await valueOf(frame, kind, sel))}`);
  }
}

const cardVisible = (frame) => frame.waitForFunction(() => {
  const h = document.querySelector('[data-rapport-ui="card"]');
  return h && h.shadowRoot.querySelector('.card') ? h.shadowRoot.querySelector('.msg').textContent : false;
}, null, { timeout: TIMEOUT }).then((h) => h.jsonValue());
const cardGone = (frame) => frame.waitForFunction(() => !document.querySelector('[data-rapport-ui="card"]'), null, { timeout: TIMEOUT });
const cardRewrite = (frame, i) => frame.evaluate((n) => {
  const b = document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelector(`[data-rewrite="${n}"]`);
  return { text: b.querySelector('.text').textContent, strategy: b.querySelector('.strategy').textContent };
}, i);

// The "next finding" command until the card shows the wanted message (other rules may
// flag other words of the reply as the catalog grows).
async function nextUntil(frame, re, max = 12) {
  let last = null;
  for (let i = 0; i < max; i++) {
    await command('next-finding');
    const msg = await frame.waitForFunction((prev) => {
      const h = document.querySelector('[data-rapport-ui="card"]');
      const m = h && h.shadowRoot.querySelector('.msg').textContent;
      return m && m !== prev ? m : false;
    }, last, { timeout: TIMEOUT }).then((h) => h.jsonValue());
    if (re.test(msg)) return msg;
    last = msg;
  }
  throw new Error(`no card matching ${re} after ${max} "next finding" commands (last: ${last})`);
}

// The whole story on one editor: type, highlight, card by mouse and keyboard, apply, undo.
async function editorScenario(label, { path, sel, kind, frameUrl, state, wantPath }) {
  const { page, iso } = await openPage(path);
  const frame = frameUrl ? page.frames().find((f) => f.url().includes(frameUrl)) : page.mainFrame();
  const stateOf = state ? () => frame.evaluate((s) => document.querySelector(s).textContent, state) : null;
  try {
    await check(`${label}: typing a cold reply highlights "${PHRASE}" over the phrase's own rectangles`, async () => {
      await frame.locator(sel).click();
      // painting never writes to the editor: no attribute changes on it or inside it
      await frame.evaluate((s) => {
        const find = (r) => r.querySelector(s) || [...r.querySelectorAll('*')].map((h) => h.shadowRoot && find(h.shadowRoot)).find(Boolean);
        window.attributeWrites = 0;
        new MutationObserver((l) => { window.attributeWrites += l.length; }).observe(find(document), { attributes: true, subtree: true });
      }, sel);
      await page.keyboard.type(COLD);
      const { painted, own } = await waitHighlight(frame, kind, sel);
      assertCovers(painted, own, label);
      const second = await waitHighlight(frame, kind, sel, 'You should have restarted the router');
      assertCovers(second.painted, second.own, `${label} (second finding)`);
      if (wantPath) assertEq(await iso.eval('Rapport.stats.path', frameUrl), wantPath, 'engine path');
      assertEq(await frame.evaluate(() => window.attributeWrites), 0, 'attribute writes on the editor');
    });
    await check(`${label}: hovering the phrase opens the card; Escape closes it`, async () => {
      const rects = kind === 'field'
        ? await frame.evaluate(geometry.overlayRects, [PHRASE])
        : await frame.evaluate(geometry.highlightRects, ['rapport-high', PHRASE]);
      let { left, top, right, bottom } = union(rects);
      if (frameUrl) {
        const box = await page.locator('iframe').boundingBox();
        left += box.x + 1; right += box.x + 1; top += box.y + 1; bottom += box.y + 1;
      }
      await page.mouse.move((left + right) / 2, (top + bottom) / 2);
      const msg = await cardVisible(frame);
      assert(/basic-check question/.test(msg), `card message: ${msg}`);
      const rw = await cardRewrite(frame, 0);
      assert(rw.strategy && rw.text, 'rewrite with its strategy');
      const html = await frame.evaluate(() => document.querySelector('[data-rapport-ui="card"]').shadowRoot.textContent);
      assert(html.includes('Ignore here') && html.includes('Turn off this rule') && html.includes('condescending'), 'card actions and category');
      await page.keyboard.press('Escape');
      await cardGone(frame);
    });
    let original;
    await check(`${label}: clicking a rewrite replaces exactly the sentence${state ? ' and updates React state' : ''}; Ctrl+Z restores`, async () => {
      original = await valueOf(frame, kind, sel);
      assertEq(original, COLD, 'typed text');
      await page.keyboard.press('Control+Home');
      await nextUntil(frame, /basic-check question/);
      const rw = await cardRewrite(frame, 0);
      const expected = original.replace(SENTENCE, rw.text);
      await frame.locator('[data-rapport-ui="card"] [data-rewrite="0"]').click();
      await waitValue(frame, kind, sel, expected, 'after apply');
      if (stateOf) assertEq(await stateOf(), expected, 'React state after apply');
      assertEq(await iso.eval('Rapport.stats.applied && Rapport.stats.applied.ok', frameUrl), true, 'apply checked its result');
      await page.keyboard.press('Control+z');
      await waitValue(frame, kind, sel, original, 'after Ctrl+Z');
      if (stateOf) assertEq(await stateOf(), original, 'React state after Ctrl+Z');
      await waitHighlight(frame, kind, sel);
    });
    await check(`${label}: keyboard commands: next finding opens the card, apply top rewrite, dismiss`, async () => {
      await frame.locator(sel).focus();
      await page.keyboard.press('Control+Home');
      await nextUntil(frame, /basic-check question/);
      await nextUntil(frame, /"You should have"/); // moves on to the next finding
      const rw = await cardRewrite(frame, 0);
      await command('apply-top-rewrite');
      const expected = original.replace('You should have restarted the router.', rw.text);
      await waitValue(frame, kind, sel, expected, 'after keyboard apply');
      if (stateOf) assertEq(await stateOf(), expected, 'React state after keyboard apply');
      await cardGone(frame);
      await page.keyboard.press('Control+z');
      await waitValue(frame, kind, sel, original, 'after Ctrl+Z');
      await waitHighlight(frame, kind, sel, 'You should have restarted the router');
      await page.keyboard.press('Control+Home');
      await nextUntil(frame, /basic-check question/);
      await command('dismiss');
      await cardGone(frame);
      await frame.waitForFunction((kind === 'field'
        ? ([p]) => { for (const h of document.querySelectorAll('[data-rapport-ui="overlay"]')) for (const m of h.shadowRoot.querySelectorAll('mark')) if (m.textContent === p) return false; return true; }
        : ([p]) => { const h = CSS.highlights.get('rapport-high'); if (!h) return true; for (const r of h) if (r.toString() === p) return false; return true; }),
      [PHRASE], { timeout: TIMEOUT });
    });
  } finally {
    await page.close();
  }
}

// Keystroke-to-highlight: the last key completes the phrase; the content script timestamps
// the input event and the moment the highlight is painted.
async function latency(label, { path, sel, enginePath, rounds = 30 }) {
  await clearEnginePaths(); // the test pages share one origin; each page finds its own path
  const { page, iso } = await openPage(path);
  const times = [];
  try {
    await page.locator(sel).click();
    for (let i = 0; i < rounds; i++) {
      await page.locator(sel).fill('');
      const prefix = `Hello. ${PHRASE.slice(0, -1)}`;
      await page.keyboard.type(prefix);
      await iso.waitFor(`Rapport.stats.analysedLength === ${prefix.length} && !document.querySelector('[data-rapport-ui=overlay]').shadowRoot.querySelector('mark')`, null, 'the prefix analysed');
      // two frames with no input: the per-frame coalescing has nothing pending, as between
      // an agent's keystrokes (a burst faster than a frame waits up to one more frame)
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok()))));
      const before = await iso.eval('Rapport.stats.latencies.length');
      await page.keyboard.press(PHRASE.slice(-1));
      await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
      await iso.waitFor(`Rapport.stats.latencies.length > ${before}`, null, 'a latency sample');
      times.push(await iso.eval('Rapport.stats.latencies[Rapport.stats.latencies.length - 1]'));
      if (i === 0) assertEq(await iso.eval('Rapport.stats.path'), enginePath, 'engine path');
    }
  } finally {
    await page.close();
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(`     keystroke-to-highlight, ${label}: p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms (${times.length} keystrokes)`);
  return { p50: pct(0.5), p95: pct(0.95) };
}

// ---- the checks ------------------------------------------------------------------------------
const latencies = {};
try {
  await setSettings({ sites: {}, disabledRules: [], severityOverrides: {} });
  await clearEnginePaths();

  await check('off by default on a site that is not a known helpdesk', async () => {
    const { page, iso } = await openPage('/pages/textarea.html');
    try {
      await iso.waitFor('Rapport.started === true', null, 'the content script');
      await page.locator('#reply').click();
      await page.keyboard.type(SENTENCE);
      assertEq(await iso.eval('Rapport.stats.attached.length + Rapport.stats.runs'), 0, 'attached or analysed');
      assertEq(await page.evaluate(() => document.querySelectorAll('[data-rapport-ui]').length), 0, 'UI elements');
      // the popup turns it on for this site, and the open page follows
      const popup = await context.newPage();
      const tabs = await worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id));
      let toggled = false;
      for (const id of tabs) {
        await popup.goto(`chrome-extension://${extId}/popup.html?tab=${id}`);
        const site = await popup.locator('#site').textContent();
        if (site !== '127.0.0.1') continue;
        await popup.locator('#on').check();
        toggled = true;
        break;
      }
      assert(toggled, 'no tab answered the popup');
      await popup.close();
      await page.locator('#reply').click();
      await page.keyboard.type(' ');
      await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
    } finally {
      await page.close();
    }
  });

  await setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });

  await editorScenario('textarea', { path: '/pages/textarea.html', sel: '#reply', kind: 'field', wantPath: 'content' });
  await editorScenario('contenteditable', { path: '/pages/contenteditable.html', sel: '#reply', kind: 'rich', wantPath: 'content' });
  await editorScenario('open shadow root', { path: '/pages/shadow.html', sel: '#reply', kind: 'rich' });
  await editorScenario('same-origin iframe', { path: '/pages/iframe.html', sel: '#reply', kind: 'field', frameUrl: 'frame-inner.html' });
  await editorScenario('React textarea', { path: '/pages/react.html', sel: '#reply', kind: 'field', state: '#state' });
  await editorScenario('CSP without wasm (worker), textarea', { path: '/pages/csp.html', sel: '#reply', kind: 'field', wantPath: 'worker' });
  await editorScenario('CSP without wasm (worker), contenteditable', { path: '/pages/csp.html', sel: '#rich', kind: 'rich', wantPath: 'worker' });

  await check('CSP page: at most one violation ever, then the remembered worker path causes none', async () => {
    await clearEnginePaths();
    for (const round of [1, 2]) {
      const { page, iso } = await openPage('/pages/csp.html');
      try {
        await page.locator('#reply').click();
        await page.keyboard.type(SENTENCE);
        await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
        assertEq(await iso.eval('Rapport.stats.path'), 'worker', 'engine path');
        const v = await page.evaluate(() => window.violations.length);
        assert(round === 1 ? v <= 1 : v === 0, `round ${round}: ${v} CSP violations`);
      } finally {
        await page.close();
      }
    }
  });

  await check('textarea overlay follows the field\'s own scrolling and a resize', async () => {
    const { page } = await openPage('/pages/textarea.html');
    try {
      await page.locator('#reply').click();
      await page.keyboard.type('Line\n'.repeat(12) + COLD);
      let g = await waitHighlight(page.mainFrame(), 'field', '#reply');
      assertCovers(g.painted, g.own, 'scrolled to the end');
      assert(await page.evaluate(() => document.querySelector('#reply').scrollTop > 0), 'the field scrolled');
      await page.evaluate(() => { document.querySelector('#reply').scrollTop = 40; });
      await page.waitForFunction(([p, top]) => {
        for (const h of document.querySelectorAll('[data-rapport-ui="overlay"]')) for (const m of h.shadowRoot.querySelectorAll('mark')) if (m.textContent === p) return Math.abs(h.shadowRoot.querySelector('.mirror').scrollTop - top) < 1;
        return false;
      }, [PHRASE, 40], { timeout: TIMEOUT });
      g = await waitHighlight(page.mainFrame(), 'field', '#reply');
      assertCovers(g.painted, g.own, 'after scrolling the field');
      await page.evaluate(() => { document.querySelector('#reply').style.width = '380px'; });
      await page.waitForFunction(() => {
        const m = document.querySelector('[data-rapport-ui="overlay"]').shadowRoot.querySelector('.mirror');
        return Math.abs(m.getBoundingClientRect().width - document.querySelector('#reply').getBoundingClientRect().width) < 1;
      }, null, { timeout: TIMEOUT });
      await page.evaluate(() => { document.querySelector('#reply').scrollTop = 1e6; });
      await page.waitForFunction(() => {
        const t = document.querySelector('#reply');
        return Math.abs(document.querySelector('[data-rapport-ui="overlay"]').shadowRoot.querySelector('.mirror').scrollTop - t.scrollTop) < 1;
      }, null, { timeout: TIMEOUT });
      g = await waitHighlight(page.mainFrame(), 'field', '#reply');
      assertCovers(g.painted, g.own, 'after a resize');
    } finally {
      await page.close();
    }
  });

  await check('an engine trap (a Rust panic) is survived: a fresh engine, the next keystroke highlights', async () => {
    await clearEnginePaths(); // the CSP page shares this origin and taught it the worker path
    const { page, iso } = await openPage('/pages/textarea.html');
    try {
      await page.locator('#reply').click();
      await page.keyboard.type('Hello.');
      await iso.waitFor(`Rapport.stats.path === 'content' && Rapport.stats.analysedLength === 6`, null, 'the first analysis');
      // the next analysis traps, as a panic (panic=abort) would
      await iso.eval(`(() => {
        const glue = typeof rapport_glue === 'function' ? null : wasm_bindgen;
        const proto = wasm_bindgen.Engine.prototype, real = proto.analyze;
        proto.analyze = function () { proto.analyze = real; throw new WebAssembly.RuntimeError('unreachable'); };
        return !!glue;
      })()`);
      await page.keyboard.type(' ' + SENTENCE);
      await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
    } finally {
      await page.close();
    }
  });

  await check('password, e-mail, data-rapport="off" and card-number fields are never read', async () => {
    const { page, iso } = await openPage('/pages/textarea.html');
    try {
      await iso.waitFor('Rapport.started === true', null, 'the content script');
      for (const s of ['#pw', '#email', '#off', '#cc']) {
        await page.locator(s).click();
        await page.keyboard.type(SENTENCE);
      }
      // a real editor afterwards proves the content script was listening all along
      await page.locator('#reply').click();
      await page.keyboard.type('Thanks!');
      await iso.waitFor('Rapport.stats.runs > 0', null, 'the reply analysed');
      const attached = await iso.eval('JSON.stringify(Rapport.stats.attached)');
      assertEq(attached, JSON.stringify([{ tag: 'textarea', type: '', kind: 'field' }]), 'attached editors');
      assertEq(await page.evaluate(() => document.querySelectorAll('[data-rapport-ui="overlay"]').length), 1, 'overlays');
      assertEq(await page.evaluate(() => CSS.highlights.size), 0, 'highlights');
    } finally {
      await page.close();
    }
  });

  await check('"turn off this rule" stops the rule everywhere; the options page lists it', async () => {
    const { page } = await openPage('/pages/textarea.html');
    try {
      await page.locator('#reply').click();
      await page.keyboard.type(COLD);
      await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
      await page.locator('#reply').press('Control+Home');
      await nextUntil(page.mainFrame(), /basic-check question/);
      await page.locator('[data-rapport-ui="card"] [data-action="disable"]').click();
      await page.waitForFunction(([p]) => { for (const h of document.querySelectorAll('[data-rapport-ui="overlay"]')) for (const m of h.shadowRoot.querySelectorAll('mark')) if (m.textContent === p) return false; return true; }, [PHRASE], { timeout: TIMEOUT });
      await page.waitForFunction(geometry.overlayRects, ['You should have restarted the router'], { timeout: TIMEOUT });
      const options = await context.newPage();
      await options.goto(`chrome-extension://${extId}/options.html`);
      const box = options.locator('input[aria-label="did-you-plug-it-in"]');
      await box.waitFor();
      assertEq(await box.isChecked(), false, 'rule box');
      await box.check();
      await page.bringToFront();
      await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
      await options.close();
    } finally {
      await page.close();
    }
  });

  await check('demo helpdesk: both composers highlight', async () => {
    const { page } = await openPage('/demo/helpdesk.html');
    try {
      await page.locator('#reply-text').click();
      await page.keyboard.type(SENTENCE);
      await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
      await page.locator('#tab-rich').click();
      await page.locator('#reply-rich').click();
      await page.keyboard.type(SENTENCE);
      await page.waitForFunction(geometry.highlightRects, ['rapport-high', PHRASE], { timeout: TIMEOUT });
    } finally {
      await page.close();
    }
  });

  await check('keystroke-to-highlight on both engine paths', async () => {
    latencies.content = await latency('content script (wasm in page)', { path: '/pages/textarea.html', sel: '#reply', enginePath: 'content' });
    latencies.worker = await latency('service worker (page CSP forbids wasm)', { path: '/pages/csp.html', sel: '#reply', enginePath: 'worker' });
  });

  await check('zero network requests: only the 127.0.0.1 test server and the extension itself', async () => {
    // chrome-extension:// includes the per-session dynamic id of use_dynamic_url resources
    const bad = requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('chrome-extension://') && !u.startsWith('data:') && u !== 'about:blank');
    assertEq(JSON.stringify(bad), '[]', 'requests elsewhere');
    const unexpected = served.filter((p) => !/^\/(pages|build|demo)\/[\w.-]+$/.test(p) && p !== '/favicon.ico');
    assertEq(JSON.stringify(unexpected), '[]', 'unexpected requests to the test server');
  });
} finally {
  await context.close().catch(() => {});
  server.close();
  await rm(profile, { recursive: true, force: true });
  for (const n of await readdir('/tmp')) {
    if (n.startsWith('org.chromium.Chromium.') && !tmpBefore.has(n)) await rm(join('/tmp', n), { recursive: true, force: true });
  }
}

console.log(`\n${passes} passed, ${failures} failed`);
if (latencies.content && latencies.worker) {
  console.log(`keystroke-to-highlight p50/p95: content ${latencies.content.p50.toFixed(1)}/${latencies.content.p95.toFixed(1)} ms, worker ${latencies.worker.p50.toFixed(1)}/${latencies.worker.p95.toFixed(1)} ms`);
}
process.exit(failures ? 1 : 0);
