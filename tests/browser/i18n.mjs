// The interface in the browser's language, in Debian's Chromium with the built extension:
// launched with a French UI, chrome.i18n.getUILanguage() says "fr", and the popup, the card's
// buttons, the status panel and the Send guard speak French (the words compared with
// extension/_locales/fr/messages.json, and checked to differ from the English ones), while
// what the engine writes (the rule's message) stays in the rule's language. Then German,
// Spanish and Portuguese the same way.
// Screenshots of the popup, an open card, the status panel, the welcome and options pages in
// each to target/screenshots/i18n/, each checked for text cut off or overflowing.
//
//   node tests/browser/i18n.mjs      (needs extension/engine/, built by `make wasm`)
//
// On Linux Chromium takes its UI language from the LANGUAGE environment variable, and only
// for a language whose .pak it has (Debian: the chromium-l10n package, which .ci/deps.sh
// installs). --lang=fr switches the extension's messages but getUILanguage() still answers
// en-US; --accept-lang changes navigator.language only. Waits on conditions, never sleeps.
import { join } from 'node:path';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import {
  root, demoDir, TIMEOUT, COLD, PHRASE,
  check, assert, assertEq, finish, popupForSite, extensionDir, startServer, launch,
  geometry, cardVisible, nextUntil,
} from './harness.mjs';

const extDir = await extensionDir();
const server = await startServer({ mounts: [['/demo/', demoDir]] });
const shots = join(root, 'target/screenshots/i18n');
mkdirSync(shots, { recursive: true });
const catalog = (lang) => JSON.parse(readFileSync(join(root, 'extension/_locales', lang, 'messages.json'), 'utf8'));
const en = catalog('en');

if (!existsSync('/usr/lib/chromium/locales/fr.pak')) {
  console.error('Chromium has no French UI (/usr/lib/chromium/locales/fr.pak): install chromium-l10n (.ci/deps.sh does)');
}

// Text inside Rapport's shadow roots on the page: the card, the status button's panel, the
// Send guard.
const inCard = (page, sel) => page.evaluate((s) => {
  const n = document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelector(s);
  return n ? (n.getAttribute('aria-label') || n.textContent) : null;
}, sel);

// Elements of `rootSel` (a shadow host, or null for the page itself) whose text is cut off:
// wider or taller than their box where the box does not scroll, or outside the window.
const overflowing = (page, rootSel, sels) => page.evaluate(([r, list]) => {
  const root = r ? document.querySelector(r).shadowRoot : document;
  const bad = [];
  for (const s of list) {
    for (const n of root.querySelectorAll(s)) {
      const cs = getComputedStyle(n);
      const scrolls = /auto|scroll/.test(cs.overflowX + cs.overflowY);
      const rect = n.getBoundingClientRect();
      if (!scrolls && (n.scrollWidth > n.clientWidth + 1)) bad.push(`${s} "${n.textContent.trim().slice(0, 40)}" ${n.scrollWidth}px wide in ${n.clientWidth}px`);
      if (rect.right > innerWidth + 0.5 || rect.left < -0.5) bad.push(`${s} "${n.textContent.trim().slice(0, 40)}" outside the window`);
    }
  }
  return bad;
}, [rootSel, sels]);

async function inLanguage(lang) {
  const msgs = catalog(lang);
  const m = (key) => msgs[key].message;
  // a word the test expects in `lang` must not be the English one, or it proves nothing
  const translated = (key) => {
    assert(m(key) !== en[key].message, `${lang}.${key} is the English text`);
    return m(key);
  };
  const HELPDESK = 'help.zendesk.com';
  const port = new URL(server.origin).port;
  const browser = await launch({ extDir, origin: server.origin, env: { LANGUAGE: lang }, args: [`--host-resolver-rules=MAP ${HELPDESK} 127.0.0.1`] });
  try {
    await check(`${lang}: Chromium's UI language is ${lang} (chrome.i18n.getUILanguage in the worker and on the popup)`, async () => {
      const fromWorker = await browser.worker.evaluate(() => chrome.i18n.getUILanguage());
      assertEq(fromWorker.split('-')[0], lang, 'the worker\'s getUILanguage()');
      const popup = await browser.context.newPage();
      await popup.goto(`chrome-extension://${browser.extId}/popup.html`);
      await popup.waitForFunction(() => document.querySelector('#site').textContent !== '…');
      assertEq((await popup.evaluate(() => chrome.i18n.getUILanguage())).split('-')[0], lang, 'the popup\'s getUILanguage()');
      assertEq(await popup.evaluate(() => document.documentElement.lang), lang, '<html lang> of the popup');
      await popup.close();
    });

    // the Send guard asks before a cold reply goes (set before the page loads, so it is in place)
    await browser.setSettings({ sites: {}, disabledRules: [], severityOverrides: {}, sendGuard: 'confirm' });
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`http://${HELPDESK}:${port}/demo/helpdesk.html`);
    await check(`${lang}: the card's buttons and fold in ${lang}, the engine's message in the rule's language (English)`, async () => {
      await page.locator('#reply-text').click();
      await page.keyboard.type(COLD);
      await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
      await page.locator('#reply-text').press('Control+Home');
      // the rule is English, so its message is: the engine's words are not translated
      const msg = await nextUntil(browser, page.mainFrame(), /basic-check question/);
      assert(/basic-check question/.test(msg), `the rule's message: ${msg}`);
      await cardVisible(page.mainFrame());
      assertEq(await inCard(page, '[data-action="ignore"]'), translated('cardIgnore'), 'Ignore here');
      assertEq(await inCard(page, '[data-action="disable"]'), translated('cardTurnOffRule'), 'Turn off this rule');
      assertEq(await inCard(page, '[data-action="close"]'), translated('cardClose'), 'the close button\'s name');
      assertEq(await inCard(page, '.card'), translated('cardLabel'), 'the card\'s name');
      const others = await page.evaluate(() => document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelectorAll('.more [data-rewrite]').length);
      const summary = await inCard(page, 'summary');
      const want = others ? m(others === 1 ? 'cardWhyAndMore_one' : 'cardWhyAndMore_other').replace('$1', String(others)) : translated('cardWhy');
      assertEq(summary, want, 'the fold');
      assertEq(await inCard(page, '.sev'), translated(`severity${await page.evaluate(() => {
        const s = document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelector('.sev').className.split(' ')[1];
        return s[0].toUpperCase() + s.slice(1);
      })}`), 'the severity');
      // the engine's category and strategy ids are labels of the interface's language
      const labelsOf = (prefix) => Object.keys(msgs).filter((k) => new RegExp(`^${prefix}[A-Z]`).test(k)).map(m);
      const cat = await inCard(page, '.cat');
      assert(labelsOf('category').includes(cat), `the category "${cat}" is not one of ${lang}'s labels`);
      const strategy = await inCard(page, '[data-rewrite] .strategy');
      assert(labelsOf('strategy').includes(strategy), `the strategy "${strategy}" is not one of ${lang}'s labels`);
      const keys = await inCard(page, '.keys');
      assert(keys.startsWith(m('cardKeys')), `the keys line: ${keys}`);
      // what Rapport read in the customer's message (the demo's: leaving, a third contact)
      const read = await inCard(page, '.customer .summary');
      assert(read.startsWith(m('readCustomer').split('$1')[0]) && read.includes(translated('readThirdContact')), `what Rapport read is not in ${lang}: ${read}`);
      // a long label ("Rapport hat gelesen") must not squeeze what Rapport read into a sliver
      const readWidth = await page.evaluate(() => document.querySelector('[data-rapport-ui="card"]').shadowRoot.querySelector('.customer .summary')?.getBoundingClientRect().width ?? null);
      assert(readWidth === null || readWidth >= 100, `what Rapport read is squeezed to ${readWidth}px`);
      assertEq(JSON.stringify(await overflowing(page, '[data-rapport-ui="card"]', ['.card', 'button', 'summary', '.keys', '.head'])), '[]', 'cut off in the card');
      await page.screenshot({ path: join(shots, `${lang}-card.png`) });
    });

    await check(`${lang}: the popup in ${lang}: the site switch, the count's words by plural rule, the page health; nothing cut off`, async () => {
      const popup = await popupForSite(browser, HELPDESK);
      try {
        await popup.waitForFunction(() => !document.querySelector('#reply').hidden && document.querySelector('#score-words').textContent);
        const text = (sel) => popup.locator(sel).textContent();
        assertEq(await text('[data-i18n="popupOnForSite"]'), translated('popupOnForSite'), 'the site switch');
        assertEq(await text('#health-title'), translated('popupHealthTitle'), 'the health heading');
        assertEq(await text('#health-composer'), translated('healthComposerFound'), 'the reply box found');
        assertEq(await text('a[href="options.html"]'), translated('popupOptionsLink'), 'the options link');
        const words = await text('#score-words');
        assert(Object.keys(msgs).filter((k) => /^scoreReads[A-Z]/.test(k)).map(m).includes(words), `the score's words "${words}" are not ${lang}'s`);
        const n = Number(await text('#findings'));
        const form = new Intl.PluralRules(lang).select(n) === 'one' ? 'one' : 'other';
        assertEq(await text('#findings-words'), m(`popupPhrasesToWarm_${form}`), `the words under ${n}`);
        await popup.setViewportSize({ width: 320, height: 480 });
        await popup.screenshot({ path: join(shots, `${lang}-popup.png`), fullPage: true });
        assertEq(JSON.stringify(await overflowing(popup, null, ['body', 'h1', 'h2', 'p', 'label', '.stat', 'li', 'a'])), '[]', 'cut off in the popup');
      } finally {
        await popup.close();
      }
    });

    await check(`${lang}: the status button's panel in ${lang}`, async () => {
      await page.keyboard.press('Escape');
      const pill = page.locator('[data-rapport-ui="status"] .pill');
      await pill.click();
      const panel = page.locator('[data-rapport-ui="status"] .panel');
      await panel.waitFor();
      const count = Number(await pill.getAttribute('data-count'));
      const form = new Intl.PluralRules(lang).select(count) === 'one' ? 'one' : 'other';
      assertEq(await panel.locator('h2').textContent(), m(`statusPhrasesToWarm_${form}`).replace('$1', String(count)), 'the panel\'s heading');
      assertEq(await panel.getAttribute('aria-label'), translated('statusPanelLabel'), 'the panel\'s name');
      // the reply lacks a move (the demo's cold reply acknowledges nothing): named in ${lang}
      const move = panel.locator('[data-move]');
      await move.waitFor();
      const moveId = await move.getAttribute('data-move');
      const moveKey = `move${moveId.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}`;
      assert((await move.textContent()).includes(translated(moveKey)), `the missing move ${moveId} is not named in ${lang}: ${await move.textContent()}`);
      assertEq(JSON.stringify(await overflowing(page, '[data-rapport-ui="status"]', ['.panel', '.panel p', '.panel label'])), '[]', 'cut off in the panel');
      await page.screenshot({ path: join(shots, `${lang}-status-panel.png`) });
    });

    await check(`${lang}: the Send guard's dialog in ${lang}, its count by plural rule`, async () => {
      await page.keyboard.press('Escape');
      await page.locator('#send').click();
      await page.waitForFunction(() => document.querySelector('[data-rapport-ui="sendguard"]').shadowRoot.querySelectorAll('li').length > 0);
      const ui = await page.evaluate(() => {
        const r = document.querySelector('[data-rapport-ui="sendguard"]').shadowRoot;
        const text = (sel) => r.querySelector(sel).textContent;
        return { title: text('h2'), lead: text('#rapport-sendguard-lead'), fix: text('[data-action="fix"]'), send: text('[data-action="send"]'), back: text('[data-action="back"]'), high: r.querySelectorAll('li').length };
      });
      assertEq(ui.title, translated('guardConfirmTitle'), 'the title');
      assertEq(ui.fix, translated('guardFixAll'), 'Fix all');
      assertEq(ui.send, translated('guardSendAnyway'), 'Send anyway');
      assertEq(ui.back, translated('guardBack'), 'Back to editing');
      const form = new Intl.PluralRules(lang).select(ui.high) === 'one' ? 'one' : 'other';
      assertEq(ui.lead, m(`guardConfirmLead_${form}`).replace('$1', String(ui.high)), 'the lead');
      assertEq(JSON.stringify(await overflowing(page, '[data-rapport-ui="sendguard"]', ['.box', 'button', 'h2', 'p', 'li'])), '[]', 'cut off in the dialog');
      await page.screenshot({ path: join(shots, `${lang}-sendguard.png`) });
      await page.keyboard.press('Escape');
    });

    await check(`${lang}: the welcome and options pages in ${lang}, no line wider than the window`, async () => {
      for (const [name, ready, heading, key] of [
        ['welcome', '#try-findings li .rewrite', '#try-title', 'welcomeTryTitle'],
        ['options', '#rules tbody tr', '#rules th:nth-child(5)', 'optionsColumnCatches'],
      ]) {
        const p = await browser.context.newPage();
        try {
          await p.setViewportSize({ width: 800, height: 900 });
          await p.goto(`chrome-extension://${browser.extId}/${name}.html`);
          await p.waitForSelector(ready);
          // the sample reply is German where the engine has German rules, and flagged by them
          if (name === 'welcome' && lang === 'de') await p.waitForSelector('#try-findings li[data-rule^="de-"] .rewrite');
          assertEq(await p.evaluate(() => document.documentElement.lang), lang, `<html lang> of ${name}`);
          assertEq((await p.locator(heading).textContent()).trim(), translated(key), `${name}: ${key}`);
          const wide = await p.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
          assert(wide <= 0, `${name} is ${wide}px wider than the window`);
          await p.screenshot({ path: join(shots, `${lang}-${name}.png`) });
        } finally {
          await p.close();
        }
      }
    });
  } finally {
    await browser.close();
  }
}

try {
  await inLanguage('fr');
  await inLanguage('de');
  await inLanguage('es');
  await inLanguage('pt');
} finally {
  server.close();
}
finish();
