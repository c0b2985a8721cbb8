// Listen first, in Debian's Chromium with the built extension: on each helpdesk
// test page (markup reproduced from the product, extension/helpdesks/<name>.json) the
// customer's latest message is read near the composer; a listening failure to a customer
// who has written before is painted high; the tailored opener is in the card and applies;
// the agent can dismiss the reading. The selection fallback (key and context menu) works
// on a plain page; a calm customer gets no unacknowledged-upset finding. Nothing read from
// the page is stored; no network requests. A bad helpdesk file is reported by name and
// field and the others still work.
//
//   node tests/browser/listen.mjs         (needs extension/engine/, built by `make wasm`)
import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import {
  pagesDir, demoDir, TIMEOUT, check, checkNoNetwork, assert, assertEq, finish, extensionDir, startServer, launch,
  waitSeverity, valueOf, cardRewrite, cardGone, nextUntil,
} from './harness.mjs';

// The reply: two listening failures ("As I already said" is high on its own; "As
// previously stated" is medium unless the customer has written before) and no
// acknowledgement.
const REPLY = 'Hello. As I already said, it is being handled. As previously stated, we will update you.';
// The words of REPLY's first sentence after the greeting that no other finding covers.
const UPSET_WORDS = 'it is being handled';
const RAISED = 'As previously stated';
const UPSET = /customer is upset/;

// Each helpdesk page: the composer, and the customer's latest message as the page shows it
// (quoted history, signatures, notes and older messages left out), with a fact it names.
const HELPDESKS = [
  { name: 'Zendesk', file: 'Zendesk agent workspace', send: true, page: 'zendesk', fact: 'order 4412', text: "Hi, this is the third time I'm writing about order 4412.\nThe router still doesn't work and I'm really frustrated." },
  { name: 'Freshdesk', file: 'Freshdesk', send: false, page: 'freshdesk', fact: 'invoice 20931', text: 'I have written to you twice about invoice 20931 and nobody has answered. I was charged double this month. This is unacceptable.' },
  { name: 'Intercom inbox', file: 'Intercom inbox', send: false, page: 'intercom', fact: 'order 7781', text: "Hello again. I'm still waiting on my refund for order 7781, it has been two weeks. This is the third time I've asked!!" },
  { name: 'Help Scout', file: 'Help Scout', send: true, page: 'helpscout', fact: 'booking 55213', text: "This is the second time I'm writing about booking 55213. The app still crashes when I try to check in and my flight is tomorrow. I'm so frustrated." },
  { name: 'Gorgias', file: 'Gorgias', send: true, page: 'gorgias', fact: 'order 3307', text: "Third time asking: where is order 3307? It still hasn't arrived and I needed it for Saturday. Very disappointed." },
  { name: 'Front', file: 'Front', send: false, page: 'front', fact: 'case 6120', text: "I've emailed you three times about case 6120 and I'm still locked out of my account. If this isn't fixed today I will cancel." },
  { name: 'HubSpot', file: 'HubSpot (help desk and inbox)', send: true, page: 'hubspot', fact: 'ticket 9043', text: "I've asked about this twice already: ticket 9043. The export still fails every time and I'm really annoyed that nobody has replied." },
  { name: 'Gmail', file: 'Gmail', send: true, page: 'gmail', fact: 'order 1188', text: "Hi, this is the third time I'm writing about order 1188.\nThe subscription was renewed even though I cancelled it. I'm frustrated." },
];
const DEMO_TEXT = "I ALREADY restarted it. Twice. This is the third time I'm explaining this and nobody is actually reading what I write. I'm paying for a service that doesn't work and I'm honestly about to cancel.";
const PLAIN_UPSET = "Hello, this is the second time I'm asking about order 2290. My package still hasn't arrived and I'm getting really frustrated.";
const PLAIN_CALM = 'Hi there, could you tell me how to change the delivery address on order 5120? Thanks so much for your help.';

const extDir = await extensionDir();
const server = await startServer({ mounts: [['/pages/', pagesDir], ['/demo/', demoDir]] });
const { origin, served } = server;
let browser = await launch({ extDir, origin });

// What the engine itself reads from a customer message (in the extension's worker): the
// page's reading must be exactly this when the right message was found.
function engineReading(b, customerMessage) {
  return b.worker.evaluate(async (c) => (await self.rapportAnalyze('Hello.', undefined, { customerMessage: c })).customer, customerMessage);
}

// In the content script's world: what this composer will send the engine.
const stateOf = (iso, sel) => iso.eval(`(() => { const s = Rapport.customer.stateOf(document.querySelector(${JSON.stringify(sel)})); return { text: s.text, source: s.source, dismissed: s.dismissed }; })()`);
async function waitCustomer(iso, sel, text, what) {
  try {
    await iso.waitFor(`Rapport.customer.stateOf(document.querySelector(${JSON.stringify(sel)})).text === ${JSON.stringify(text)}`, null, what);
  } catch (e) {
    throw new Error(`${what}: expected ${JSON.stringify(text)}, got ${JSON.stringify(await stateOf(iso, sel))}`);
  }
}

const cardSummary = (frame) => frame.evaluate(() => {
  const h = document.querySelector('[data-rapport-ui="card"]');
  const s = h && h.shadowRoot.querySelector('[data-rapport="customer"] .summary');
  return s ? s.textContent : null;
});

// Opens the popup for each tab until the test page's (127.0.0.1) shows the section `shown`,
// then returns read(popup); the popup closes afterwards.
async function withTestPagePopup(b, shown, read) {
  const popup = await b.context.newPage();
  try {
    const tabs = await b.worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id));
    for (const id of tabs) {
      await popup.goto(`chrome-extension://${b.extId}/popup.html?tab=${id}`);
      await popup.waitForFunction((sel) => {
        const site = document.querySelector('#site').textContent;
        return site !== '\u2026' && (site.startsWith('Rapport does not run') || !document.querySelector(sel).hidden || document.querySelector('#hint').textContent);
      }, shown);
      if (await popup.locator('#site').textContent() !== '127.0.0.1') continue;
      if (await popup.locator(shown).isHidden()) continue;
      return await read(popup);
    }
    throw new Error(`no tab answered the popup with ${shown}`);
  } finally {
    await popup.close();
  }
}

// The popup for the test page's tab: what it shows as read from the customer (or null).
const popupSummary = (b) => withTestPagePopup(b, '#reply', async (popup) => (
  await popup.locator('#customer').isHidden() ? null : popup.locator('#customer-summary').textContent()));

// The popup's health check for the test page's tab: {composer, customer, send} as shown.
const popupHealth = (b) => withTestPagePopup(b, '#health', async (popup) => {
  const text = (id) => popup.locator(`#health-${id}`).textContent();
  return { composer: await text('composer'), customer: await text('customer'), send: await text('send') };
});

// A highlight range (rich) or overlay mark (field) with exactly this text, any severity.
const painted = (frame, kind, phrase) => frame.evaluate(([k, p]) => {
  if (k === 'rich') {
    for (const s of ['high', 'medium', 'low', 'missing']) { const h = CSS.highlights.get(`rapport-${s}`); if (h) for (const r of h) if (r.toString() === p) return true; }
    return false;
  }
  for (const host of document.querySelectorAll('[data-rapport-ui="overlay"]')) for (const m of host.shadowRoot.querySelectorAll('mark')) if (m.textContent === p) return true;
  return false;
}, [kind, phrase]);

function selectText(page, sel) {
  return page.evaluate((s) => {
    const r = document.createRange();
    r.selectNodeContents(document.querySelector(s));
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  }, sel);
}

async function helpdeskScenario(b, hd) {
  const sel = '#composer';
  const { page, iso } = await b.openPage(`/pages/helpdesks/${hd.page}.html`);
  const frame = page.mainFrame();
  try {
    const want = await engineReading(b, hd.text);
    await check(`${hd.name}: the customer's latest message is read near the composer ("${want.summary}")`, async () => {
      assert(want.summary.includes(hd.fact), `the engine's own reading names ${hd.fact}: ${want.summary}`);
      assert(want.signals.some((x) => x.id === 'repeat-contact'), `the engine's own reading has a repeat contact: ${JSON.stringify(want.signals)}`);
      await page.locator(sel).click();
      await page.keyboard.type(REPLY);
      await waitCustomer(iso, sel, hd.text, 'the customer message');
      assertEq((await stateOf(iso, sel)).source, `helpdesk:${hd.page}.json`, 'read through');
      await waitSeverity(frame, 'rich', RAISED, 'high');
      assertEq(await popupSummary(b), want.summary, 'the popup shows what Rapport read');
      const health = await popupHealth(b);
      assertEq(health.composer, 'found', 'popup: the reply box');
      assertEq(health.customer, `read from ${hd.file}'s markup`, 'popup: the customer\'s message');
      assertEq(health.send, hd.send ? `found in ${hd.file}'s markup` : 'found from the page layout', 'popup: the Send control');
    });
    await check(`${hd.name}: "As I already said" to a repeat-contact customer is painted high, "${RAISED}" raised to high`, async () => {
      await waitSeverity(frame, 'rich', 'As I already said', 'high');
      await waitSeverity(frame, 'rich', RAISED, 'high');
    });
    await check(`${hd.name}: the card shows the reading and the tailored opener, which applies`, async () => {
      await page.bringToFront();
      await page.locator(sel).focus();
      await page.keyboard.press('Control+Home');
      await nextUntil(b, frame, UPSET);
      assertEq(await cardSummary(frame), want.summary, 'card: what Rapport read');
      const rw = await cardRewrite(frame, 0);
      assertEq(rw.strategy, 'acknowledge', 'the opener\'s strategy');
      assert(rw.text.startsWith(want.opener), `the rewrite starts with the opener "${want.opener}": ${rw.text}`);
      assert(want.opener.includes(hd.fact.split(' ')[1]) || /again|times|second/.test(want.opener), `the opener is tailored: ${want.opener}`);
      const before = await valueOf(frame, 'rich', sel);
      await frame.locator('[data-rapport-ui="card"] [data-rewrite="0"]').click();
      // The opener goes after the greeting ("Hello."), at the start of the reply's first sentence.
      await frame.waitForFunction(([s, o]) => document.querySelector(s).innerText.startsWith(`Hello. ${o}`), [sel, want.opener], { timeout: TIMEOUT });
      const after = await valueOf(frame, 'rich', sel);
      assert(after.endsWith(before.slice(before.indexOf(' As I already said'))), `only the opening changed: ${after}`);
      // a rich editor's edit is checked once the editor re-rendered: wait for the verdict
      await iso.waitFor('Rapport.stats.applied !== null', undefined, 'the extension to check its edit');
      assertEq(await iso.eval('Rapport.stats.applied && Rapport.stats.applied.ok'), true, 'apply checked its result');
      // acknowledged now: the upset finding is gone, the listening failures stay high
      await waitSeverity(frame, 'rich', RAISED, 'high');
      await page.keyboard.press('Control+Home');
      await nextUntil(b, frame, /As I already said/);
      assertEq(await cardSummary(frame), want.summary, 'the reading stays on the card');
      await page.keyboard.press('Escape');
      await cardGone(frame);
    });
    if (hd.page === 'zendesk') {
      await check(`${hd.name}: the other ticket tab's customer is not read, and "Don't use" stops using the message for this composer`, async () => {
        await page.locator(sel).focus();
        await page.keyboard.press('Control+Home');
        await nextUntil(b, frame, /As I already said/);
        await frame.locator('[data-rapport-ui="card"] [data-action="forget-customer"]').click();
        await cardGone(frame);
        await waitSeverity(frame, 'rich', RAISED, 'medium');
        assertEq((await stateOf(iso, sel)).dismissed, true, 'dismissed');
        assertEq(await iso.eval(`JSON.stringify(Rapport.customer.contextFor(document.querySelector('#composer')))`), undefined, 'context for the engine');
        // focusing the composer again does not bring it back
        await page.locator('body').click({ position: { x: 900, y: 10 } });
        await page.locator(sel).click();
        await page.keyboard.type(' Thanks.');
        await iso.waitFor(`Rapport.stats.analysedLength === ${JSON.stringify((await valueOf(frame, 'rich', sel)).length)}`, null, 'the new text analysed');
        assertEq(await painted(frame, 'rich', RAISED), true, 'still painted');
        await waitSeverity(frame, 'rich', RAISED, 'medium');
        assertEq(await popupSummary(b), null, 'the popup shows no reading once dismissed');
        await page.bringToFront();
      });
    }
  } finally {
    await page.close();
  }
}

// The page with every class, attribute and id its data file names renamed (a product that
// changed its markup): x-<class>, data-x-<attribute>, x-<id>. Roles and aria-* attributes
// stay (they are the page's accessibility, not styling hooks), and so does the composer's id.
async function renameConfigured(page, file) {
  const raw = JSON.parse(await readFile(join(process.cwd(), 'extension/helpdesks', file), 'utf8'));
  const selectors = Object.keys(raw).filter((k) => !['name', 'about', 'hosts', 'order', 'sources'].includes(k))
    .flatMap((k) => (Array.isArray(raw[k]) ? raw[k] : [raw[k]]));
  const text = selectors.join(' ');
  const classes = [...new Set([...text.matchAll(/\.([\w-]+)/g)].map((m) => m[1]))];
  const ids = [...new Set([...text.matchAll(/#([\w-]+)/g)].map((m) => m[1]))].filter((id) => id !== 'composer');
  const attrs = [...new Set([...text.matchAll(/\[([\w-]+)/g)].map((m) => m[1]))].filter((a) => a !== 'role' && !a.startsWith('aria-'));
  return page.evaluate(([cs, is, as]) => {
    let renamed = 0;
    for (const el of document.querySelectorAll('*')) {
      for (const c of cs) if (el.classList.contains(c)) { el.classList.replace(c, `x-${c}`); renamed++; }
      if (is.includes(el.id)) { el.id = `x-${el.id}`; renamed++; }
      for (const a of as) {
        if (!el.hasAttribute(a)) continue;
        el.setAttribute(a.startsWith('data-') ? `data-x-${a.slice(5)}` : `data-x-${a}`, el.getAttribute(a));
        el.removeAttribute(a);
        renamed++;
      }
    }
    return renamed;
  }, [classes, ids, attrs]);
}

const texts = [...HELPDESKS.map((h) => h.text), DEMO_TEXT, PLAIN_UPSET, PLAIN_CALM];
try {
  await browser.setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });

  await check('helpdesk files: host patterns and the validator name the file and the field', async () => {
    const { page, iso } = await browser.openPage('/pages/helpdesks/plain.html');
    try {
      await iso.waitFor('Rapport.started === true', null, 'the content script');
      const r = await iso.eval(`(() => {
        const C = Rapport.customer;
        const v = (raw) => C.validate('x.json', raw).errors;
        return {
          hosts: [C.hostMatches('*.zendesk.com', 'acme.zendesk.com'), C.hostMatches('*.zendesk.com', 'zendesk.com.evil.example'), C.hostMatches('mail.google.com', 'mail.google.com')],
          good: v({ name: 'X', hosts: ['*.x.com'], detect: '.x', message: '.m' }),
          missing: v({ name: 'X', hosts: [], detect: '.x' }),
          badSelector: v({ name: 'X', hosts: [], detect: 'div[', message: '.m' }),
          unknown: v({ name: 'X', hosts: [], detect: '.x', message: '.m', mesage: '.m' }),
          badHost: v({ name: 'X', hosts: ['https://x.com/'], detect: '.x', message: '.m' }),
          badOrder: v({ name: 'X', hosts: [], detect: '.x', message: '.m', order: 'latest' }),
          notObject: v([]),
          alternatives: v({ name: 'X', hosts: [], detect: ['.x', '.y'], message: ['.m', 'div['] }),
          sourced: v({ name: 'X', hosts: [], detect: ['.x', '.y'], message: '.m', sources: { detect: [{ selector: '.x', evidence: 'a/b c.js', date: '2025-01' }, { selector: '.y', evidence: 'unverified' }], message: [{ selector: '.m', evidence: 'unverified', note: 'none found' }] } }),
          sourceMissing: v({ name: 'X', hosts: [], detect: '.x', message: '.m', sources: { detect: [{ selector: '.x', evidence: 'unverified' }] } }),
          sourceStale: v({ name: 'X', hosts: [], detect: '.x', message: '.m', sources: { detect: [{ selector: '.x', evidence: 'unverified' }, { selector: '.old', evidence: 'unverified' }], message: [{ selector: '.m', evidence: 'unverified' }] } }),
          sourceUndated: v({ name: 'X', hosts: [], detect: '.x', message: '.m', sources: { detect: [{ selector: '.x', evidence: 'a/b c.js' }], message: [{ selector: '.m', evidence: 'unverified' }] } }),
          sourceUncovered: v({ name: 'X', hosts: [], detect: ['.x', '.y'], message: '.m', sources: { detect: [{ selector: '.x', evidence: 'unverified' }], message: [{ selector: '.m', evidence: 'unverified' }] } }),
        };
      })()`);
      assertEq(JSON.stringify(r.hosts), '[true,false,true]', 'host patterns');
      assertEq(r.good.length, 0, `a good file: ${r.good}`);
      assert(r.missing.some((e) => e.startsWith('helpdesks/x.json: "message" is required')), `missing field: ${r.missing}`);
      assert(r.badSelector.some((e) => e.startsWith('helpdesks/x.json: "detect" is not a valid CSS selector')), `bad selector: ${r.badSelector}`);
      assert(r.unknown.some((e) => e.startsWith('helpdesks/x.json: "mesage" is not a known field')), `unknown field: ${r.unknown}`);
      assert(r.badHost.some((e) => e.startsWith('helpdesks/x.json: "hosts[0]"')), `bad host: ${r.badHost}`);
      assert(r.badOrder.some((e) => e.startsWith('helpdesks/x.json: "order"')), `bad order: ${r.badOrder}`);
      assert(r.notObject.some((e) => e.includes('must be a JSON object')), `not an object: ${r.notObject}`);
      assert(r.alternatives.length === 1 && r.alternatives[0].startsWith('helpdesks/x.json: "message[1]" is not a valid CSS selector'), `alternatives: ${r.alternatives}`);
      assertEq(r.sourced.length, 0, `a file with sources: ${r.sourced}`);
      assert(r.sourceMissing.some((e) => e.startsWith('helpdesks/x.json: "sources.message" is missing')), `a field without sources: ${r.sourceMissing}`);
      assert(r.sourceStale.some((e) => e.startsWith('helpdesks/x.json: "sources.detect[1]" names a selector the field does not hold')), `a stale source: ${r.sourceStale}`);
      assert(r.sourceUndated.some((e) => e.startsWith('helpdesks/x.json: "sources.detect[0]" needs "date"')), `evidence without a date: ${r.sourceUndated}`);
      assert(r.sourceUncovered.some((e) => e.startsWith('helpdesks/x.json: "sources.detect" must have exactly one entry for ".y"')), `a selector without its source: ${r.sourceUncovered}`);
      // every shipped file says where each of its selectors comes from
      const unsourced = await iso.eval(`Rapport.customer.load().then((l) => l.filter((h) => !h.sources).map((h) => h.file))`);
      assertEq(JSON.stringify(unsourced), '[]', 'shipped files without sources');
      assertEq(await iso.eval('Rapport.customer.load().then((l) => l.length + ":" + Rapport.customer.loadErrors.length)'), '10:0', 'the shipped files: all valid');
    } finally {
      await page.close();
    }
  });

  for (const hd of HELPDESKS) await helpdeskScenario(browser, hd);

  for (const hd of HELPDESKS) {
    await check(`${hd.name}, every selector of ${hd.page}.json renamed on the page: the customer's message and Send are read from the page layout`, async () => {
      const { page, iso } = await browser.openPage(`/pages/helpdesks/${hd.page}.html`);
      try {
        await iso.waitFor('Rapport.started === true', null, 'the content script');
        const renamed = await renameConfigured(page, `${hd.page}.json`);
        assert(renamed > 0, 'nothing was renamed');
        await page.locator('#composer').click();
        await page.keyboard.type('Hello.');
        await waitCustomer(iso, '#composer', hd.text, 'the customer message by layout');
        const st = await iso.eval(`(() => { const s = Rapport.customer.stateOf(document.querySelector('#composer')); return { source: s.source, path: s.path, diag: s.diag }; })()`);
        assertEq(st.path, 'layout', `found by (${JSON.stringify(st.diag)})`);
        assertEq(st.source, 'layout', 'source');
        const send = await iso.eval(`Rapport.sendguard.diagnose(document.querySelector('#composer'))`);
        assertEq(send.path, 'layout', `Send found by (${JSON.stringify(send)})`);
        const names = await iso.eval(`Rapport.sendguard.controlsOf(document.querySelector('#composer')).map((b) => Rapport.layout.accessibleName(b))`);
        assert(names.length === 1 && /^Send|^Submit/.test(names[0]), `the Send controls found: ${JSON.stringify(names)}`);
        await iso.waitFor(`Rapport.stats.analysedLength === 6`, null, 'the draft analysed');
        const health = await popupHealth(browser);
        assertEq(health.customer, 'read from the page layout', 'popup: the customer\'s message');
        assertEq(health.send, 'found from the page layout', 'popup: the Send control');
      } finally {
        await page.close();
      }
    });
  }

  await check('demo helpdesk: its data file reads the customer for the plain composer', async () => {
    const { page, iso } = await browser.openPage('/demo/helpdesk.html');
    try {
      await page.locator('#reply-text').click();
      await page.keyboard.type(REPLY);
      await waitCustomer(iso, '#reply-text', DEMO_TEXT, 'the customer message');
      assertEq((await stateOf(iso, '#reply-text')).source, 'helpdesk:demo.json', 'read through');
      await waitSeverity(page.mainFrame(), 'field', RAISED, 'high');
      await page.keyboard.press('Control+Home');
      await nextUntil(browser, page.mainFrame(), UPSET);
      assertEq(await cardSummary(page.mainFrame()), (await engineReading(browser, DEMO_TEXT)).summary, 'card: what Rapport read');
    } finally {
      await page.close();
    }
  });

  await check('selection fallback on a plain page: the key, then the context menu; a calm customer gets no unacknowledged-upset finding', async () => {
    const { page, iso } = await browser.openPage('/pages/helpdesks/plain.html');
    const frame = page.mainFrame();
    try {
      await page.locator('#reply').click();
      await page.keyboard.type(REPLY);
      await waitSeverity(frame, 'field', RAISED, 'medium'); // no helpdesk file, no customer yet
      assertEq((await stateOf(iso, '#reply')).text, null, 'no customer message before the selection');
      // the agent selects the customer's text (focus leaves the composer) and presses the key
      await selectText(page, '#upset');
      await browser.command('coach-to-selection');
      await waitCustomer(iso, '#reply', PLAIN_UPSET, 'the selected message');
      assertEq((await stateOf(iso, '#reply')).source, 'selection', 'read through');
      await waitSeverity(frame, 'field', RAISED, 'high');
      // The unacknowledged-upset mark sits on the first free words after the greeting, drawn
      // as a place to add an opener (not as cold wording)
      await frame.waitForFunction((words) => { for (const h of document.querySelectorAll('[data-rapport-ui="overlay"]')) for (const m of h.shadowRoot.querySelectorAll('mark')) if (m.textContent === words) return true; return false; }, UPSET_WORDS, { timeout: TIMEOUT });
      const look = await frame.evaluate((words) => { for (const h of document.querySelectorAll('[data-rapport-ui="overlay"]')) for (const m of h.shadowRoot.querySelectorAll('mark')) if (m.textContent === words) { const cs = getComputedStyle(m); return { cls: m.className, line: cs.textDecorationStyle, tint: cs.backgroundColor }; } return null; }, UPSET_WORDS);
      assert(look.cls.split(' ').includes('missing') && look.line === 'dotted' && look.tint === 'rgba(0, 0, 0, 0)', `the opener's place looks like ${JSON.stringify(look)}`);
      assertEq(await popupSummary(browser), (await engineReading(browser, PLAIN_UPSET)).summary, 'the popup shows what Rapport read');
      // the context-menu item, on the calm customer's text
      await page.bringToFront();
      await selectText(page, '#calm');
      await browser.worker.evaluate(async () => {
        for (const tab of await chrome.tabs.query({})) await self.rapportMenuClicked({ menuItemId: 'rapport-coach-to-selection', frameId: 0 }, tab);
      });
      await waitCustomer(iso, '#reply', PLAIN_CALM, 'the selected calm message');
      await waitSeverity(frame, 'field', RAISED, 'medium');
      assertEq(await painted(frame, 'field', UPSET_WORDS), false, 'an unacknowledged-upset mark');
      const calm = await engineReading(browser, PLAIN_CALM);
      assertEq(await popupSummary(browser), calm.summary, 'the popup shows the calm reading');
      // the reply analysed with the calm customer has no unacknowledged-upset finding
      await page.bringToFront();
      await page.locator('#reply').click();
      await page.keyboard.press('Control+Home');
      for (let i = 0; i < 3; i++) {
        const msg = await nextUntil(browser, frame, /./);
        assert(!UPSET.test(msg), `a card for an upset customer: ${msg}`);
      }
      await page.keyboard.press('Escape');
      // a selection inside the composer itself is not taken as the customer's message
      await page.locator('#reply').selectText();
      await browser.command('coach-to-selection');
      await page.locator('#reply').press('End');
      assertEq((await stateOf(iso, '#reply')).text, PLAIN_CALM, 'the customer message after selecting the reply');
    } finally {
      await page.close();
    }
  });

  await check('keystroke-to-highlight on the content path, with and without the customer\'s message', async () => {
    const { page, iso } = await browser.openPage('/pages/helpdesks/zendesk.html');
    try {
      await page.locator('#composer').click();
      await page.keyboard.type(REPLY);
      await waitCustomer(iso, '#composer', HELPDESKS[0].text, 'the customer message');
      await waitSeverity(page.mainFrame(), 'rich', RAISED, 'high');
      assertEq(await iso.eval('Rapport.stats.path'), 'content', 'engine path');
      const sample = async (label) => {
        const times = [];
        for (let i = 0; i < 30; i++) {
          await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok()))));
          const before = await iso.eval('Rapport.stats.latencySamples');
          await page.keyboard.press(i % 2 ? 'Backspace' : 'x');
          await iso.waitFor(`Rapport.stats.latencySamples > ${before}`, null, 'a latency sample');
          times.push(await iso.eval('Rapport.stats.lastLatency'));
        }
        times.sort((a, c) => a - c);
        const pct = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
        console.log(`     keystroke-to-highlight, ${label}: p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms (${times.length} keystrokes)`);
      };
      await sample('with the customer\'s message (Zendesk page)');
      await iso.eval(`Rapport.customer.dismiss(document.querySelector('#composer'))`);
      await sample('without it');
    } finally {
      await page.close();
    }
  });

  await check('copy diagnostics (options page): the selectors tried and which matched, with no draft or customer text in it', async () => {
    const { page, iso } = await browser.openPage('/pages/helpdesks/zendesk.html');
    const options = await browser.context.newPage();
    try {
      await page.locator('#composer').click();
      await page.keyboard.type(REPLY);
      await waitCustomer(iso, '#composer', HELPDESKS[0].text, 'the customer message');
      await options.goto(`chrome-extension://${browser.extId}/options.html`);
      await options.locator('#copy-diagnostics').click();
      await options.waitForFunction(() => !document.querySelector('#diagnostics-out').hidden);
      const out = await options.locator('#diagnostics-out').textContent();
      const d = JSON.parse(out);
      assertEq(d.tabs.length, 1, `tabs answering: ${out.slice(0, 300)}`);
      const t = d.tabs[0];
      assertEq(t.helpdesk, 'zendesk.json', 'the helpdesk file');
      assertEq(t.customer.path, 'helpdesk', 'the customer message path');
      assertEq(t.customer.fields.scope.matched, 0, 'scope: the first selector matched');
      assertEq(t.customer.fields.message.tried[0], '[data-test-id="omni-log-item-message"]', 'message: the selectors tried');
      assert(t.customer.fields.message.count > 0, `message count: ${JSON.stringify(t.customer.fields.message)}`);
      assertEq(t.send.path, 'helpdesk', 'the Send path');
      assertEq(t.send.matched, 0, 'send: the first selector matched');
      for (const text of [REPLY, ...texts]) {
        for (const probe of [text.slice(0, 20), text.slice(-20), ...(text.match(/\b\d{4,5}\b/g) || []), ...text.split(/[^A-Za-z']+/).filter((w) => w.length >= 9)]) {
          assert(!out.includes(probe), `the diagnostics hold ${JSON.stringify(probe)}`);
        }
      }
      for (const phrase of ['As I already said', 'being handled', 'really frustrated', 'Dana Whitfield']) assert(!out.includes(phrase), `the diagnostics hold ${JSON.stringify(phrase)}`);
    } finally {
      await options.close();
      await page.close();
    }
  });

  await check('nothing read from the page is stored: chrome.storage holds no customer text', async () => {
    const stored = await browser.worker.evaluate(async () => JSON.stringify([
      await chrome.storage.local.get(null), await chrome.storage.sync.get(null), await chrome.storage.session.get(null),
    ]));
    for (const t of texts) {
      for (const probe of [t.slice(0, 24), t.slice(-24), ...(t.match(/\b\d{4,5}\b/g) || [])]) {
        assert(!stored.includes(probe), `storage holds ${JSON.stringify(probe)}: ${stored.slice(0, 300)}`);
      }
    }
  });

  await checkNoNetwork(browser, served, /^\/(pages\/helpdesks|demo)\/[\w.-]+$/);
} finally {
  await browser.close();
}

// A broken helpdesk file: a clear console error naming the file and the field; the other
// files still work.
browser = null;
try {
  const broken = await extensionDir({
    edit: async (dir) => {
      const index = join(dir, 'helpdesks/index.json');
      const names = JSON.parse(await readFile(index, 'utf8'));
      await writeFile(index, JSON.stringify(['broken.json', 'notjson.json', 'missing.json', ...names]));
      await writeFile(join(dir, 'helpdesks/broken.json'), JSON.stringify({ name: 'Broken', hosts: ['127.0.0.1'], detect: 'body', message: 'p:nth-child(' }));
      await writeFile(join(dir, 'helpdesks/notjson.json'), '{ "name": ');
    },
  });
  browser = await launch({ extDir: broken, origin });
  await browser.setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });
  await check('a bad helpdesk file: console errors name the file and the field; the others still work', async () => {
    const { page, iso } = await browser.openPage('/pages/helpdesks/zendesk.html');
    const logged = [];
    page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
    try {
      await page.locator('#composer').click();
      await page.keyboard.type(REPLY);
      await waitCustomer(iso, '#composer', HELPDESKS[0].text, 'Zendesk, next to the broken files');
      const errors = await iso.eval('Rapport.customer.loadErrors');
      const want = ['helpdesks/broken.json: "message" is not a valid CSS selector', 'helpdesks/notjson.json: is not JSON', 'helpdesks/missing.json: cannot be read'];
      for (const w of want) {
        assert(errors.some((e) => e.startsWith(w)), `no error "${w}": ${JSON.stringify(errors)}`);
        assert(logged.some((e) => e.includes(w)), `not on the console: "${w}" (${JSON.stringify(logged)})`);
      }
      await waitSeverity(page.mainFrame(), 'rich', RAISED, 'high');
    } finally {
      await page.close();
    }
  });
} finally {
  if (browser) await browser.close();
  server.close();
}

finish();
