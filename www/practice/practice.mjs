// Practice: pick a scenario, read the customer's message, write a reply, get feedback from
// the engine (with the customer's message as context), and see progress over time. The
// attempts (scenario, score, counts, pass; never the reply text) are kept in localStorage.
import { RapportEngine } from '../common/engine.mjs';
import { Coach } from '../common/coach.mjs';
import { h, plural, announce } from '../common/dom.mjs';
import { renderScore, renderFindings, renderMoves, feedbackMarkup } from '../common/feedback.mjs';
import { SCENARIOS } from './scenarios.mjs';

const KEY = 'rapport.practice.v1';
const $ = (id) => document.getElementById(id);
const status = $('status');
const reply = $('reply');
$('score').append(feedbackMarkup());

// ---- progress ---------------------------------------------------------------------------
function loadProgress() {
  try {
    const p = JSON.parse(localStorage.getItem(KEY));
    if (p && Array.isArray(p.attempts)) return p;
  } catch (_) { /* unreadable: start over */ }
  return { attempts: [] };
}
function saveProgress(p) {
  try { localStorage.setItem(KEY, JSON.stringify(p)); } catch (e) { console.warn('rapport: progress not saved', e); }
}
let progress = loadProgress();

function statsFor(id) {
  const mine = progress.attempts.filter((a) => a.scenario === id);
  return {
    attempts: mine.length,
    best: mine.length ? Math.max(...mine.map((a) => a.score)) : null,
    passed: mine.some((a) => a.passed),
  };
}

function stateText(s) {
  if (s.passed) return 'Completed';
  if (s.attempts) return `In progress, best ${s.best}`;
  return 'Not started';
}

// ---- the engine and the move labels --------------------------------------------------------
const engine = await RapportEngine.create();
const moveLabels = Object.fromEntries((await engine.moves()).map((m) => [m.id, m.label]));
let scenario = null;

const coach = new Coach({
  field: reply,
  engine,
  live: false,
  allowIgnore: false,
  allowDisable: false,
  context: () => (scenario ? { customerMessage: scenario.customer.message } : null),
  onReport: (report, findings) => showFeedback(report, findings),
});

// ---- rendering ----------------------------------------------------------------------------
function renderList() {
  $('scenario-list').replaceChildren(...SCENARIOS.map((s) => {
    const st = statsFor(s.id);
    return h('li', {}, h('button', {
      type: 'button', class: 'scenario-btn', 'aria-current': String(scenario && scenario.id === s.id),
      dataset: { scenario: s.id }, onclick: () => { location.hash = s.id; },
    }, h('span', { class: 'kind-line' }, s.kind), h('span', { class: 'title-line' }, s.title),
    h('span', { class: 'state' + (st.passed ? ' done' : '') }, st.passed ? '\u2713 Completed' : stateText(st))));
  }));
}

function renderProgress() {
  const done = SCENARIOS.filter((s) => statsFor(s.id).passed).length;
  $('progress-summary').textContent = progress.attempts.length
    ? `${done} of ${SCENARIOS.length} scenarios completed, ${plural(progress.attempts.length, 'attempt')} in all.`
    : 'No attempts yet.';
  $('progress-table').querySelector('tbody').replaceChildren(...SCENARIOS.map((s) => {
    const st = statsFor(s.id);
    return h('tr', { dataset: { scenario: s.id } },
      h('th', { scope: 'row' }, s.title), h('td', { class: 'attempts' }, String(st.attempts)),
      h('td', { class: 'best' }, st.best == null ? '\u2013' : String(st.best)),
      h('td', { class: 'state' }, stateText(st)));
  }));
  const byId = Object.fromEntries(SCENARIOS.map((s) => [s.id, s]));
  $('history').replaceChildren(...progress.attempts.slice(-10).reverse().map((a) => h('li', {},
    `${new Date(a.at).toLocaleString()}: ${byId[a.scenario] ? byId[a.scenario].title : a.scenario}, score ${a.score}, `,
    plural(a.findings, 'finding'), a.passed ? ', passed' : '')));
  $('clear-progress').disabled = !progress.attempts.length;
}

function select(id) {
  const s = SCENARIOS.find((x) => x.id === id) || null;
  scenario = s;
  coach.closeCard(false);
  $('exercise').hidden = !s;
  $('feedback').hidden = true;
  renderList();
  if (!s) return;
  $('scenario-kind').textContent = s.kind;
  $('scenario-title').textContent = s.title;
  $('seed-quote').textContent = s.seed.quote;
  $('seed-source').textContent = s.seed.source;
  $('customer-message').textContent = s.customer.message;
  $('customer-name').textContent = s.customer.name;
  $('facts').textContent = s.facts;
  $('goals').replaceChildren(h('li', {}, `A warmth score of ${s.passScore} or more`), h('li', {}, 'No high-severity phrasing'),
    ...s.goals.map((g) => h('li', {}, moveLabels[g] || g)));
  reply.value = '';
  coach.stale();
}

function checks(report) {
  const s = scenario;
  const present = new Set(report.moves.filter((m) => m.present).map((m) => m.id));
  return [
    { ok: report.score.value >= s.passScore, text: `Warmth ${report.score.value} (${s.passScore} or more needed)` },
    { ok: !report.findings.some((f) => f.severity === 'high'), text: 'No high-severity phrasing' },
    ...s.goals.map((g) => ({ ok: present.has(g), text: moveLabels[g] || g })),
  ];
}

function showFeedback(report, findings) {
  if (!scenario) return;
  const list = checks(report);
  const passed = list.every((c) => c.ok);
  $('feedback').hidden = false;
  const verdict = $('verdict');
  verdict.className = 'verdict ' + (passed ? 'pass' : 'fail');
  verdict.textContent = passed ? 'Scenario complete: this reply would land well.' : `Not yet: ${plural(list.filter((c) => !c.ok).length, 'goal')} to go.`;
  $('checklist').replaceChildren(...list.map((c) => h('li', { class: c.ok ? 'yes' : 'no' },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, c.ok ? '\u2713' : '\u2717'),
    h('span', { class: 'visually-hidden' }, c.ok ? 'Done: ' : 'Missing: '), c.text)));
  renderScore($('score'), report);
  renderFindings($('findings'), findings, coach);
  renderMoves($('moves'), report, coach, { highlight: scenario.goals });
  return passed;
}

$('reply-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!scenario) return;
  if (!reply.value.trim()) { status.textContent = 'Write a reply first.'; reply.focus(); return; }
  const report = await coach.run(true);
  if (!report) return;
  const passed = checks(report).every((c) => c.ok);
  progress = loadProgress();
  progress.attempts.push({
    scenario: scenario.id, at: new Date().toISOString(), score: report.score.value,
    findings: report.findings.length, passed,
  });
  saveProgress(progress);
  renderList();
  renderProgress();
  status.textContent = passed ? `Completed: ${scenario.title}` : 'Feedback is below.';
  announce($('verdict').textContent);
  $('feedback-h').focus();
});
reply.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $('reply-form').requestSubmit(); }
});
$('clear-progress').addEventListener('click', () => {
  if (!confirm('Clear every practice attempt kept in this browser?')) return;
  progress = { attempts: [] };
  saveProgress(progress);
  renderList();
  renderProgress();
  announce('Progress cleared.');
});
// another tab practising at the same time
window.addEventListener('storage', (e) => { if (e.key === KEY) { progress = loadProgress(); renderList(); renderProgress(); } });
window.addEventListener('hashchange', () => select(location.hash.slice(1)));

select(location.hash.slice(1) || SCENARIOS[0].id);
renderProgress();
status.textContent = 'Ready. Pick a scenario and write your reply.';
document.documentElement.dataset.ready = 'true';
