// The first minutes with Rapport, in Debian's Chromium with the built extension: the welcome
// page's choice of where Rapport runs, honoured on a helpdesk host and on another page; the
// in-field status button and its summary panel; screenshots of the welcome page, the card,
// the popup and the options page in light and dark; axe-core on the extension's pages and
// on the open card, the status button and its panel, in both schemes; the in-page UI and
// the underlines dark on a helpdesk in its own dark mode under the light scheme.
//
//   node tests/browser/onboarding.mjs      (needs extension/engine/, built by `make wasm`)
//
// A helpdesk host name is served by the 127.0.0.1 test server through Chromium's
// --host-resolver-rules. Waits on conditions, never sleeps.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  root, pagesDir, demoDir, TIMEOUT, COLD, PHRASE,
  check, assert, assertEq, finish, popupForSite, axeViolations, extensionDir, startServer, launch,
  geometry, cardVisible, nextUntil as nextUntilIn, waitSeverity,
} from './harness.mjs';

const HELPDESK = 'help.zendesk.com';
const extDir = await extensionDir();
const server = await startServer({ mounts: [['/pages/', pagesDir], ['/demo/', demoDir]] });
const { origin, served } = server;
const port = new URL(origin).port;
const browser = await launch({ extDir, origin, args: [`--host-resolver-rules=MAP ${HELPDESK} 127.0.0.1`] });
const { context, worker, extId, setSettings } = browser;
const shots = join(root, 'target/screenshots/onboarding');
mkdirSync(shots, { recursive: true });
const SCHEMES = ['light', 'dark'];

// What the content script of the tab showing `host` answers once it has read the settings.
async function statusOf(host) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const got = await worker.evaluate(async (h) => {
      for (const tab of await chrome.tabs.query({})) {
        const r = await chrome.tabs.sendMessage(tab.id, { type: 'rapport/status' }, { frameId: 0 }).catch(() => null);
        if (r && r.host === h && r.ready) return r;
      }
      return null;
    }, host);
    if (got) return got;
    assert(Date.now() < deadline, `no settled answer from the tab for ${host}`);
  }
}

const stored = () => worker.evaluate(async () => (await chrome.storage.sync.get('settings')).settings || {});
const pill = (page) => page.locator('[data-rapport-ui="status"] .pill');
const panel = (page) => page.locator('[data-rapport-ui="status"] .panel');

// The findings count the content script reports for the reply focused last.
const reportedCount = (host) => worker.evaluate(async (h) => {
  for (const tab of await chrome.tabs.query({})) {
    const s = await chrome.tabs.sendMessage(tab.id, { type: 'rapport/status' }, { frameId: 0 }).catch(() => null);
    if (!s || s.host !== h) continue;
    const r = await chrome.tabs.sendMessage(tab.id, { type: 'rapport/editor-report' }, { frameId: 0 }).catch(() => null);
    return r ? r.findings : null;
  }
  return null;
}, host);

async function openAt(host, path) {
  const page = await context.newPage();
  await page.goto(`http://${host}:${port}${path}`);
  return page;
}

// Types the cold demo reply into the demo helpdesk and opens the card of its basic-check
// question from the keyboard.
async function typeColdAndOpenCard(page) {
  await page.locator('#reply-text').click();
  await page.keyboard.type(COLD);
  await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
  await page.locator('#reply-text').press('Control+Home');
  await nextUntilIn(browser, page.mainFrame(), /basic-check question/);
  await cardVisible(page.mainFrame());
}

// The button's box never overlaps the editor's text box (its content area inside the padding).
async function clearOfText(page, sel) {
  const [b, text] = await Promise.all([
    pill(page).boundingBox(),
    page.locator(sel).evaluate((el) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      const px = (v) => parseFloat(v) || 0;
      return { x: r.left + px(cs.borderLeftWidth) + px(cs.paddingLeft), y: r.top + px(cs.borderTopWidth) + px(cs.paddingTop),
        right: r.right - px(cs.borderRightWidth) - px(cs.paddingRight), bottom: r.bottom - px(cs.borderBottomWidth) - px(cs.paddingBottom) };
    }),
  ]);
  const overlaps = b.x < text.right && b.x + b.width > text.x && b.y < text.bottom && b.y + b.height > text.y;
  assert(!overlaps, `the button ${JSON.stringify(b)} covers the text box ${JSON.stringify(text)}`);
  return b;
}

try {
  await check('the welcome page offers where Rapport runs; helpdesks only is the default', async () => {
    const welcomeUrl = `chrome-extension://${extId}/welcome.html`;
    const page = context.pages().find((p) => p.url() === welcomeUrl)
      || await context.waitForEvent('page', { predicate: (p) => p.url() === welcomeUrl, timeout: TIMEOUT });
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    assertEq(await page.locator('input[name="siteMode"]:checked').getAttribute('value'), 'helpdesks', 'the choice checked at first');
    await page.close();
  });

  // Each mode, chosen on the welcome page: on (helpdesk host, 127.0.0.1)?
  const expect = { helpdesks: [true, false], all: [true, true], ask: [false, false] };
  for (const mode of ['all', 'ask', 'helpdesks']) {
    await check(`welcome page, "${mode}": Rapport ${expect[mode][0] ? 'runs' : 'waits'} on ${HELPDESK} and ${expect[mode][1] ? 'runs' : 'waits'} on 127.0.0.1`, async () => {
      // start from another mode, so that choosing this one is a change
      await setSettings({ sites: {}, siteMode: mode === 'helpdesks' ? 'all' : 'helpdesks', disabledRules: [], severityOverrides: {} });
      const welcome = await context.newPage();
      await welcome.goto(`chrome-extension://${extId}/welcome.html`);
      await welcome.waitForFunction(() => document.body.dataset.ready === 'true');
      await welcome.locator(`input[name="siteMode"][value="${mode}"]`).check();
      await welcome.waitForFunction(() => /^Saved/.test(document.getElementById('site-mode-status').textContent));
      assertEq((await stored()).siteMode, mode, 'stored siteMode');
      await welcome.close();
      const helpdesk = await openAt(HELPDESK, '/pages/textarea.html');
      const other = await openAt('127.0.0.1', '/pages/textarea.html');
      try {
        assertEq((await statusOf(HELPDESK)).active, expect[mode][0], `active on ${HELPDESK}`);
        assertEq((await statusOf('127.0.0.1')).active, expect[mode][1], 'active on 127.0.0.1');
        if (mode === 'ask') {
          // nothing is read; the button asks, and turning it on makes the site active
          await other.locator('#reply').click();
          await other.keyboard.type(COLD);
          await pill(other).waitFor();
          assertEq(await pill(other).getAttribute('data-count'), '', 'the asking button shows no count');
          await pill(other).click();
          assert(await other.evaluate(() => document.activeElement.id === 'reply'), 'the reply keeps the focus');
          await panel(other).locator('[data-action="site-on"]').click();
          await other.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
          assertEq((await stored()).sites['127.0.0.1'], true, 'the site is on');
          assertEq((await statusOf('127.0.0.1')).active, true, 'active after the agent said yes');
        }
      } finally {
        await helpdesk.close();
        await other.close();
      }
    });
  }

  await check('the options page shows and changes where Rapport runs; "Use the default" drops a site\'s own choice', async () => {
    await setSettings({ sites: {}, siteMode: 'all', disabledRules: [], severityOverrides: {} });
    const options = await context.newPage();
    try {
      await options.goto(`chrome-extension://${extId}/options.html`);
      await options.waitForFunction(() => document.body.dataset.ready === 'true');
      assertEq(await options.locator('#site-mode').inputValue(), 'all', 'the stored mode is shown');
      await options.locator('#site-mode').selectOption('ask');
      await options.waitForFunction(async () => (await chrome.storage.sync.get('settings')).settings.siteMode === 'ask');
      // a site the agent decided for: the button beside it says what it does, and does it
      await setSettings({ sites: { 'help.acme.example': false }, siteMode: 'ask', disabledRules: [], severityOverrides: {} });
      await options.reload();
      await options.waitForFunction(() => document.body.dataset.ready === 'true');
      const back = options.getByRole('button', { name: 'Use the default for help.acme.example' });
      await back.click();
      await options.waitForFunction(async () => !('help.acme.example' in (await chrome.storage.sync.get('settings')).settings.sites));
    } finally {
      await options.close();
      await setSettings({ sites: {}, disabledRules: [], severityOverrides: {} });
    }
  });

  await check('a policy siteMode wins over the agent\'s choice; a locked one falls back to the default; enabledSites still forces a site on', async () => {
    // the managed area cannot be written by an extension; the pure function is what every context runs
    const got = await worker.evaluate(() => {
      const s = RapportSettings.effective({ siteMode: 'all' }, { siteMode: 'ask' });
      const locked = RapportSettings.effective({ siteMode: 'all' }, { lockedSettings: ['siteMode'] });
      return { mode: s.siteMode, onOther: RapportSettings.isActive(s, 'example.org'), lockedMode: locked.siteMode,
        enabled: RapportSettings.isActive(RapportSettings.effective({ siteMode: 'ask' }, { enabledSites: ['example.org'] }), 'example.org') };
    });
    assertEq(JSON.stringify(got), JSON.stringify({ mode: 'ask', onOther: false, lockedMode: 'helpdesks', enabled: true }), 'policy over agent');
  });

  for (const [label, path, sel] of [['demo helpdesk', '/demo/helpdesk.html', '#reply-text'], ['contenteditable editor', '/pages/contenteditable.html', '#reply']]) {
    await check(`${label}: the in-field button shows the count and warmth, clear of the text, and follows the editor`, async () => {
      await setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });
      const page = await openAt('127.0.0.1', path);
      try {
        await page.locator(sel).click();
        await page.keyboard.type(COLD);
        await page.waitForFunction(([p]) => {
          const b = document.querySelector('[data-rapport-ui="status"]');
          return b && /^[1-9]/.test(b.shadowRoot.querySelector('.pill').dataset.count) && p;
        }, [PHRASE], { timeout: TIMEOUT });
        // the count is the content script's own, once the typed text is analysed
        await page.waitForFunction(() => !document.querySelector('[data-rapport-ui="status"]').shadowRoot.querySelector('.pill').textContent.includes('Rapport?'));
        const deadline = Date.now() + TIMEOUT;
        let want;
        for (;;) {
          want = await reportedCount('127.0.0.1');
          if (want && String(want) === await pill(page).getAttribute('data-count')) break;
          assert(Date.now() < deadline, `button ${await pill(page).getAttribute('data-count')} vs reported ${want}`);
          await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
        }
        assert(want >= 2, `the cold reply has several findings (${want})`);
        assert(/·\s*\d+/.test(await pill(page).textContent()), 'the warmth is shown');
        assert(await page.evaluate((s) => document.activeElement === document.querySelector(s), sel), 'typing keeps the focus in the reply');
        await clearOfText(page, sel);
        // nor over the page's Send control
        if (await page.locator('#send').count()) {
          const [b, send] = await Promise.all([pill(page).boundingBox(), page.locator('#send').boundingBox()]);
          assert(b.x >= send.x + send.width || b.x + b.width <= send.x || b.y >= send.y + send.height || b.y + b.height <= send.y,
            `the button ${JSON.stringify(b)} covers Send ${JSON.stringify(send)}`);
        }
        // the editor moves and grows: the button keeps its place at the editor's corner (the
        // bottom one, or the top one where the window has no room by the bottom one)
        const corner = () => page.evaluate((s) => {
          const b = document.querySelector('[data-rapport-ui="status"]').shadowRoot.querySelector('.pill').getBoundingClientRect();
          const e = document.querySelector(s).getBoundingClientRect();
          return { dx: Math.round(b.right - e.right), dy: Math.round(b.bottom - e.bottom), dt: Math.round(b.top - e.top), bottom: Math.round(e.bottom) };
        }, sel);
        const before = await corner();
        await page.evaluate((s) => { const e = document.querySelector(s); e.style.marginTop = '60px'; e.style.height = (parseFloat(getComputedStyle(e).height) + 30) + 'px'; }, sel);
        await page.waitForFunction(([s, want]) => {
          const b = document.querySelector('[data-rapport-ui="status"]').shadowRoot.querySelector('.pill').getBoundingClientRect();
          const e = document.querySelector(s).getBoundingClientRect();
          return Math.round(e.bottom) !== want.bottom && Math.round(b.right - e.right) === want.dx
            && (Math.round(b.bottom - e.bottom) === want.dy || Math.round(b.top - e.top) === want.dt);
        }, [sel, before], { timeout: 5000 }).catch(async () => {
          throw new Error(`the button did not follow the editor: was ${JSON.stringify(before)}, now ${JSON.stringify(await corner())}`);
        });
        await clearOfText(page, sel);
      } finally {
        await page.close();
      }
    });
  }

  await check('demo helpdesk: the summary panel gives the score on its scale and the top missing move; its switch turns the site off', async () => {
    await setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });
    const page = await openAt('127.0.0.1', '/demo/helpdesk.html');
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.locator('#reply-text').click();
      await page.keyboard.type('Did you plug it in? You should have restarted the router.');
      await page.waitForFunction(() => {
        const b = document.querySelector('[data-rapport-ui="status"]');
        return b && /^[1-9]/.test(b.shadowRoot.querySelector('.pill').dataset.count || '');
      });
      await pill(page).click();
      await panel(page).waitFor();
      assert(await page.evaluate(() => document.activeElement.id === 'reply-text'), 'the reply keeps the focus');
      const text = await panel(page).textContent();
      assert(/Warmth \d+ out of 100: reads \w+/.test(text), `the score with its scale in words: ${text}`);
      assert(/0 reads cold, 100 reads warm/.test(text), 'the ends of the scale');
      assert(await panel(page).locator('[data-move]').count() === 1, `the top missing move: ${text}`);
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: join(shots, `status-panel-${scheme}.png`) });
      }
      await page.emulateMedia({ colorScheme: 'light' });
      // Esc closes it, the button opens it again
      await page.keyboard.press('Escape');
      await panel(page).waitFor({ state: 'detached' });
      await pill(page).click();
      // a click, not uncheck(): the switch goes away with the button once the site is off
      assert(await panel(page).locator('[data-action="site"]').isChecked(), 'the switch shows the site on');
      await panel(page).locator('[data-action="site"]').click();
      await pill(page).waitFor({ state: 'detached' });
      assertEq((await stored()).sites['127.0.0.1'], false, 'the site is off');
      assertEq((await statusOf('127.0.0.1')).active, false, 'the content script stopped');
    } finally {
      await page.close();
      await setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });
    }
  });

  // The pages people meet first, light and dark, for people to look at (README links them).
  await check('screenshots: the welcome page, the card, the popup and the options page, light and dark', async () => {
    for (const scheme of SCHEMES) {
      const welcome = await context.newPage();
      await welcome.emulateMedia({ colorScheme: scheme });
      await welcome.goto(`chrome-extension://${extId}/welcome.html`);
      await welcome.waitForSelector('#try-findings li .rewrite');
      await welcome.screenshot({ path: join(shots, `welcome-${scheme}.png`), fullPage: true });
      await welcome.close();
      const options = await context.newPage();
      await options.emulateMedia({ colorScheme: scheme });
      await options.goto(`chrome-extension://${extId}/options.html`);
      await options.waitForFunction(() => document.body.dataset.ready === 'true' && document.querySelector('#rules tbody tr'));
      await options.screenshot({ path: join(shots, `options-${scheme}.png`) });
      await options.close();
      const page = await openAt('127.0.0.1', '/demo/helpdesk.html');
      try {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width: 1280, height: 800 });
        await typeColdAndOpenCard(page);
        await page.screenshot({ path: join(shots, `card-${scheme}.png`) });
        const popup = await popupForSite(browser, '127.0.0.1');
        await popup.emulateMedia({ colorScheme: scheme });
        await popup.waitForFunction(() => document.querySelector('#score-words').textContent.startsWith('reads '));
        await popup.setViewportSize({ width: 320, height: 420 });
        await popup.screenshot({ path: join(shots, `popup-${scheme}.png`) });
        await popup.close();
      } finally {
        await page.close();
      }
    }
  });

  await check('accessibility: axe-core finds no serious or critical violation on the welcome page, the popup and the options page, light and dark', async () => {
    const found = [];
    for (const scheme of SCHEMES) {
      const audit = async (page, name) => {
        for (const v of await axeViolations(page)) found.push(`${name} (${scheme}): ${v}`);
      };
      const welcome = await context.newPage();
      await welcome.emulateMedia({ colorScheme: scheme });
      await welcome.goto(`chrome-extension://${extId}/welcome.html`);
      await welcome.waitForSelector('#try-findings li .rewrite');
      await audit(welcome, 'welcome');
      await welcome.close();
      const options = await context.newPage();
      await options.emulateMedia({ colorScheme: scheme });
      await options.goto(`chrome-extension://${extId}/options.html`);
      await options.waitForFunction(() => document.body.dataset.ready === 'true' && document.querySelector('#rules tbody tr'));
      await audit(options, 'options');
      await options.close();
      const page = await openAt('127.0.0.1', '/pages/textarea.html');
      try {
        await page.locator('#reply').click();
        await page.keyboard.type(COLD);
        await page.waitForFunction(geometry.overlayRects, [PHRASE], { timeout: TIMEOUT });
        const popup = await popupForSite(browser, '127.0.0.1');
        await popup.emulateMedia({ colorScheme: scheme });
        await popup.waitForFunction(() => document.querySelector('#score-words').textContent.startsWith('reads '));
        await audit(popup, 'popup');
        await popup.close();
      } finally {
        await page.close();
      }
    }
    assertEq(found.join('\n'), '', 'serious or critical accessibility violations');
  });

  // Rapport's own elements on a helpdesk's page: the open card, the status button and its
  // panel, under axe-core, in each scheme; the card's and the panel's backgrounds follow it.
  const ownBackground = (page, ui, part) => page.evaluate(([u, p]) => {
    const bg = getComputedStyle(document.querySelector(`[data-rapport-ui="${u}"]`).shadowRoot.querySelector(p)).backgroundColor;
    const [r, g, b] = bg.match(/[\d.]+/g).map(Number).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }, [ui, part]);
  await check('accessibility: axe-core finds no serious or critical violation in the open card, the status button and its panel, light and dark; their backgrounds follow the scheme', async () => {
    await setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });
    const found = [];
    for (const scheme of SCHEMES) {
      const page = await openAt('127.0.0.1', '/demo/helpdesk.html');
      try {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width: 1280, height: 800 });
        await typeColdAndOpenCard(page);
        // the explanation and the other rewrites too
        await page.locator('[data-rapport-ui="card"] summary').click();
        await page.locator('[data-rapport-ui="card"] details[open] .why').waitFor();
        // opened from the keyboard: its focus ring shows on "Why, and more"
        await page.locator('[data-rapport-ui="card"] summary').press('Enter');
        await page.locator('[data-rapport-ui="card"] details:not([open])').waitFor();
        await page.locator('[data-rapport-ui="card"] summary').press('Enter');
        await page.locator('[data-rapport-ui="card"] details[open] .why').waitFor();
        await page.screenshot({ path: join(shots, `card-expanded-${scheme}.png`) });
        for (const v of await axeViolations(page, ['[data-rapport-ui="card"]', '[data-rapport-ui="status"]'])) found.push(`card (${scheme}): ${v}`);
        const card = await ownBackground(page, 'card', '.card');
        assert(scheme === 'dark' ? card < 0.05 : card > 0.9, `the card's background in ${scheme} (luminance ${card})`);
        await page.keyboard.press('Escape');
        await page.locator('[data-rapport-ui="card"]').waitFor({ state: 'detached' });
        await pill(page).click();
        await panel(page).waitFor();
        for (const v of await axeViolations(page, ['[data-rapport-ui="status"]'])) found.push(`status panel (${scheme}): ${v}`);
        const back = await ownBackground(page, 'status', '.panel');
        assert(scheme === 'dark' ? back < 0.05 : back > 0.9, `the panel's background in ${scheme} (luminance ${back})`);
      } finally {
        await page.close();
      }
    }
    assertEq(found.join('\n'), '', 'serious or critical accessibility violations');
  });

  // A helpdesk in its own dark mode on a system in the light scheme: what Rapport shows
  // there is dark too (the page's background around the reply box decides), and so is the
  // underlines' palette; on the same page made light again, it is all light.
  await check('a dark helpdesk under the light scheme: the card, the status button, its panel and the underlines take the dark palette; a light page keeps the light one', async () => {
    await setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });
    const page = await openAt('127.0.0.1', '/demo/helpdesk.html');
    const themes = () => page.evaluate(() => ['card', 'status', 'overlay'].map((u) => {
      const h = document.querySelector(`[data-rapport-ui="${u}"]`);
      return h ? h.getAttribute('data-theme') ?? 'none' : 'missing';
    }).join(' '));
    try {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width: 1280, height: 800 });
      // the helpdesk's own dark mode: its backgrounds, not the system's scheme
      await page.evaluate(() => {
        const style = document.createElement('style');
        style.id = 'dark-helpdesk';
        style.textContent = '*, *::before, *::after { background-color: #1b1f24 !important; color: #d1d7e0 !important; border-color: #3d444d !important; }';
        document.head.append(style);
      });
      await typeColdAndOpenCard(page);
      assertEq(await themes(), 'dark dark dark', 'data-theme of the card, the status button and the overlay');
      const card = await ownBackground(page, 'card', '.card');
      assert(card < 0.05, `the card's background on the dark page (luminance ${card})`);
      const underline = await page.evaluate(() => {
        const m = document.querySelector('[data-rapport-ui="overlay"]').shadowRoot.querySelector('mark.high');
        return getComputedStyle(m).textDecorationColor;
      });
      assertEq(underline, 'rgb(255, 123, 114)', 'a high finding\'s underline on the dark page');
      await page.screenshot({ path: join(shots, 'card-dark-helpdesk.png') });
      for (const v of await axeViolations(page, ['[data-rapport-ui="card"]'])) assert(false, `card on the dark page: ${v}`);
      await page.keyboard.press('Escape');
      await page.locator('[data-rapport-ui="card"]').waitFor({ state: 'detached' });
      await pill(page).click();
      await panel(page).waitFor();
      const back = await ownBackground(page, 'status', '.panel');
      assert(back < 0.05, `the panel's background on the dark page (luminance ${back})`);
      await page.screenshot({ path: join(shots, 'status-panel-dark-helpdesk.png') });
      await page.keyboard.press('Escape');
      await panel(page).waitFor({ state: 'detached' });
      // light again: the next analysis and the next card take the light palette back
      await page.evaluate(() => document.getElementById('dark-helpdesk').remove());
      await page.locator('#reply-text').press('End');
      await page.keyboard.type(' Thanks.');
      await page.waitForFunction(() => {
        const h = document.querySelector('[data-rapport-ui="overlay"]');
        return h && !h.hasAttribute('data-theme') && !document.querySelector('[data-rapport-ui="status"]').hasAttribute('data-theme');
      }, null, { timeout: TIMEOUT });
      await page.locator('#reply-text').press('Control+Home');
      await nextUntilIn(browser, page.mainFrame(), /basic-check question/);
      await cardVisible(page.mainFrame());
      assertEq(await themes(), 'none none none', 'data-theme on the light page');
      const light = await ownBackground(page, 'card', '.card');
      assert(light > 0.9, `the card's background on the light page (luminance ${light})`);
    } finally {
      await page.close();
    }
  });

  await check('a dark contenteditable under the light scheme: the highlights take the dark palette (the underline that reads on it)', async () => {
    await setSettings({ sites: { '127.0.0.1': true }, disabledRules: [], severityOverrides: {} });
    const page = await openAt('127.0.0.1', '/pages/contenteditable.html');
    const underline = () => page.evaluate(() => {
      for (const sheet of document.adoptedStyleSheets) {
        for (const rule of sheet.cssRules) if (rule.selectorText === '::highlight(rapport-high)') return rule.style.textDecorationColor;
      }
      return null;
    });
    try {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.evaluate(() => {
        const style = document.createElement('style');
        style.id = 'dark-helpdesk';
        style.textContent = 'html, body { background: #1b1f24; color: #d1d7e0; }';
        document.head.append(style);
      });
      await page.locator('#reply').click();
      await page.keyboard.type(COLD);
      await waitSeverity(page.mainFrame(), 'rich', PHRASE, 'high');
      assertEq(await underline(), 'rgb(255, 123, 114)', 'a high finding\'s underline on the dark page');
      // light again: the next analysis takes the light palette back
      await page.evaluate(() => document.getElementById('dark-helpdesk').remove());
      await page.keyboard.type(' Thanks.');
      await page.waitForFunction(() => {
        for (const sheet of document.adoptedStyleSheets) {
          for (const rule of sheet.cssRules) if (rule.selectorText === '::highlight(rapport-high)') return rule.style.textDecorationColor === 'rgb(217, 48, 37)';
        }
        return false;
      }, null, { timeout: TIMEOUT });
    } finally {
      await page.close();
    }
  });

  await check('zero network requests: only the test server (under its own and the mapped helpdesk name) and the extension', async () => {
    const foreign = browser.requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith(`http://${HELPDESK}:${port}/`)
      && !u.startsWith('chrome-extension://') && !u.startsWith('data:') && u !== 'about:blank');
    assertEq(JSON.stringify(foreign), '[]', 'requests elsewhere');
    const unexpected = served.filter((p) => !/^\/(pages|demo)\/[\w.-]+$/.test(p) && p !== '/favicon.ico');
    assertEq(JSON.stringify(unexpected), '[]', 'unexpected requests to the test server');
  });
} finally {
  await browser.close();
  server.close();
}
finish();
