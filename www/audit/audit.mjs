// The macro audit: open a helpdesk export, see each macro's findings, warmth score and
// suggested rewrite in a sortable table, accept rewrites one by one, export the fixed file.
import { RapportEngine } from '../common/engine.mjs';
import { auditApi } from './audit-api.mjs';
import { h, plural, announce } from '../common/dom.mjs';
import { diff } from '../../extension/content/card.js';

const $ = (id) => document.getElementById(id);
const status = $('status');
const errorBox = $('error');
const tbody = $('table').querySelector('tbody');

let rapport, api;
try {
  rapport = await RapportEngine.create();
  // an export may hold macros in any language: every part of the catalog, before the first audit
  await rapport.core.loadAll();
  api = auditApi(rapport);
} catch (e) {
  status.textContent = 'The engine could not start: ' + (e && e.message ? e.message : e);
  status.className = 'error';
  throw e;
}

// state: the file as read, its audit, which rewrites are accepted, the sort
let file = null;       // {name, text}
let rows = [];         // [{index, title, body, report, suggested, suggestedScore, accepted}]
let format = null;
let sort = { key: 'index', dir: 1 };

status.textContent = 'Ready. Choose or drop an export.';
document.documentElement.dataset.ready = 'true';

$('file').addEventListener('change', (e) => { const f = e.target.files[0]; if (f) openFile(f); });
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const f = e.dataTransfer.files[0];
  if (f) openFile(f);
});

// A sample written for this page, so the audit can be tried without an export at hand.
$('try-sample').addEventListener('click', async () => {
  const response = await fetch('sample-macros.csv');
  openFile(new File([await response.text()], 'sample-macros.csv', { type: 'text/csv' }));
});

// The suggested macro as the change it makes: deleted and inserted words over the original.
function changeView(before, after) {
  const runs = diff(before, after);
  return h('div', { class: 'suggested' },
    runs ? h('p', { class: 'diff', 'aria-hidden': 'true' }, runs.map(([kind, text]) => (kind === 'same' ? text : h(kind, {}, text)))) : null,
    h('p', { class: runs ? 'text visually-hidden' : 'text' }, after));
}

async function openFile(f) {
  errorBox.textContent = '';
  const text = await f.text();
  let audit;
  try {
    audit = api.auditExport(text);
  } catch (e) {
    rows = [];
    file = null;
    $('results').hidden = true;
    const msg = e && e.message ? e.message : String(e);
    errorBox.textContent = `${f.name} could not be read: ${msg}`;
    status.textContent = 'Fix the file and open it again.';
    return;
  }
  file = { name: f.name, text };
  format = audit.format;
  rows = await Promise.all(audit.macros.map(async (m, index) => ({
    index, title: m.title, body: m.body, report: m.report, suggested: m.suggested,
    suggestedScore: m.suggested !== m.body ? (await rapport.analyze(m.suggested)).score.value : null,
    accepted: false,
  })));
  const flagged = rows.filter((r) => r.report.findings.length).length;
  $('summary').textContent = `${f.name}: ${format === 'zendesk' ? 'Zendesk macros' : 'CSV'} export, ${plural(rows.length, 'macro')}, ${flagged} with findings.`;
  $('results').hidden = false;
  render();
  status.textContent = `Audited ${plural(rows.length, 'macro')}.`;
  announce($('summary').textContent);
}

function changed(r) { return r.suggested !== r.body; }

function render() {
  const sorted = rows.slice().sort((a, b) => {
    const k = sort.key;
    const va = k === 'findings' ? a.report.findings.length : k === 'score' ? a.report.score.value : a[k];
    const vb = k === 'findings' ? b.report.findings.length : k === 'score' ? b.report.score.value : b[k];
    const c = typeof va === 'string' ? va.localeCompare(vb) : va - vb;
    return (c || a.index - b.index) * sort.dir;
  });
  tbody.replaceChildren(...sorted.map(rowFor));
  for (const th of $('table').querySelectorAll('th[data-sort]')) {
    if (th.dataset.sort === sort.key) th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  }
  const accepted = rows.filter((r) => r.accepted).length;
  $('export').textContent = `Export the fixed file (${plural(accepted, 'rewrite')} accepted)`;
  // nothing accepted, nothing to export: the file would be the one already held
  $('export').disabled = accepted === 0;
  $('accept-all').disabled = !rows.some((r) => changed(r) && !r.accepted);
}

function rowFor(r) {
  const f = r.report.findings;
  const tr = h('tr', { class: r.accepted ? 'accepted' : '', dataset: { index: String(r.index) } },
    h('td', { class: 'num' }, String(r.index + 1)),
    h('th', { scope: 'row' }, r.title),
    h('td', { class: 'findings' }, f.length
      ? [h('span', { class: 'count' }, plural(f.length, 'finding')),
        h('ul', {}, f.map((x) => h('li', {}, h('span', { class: 'sev ' + x.severity }, x.severity), ' ', h('code', {}, x.rule), ': ', x.message)))]
      : h('span', { class: 'muted' }, 'None')),
    h('td', { class: 'num score' }, h('span', { class: 'score-value' }, String(r.report.score.value)),
      r.suggestedScore != null ? h('span', { class: 'score-change' }, `${r.suggestedScore} after rewrite`) : null),
    h('td', { class: 'suggestion' }, changed(r)
      ? [changeView(r.body, r.suggested),
        h('details', {}, h('summary', {}, 'Original'), h('p', { class: 'body original' }, r.body)),
        h('button', {
          type: 'button', class: 'accept', 'aria-pressed': String(r.accepted),
          'aria-label': `${r.accepted ? 'Accepted' : 'Accept'} the rewrite of ${r.title}`,
          onclick: () => toggle(r),
        }, r.accepted ? 'Accepted \u2713' : 'Accept rewrite')]
      : h('span', { class: 'muted' }, f.length ? 'No automatic rewrite: edit it by hand.' : 'Nothing to change.')));
  return tr;
}

function toggle(r) {
  r.accepted = !r.accepted;
  render();
  const btn = tbody.querySelector(`tr[data-index="${r.index}"] button.accept`);
  if (btn) btn.focus();
  announce(r.accepted ? `Accepted the rewrite of ${r.title}.` : `Kept the original of ${r.title}.`);
}

$('accept-all').addEventListener('click', () => {
  for (const r of rows) if (changed(r)) r.accepted = true;
  render();
  announce('Accepted every suggested rewrite.');
});

for (const th of $('table').querySelectorAll('th[data-sort]')) {
  th.querySelector('button').addEventListener('click', () => {
    const key = th.dataset.sort;
    sort = { key, dir: sort.key === key ? -sort.dir : 1 };
    render();
    th.querySelector('button').focus();
  });
}

$('export').addEventListener('click', () => {
  if (!file) return;
  const bodies = rows.slice().sort((a, b) => a.index - b.index).map((r) => (r.accepted ? r.suggested : r.body));
  let out;
  try {
    out = api.writeFixedExport(file.text, bodies);
  } catch (e) {
    errorBox.textContent = 'Export failed: ' + (e && e.message ? e.message : e);
    return;
  }
  const zendesk = format === 'zendesk';
  const base = file.name.replace(/\.[^.]+$/, '');
  const name = `${base}-fixed.${zendesk ? 'json' : 'csv'}`;
  const url = URL.createObjectURL(new Blob([out], { type: zendesk ? 'application/json' : 'text/csv' }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  status.textContent = `Exported ${name}.`;
});
