// The page shown once, on install: what Rapport does, a box to try it (analysed by the
// worker's engine, like a CSP page's editor), and the keys the agent has bound.
import { MSG } from './protocol.js';
import * as S from './settings.js';
import { diff } from './content/card.js';
import { t, plural, severityLabel, strategyLabel, localizePage } from './i18n.js';

localizePage();
const box = document.getElementById('try');
const list = document.getElementById('try-findings');
const status = document.getElementById('try-status');

const el = (tag, cls, text) => {
  const n = document.createElement(tag);
  if (cls) n.className = cls;
  if (text != null) n.textContent = text;
  return n;
};

// The change a rewrite makes, as the card shows it.
function change(before, after) {
  const out = el('span', 'diff');
  const runs = diff(before, after);
  if (!runs) { out.textContent = after; return out; }
  for (const [kind, text] of runs) out.append(kind === 'same' ? document.createTextNode(text) : el(kind, null, text));
  return out;
}

let asked = 0;
async function check() {
  const text = box.value;
  const mine = ++asked;
  let reply;
  try {
    reply = await chrome.runtime.sendMessage({ type: MSG.ANALYZE, text });
  } catch (e) {
    reply = { error: String(e && e.message || e) };
  }
  if (mine !== asked) return; // a newer text is being checked
  list.replaceChildren();
  if (!reply || reply.error) { status.textContent = t('welcomeCheckFailed', reply ? reply.error : t('welcomeNoAnswer')); return; }
  const findings = reply.report.findings;
  status.textContent = findings.length ? plural('statusPhrasesToWarm', findings.length) : t('welcomeNothingCold');
  for (const f of findings) {
    const li = el('li', 'finding');
    li.setAttribute('data-rule', f.rule);
    li.append(el('span', 'sev ' + f.severity, severityLabel(f.severity)), ' ', el('q', null, f.text), ' ', el('span', null, f.message));
    const rw = f.rewrites[0];
    if (rw) {
      const apply = el('button', 'rewrite');
      apply.append(el('span', 'strategy', strategyLabel(rw.strategy)), change(text.slice(rw.start, rw.end), rw.text));
      apply.addEventListener('click', () => {
        box.value = text.slice(0, rw.start) + rw.text + text.slice(rw.end);
        check();
      });
      li.append(apply);
    }
    list.append(li);
  }
}

let timer = 0;
box.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 150); });
check();

// Where Rapport runs: the agent's choice, unless the organisation's policy sets or locks it.
const modeStatus = document.getElementById('site-mode-status');
const radios = [...document.querySelectorAll('input[name="siteMode"]')];
S.load().then((current) => {
  for (const r of radios) r.checked = r.value === current.siteMode;
  const locked = S.isLocked(current, 'siteMode');
  if (locked || current.policy.set.includes('siteMode')) {
    for (const r of radios) r.disabled = true;
    const by = current.policy.managedBy;
    modeStatus.textContent = locked ? S.lockedLabel(current) : by ? t('setBy', by) : t('setByPolicy');
  }
  document.body.dataset.ready = 'true';
}, (e) => { modeStatus.textContent = t('welcomeSettingsUnreadable', e.message); });
for (const r of radios) {
  r.addEventListener('change', async () => {
    if (!r.checked) return;
    try {
      await S.setSiteMode(r.value);
      modeStatus.textContent = { helpdesks: t('welcomeSavedHelpdesks'), all: t('welcomeSavedAll'), ask: t('welcomeSavedAsk') }[r.value];
    } catch (e) {
      modeStatus.textContent = e.message;
      const current = await S.load().catch(() => null);
      if (current) for (const x of radios) x.checked = x.value === current.siteMode;
    }
  });
}

// the keys as the agent bound them (they can change them in the browser)
chrome.commands.getAll().then((all) => {
  const what = { 'next-finding': t('welcomeKeyNext'), 'apply-top-rewrite': t('welcomeKeyApply'), dismiss: t('welcomeKeyDismiss'), 'coach-to-selection': t('welcomeKeyCoach') };
  const keys = document.getElementById('keys');
  const order = Object.keys(what);
  for (const c of all.filter((x) => what[x.name]).sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))) {
    const li = el('li');
    li.append(c.shortcut ? el('kbd', null, c.shortcut) : el('span', 'muted', t('welcomeNoKey')), ` ${what[c.name]}`);
    keys.append(li);
  }
}, () => {});
