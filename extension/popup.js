// The popup: on/off for the site of the active tab, and the findings count, warmth score and
// what Rapport read from the customer's message, for the reply the agent focused last. It
// asks the tab's content script, so it needs no "tabs" permission and never reads the page.
// The site switch is disabled when the organisation's policy decides for the site.
import { MSG } from './protocol.js';
import * as S from './settings.js';
import { t, plural, scoreWordsLabel, localizePage } from './i18n.js';

async function main() {
  localizePage();
  const $ = (id) => document.getElementById(id);
  // ?tab=<id> lets the options page or a test open the popup for a given tab
  const param = new URLSearchParams(location.search).get('tab');
  const tabId = param ? Number(param) : (await chrome.tabs.query({ active: true, currentWindow: true }))[0]?.id;

  let status = null;
  try { status = await chrome.tabs.sendMessage(tabId, { type: MSG.STATUS }, { frameId: 0 }); } catch (_) { status = null; }
  if (!status) {
    $('site').textContent = t('popupNotOnPage');
    return;
  }
  $('site').textContent = status.host;
  const box = $('on');
  box.checked = status.active;
  // the policy may lock the sites list or decide for this host: then the switch only shows it
  const settings = await S.load().catch(() => null);
  const forced = settings && S.policyForSite(settings, status.host);
  const locked = settings && S.isLocked(settings, 'sites');
  box.disabled = !settings || !!forced || locked;
  if (settings && (forced || locked)) {
    $('lock').textContent = !forced ? S.lockedLabel(settings) : forced === 'on' ? t('popupLockedOnForSite', S.lockedLabel(settings)) : t('popupLockedOffForSite', S.lockedLabel(settings));
    $('lock').hidden = false;
  }
  box.addEventListener('change', async () => {
    try {
      await S.setSite(status.host, box.checked);
    } catch (e) {
      box.checked = !box.checked;
      $('hint').textContent = e.message;
      return;
    }
    $('hint').textContent = box.checked ? t('popupNowOn') : t('popupOffForSite');
    $('reply').hidden = !box.checked;
  });
  showRulesOff(settings);
  showReplyLanguage(settings);
  if (!status.active) { $('hint').textContent = t('popupOffForSite'); return; }
  let report = null;
  try { report = await chrome.tabs.sendMessage(tabId, { type: MSG.EDITOR_REPORT }); } catch (_) { report = null; }
  if (!report) { $('hint').textContent = t('popupClickReply'); return; }
  $('reply').hidden = false;
  $('findings').textContent = String(report.findings);
  $('findings-words').textContent = plural('popupPhrasesToWarm', report.findings);
  $('score').textContent = String(report.score);
  $('score-words').textContent = report.scoreWords ? scoreWordsLabel(report.scoreWords) : '';
  showHealth(report.health);
  // what Rapport read from the customer's message for this reply (dismissed in the card)
  if (typeof report.customer === 'string' && report.customer) {
    $('customer-summary').textContent = report.customer;
    $('customer').hidden = false;
  }

  // Whether the reply box, the customer's message and the Send control were found on this
  // page, and how: a helpdesk whose markup changed is read from the page layout, and says so.
  function showHealth(h) {
    if (!h) return;
    const CUSTOMER = {
      helpdesk: h.helpdesk ? t('healthCustomerHelpdesk', h.helpdesk) : t('healthCustomerAnyHelpdesk'),
      layout: t('healthCustomerLayout'),
      selection: t('healthCustomerSelection'),
      dismissed: t('healthCustomerDismissed'),
    };
    const SEND = {
      helpdesk: h.helpdesk ? t('healthSendHelpdesk', h.helpdesk) : t('healthSendAnyHelpdesk'),
      form: t('healthSendForm'),
      layout: t('healthSendLayout'),
    };
    const set = (id, ok, text) => {
      $(`health-${id}`).textContent = text;
      $(`health-${id}-mark`).textContent = ok ? '\u2713' : '\u2717';
      $(`health-${id}-mark`).className = ok ? 'mark ok' : 'mark missing';
      $(`health-${id}`).parentElement.setAttribute('data-found', ok ? 'yes' : 'no');
    };
    set('composer', !!h.composer, h.composer ? t('healthComposerFound') : t('healthComposerMissing'));
    set('customer', !!h.customer, CUSTOMER[h.customer] || t('healthCustomerMissing'));
    set('send', !!h.send, SEND[h.send] || t('healthSendMissing'));
    $('health').hidden = false;
  }

  // The language the site's replies are read in: detected per paragraph unless the agent
  // (or the policy, which then decides) sets one, for a team that always answers in it.
  function showReplyLanguage(current) {
    if (!current) return;
    const select = $('reply-lang');
    const set = S.languageForSite(current, status.host);
    select.value = set ? set.code : '';
    select.disabled = !!(set && set.fromPolicy);
    if (select.disabled) select.title = S.lockedLabel(current);
    $('lang-row').hidden = false;
    select.addEventListener('change', async () => {
      try {
        await S.setSiteLanguage(status.host, select.value || null);
      } catch (e) {
        $('hint').textContent = e.message;
      }
    });
  }

  // The rules the agent turned off (everywhere), each with the way back; the ones the
  // organisation turned off are not the agent's to turn on.
  function showRulesOff(current) {
    if (!current || S.isLocked(current, 'disabledRules')) return;
    const own = current.agent.disabledRules.filter((id) => !(current.policy.values.disabledRules || []).includes(id));
    $('off-rules').hidden = !own.length;
    $('off-list').replaceChildren(...own.map((id) => {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
      const on = document.createElement('button');
      on.textContent = t('popupTurnOnRule');
      on.setAttribute('data-rule', id);
      on.addEventListener('click', async () => {
        await S.setRule(id, true).catch((e) => { $('hint').textContent = e.message; });
        showRulesOff(await S.load().catch(() => null));
      });
      li.append(name, ' ', on);
      return li;
    }));
  }
}
main();
