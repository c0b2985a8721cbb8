// Rapport in the editors agents type in: CKEditor 5, ProseMirror, Quill, Lexical, Draft.js,
// Slate and TinyMCE, installed at pinned versions in tests/browser/editors/ (its own
// package.json: Draft.js and Slate need React 18 there), bundled here with esbuild and
// served from 127.0.0.1, with the built extension in Debian's Chromium. For each editor:
//   highlight      the highlight sits on each cold phrase (within 2 px of the phrase's own
//                  rectangles): after an emoji, in a list item, across a bold run, below the fold
//   scroll-resize  the same after scrolling the editor and after resizing the window
//   no-mutations   repainting and opening the card cause no mutation inside the editor
//   apply-undo     applying a rewrite changes the editor's own model (read back through its
//                  API) and Ctrl+Z restores the model exactly
//   typing         typing after a rewrite lands right after the rewrite, in the model
//   typing-at-once the same when the agent types before the page has drawn its next frame
//   offsets        the text Rapport reads is the model's text, and rewrites after an emoji and
//                  across a bold run land in the model exactly
// Results go to target/editors-compat.json; the README's compatibility table is rendered
// from them (tests/browser/editors-table.mjs) and this suite fails when that table is stale.
// A check an editor cannot pass is listed in KNOWN_GAPS with the reason: it is recorded as a
// gap (and fails the suite if it starts passing, so the list stays true).
//
//   node tests/browser/editors.mjs [--write]   (--write also rewrites the README table)
//
// Waits on conditions, never sleeps.
import { join } from 'node:path';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import process from 'node:process';
import {
  here, root, buildDir, TIMEOUT, check, assertCovers, assert, assertEq, finish, extensionDir, startServer, launch,
} from './harness.mjs';
import { BLOCKS } from './editors/src/content.js';
import { EDITORS, CHECKS, renderTable, replaceBlock, RESULTS_PATH } from './editors-table.mjs';

const editorsDir = join(here, 'editors');
const outDir = join(buildDir, 'editors');
const WRITE = process.argv.includes('--write');

// Checks an editor cannot pass, with the reason (shown in the README table).
const KNOWN_GAPS = {
};

// The draft as lines of text, the way every page's text() reads its model.
const runsText = (runs) => runs.map((r) => r.text).join('');
const DRAFT = BLOCKS.flatMap((b) => (b.type === 'ul' ? b.items.map(runsText) : [runsText(b.runs)])).join('\n');
const PHRASES = {
  emoji: 'Did you plug it in', // after an emoji and a bold run, in a paragraph
  list: 'You should have restarted the router', // in a list item, after a link
  bold: 'As I already said', // across a bold run
  below: 'calm down', // below the editor's fold
};
const RULES = { emoji: 'did-you-plug-it-in', list: 'you-should-have', bold: 'as-i-already-said' };

// ---- build the pages ----------------------------------------------------------------------
const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: EDITORS.map((e) => join(editorsDir, 'src', e.entry)),
  bundle: true, minify: true, format: 'esm', jsx: 'automatic', outdir: outDir, logLevel: 'error',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
});
const versions = {};
for (const e of EDITORS) versions[e.id] = JSON.parse(await readFile(join(editorsDir, 'node_modules', e.pkg, 'package.json'), 'utf8')).version;

const extDir = await extensionDir();
const server = await startServer({
  mounts: [['/editors/', join(editorsDir, 'pages')], ['/build/', outDir], ['/tinymce/', join(editorsDir, 'node_modules/tinymce')]],
});
const browser = await launch({ extDir, origin: server.origin });
await browser.setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });

// ---- in-page helpers (the editor's frame, main world) --------------------------------------
// The phrase's own rectangles, found independently of the extension: a text search over the
// editable's text nodes (outside non-editable islands, fillers skipped).
const phraseRects = ([phrase, editableExpr]) => {
  const el = (0, eval)(editableExpr);
  const chars = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('[contenteditable="false"]') && el.contains(n.parentElement.closest('[contenteditable="false"]')) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.data.length; i++) if (!/[\u2060\ufeff]/.test(n.data[i])) chars.push([n, i, n.data[i]]);
  }
  const i = chars.map((c) => c[2]).join('').indexOf(phrase);
  if (i < 0) return null;
  const a = chars[i], b = chars[i + phrase.length - 1];
  const r = document.createRange();
  r.setStart(a[0], a[1]);
  r.setEnd(b[0], b[1] + 1);
  return [...r.getClientRects()].map((x) => ({ left: x.left, top: x.top, right: x.right, bottom: x.bottom }));
};
// The painted highlight ranges over that phrase, of any severity.
const paintedRects = ([phrase, editableExpr]) => {
  const el = (0, eval)(editableExpr);
  for (const s of ['high', 'medium', 'low']) {
    const h = CSS.highlights.get(`rapport-${s}`);
    if (!h) continue;
    for (const r of h) {
      if (el.contains(r.startContainer) && r.toString().replace(/[\u2060\ufeff]/g, '') === phrase) {
        return [...r.getClientRects()].map((x) => ({ left: x.left, top: x.top, right: x.right, bottom: x.bottom }));
      }
    }
  }
  return null;
};

async function assertOnPhrase(ed, phrase, what) {
  const painted = await ed.frame.waitForFunction(paintedRects, [phrase, FIND_EDITABLE], { timeout: TIMEOUT })
    .then((h) => h.jsonValue()).catch(() => null);
  assert(painted && painted.length, `${what}: "${phrase}" is not painted`);
  const own = await ed.frame.evaluate(phraseRects, [phrase, FIND_EDITABLE]);
  assert(own && own.length, `${what}: "${phrase}" is not in the editor`);
  assertCovers(painted, own, `${what}: "${phrase}"`);
}

// ---- one editor's page ----------------------------------------------------------------------
let FIND_EDITABLE; // an expression for the editable, in the editor's frame (either world)
async function open(editor) {
  FIND_EDITABLE = `document.querySelector(${JSON.stringify(editor.selector)})`;
  const { page, iso } = await browser.openPage(`/editors/editor.html?editor=${editor.id}`);
  await page.waitForFunction(() => window.editorApi && window.editorApi.ready, null, { timeout: TIMEOUT });
  const frame = editor.framed ? page.frames().find((f) => f !== page.mainFrame()) : page.mainFrame();
  assert(frame, 'the editor frame');
  const frameUrl = editor.framed ? frame.url() : undefined;
  const api = (fn, arg) => page.evaluate(fn, arg);
  const ed = { page, iso, frame, frameUrl, api };
  ed.text = () => api(() => window.editorApi.text());
  ed.html = () => api(() => window.editorApi.html());
  ed.waitText = async (want, what) => {
    try {
      await page.waitForFunction((w) => window.editorApi.text() === w, want, { timeout: TIMEOUT });
    } catch {
      throw new Error(`${what}: the editor's model holds ${JSON.stringify(await ed.text())}, expected ${JSON.stringify(want)}`);
    }
  };
  // focus the editor at the start of its first line, as a click would
  ed.focus = async () => {
    const box = await frame.evaluate((expr) => {
      const el = (0, eval)(expr);
      const r = document.createRange();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const first = walker.nextNode();
      r.setStart(first, 0);
      r.setEnd(first, 1);
      const b = r.getBoundingClientRect();
      return { x: b.left + 1, y: b.top + b.height / 2 };
    }, FIND_EDITABLE);
    let { x, y } = box;
    if (editor.framed) {
      const f = await page.locator('iframe').first().boundingBox();
      x += f.x; y += f.y;
    }
    await page.mouse.click(x, y);
    await iso.waitFor(`(() => { const el = ${FIND_EDITABLE}; return !!el && Rapport.stats.attached.length > 0 && Rapport.stats.analysedLength > 0; })()`, frameUrl, 'the extension attached and analysed');
  };
  // the "next finding" command until the card shows that rule's finding; returns the finding
  ed.cardFor = async (rule) => {
    for (let i = 0; i < 12; i++) {
      await browser.command('next-finding');
      await iso.waitFor('!!(Rapport.card.current && Rapport.card.current.finding)', frameUrl, 'a card');
      const f = await iso.eval('JSON.stringify(Rapport.card.current.finding)', frameUrl).then(JSON.parse);
      if (f.rule === rule) return f;
    }
    throw new Error(`no card for ${rule}`);
  };
  ed.readText = () => iso.eval(`Rapport.textmodel.read(${FIND_EDITABLE}).text`, frameUrl);
  // apply the top rewrite of that rule's finding; returns the text the model must then hold
  ed.apply = async (rule) => {
    const before = await ed.text();
    assertEq(await ed.readText(), before, 'the text Rapport reads before applying');
    const f = await ed.cardFor(rule);
    const rw = f.rewrites[0];
    await browser.command('apply-top-rewrite');
    const expected = before.slice(0, rw.start) + rw.text + before.slice(rw.end);
    await ed.waitText(expected, `after applying ${rule}`);
    return { expected, before, rw };
  };
  ed.close = () => page.close();
  return ed;
}

// ---- the checks, per editor -------------------------------------------------------------------
const outcome = {}; // editor id -> check id -> {status, reason?}
async function editorCheck(editor, id, title, fn) {
  const gap = KNOWN_GAPS[`${editor.id}/${id}`];
  let error = null;
  let ed = null;
  await check(`${editor.name}: ${title}${gap ? ' (known gap)' : ''}`, async () => {
    try {
      ed = await open(editor);
      await fn(ed);
    } catch (e) {
      error = e;
    } finally {
      if (ed) await ed.close();
    }
    if (gap && !error) throw new Error(`listed as a known gap ("${gap}") but it passes now: take it off KNOWN_GAPS`);
    if (error && !gap) throw error;
    if (error) console.log(`     known gap: ${gap}\n     (${String(error.message).split('\n')[0]})`);
  });
  (outcome[editor.id] ||= {})[id] = error ? (gap ? { status: 'gap', reason: gap } : { status: 'fail', reason: String(error.message).split('\n')[0] }) : { status: 'pass' };
}

// EDITORS_ONLY=quill,slate runs some editors only (no README check then)
const only = process.env.EDITORS_ONLY ? process.env.EDITORS_ONLY.split(',') : null;
for (const editor of EDITORS.filter((e) => !only || only.includes(e.id))) {
  await editorCheck(editor, 'highlight', 'the highlight sits on each phrase (after an emoji, in a list item, across bold, below the fold)', async (ed) => {
    assertEq(await ed.text(), DRAFT, 'the draft in the editor');
    await ed.focus();
    for (const p of Object.values(PHRASES)) await assertOnPhrase(ed, p, 'painted');
  });

  await editorCheck(editor, 'scroll-resize', 'the highlight stays on the phrase after scrolling the editor and resizing the window', async (ed) => {
    await ed.focus();
    await assertOnPhrase(ed, PHRASES.below, 'before scrolling');
    const scrolled = await ed.api(() => {
      const s = window.editorApi.scroller;
      s.scrollTop = s.scrollHeight;
      return s.scrollTop;
    });
    assert(scrolled > 20, `the editor scrolls (scrollTop ${scrolled})`);
    await ed.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    for (const p of Object.values(PHRASES)) await assertOnPhrase(ed, p, 'after scrolling');
    await ed.page.setViewportSize({ width: 420, height: 700 });
    await ed.page.waitForFunction(() => innerWidth === 420);
    await ed.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    for (const p of Object.values(PHRASES)) await assertOnPhrase(ed, p, 'after resizing');
  });

  await editorCheck(editor, 'no-mutations', 'repainting and opening the card cause no mutation inside the editor', async (ed) => {
    await ed.focus();
    await assertOnPhrase(ed, PHRASES.emoji, 'painted');
    await ed.frame.evaluate((expr) => {
      window.rapportTestMutations = [];
      new MutationObserver((list) => {
        for (const m of list) window.rapportTestMutations.push(`${m.type} on ${m.target.nodeName}${m.attributeName ? ` [${m.attributeName}]` : ''}`);
      }).observe((0, eval)(expr), { subtree: true, childList: true, characterData: true, attributes: true });
    }, FIND_EDITABLE);
    // a new analysis and paint with nothing typed: a severity override repaints "calm down"
    await browser.setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: { 'calm-down': 'low' } });
    await ed.frame.waitForFunction((p) => {
      const h = CSS.highlights.get('rapport-low');
      if (h) for (const r of h) if (r.toString() === p) return true;
      return false;
    }, PHRASES.below, { timeout: TIMEOUT });
    await ed.cardFor(RULES.list); // the card opens and the active phrase is painted
    await ed.frame.waitForFunction(() => CSS.highlights.get('rapport-active')?.size === 1, null, { timeout: TIMEOUT });
    await ed.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    const seen = await ed.frame.evaluate(() => window.rapportTestMutations);
    await browser.setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });
    assertEq(seen.length, 0, `mutations inside the editor (${seen.slice(0, 5).join('; ')})`);
  });

  await editorCheck(editor, 'apply-undo', "applying a rewrite changes the editor's model; Ctrl+Z restores it", async (ed) => {
    await ed.focus();
    const html = await ed.html();
    const { before } = await ed.apply(RULES.list);
    // the edit is checked once the editor re-rendered, which can come after the text shows
    await ed.iso.waitFor('Rapport.stats.applied !== null', ed.frameUrl, 'the extension to check its edit');
    assertEq(await iso(ed, 'Rapport.stats.applied && Rapport.stats.applied.ok'), true, 'the extension checked its edit');
    await ed.page.keyboard.press('Control+z');
    await ed.waitText(before, 'after Ctrl+Z');
    assertEq(await ed.html(), html, "the editor's model after Ctrl+Z");
    await assertOnPhrase(ed, PHRASES.list, 'painted again after Ctrl+Z');
  });

  await editorCheck(editor, 'typing', 'typing after a rewrite continues right after it', async (ed) => {
    await ed.focus();
    const { expected, rw } = await ed.apply(RULES.list);
    await ed.page.keyboard.type(' Thanks');
    const at = rw.start + rw.text.length;
    await ed.waitText(expected.slice(0, at) + ' Thanks' + expected.slice(at), 'after typing');
  });

  // A busy helpdesk page can take a while to draw its next frame; the extension checks its
  // edit after that frame, and an agent typing on in the meantime keeps every keystroke.
  // The content script's frames are held back (in its own world only) to open that window.
  await editorCheck(editor, 'typing-at-once', 'typing on at once, before the page draws, keeps every keystroke', async (ed) => {
    await ed.focus();
    const before = await ed.text();
    const f = await ed.cardFor(RULES.list);
    const rw = f.rewrites[0];
    await iso(ed, '(() => { const held = []; window.rapportFrames = { held, draw: window.requestAnimationFrame }; window.requestAnimationFrame = (cb) => held.push(cb); return true; })()');
    await browser.command('apply-top-rewrite');
    const expected = before.slice(0, rw.start) + rw.text + before.slice(rw.end);
    await ed.waitText(expected, `after applying ${RULES.list}`);
    await ed.page.keyboard.type(' Thanks');
    await iso(ed, '(() => { const { held, draw } = window.rapportFrames; window.requestAnimationFrame = draw; for (const cb of held) draw(cb); return true; })()');
    await ed.iso.waitFor('Rapport.stats.applied !== null', ed.frameUrl, 'the extension to check its edit');
    const at = rw.start + rw.text.length;
    await ed.waitText(expected.slice(0, at) + ' Thanks' + expected.slice(at), 'after typing');
  });

  await editorCheck(editor, 'offsets', "Rapport reads the model's text; rewrites after an emoji and across bold land exactly", async (ed) => {
    await ed.focus();
    assertEq(await ed.readText(), await ed.text(), "the text Rapport reads vs the editor's model");
    await ed.apply(RULES.emoji);
    await ed.apply(RULES.bold);
    assertEq(await ed.readText(), await ed.text(), "the text Rapport reads after two rewrites vs the model");
  });
}

function iso(ed, expr) { return ed.iso.eval(expr, ed.frameUrl); }

await browser.close();
server.close();

// ---- results and the README table ----------------------------------------------------------
if (only) finish();
const report = {
  editors: EDITORS.map((e) => ({ id: e.id, name: e.name, package: e.pkg, version: versions[e.id], checks: outcome[e.id] || {} })),
  checks: CHECKS,
};
await mkdir(join(root, 'target'), { recursive: true });
await writeFile(join(root, RESULTS_PATH), JSON.stringify(report, null, 2) + '\n');
const readmePath = join(root, 'README.md');
const readme = await readFile(readmePath, 'utf8');
const wanted = replaceBlock(readme, renderTable(report));
if (WRITE) await writeFile(readmePath, wanted);
if (!only) await check('the README compatibility table matches these results', async () => {
  assert(wanted === (WRITE ? wanted : readme), 'README.md is stale: run `make editors-table` (node tests/browser/editors.mjs --write)');
});

finish();
