// The shared harness of the browser suites (extension.mjs, listen.mjs, ...): a static server on
// 127.0.0.1 that logs every request, the built extension loaded into Debian's Chromium with
// playwright-core, check/assert reporting, the content script's isolated world over CDP,
// and page helpers (highlight geometry, editor values, the card). Waits on conditions,
// never sleeps.
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm, readdir, access, cp } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { bundle } from '../../extension/build/bundle.mjs';

process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
const { chromium } = await import('playwright-core');

export const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
export const pagesDir = join(here, 'pages');
export const buildDir = join(here, '.build');
export const demoDir = join(root, 'www/demo');
export const TIMEOUT = 30_000;
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const COLD = 'Hi Sam, thanks for writing in. Did you plug it in? You should have restarted the router.';
export const PHRASE = 'Did you plug it in';
export const SENTENCE = 'Did you plug it in?';

// ---- reporting ------------------------------------------------------------------------
let failures = 0;
let passes = 0;
export async function check(name, fn) {
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
export function assert(cond, msg) { if (!cond) throw new Error(msg); }
export function assertEq(a, b, msg) { if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); }
export function results() { return { passes, failures }; }
// mulberry32: small, fast, and the same sequence on every machine for one seed
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[next.int(list.length)];
  return next;
}

// The extension's popup for the tab showing `host`, once it has asked that tab (the popup
// fills #site after a message round trip). The caller closes the page.
export async function popupForSite(browser, host) {
  const popup = await browser.context.newPage();
  const tabs = await browser.worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id));
  for (const id of tabs) {
    await popup.goto(`chrome-extension://${browser.extId}/popup.html?tab=${id}`);
    await popup.waitForFunction(() => document.querySelector('#site').textContent !== '…', null, { timeout: TIMEOUT });
    if (await popup.locator('#site').textContent() === host) return popup;
  }
  await popup.close();
  throw new Error(`no tab answered the popup for ${host}`);
}

// A suite's closing check: nothing left the machine (page or extension traffic), and the
// 127.0.0.1 test server was asked only for paths matching `allowed`.
export function checkNoNetwork(browser, served, allowed) {
  return check('zero network requests: only the 127.0.0.1 test server and the extension itself', async () => {
    assertEq(JSON.stringify(browser.foreignRequests()), '[]', 'requests elsewhere');
    const unexpected = served.filter((p) => !allowed.test(p) && p !== '/favicon.ico');
    assertEq(JSON.stringify(unexpected), '[]', 'unexpected requests to the test server');
  });
}

// Accessibility problems axe-core (npm) finds on `page` that are serious or critical, one
// line each with the rule and where. The library is evaluated by the browser's debugger,
// so a page's CSP (the extension's pages forbid inline scripts) does not stop it.
// `only`: CSS selectors of the elements to audit (with their open shadow trees), for
// Rapport's own elements on a page that is not Rapport's; axe fails when none is there.
let axeSource = null;
export async function axeViolations(page, only = null) {
  axeSource ??= await readFile(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async (sels) => (await globalThis.axe.run(sels ? { include: sels.map((s) => [s]) } : document,
    { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`), only);
}

// Prints the tally and ends the suite: exit status 1 if any check failed.
export function finish() {
  console.log(`\n${passes} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

// ---- the extension under test -----------------------------------------------------------
// extension/ itself, its bundles built afresh from its modules, or with RAPPORT_ENGINE_DIR a
// temporary copy of it with that engine/ (an engine build from elsewhere). `edit(copyDir)`
// makes a copy too, to change files in it (the copy's bundles are built after the edit).
export async function extensionDir({ edit } = {}) {
  let dir = join(root, 'extension');
  await access(join(dir, 'engine/rapport_bg.wasm')).catch(() => {
    console.error('extension/engine/ is missing: run `make wasm` first');
    process.exit(2);
  });
  if (process.env.RAPPORT_ENGINE_DIR || edit) {
    const copy = await mkdtemp(join(tmpdir(), 'rapport-ext-'));
    await cp(dir, copy, { recursive: true });
    if (process.env.RAPPORT_ENGINE_DIR) await cp(resolve(process.env.RAPPORT_ENGINE_DIR), join(copy, 'engine'), { recursive: true });
    if (edit) await edit(copy);
    dir = copy;
    process.on('exit', () => rmSync(copy, { recursive: true, force: true }));
  }
  bundle(dir);
  return dir;
}

// ---- the test server: 127.0.0.1 only, every request logged ------------------------------
// mounts: [[urlPrefix, dir]]; headers(pathname) adds response headers (e.g. a CSP).
export async function startServer({ mounts, headers = () => ({}) }) {
  const served = [];
  const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.txt': 'text/plain' };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    served.push(url.pathname);
    const m = mounts.find(([prefix]) => url.pathname.startsWith(prefix));
    const file = m && resolve(m[1], '.' + url.pathname.slice(m[0].length - 1));
    if (!m || !file.startsWith(m[1] + sep)) { res.writeHead(404).end(); return; }
    try {
      const body = await readFile(file);
      const h = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store', ...headers(url.pathname) };
      res.writeHead(200, h).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, served, close: () => server.close() };
}

// ---- the browser -------------------------------------------------------------------------
// The extension loaded into a fresh profile. Returns the context, the extension's worker,
// every request the browser made, and helpers bound to them; close() removes the profile
// and the /tmp/org.chromium.Chromium.* directories this browser left.
// `args`: more Chromium switches (e.g. --host-resolver-rules, to serve helpdesk host names).
// env: variables for the browser on top of this process's. LANGUAGE picks Chromium's UI
// language on Linux (--lang does not): English unless a suite asks for another
// (tests/browser/i18n.mjs), so the suites read the same words on any desktop.
export async function launch({ extDir, origin, args = [], env = {} }) {
  const profile = await mkdtemp(join(tmpdir(), 'rapport-profile-'));
  process.on('exit', () => rmSync(profile, { recursive: true, force: true })); // also when a suite dies early
  const tmpBefore = new Set((await readdir('/tmp')).filter((n) => n.startsWith('org.chromium.Chromium.')));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1000, height: 800 },
    env: { ...process.env, LANGUAGE: 'en', ...env },
    args: [
      `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, '--no-sandbox',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      ...args,
    ],
  });
  context.setDefaultTimeout(TIMEOUT);

  // every request the browser makes, pages and the extension's worker alike
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: TIMEOUT });
  const extId = new URL(worker.url()).host;
  worker.on('request', (r) => requests.push(r.url()));

  const b = {
    context, worker, extId, requests, origin,
    async setSettings(settings) {
      await worker.evaluate((s) => chrome.storage.sync.set({ settings: s }), settings);
    },
    async clearEnginePaths() {
      await worker.evaluate(() => chrome.storage.local.remove('enginePath'));
    },
    async command(name) {
      await worker.evaluate(async (cmd) => {
        for (const tab of await chrome.tabs.query({})) await self.rapportRelayCommand(cmd, tab);
      }, name);
    },
    async openPage(path) {
      const page = await context.newPage();
      const iso = await new Isolated(page, extId).start();
      await page.goto(origin + path);
      return { page, iso };
    },
    // requests anywhere but the test server and the extension itself
    foreignRequests() {
      // chrome-extension:// includes the per-session dynamic id of use_dynamic_url resources
      return requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('chrome-extension://') && !u.startsWith('data:') && u !== 'about:blank');
    },
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
      for (const n of await readdir('/tmp')) {
        if (n.startsWith('org.chromium.Chromium.') && !tmpBefore.has(n)) await rm(join('/tmp', n), { recursive: true, force: true });
      }
    },
  };
  return b;
}

// The www pages in a plain Chromium (no extension), served as `make demo` serves them: www/
// at the root, the extension's modules (the painter, the card, the session, the settings)
// at /extension/. Every request and every page error is kept, for the suite's closing check
// (checkClean).
export async function launchPages() {
  const MIME = { '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.csv': 'text/csv' };
  const server = await startServer({
    mounts: [['/extension/', join(root, 'extension')], ['/', join(root, 'www')]],
    headers: (p) => (MIME[extname(p)] ? { 'content-type': MIME[extname(p)] } : {}),
  });
  const { origin } = server;
  const tmpBefore = new Set((await readdir('/tmp')).filter((n) => n.startsWith('org.chromium.Chromium.')));
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const requests = [];
  const problems = [];
  return {
    origin,
    async newContext(opts = {}) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true, ...opts });
      context.setDefaultTimeout(TIMEOUT);
      context.on('request', (r) => requests.push(r.url()));
      context.on('page', (p) => {
        p.on('pageerror', (e) => problems.push(`${p.url()}: ${e.message}`));
        p.on('console', (m) => { if (m.type() === 'error') problems.push(`${p.url()}: console: ${m.text()}`); });
      });
      return context;
    },
    checkClean: () => check('no request leaves 127.0.0.1; no page errors', async () => {
      const foreign = requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:') && u !== 'about:blank');
      assertEq(foreign.join(' '), '', 'foreign requests');
      assertEq(problems.join('\n'), '', 'page errors');
    }),
    async close() {
      await browser.close();
      server.close();
      for (const n of await readdir('/tmp')) {
        if (n.startsWith('org.chromium.Chromium.') && !tmpBefore.has(n)) await rm(join('/tmp', n), { recursive: true, force: true });
      }
    },
  };
}

// The content script's isolated world, through CDP, for state the page cannot see.
export class Isolated {
  constructor(page, extId) { this.page = page; this.extId = extId; this.contexts = []; this.waiters = []; }
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
      // the newest: a frame whose document was replaced without an event (TinyMCE's iframe)
      // keeps its dead context in the list
      const c = this.contexts.findLast((x) => x.auxData && x.auxData.frameId === fid && x.origin === `chrome-extension://${this.extId}`);
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
export const geometry = {
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
  // textarea: an independent clone of the field with every computed style copied, sized to
  // the field's border box (so its content box is the field's whatever its box-sizing)
  phraseRectsField: ([sel, phrase]) => {
    const el = document.querySelector(sel);
    const cs = getComputedStyle(el);
    const div = document.createElement('div');
    for (const p of cs) div.style.setProperty(p, cs.getPropertyValue(p));
    const r = el.getBoundingClientRect();
    Object.assign(div.style, { position: 'fixed', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px`, margin: '0', boxSizing: 'border-box', visibility: 'hidden' });
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

export function union(rects) {
  return rects.reduce((u, r) => ({
    left: Math.min(u.left, r.left), top: Math.min(u.top, r.top), right: Math.max(u.right, r.right), bottom: Math.max(u.bottom, r.bottom),
  }), { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity });
}
export function lines(rects) { return new Set(rects.filter((r) => r.right - r.left > 0.5).map((r) => Math.round(r.bottom))).size; }
export function assertCovers(painted, phrase, what) {
  assert(painted && painted.length, `${what}: nothing painted`);
  assert(phrase && phrase.length, `${what}: phrase not found`);
  const a = union(painted), b = union(phrase);
  for (const k of ['left', 'top', 'right', 'bottom']) {
    assert(Math.abs(a[k] - b[k]) <= 2, `${what}: highlight ${k} ${a[k].toFixed(1)} vs phrase ${b[k].toFixed(1)}`);
  }
  assertEq(lines(painted), lines(phrase), `${what}: lines`);
}

// ---- page helpers ----------------------------------------------------------------------------
// frame: the Playwright frame holding the editor
export async function waitHighlight(frame, kind, sel, phrase = PHRASE) {
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

// The phrase painted with this severity: a highlight range (contenteditable) or an overlay
// mark of that class (textarea/input). Resolves when it is, rejects after TIMEOUT.
export function waitSeverity(frame, kind, phrase, severity) {
  return frame.waitForFunction(([k, p, s]) => {
    if (k === 'rich') {
      const h = CSS.highlights.get(`rapport-${s}`);
      if (!h) return false;
      for (const r of h) if (r.toString() === p) return true;
      return false;
    }
    for (const host of document.querySelectorAll('[data-rapport-ui="overlay"]')) {
      for (const m of host.shadowRoot.querySelectorAll('mark')) if (m.textContent === p && m.classList.contains(s)) return true;
    }
    return false;
  }, [kind, phrase, severity], { timeout: TIMEOUT });
}

export function valueOf(frame, kind, sel) {
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

export async function waitValue(frame, kind, sel, want, what) {
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

export const cardVisible = (frame) => frame.waitForFunction(() => {
  const h = document.querySelector('[data-rapport-ui="card"]');
  return h && h.shadowRoot.querySelector('.card') ? h.shadowRoot.querySelector('.msg').textContent : false;
}, null, { timeout: TIMEOUT }).then((h) => h.jsonValue());
export const cardGone = (frame) => frame.waitForFunction(() => !document.querySelector('[data-rapport-ui="card"]'), null, { timeout: TIMEOUT });
export const cardRewrite = (frame, i) => frame.evaluate((n) => {
  const b = document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelector(`[data-rewrite="${n}"]`);
  return { text: b.querySelector('.text').textContent, strategy: b.querySelector('.strategy').textContent };
}, i);

// The "next finding" command until the card shows the wanted message (other rules may
// flag other words of the reply as the catalog grows).
export async function nextUntil(browser, frame, re, max = 12) {
  let last = null;
  for (let i = 0; i < max; i++) {
    await browser.command('next-finding');
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
