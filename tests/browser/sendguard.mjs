// The Send guard (extension/content/sendguard.js), in Debian's Chromium with the built
// extension, on a 127.0.0.1 page that behaves like a helpdesk composer (a textarea, a
// contenteditable and a form, each with a Send control and Ctrl+Enter; every send recorded
// by the page), a React-controlled composer and the demo helpdesk. The mode is the agent's
// own setting (chrome.storage.sync "settings".sendGuard):
//  off: nothing is held or shown; confirm: a clean reply goes through, a cold one is held
//  (the page's handler does not run, the draft is untouched) behind a dialog whose
//  "Send anyway" replays the send exactly once with the exact draft, "Fix all" applies the
//  top rewrites (expected text computed by the engine itself), sends nothing and Ctrl+Z
//  takes it back, Escape goes back to the draft; warn: the first Send is held with a panel,
//  the second goes through. Button, Ctrl+Enter and form-submit paths; pages that send on
//  pointerdown or mousedown; Send and the reply box in different same-origin frames; plain
//  Enter in a chat whose helpdesk file says Enter sends (the demo live chat), and nowhere
//  else; Send labelled in Spanish and German; a draft whose analysis is not fresh yet; an inactive site.
// The dialog and the panel under axe-core in light and dark, with screenshots.
//
//   node tests/browser/sendguard.mjs      (needs extension/engine/, built by `make wasm`)
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import process from 'node:process';
import {
  pagesDir, buildDir, demoDir, TIMEOUT, COLD, PHRASE,
  check, checkNoNetwork, assert, assertEq, finish, extensionDir, startServer, launch,
  waitSeverity, valueOf, waitValue, axeViolations, root,
} from './harness.mjs';

const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: [join(pagesDir, 'react-sendguard.jsx')], bundle: true, minify: true, jsx: 'automatic',
  outfile: join(buildDir, 'react-sendguard.js'), define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
});

// A reply with a medium finding and no high one: the guard must let it through.
const MILD = 'Hello. As previously stated, we will update you.';
const MILD_PHRASE = 'As previously stated';
const SITE_ON = { '127.0.0.1': true };
// screenshots of the dialog and the panel, for people to look at (README links them)
const shots = join(root, 'target/screenshots/onboarding');

const extDir = await extensionDir();
const server = await startServer({ mounts: [['/pages/', pagesDir], ['/build/', buildDir], ['/demo/', demoDir]] });
const { origin, served } = server;
const browser = await launch({ extDir, origin });

// ---- the engine as oracle (in the extension's worker, not the page) -------------------------
const analyse = (text, context) => browser.worker.evaluate(([t, c]) => self.rapportAnalyze(t, undefined, c), [text, context]);
// What "Fix all" must produce: the top rewrite of the first high finding with a rewrite,
// spliced into the text, until none is left; and how many were applied.
async function fixedByEngine(text, context) {
  let applied = 0;
  for (;;) {
    const report = await analyse(text, context);
    const f = report.findings.filter((x) => x.severity === 'high' && x.rewrites.length).sort((a, b) => a.start - b.start)[0];
    if (!f) return { text, applied };
    const rw = f.rewrites[0];
    text = text.slice(0, rw.start) + rw.text + text.slice(rw.end);
    assert(++applied < 20, 'the engine\'s rewrites never settle');
  }
}
const highRules = async (text, context) => (await analyse(text, context)).findings.filter((f) => f.severity === 'high').map((f) => f.rule).sort();

// ---- page helpers ---------------------------------------------------------------------------
async function setMode(mode, sites = SITE_ON) {
  await browser.setSettings({ sites, disabledRules: [], severityOverrides: {}, sendGuard: mode });
}
// The guard's listeners are in place (or not) in this page: the settings reached it.
const waitInstalled = (iso, on) => iso.waitFor(`Rapport.sendguard && Rapport.sendguard.installed === ${on}`, null, `the guard ${on ? 'on' : 'off'}`);

const sentOf = (page) => page.evaluate(() => window.sent.slice());
async function waitSent(page, n, what) {
  try {
    await page.waitForFunction((k) => window.sent.length >= k, n, { timeout: TIMEOUT });
  } catch (e) {
    throw new Error(`${what}: expected ${n} sends, got ${JSON.stringify(await sentOf(page))}`);
  }
  return sentOf(page);
}

// The guard's dialog or panel as the page shows it, or null.
const guardUi = (frame) => frame.evaluate(() => {
  const host = document.querySelector('[data-rapport-ui="sendguard"]');
  if (!host) return null;
  const r = host.shadowRoot;
  return {
    mode: host.dataset.mode,
    rules: [...r.querySelectorAll('li')].map((li) => li.dataset.rule).sort(),
    text: r.textContent,
    focused: r.activeElement ? r.activeElement.dataset.action : null,
    role: r.querySelector('.box').getAttribute('role'),
  };
});
const waitUi = (frame, mode) => frame.waitForFunction((m) => {
  const h = document.querySelector('[data-rapport-ui="sendguard"]');
  return h && h.dataset.mode === m && h.shadowRoot.querySelectorAll('li').length > 0;
}, mode, { timeout: TIMEOUT });
const waitNoUi = (frame) => frame.waitForFunction(() => !document.querySelector('[data-rapport-ui="sendguard"]'), null, { timeout: TIMEOUT });
const press = (frame, action) => frame.locator(`[data-rapport-ui="sendguard"] [data-action="${action}"]`).click();
const activeId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

// A fresh draft in the composer (in the page, or in one of its frames), analysed: `phrase`
// painted with `severity`.
async function draft(page, sel, kind, text, phrase, severity, frame = page.mainFrame()) {
  await frame.locator(sel).click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await waitValue(frame, kind, sel, text, 'the draft');
  await waitSeverity(frame, kind, phrase, severity);
}
const cold = (page, sel, kind, frame) => draft(page, sel, kind, COLD, PHRASE, 'high', frame);
const mild = (page, sel, kind, frame) => draft(page, sel, kind, MILD, MILD_PHRASE, 'medium', frame);

// A same-origin child frame of the page, once its document has loaded.
async function childFrame(page, part) {
  await page.waitForFunction((p) => [...document.querySelectorAll('iframe')].some((f) => f.src.includes(p) && f.contentDocument && f.contentDocument.readyState === 'complete'), part, { timeout: TIMEOUT });
  return page.frames().find((f) => f.url().includes(part));
}

// Nothing was sent, the draft is exactly as typed, the page handler saw nothing.
async function assertHeld(page, sel, kind, text, what) {
  assertEq(JSON.stringify(await sentOf(page)), '[]', `${what}: sent`);
  assertEq(await valueOf(page.mainFrame(), kind, sel), text, `${what}: the draft`);
}

// Ctrl+Z until the draft is back (a browser may merge undo steps), at most `max` times.
async function undoUntil(page, sel, kind, want, max) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Control+z');
    if (await valueOf(page.mainFrame(), kind, sel) === want) return;
  }
  throw new Error(`Ctrl+Z ${max} times: expected ${JSON.stringify(want)}, got ${JSON.stringify(await valueOf(page.mainFrame(), kind, sel))}`);
}

async function withPage(path, fn) {
  const { page, iso } = await browser.openPage(path);
  try { await fn(page, iso, page.mainFrame()); } finally { await page.close(); }
}

const PAGE = '/pages/sendguard.html';
const COMPOSERS = [
  { label: 'textarea', sel: '#ta', kind: 'field', send: '#send-ta' },
  { label: 'contenteditable', sel: '#ce', kind: 'rich', send: '#send-ce' },
];

try {
  const wantRules = await highRules(COLD);
  assert(wantRules.length >= 2, `the cold reply has two high findings: ${wantRules}`);
  assertEq(JSON.stringify(await highRules(MILD)), '[]', 'high findings in the mild reply');
  assert((await analyse(MILD)).findings.length > 0, 'the mild reply has findings (only not high ones)');
  const fixed = await fixedByEngine(COLD);
  assert(fixed.applied >= 2 && !fixed.text.includes(PHRASE), `the engine fixes the cold reply: ${JSON.stringify(fixed)}`);

  await check('settings: sendGuard is "off" unless "warn" or "confirm"', async () => {
    const got = await browser.worker.evaluate(() => ['warn', 'confirm', 'block', undefined, 3].map((v) => RapportSettings.normalize({ sendGuard: v }).sendGuard));
    assertEq(JSON.stringify(got), '["warn","confirm","off","off","off"]', 'normalised');
    assertEq(await browser.worker.evaluate(() => RapportSettings.normalize(null).sendGuard), 'off', 'default');
  });

  await setMode('off');
  await check('off: a cold reply goes out by button and by Ctrl+Enter, nothing is shown or held', async () => {
    await withPage(PAGE, async (page, iso, frame) => {
      await iso.waitFor('Rapport.started === true', null, 'the content script');
      await cold(page, '#ta', 'field');
      assertEq(await iso.eval('Rapport.sendguard.installed'), false, 'guard listeners');
      await page.locator('#send-ta').click();
      await page.locator('#ta').press('Control+Enter');
      const sent = await waitSent(page, 2, 'off');
      assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'button', composer: 'ta', text: COLD }, { via: 'key', composer: 'ta', text: COLD }]), 'sent');
      assertEq(await guardUi(frame), null, 'guard UI');
      assertEq(await iso.eval('Rapport.sendguard.stats.held'), 0, 'held');
    });
  });

  await setMode('confirm');
  await check('confirm, an inactive site: the guard stands aside when Rapport is switched off for the page', async () => {
    try {
      await withPage(PAGE, async (page, iso, frame) => {
        await waitInstalled(iso, true);
        await cold(page, '#ta', 'field');
        await setMode('confirm', { '127.0.0.1': false });
        await waitInstalled(iso, false);
        await page.locator('#send-ta').click();
        const sent = await waitSent(page, 1, 'inactive');
        assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'button', composer: 'ta', text: COLD }]), 'sent');
        assertEq(await guardUi(frame), null, 'guard UI');
      });
    } finally {
      await setMode('confirm');
    }
  });

  for (const c of COMPOSERS) {
    await check(`confirm, ${c.label}: a reply with no high finding goes out at once, by button and by Ctrl+Enter`, async () => {
      await withPage(PAGE, async (page, iso, frame) => {
        await waitInstalled(iso, true);
        await mild(page, c.sel, c.kind);
        await page.locator(c.send).click();
        await page.locator(c.sel).press('Control+Enter');
        const sent = await waitSent(page, 2, 'mild');
        const id = c.sel.slice(1);
        assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'button', composer: id, text: MILD }, { via: 'key', composer: id, text: MILD }]), 'sent');
        assertEq(await guardUi(frame), null, 'guard UI');
        assertEq(await iso.eval('Rapport.sendguard.stats.held'), 0, 'held');
      });
    });

    await check(`confirm, ${c.label}: Send on a cold reply is held behind a dialog listing the high findings; Escape goes back to the draft`, async () => {
      await withPage(PAGE, async (page, iso, frame) => {
        await waitInstalled(iso, true);
        await cold(page, c.sel, c.kind);
        await page.locator(c.send).click();
        await waitUi(frame, 'confirm');
        const ui = await guardUi(frame);
        assertEq(JSON.stringify(ui.rules), JSON.stringify(wantRules), 'findings listed');
        assertEq(ui.role, 'alertdialog', 'role');
        assertEq(ui.focused, 'back', 'focus in the dialog');
        assert(ui.text.includes('Fix all') && ui.text.includes('Send anyway') && ui.text.includes('Back to editing') && ui.text.includes(PHRASE), `dialog text: ${ui.text}`);
        await assertHeld(page, c.sel, c.kind, COLD, 'held');
        // the focus stays in the dialog
        for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
        assert(['fix', 'send', 'back'].includes((await guardUi(frame)).focused), 'Tab stays in the dialog');
        await page.keyboard.press('Escape');
        await waitNoUi(frame);
        assertEq(await activeId(page), c.sel.slice(1), 'focus back in the composer');
        await assertHeld(page, c.sel, c.kind, COLD, 'after Escape');
      });
    });

    for (const path of ['button', 'key']) {
      await check(`confirm, ${c.label}, ${path === 'key' ? 'Ctrl+Enter' : 'Send button'}: "Send anyway" sends exactly once, the exact draft`, async () => {
        await withPage(PAGE, async (page, iso, frame) => {
          await waitInstalled(iso, true);
          await cold(page, c.sel, c.kind);
          if (path === 'key') await page.locator(c.sel).press('Control+Enter');
          else await page.locator(c.send).click();
          await waitUi(frame, 'confirm');
          await assertHeld(page, c.sel, c.kind, COLD, 'held');
          await press(frame, 'send');
          await waitNoUi(frame);
          const sent = await waitSent(page, 1, 'send anyway');
          assertEq(JSON.stringify(sent), JSON.stringify([{ via: path, composer: c.sel.slice(1), text: COLD }]), 'sent');
          assertEq(await valueOf(frame, c.kind, c.sel), COLD, 'the draft after sending');
          // a later Send of a cold draft is held again
          if (path === 'key') await page.locator(c.sel).press('Control+Enter');
          else await page.locator(c.send).click();
          await waitUi(frame, 'confirm');
          assertEq((await sentOf(page)).length, 1, 'sends after the second press');
        });
      });
    }

    await check(`confirm, ${c.label}: "Fix all" applies the top rewrites (the engine's own result), sends nothing, and Ctrl+Z takes it back`, async () => {
      await withPage(PAGE, async (page, iso, frame) => {
        await waitInstalled(iso, true);
        await cold(page, c.sel, c.kind);
        await page.locator(c.sel).press('Control+Enter');
        await waitUi(frame, 'confirm');
        await press(frame, 'fix');
        await waitNoUi(frame);
        await waitValue(frame, c.kind, c.sel, fixed.text, 'after Fix all');
        assertEq(JSON.stringify(await sentOf(page)), '[]', 'sent');
        assertEq(await activeId(page), c.sel.slice(1), 'focus in the composer');
        // now clean of high findings: the next Send goes out with the fixed text
        await page.locator(c.send).click();
        const sent = await waitSent(page, 1, 'after fixing');
        assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'button', composer: c.sel.slice(1), text: fixed.text }]), 'sent');
        await page.locator(c.sel).focus();
        await undoUntil(page, c.sel, c.kind, COLD, fixed.applied);
      });
    });
  }

  const PRESS = [
    { via: 'pointerdown', sel: '#tp', send: '#send-tp' },
    { via: 'mousedown', sel: '#tm', send: '#send-tm' },
  ];
  for (const p of PRESS) {
    await check(`confirm, a page that sends on ${p.via}: a cold reply is held before the page sees the press; "Send anyway" sends once; a mild one goes out once`, async () => {
      await withPage(PAGE, async (page, iso, frame) => {
        await waitInstalled(iso, true);
        const id = p.sel.slice(1);
        await cold(page, p.sel, 'field');
        await page.locator(p.send).click();
        await waitUi(frame, 'confirm');
        await assertHeld(page, p.sel, 'field', COLD, 'held');
        assertEq((await guardUi(frame)).focused, 'back', 'focus in the dialog after the press');
        await press(frame, 'send');
        await waitNoUi(frame);
        let sent = await waitSent(page, 1, 'send anyway');
        assertEq(JSON.stringify(sent), JSON.stringify([{ via: p.via, composer: id, text: COLD }]), 'sent');
        assertEq(await iso.eval('Rapport.sendguard.stats.shown'), 1, 'dialogs shown for one press');
        await mild(page, p.sel, 'field');
        await page.locator(p.send).click();
        sent = await waitSent(page, 2, 'mild');
        assertEq(JSON.stringify(sent[1]), JSON.stringify({ via: p.via, composer: id, text: MILD }), 'sent');
        // the click that ends the press is no second Send: the page's click listeners (none
        // here) and the guard saw one press
        await page.locator('#other').click();
        await page.waitForFunction(() => window.otherClicks === 1, null, { timeout: TIMEOUT });
        assertEq((await sentOf(page)).length, 2, 'sends in all');
        assertEq(await guardUi(frame), null, 'guard UI');
      });
    });
  }

  // Send and the reply box in different same-origin documents of the page.
  const FRAMED = [
    { label: 'reply box in the page, Send in a same-origin frame', composerFrame: null, sel: '#top-reply', sendFrame: 'frame-send-toolbar', send: '#send-toolbar' },
    { label: 'reply box in a same-origin frame, Send in the page', composerFrame: 'frame-send-editor', sel: '#reply', sendFrame: null, send: '#send-framed' },
  ];
  for (const mode of ['confirm', 'warn']) {
    for (const f of FRAMED) {
      await check(`${mode}, ${f.label}: a mild reply goes out once; a cold one is held, with the ${mode === 'confirm' ? 'dialog' : 'panel'} in the page; then it goes out once`, async () => {
        await setMode(mode);
        await withPage('/pages/frame-send.html', async (page, iso, top) => {
          const cf = f.composerFrame ? await childFrame(page, f.composerFrame) : top;
          const sf = f.sendFrame ? await childFrame(page, f.sendFrame) : top;
          await iso.waitFor('Rapport.sendguard && Rapport.sendguard.installed === true', f.composerFrame, 'the guard in the reply box\'s frame');
          const id = f.sel.slice(1);
          await mild(page, f.sel, 'field', cf);
          await sf.locator(f.send).click();
          let sent = await waitSent(page, 1, 'mild');
          assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'button', composer: id, text: MILD }]), 'sent');
          await cold(page, f.sel, 'field', cf);
          await sf.locator(f.send).click();
          await waitUi(top, mode);
          assertEq(JSON.stringify((await guardUi(top)).rules), JSON.stringify(wantRules), 'findings listed');
          assertEq((await sentOf(page)).length, 1, 'sends while held');
          assertEq(await valueOf(cf, 'field', f.sel), COLD, 'the draft');
          assertEq(await iso.eval('Rapport.sendguard.stats.held', f.composerFrame), 1, 'held by the reply box\'s guard');
          if (mode === 'confirm') {
            await press(top, 'send');
          } else {
            // the reply box and Send, each in its own document, as the page's viewport shows them
            const box = await page.evaluate(() => {
              const r = document.querySelector('[data-rapport-ui="sendguard"]').shadowRoot.querySelector('.box').getBoundingClientRect();
              return { x: r.x, y: r.y, width: r.width, height: r.height };
            });
            const overlaps = [];
            for (const [name, loc] of [['reply box', cf.locator(f.sel)], ['Send', sf.locator(f.send)]]) {
              const r = await loc.boundingBox();
              if (box.x < r.x + r.width && box.x + box.width > r.x && box.y < r.y + r.height && box.y + box.height > r.y) overlaps.push(name);
            }
            assertEq(JSON.stringify(overlaps), '[]', 'the panel covers');
            await sf.locator(f.send).click();
          }
          sent = await waitSent(page, 2, mode === 'confirm' ? 'send anyway' : 'send again');
          assertEq(JSON.stringify(sent[1]), JSON.stringify({ via: 'button', composer: id, text: COLD }), 'sent');
          await waitNoUi(top);
          assertEq((await sentOf(page)).length, 2, 'sends in all');
        });
      });
    }
  }
  await setMode('confirm');

  // Send named in the page's language, found by the page layout (no helpdesk file names it).
  const FOREIGN = [
    { label: 'Spanish "Enviar" (a textarea)', sel: '#te', kind: 'field', send: '#send-es' },
    { label: 'German "Senden" (an icon button with aria-label, a contenteditable)', sel: '#cd', kind: 'rich', send: '#send-de' },
  ];
  for (const f of FOREIGN) {
    await check(`confirm, Send labelled in ${f.label}: found from the page layout and held on a cold reply; "Send anyway" sends once`, async () => {
      await withPage(PAGE, async (page, iso, frame) => {
        await waitInstalled(iso, true);
        const id = f.sel.slice(1);
        await cold(page, f.sel, f.kind);
        const diag = await iso.eval(`Rapport.sendguard.diagnose(document.querySelector(${JSON.stringify(f.sel)}))`);
        assertEq(JSON.stringify([diag.path, diag.count]), '["layout",1]', 'how Send was found');
        await page.locator(f.send).click();
        await waitUi(frame, 'confirm');
        await assertHeld(page, f.sel, f.kind, COLD, 'held');
        await press(frame, 'send');
        await waitNoUi(frame);
        assertEq(JSON.stringify(await waitSent(page, 1, 'send anyway')), JSON.stringify([{ via: 'button', composer: id, text: COLD }]), 'sent');
        if (f.sel === '#te') {
          // "Adjuntar archivo" (attach a file) is no Send
          await page.locator('#attach-es').click();
          await page.waitForFunction(() => window.otherClicks === 1, null, { timeout: TIMEOUT });
          assertEq(await guardUi(frame), null, 'guard UI after "Adjuntar archivo"');
          assertEq((await sentOf(page)).length, 1, 'sends');
        }
      });
    });
  }

  await check('confirm: buttons that are not Send (a "Reply" tab, "Attach file") are never held', async () => {
    await withPage(PAGE, async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await cold(page, '#ta', 'field');
      await page.locator('#tab-notes').click();
      await page.locator('#other').click();
      await page.waitForFunction(() => window.otherClicks === 1, null, { timeout: TIMEOUT });
      assertEq(await guardUi(frame), null, 'guard UI');
      assertEq(await iso.eval('Rapport.sendguard.stats.held'), 0, 'held');
    });
  });

  await check('confirm, form: its submit button and a script\'s requestSubmit() are held; "Send anyway" submits once, with the same submitter', async () => {
    await withPage(PAGE, async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await cold(page, '#tf', 'field');
      await page.locator('#submit-tf').click();
      await waitUi(frame, 'confirm');
      await assertHeld(page, '#tf', 'field', COLD, 'submit button');
      await press(frame, 'send');
      let sent = await waitSent(page, 1, 'submit button');
      assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'submit:submit-tf', composer: 'tf', text: COLD }]), 'sent');
      // "Post via script" is no Send control: its handler runs and calls requestSubmit()
      await page.locator('#post-script').click();
      await waitUi(frame, 'confirm');
      assertEq((await sentOf(page)).length, 1, 'sends while held');
      await press(frame, 'send');
      sent = await waitSent(page, 2, 'requestSubmit');
      assertEq(JSON.stringify(sent[1]), JSON.stringify({ via: 'submit', composer: 'tf', text: COLD }), 'sent');
      await page.waitForFunction(() => !document.querySelector('[data-rapport-ui="sendguard"]'), null, { timeout: TIMEOUT });
      assertEq((await sentOf(page)).length, 2, 'sends in all');
    });
  });

  await check('confirm: a Send pressed before the draft is analysed waits for the analysis (held if cold, sent once if not)', async () => {
    await withPage(PAGE, async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await mild(page, '#ta', 'field');
      // change the draft and press Send in the same task: no analysis of the new text yet
      const setAndSend = (text) => iso.eval(`(() => {
        const ta = document.querySelector('#ta');
        Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(ta, ${JSON.stringify(text)});
        ta.dispatchEvent(new InputEvent('input', { bubbles: true }));
        const analysed = Rapport.sendguard.stats.held;
        document.querySelector('#send-ta').click();
        return analysed;
      })()`);
      const heldBefore = await iso.eval('Rapport.sendguard.stats.held');
      await setAndSend(COLD);
      await waitUi(frame, 'confirm');
      assertEq(await iso.eval('Rapport.sendguard.stats.held'), heldBefore + 1, 'held');
      await assertHeld(page, '#ta', 'field', COLD, 'stale cold');
      await page.keyboard.press('Escape');
      await waitNoUi(frame);
      await setAndSend(MILD + ' Thanks.');
      const sent = await waitSent(page, 1, 'stale mild');
      assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'button', composer: 'ta', text: MILD + ' Thanks.' }]), 'sent');
      assertEq(await iso.eval('Rapport.sendguard.stats.held'), heldBefore + 2, 'held until analysed');
      assertEq(await iso.eval('Rapport.sendguard.stats.replayed'), 1, 'replayed');
      assertEq(await guardUi(frame), null, 'guard UI');
      assertEq((await sentOf(page)).length, 1, 'sends');
    });
  });

  await setMode('warn');
  for (const c of COMPOSERS) {
    await check(`warn, ${c.label}: the first Send of a cold draft is held with a panel (focus stays in the draft); Send again sends it once`, async () => {
      await withPage(PAGE, async (page, iso, frame) => {
        await waitInstalled(iso, true);
        await cold(page, c.sel, c.kind);
        await page.locator(c.send).click();
        await waitUi(frame, 'warn');
        const ui = await guardUi(frame);
        assertEq(JSON.stringify(ui.rules), JSON.stringify(wantRules), 'findings listed');
        assert(ui.text.includes('Press Send again'), `panel text: ${ui.text}`);
        assertEq(ui.role, 'alert', 'role');
        assertEq(await activeId(page), c.sel.slice(1), 'focus in the composer');
        const overlaps = await page.evaluate((sels) => {
          const box = document.querySelector('[data-rapport-ui="sendguard"]').shadowRoot.querySelector('.box').getBoundingClientRect();
          return sels.filter((sel) => {
            const r = document.querySelector(sel).getBoundingClientRect();
            return box.left < r.right && box.right > r.left && box.top < r.bottom && box.bottom > r.top;
          });
        }, [c.sel, c.send]);
        assertEq(JSON.stringify(overlaps), '[]', 'the panel covers');
        await assertHeld(page, c.sel, c.kind, COLD, 'first Send');
        await page.locator(c.send).click();
        const sent = await waitSent(page, 1, 'second Send');
        assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'button', composer: c.sel.slice(1), text: COLD }]), 'sent');
        await waitNoUi(frame);
        // Ctrl+Enter: the same; editing the draft ends the warning, so the next one warns again
        await page.locator(c.sel).press('End');
        await page.keyboard.insertText(' Ok?');
        await page.locator(c.sel).press('Control+Enter');
        await waitUi(frame, 'warn');
        await page.keyboard.insertText('!');
        await waitNoUi(frame);
        await page.locator(c.sel).press('Control+Enter');
        await waitUi(frame, 'warn');
        assertEq((await sentOf(page)).length, 1, 'sends while warned');
        await page.keyboard.press('Escape');
        await waitNoUi(frame);
        await page.locator(c.sel).press('Control+Enter');
        const after = await waitSent(page, 2, 'Ctrl+Enter again');
        assertEq(JSON.stringify(after[1]), JSON.stringify({ via: 'key', composer: c.sel.slice(1), text: `${COLD} Ok?!` }), 'sent');
      });
    });
  }

  for (const p of PRESS) {
    await check(`warn, a page that sends on ${p.via}: the first press is held (its click too), the second sends once`, async () => {
      await withPage(PAGE, async (page, iso, frame) => {
        await waitInstalled(iso, true);
        await cold(page, p.sel, 'field');
        await page.locator(p.send).click();
        await waitUi(frame, 'warn');
        await assertHeld(page, p.sel, 'field', COLD, 'first press');
        assertEq(await activeId(page), p.sel.slice(1), 'focus in the composer');
        assertEq(await iso.eval('Rapport.sendguard.stats.held'), 1, 'held');
        await page.locator(p.send).click();
        const sent = await waitSent(page, 1, 'second press');
        assertEq(JSON.stringify(sent), JSON.stringify([{ via: p.via, composer: p.sel.slice(1), text: COLD }]), 'sent');
        await waitNoUi(frame);
        assertEq(await iso.eval('Rapport.sendguard.stats.held'), 1, 'held in all');
      });
    });
  }

  await check('warn: "Fix all" in the panel fixes the draft and sends nothing; a clean draft is never held', async () => {
    await withPage(PAGE, async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await cold(page, '#ta', 'field');
      await page.locator('#send-ta').click();
      await waitUi(frame, 'warn');
      await press(frame, 'fix');
      await waitValue(frame, 'field', '#ta', fixed.text, 'after Fix all');
      await waitNoUi(frame);
      assertEq(JSON.stringify(await sentOf(page)), '[]', 'sent');
      await mild(page, '#ta', 'field');
      await page.locator('#send-ta').click();
      const sent = await waitSent(page, 1, 'mild');
      assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'button', composer: 'ta', text: MILD }]), 'sent');
    });
  });

  await setMode('confirm');
  await check('confirm, React-controlled composer: held; "Send anyway" sends React\'s state once; "Fix all" updates React\'s state', async () => {
    await withPage('/pages/react-sendguard.html', async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await cold(page, '#reply', 'field');
      await page.locator('#send').click();
      await waitUi(frame, 'confirm');
      await assertHeld(page, '#reply', 'field', COLD, 'held');
      await press(frame, 'send');
      const sent = await waitSent(page, 1, 'send anyway');
      assertEq(JSON.stringify(sent), JSON.stringify([{ via: 'button', composer: 'reply', text: COLD }]), 'sent');
      await page.locator('#reply').press('Control+Enter');
      await waitUi(frame, 'confirm');
      await press(frame, 'fix');
      await waitValue(frame, 'field', '#reply', fixed.text, 'after Fix all');
      await page.waitForFunction((t) => document.querySelector('#state').textContent === t, fixed.text, { timeout: TIMEOUT });
      await page.locator('#reply').press('Control+Enter');
      const after = await waitSent(page, 2, 'after fixing');
      assertEq(JSON.stringify(after[1]), JSON.stringify({ via: 'key', composer: 'reply', text: fixed.text }), 'sent');
    });
  });

  await check('demo helpdesk: its Send (from demo.json) is held on a cold reply; "Send anyway" sends; its tabs are not Send', async () => {
    await withPage('/demo/helpdesk.html', async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await iso.waitFor('Rapport.customer.load().then((l) => l.some((h) => h.file === "demo.json" && h.send))', null, 'the demo file with its send selector');
      await cold(page, '#reply-text', 'field');
      await page.locator('#send').click();
      await waitUi(frame, 'confirm');
      assertEq(await page.locator('#sent').textContent(), '', 'sent note');
      await press(frame, 'send');
      await page.waitForFunction(() => document.querySelector('#sent').textContent.startsWith('Sent'), null, { timeout: TIMEOUT });
      await page.locator('#tab-rich').click();
      await page.waitForFunction(() => !document.querySelector('#pane-rich').hidden, null, { timeout: TIMEOUT });
      assertEq(await guardUi(frame), null, 'guard UI after the tab');
    });
  });

  await check('Zendesk page: the ticket\'s own submit button (zendesk.json "send", inside its scope) is held; another ticket tab\'s is not', async () => {
    await withPage('/pages/helpdesks/zendesk.html', async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await iso.waitFor('Rapport.customer.load().then((l) => l.some((h) => h.file === "zendesk.json" && h.send))', null, 'the Zendesk file with its send selector');
      await cold(page, '#composer', 'rich');
      await page.evaluate(() => {
        window.sent = [];
        for (const b of document.querySelectorAll('[data-test-id="submit_button-button"]')) b.addEventListener('click', () => window.sent.push(b.id));
      });
      await page.locator('#submit-4301').click();
      await waitUi(frame, 'confirm');
      assertEq(JSON.stringify(await sentOf(page)), '[]', 'sent');
      await press(frame, 'back');
      await waitNoUi(frame);
      // the other ticket's tab, brought into view: its submit is not this composer's Send
      await page.evaluate(() => { document.querySelector('[data-side-conversations-anchor-id="4288"]').hidden = false; });
      await page.locator('#submit-4288').click();
      await waitSent(page, 1, 'the other ticket');
      assertEq(JSON.stringify(await sentOf(page)), '["submit-4288"]', 'sent');
      assertEq(await guardUi(frame), null, 'guard UI');
      await page.locator('#submit-4301').click();
      await waitUi(frame, 'confirm');
      await press(frame, 'send');
      await waitSent(page, 2, 'send anyway');
      assertEq(JSON.stringify(await sentOf(page)), '["submit-4288","submit-4301"]', 'sent');
    });
  });

  // The demo live chat (demo-chat.json: "enterSends": true): plain Enter sends there.
  const CHAT = '/demo/chat.html';
  const chatSent = (page) => page.evaluate(() => [...document.querySelectorAll('.chat-log li.agent p')].slice(1).map((p) => p.textContent));
  const waitChatSent = async (page, n, what) => {
    try {
      await page.waitForFunction((k) => document.querySelectorAll('.chat-log li.agent').length - 1 >= k, n, { timeout: TIMEOUT });
    } catch (e) {
      throw new Error(`${what}: expected ${n} chat messages, got ${JSON.stringify(await chatSent(page))}`);
    }
    return chatSent(page);
  };
  const waitChatFile = (iso) => iso.waitFor('Rapport.customer.load().then((l) => l.some((h) => h.file === "demo-chat.json" && h.enterSends === true))', null, 'the demo chat file with enterSends');

  await check('confirm, a chat where Enter sends (demo-chat.json "enterSends"): plain Enter on a cold reply is held (no new line, nothing sent); "Send anyway" sends it once', async () => {
    await withPage(CHAT, async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await waitChatFile(iso);
      await cold(page, '#chat-input', 'field');
      await page.locator('#chat-input').press('Enter');
      await waitUi(frame, 'confirm');
      assertEq(JSON.stringify((await guardUi(frame)).rules), JSON.stringify(wantRules), 'findings listed');
      assertEq(JSON.stringify(await chatSent(page)), '[]', 'sent');
      assertEq(await valueOf(frame, 'field', '#chat-input'), COLD, 'the draft (no new line)');
      await press(frame, 'send');
      await waitNoUi(frame);
      assertEq(JSON.stringify(await waitChatSent(page, 1, 'send anyway')), JSON.stringify([COLD]), 'sent');
      assertEq(await valueOf(frame, 'field', '#chat-input'), '', 'the composer after sending');
      // a mild reply goes out on Enter at once
      await mild(page, '#chat-input', 'field');
      const held = await iso.eval('Rapport.sendguard.stats.held');
      await page.locator('#chat-input').press('Enter');
      assertEq(JSON.stringify(await waitChatSent(page, 2, 'mild')), JSON.stringify([COLD, MILD]), 'sent');
      assertEq(await iso.eval('Rapport.sendguard.stats.held'), held, 'held');
    });
  });

  await check('confirm, the Enter-sends chat: Shift+Enter, an Enter ending an IME composition, and Enter picking from an open suggestion list are left to the page', async () => {
    await withPage(CHAT, async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await waitChatFile(iso);
      await cold(page, '#chat-input', 'field');
      await page.locator('#chat-input').press('Shift+Enter');
      await waitValue(frame, 'field', '#chat-input', `${COLD}\n`, 'Shift+Enter: a new line');
      assertEq(await iso.eval('Rapport.sendguard.stats.held'), 0, 'held after Shift+Enter');
      await page.keyboard.press('Backspace');
      await waitSeverity(frame, 'field', PHRASE, 'high');
      // the keydown of an Enter that commits an IME composition carries isComposing
      const prevented = await page.evaluate(() => {
        const ta = document.querySelector('#chat-input');
        const e = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, isComposing: true, bubbles: true, cancelable: true });
        ta.dispatchEvent(e);
        return e.defaultPrevented;
      });
      assertEq(prevented, false, 'the composing Enter held');
      assertEq(await iso.eval('Rapport.sendguard.stats.held'), 0, 'held after the composing Enter');
      assertEq(await guardUi(frame), null, 'guard UI');
      // a suggestion list open on the composer: its Enter picks, so the page has it
      await page.evaluate(() => document.querySelector('#chat-input').setAttribute('aria-expanded', 'true'));
      await page.locator('#chat-input').press('Enter');
      await waitChatSent(page, 1, 'Enter with a suggestion list open');
      assertEq(await iso.eval('Rapport.sendguard.stats.held'), 0, 'held with the list open');
      assertEq(await guardUi(frame), null, 'guard UI');
    });
  });

  await check('confirm: plain Enter where no helpdesk file says it sends is a new line, never held', async () => {
    await withPage(PAGE, async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await iso.waitFor('Rapport.customer.load().then((l) => l.length > 0)', null, 'the helpdesk files');
      await cold(page, '#ta', 'field');
      await page.locator('#ta').press('Enter');
      await waitValue(frame, 'field', '#ta', `${COLD}\n`, 'Enter: a new line');
      assertEq(await iso.eval('Rapport.sendguard.stats.held'), 0, 'held');
      assertEq(await guardUi(frame), null, 'guard UI');
      assertEq(JSON.stringify(await sentOf(page)), '[]', 'sent');
    });
  });

  await setMode('warn');
  await check('warn, the Enter-sends chat: the first Enter of a cold reply is held with a panel, the second sends it once', async () => {
    await withPage(CHAT, async (page, iso, frame) => {
      await waitInstalled(iso, true);
      await waitChatFile(iso);
      await cold(page, '#chat-input', 'field');
      await page.locator('#chat-input').press('Enter');
      await waitUi(frame, 'warn');
      assertEq(JSON.stringify(await chatSent(page)), '[]', 'sent');
      assertEq(await valueOf(frame, 'field', '#chat-input'), COLD, 'the draft (no new line)');
      assertEq(await activeId(page), 'chat-input', 'focus in the composer');
      await page.locator('#chat-input').press('Enter');
      assertEq(JSON.stringify(await waitChatSent(page, 1, 'second Enter')), JSON.stringify([COLD]), 'sent');
      await waitNoUi(frame);
    });
  });
  await setMode('confirm');

  // The dialog and the panel, light and dark, under axe-core; screenshots for people.
  await check('accessibility: axe-core finds no serious or critical violation in the dialog and the panel, light and dark; their backgrounds follow the scheme', async () => {
    const found = [];
    mkdirSync(shots, { recursive: true });
    for (const mode of ['confirm', 'warn']) {
      await setMode(mode);
      for (const scheme of ['light', 'dark']) {
        await withPage(PAGE, async (page, iso, frame) => {
          await page.emulateMedia({ colorScheme: scheme });
          await waitInstalled(iso, true);
          await cold(page, '#ta', 'field');
          await page.locator('#send-ta').click();
          await waitUi(frame, mode);
          for (const v of await axeViolations(page, ['[data-rapport-ui="sendguard"]'])) found.push(`${mode} (${scheme}): ${v}`);
          const lum = await page.evaluate(() => {
            const bg = getComputedStyle(document.querySelector('[data-rapport-ui="sendguard"]').shadowRoot.querySelector('.box')).backgroundColor;
            const [r, g, b] = bg.match(/[\d.]+/g).map(Number).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          });
          assert(scheme === 'dark' ? lum < 0.05 : lum > 0.9, `the ${mode} box's background in ${scheme} (luminance ${lum})`);
          await page.screenshot({ path: join(shots, `sendguard-${mode}-${scheme}.png`) });
        });
      }
    }
    await setMode('confirm');
    assertEq(found.join('\n'), '', 'serious or critical accessibility violations');
  });

  await check('helpdesk files: "send" is a selector or a list of valid selectors, "enterSends" true, false or selectors with its source, named in the error; the shipped files are all valid', async () => {
    await withPage(PAGE, async (page, iso) => {
      await iso.waitFor('Rapport.started === true', null, 'the content script');
      const r = await iso.eval(`(() => {
        const v = (send) => Rapport.customer.validate('x.json', { name: 'X', hosts: [], detect: '.x', message: '.m', send }).errors;
        const e = (enterSends, sources) => Rapport.customer.validate('x.json', { name: 'X', hosts: [], detect: '.x', message: '.m', enterSends, ...(sources ? { sources } : {}) }).errors;
        const src = (field, entries) => ({ detect: [{ selector: '.x', evidence: 'unverified' }], message: [{ selector: '.m', evidence: 'unverified' }], ...(field ? { [field]: entries } : {}) });
        return {
          good: v(['#send', 'button[type=submit]']), bad: v(['#send', 'button[']), single: v('#send'), notSelector: v(42), empty: v([]),
          enter: {
            yes: e(true), no: e(false), composers: e(['.chat textarea']), badSelector: e(['.chat[']), number: e(1), text: e('yes please['),
            sourced: e(true, src('enterSends', [{ evidence: 'unverified' }])),
            sourcedDated: e(true, src('enterSends', [{ evidence: 'www/demo/chat.js', date: '2026' }])),
            undated: e(true, src('enterSends', [{ evidence: 'www/demo/chat.js' }])),
            withSelector: e(true, src('enterSends', [{ selector: '.x', evidence: 'unverified' }])),
            missing: e(true, src(null)),
            bySelector: e(['.chat textarea'], src('enterSends', [{ selector: '.chat textarea', evidence: 'unverified' }])),
          },
          matches: (() => {
            const ta = document.querySelector('#ta');
            const h = (enterSends) => ({ enterSends });
            return [h(true), h(false), h(undefined), h(['#plain textarea']), h(['#rich [contenteditable]'])].map((x) => Rapport.customer.enterSends(x, ta));
          })(),
        };
      })()`);
      assertEq(JSON.stringify([r.enter.yes, r.enter.no, r.enter.composers]), '[[],[],[]]', 'enterSends: true, false, selectors');
      assert(r.enter.badSelector.some((x) => x.startsWith('helpdesks/x.json: "enterSends[0]" is not a valid CSS selector')), `enterSends bad selector: ${r.enter.badSelector}`);
      assert(r.enter.number.some((x) => x.startsWith('helpdesks/x.json: "enterSends" must be true, false, or the CSS selectors')), `enterSends 1: ${r.enter.number}`);
      assert(r.enter.text.some((x) => x.includes('"enterSends" is not a valid CSS selector')), `enterSends text: ${r.enter.text}`);
      assertEq(JSON.stringify([r.enter.sourced, r.enter.sourcedDated, r.enter.bySelector]), '[[],[],[]]', 'enterSends with its source');
      assert(r.enter.undated.some((x) => x.includes('"sources.enterSends[0]" needs "date"')), `enterSends evidence without date: ${r.enter.undated}`);
      assert(r.enter.withSelector.some((x) => x.includes('"sources.enterSends[0]" is about the setting true: no "selector"')), `enterSends source with a selector: ${r.enter.withSelector}`);
      assert(r.enter.missing.some((x) => x.includes('"sources.enterSends" is missing')), `enterSends without sources: ${r.enter.missing}`);
      assertEq(JSON.stringify(r.matches), '[true,false,false,true,false]', 'enterSends for #ta');
      assertEq(r.good.length, 0, `good: ${r.good}`);
      assert(r.bad.some((e) => e.startsWith('helpdesks/x.json: "send[1]" is not a valid CSS selector')), `bad selector: ${r.bad}`);
      assertEq(r.single.length, 0, `one selector: ${r.single}`);
      assert(r.notSelector.some((e) => e.startsWith('helpdesks/x.json: "send" must be a non-empty CSS selector')), `not a selector: ${r.notSelector}`);
      assert(r.empty.length === 1, `empty list: ${r.empty}`);
      const shipped = await iso.eval('Rapport.customer.load().then((l) => ({ errors: Rapport.customer.loadErrors, files: l.length, withSend: l.filter((h) => h.send).map((h) => h.file), enter: l.filter((h) => h.enterSends).map((h) => h.file) }))');
      assertEq(JSON.stringify(shipped.errors), '[]', 'load errors');
      assertEq(shipped.files, 10, 'valid files');
      assertEq(JSON.stringify(shipped.enter), '["demo-chat.json"]', 'files where Enter sends');
      assert(shipped.withSend.includes('demo.json'), `files with send selectors: ${shipped.withSend}`);
    });
  });

  await checkNoNetwork(browser, served, /^\/(pages|pages\/helpdesks|build|demo)\/[\w.-]+$/);
} finally {
  await browser.close();
  server.close();
}

finish();
