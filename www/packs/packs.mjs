// The pack builder: a pack's JSON checked as you type by the real engine (in a worker, see
// pack-worker.js), its examples run, a sample reply analysed with it, and the pack and
// the managed policy downloaded for each platform (policy-export.mjs).
import { h, plural, announce } from '../common/dom.mjs';
import { Coach } from '../common/coach.mjs';
import { buildPolicy, PLATFORMS } from './policy-export.mjs';

const $ = (id) => document.getElementById(id);
const packField = $('pack');
const sample = $('sample');
// Long lists of problems are cut: the first ones are what an author fixes first.
const MAX_SHOWN = 50;
const EMPTY_PACK = JSON.stringify({
  schema: 'rapport-pack/1', name: 'my-team', version: '1',
  rules: [{
    id: 'my-cold-phrase', category: 'team', severity: 'medium', patterns: ['a cold phrase'],
    message: 'One line the agent sees first.', explanation: 'How the customer may read it, and what to write instead.',
    rewrites: [{ strategy: 'acknowledge', text: 'a warmer phrase' }],
    examples: { flag: ['This is a cold phrase.'], allow: ['This is a warmer phrase.'] },
  }],
}, null, 2);
const SAMPLE = 'Hi Sam,\n\nI have escalated this to tier 2. Your ticket has been closed due to inactivity. The fee is non-refundable, obviously.\n\nRegards,\nAlex';

// ---- the engine worker: one request in flight per kind, stoppable ---------------------------
class EngineWorker {
  constructor() { this.nextId = 1; this.start(); }
  start() {
    this.calls = new Map();
    this.worker = new Worker(new URL('pack-worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = ({ data }) => {
      const call = this.calls.get(data.id);
      if (!call) return;
      this.calls.delete(data.id);
      if ('error' in data) call.reject(new Error(data.error)); else call.resolve(data.result);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.restart(new Error('the engine worker failed: ' + (e.message || 'unknown error')));
    };
  }
  call(op, data) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, ...data });
    });
  }
  // Ends whatever runs (an examples run of a huge pack) and starts a fresh worker.
  restart(reason = new Error('stopped')) {
    this.worker.terminate();
    const pending = [...this.calls.values()];
    this.start();
    for (const c of pending) c.reject(reason);
  }
}

const state = {
  validated: null, // the text the last verdict is about
  errors: [],
  validPack: null, // the last text the loader accepted
  validating: false,
  again: false,
  raf: 0,
  examplesRun: null, // the text an examples run is checking
  examplesDone: null, // the text the shown example results are about
};
const engine = new EngineWorker();

// ---- validation as you type ------------------------------------------------------------------
function scheduleValidation() {
  if (state.examplesRun !== null && state.examplesRun !== packField.value) stopExamples('The pack changed; run the examples again.');
  // results of an earlier run describe another pack: say so rather than "All pass"
  if (state.examplesDone !== null && state.examplesDone !== packField.value) {
    state.examplesDone = null;
    $('examples-summary').textContent = 'The pack changed since these results; run the examples again.';
    $('examples-summary').className = '';
    $('examples').classList.add('stale');
    document.documentElement.dataset.examples = 'stale';
  }
  setExportEnabled(false);
  if (state.raf) return;
  state.raf = requestAnimationFrame(() => { state.raf = 0; validate(); });
}

async function validate() {
  if (state.validating) { state.again = true; return; }
  const text = packField.value;
  state.validating = true;
  $('pack-state').textContent = 'Checking…';
  let errors;
  try {
    errors = text.trim() ? (await engine.call('validate', { pack: text })).errors : ['The pack is empty: start from an example or an empty pack.'];
  } catch (e) {
    errors = e.message === 'stopped' ? null : ['The engine could not check the pack: ' + e.message];
  }
  state.validating = false;
  if (state.again || packField.value !== text || errors === null) { state.again = false; validate(); return; }
  showVerdict(text, errors);
}

function showVerdict(text, errors) {
  const changed = state.validated !== text || state.errors.join('\n') !== errors.join('\n');
  state.validated = text;
  state.errors = errors;
  renderList($('errors'), errors, 'problem');
  if (errors.length) {
    $('pack-state').textContent = plural(errors.length, 'problem') + ' in the pack.';
    $('pack-state').className = 'error';
  } else {
    $('pack-state').textContent = `The pack loads: ${describe(text)}.`;
    $('pack-state').className = 'ok';
    const fresh = state.validPack !== text;
    state.validPack = text;
    if (fresh && coach) coach.run(true);
  }
  if (changed) announce(errors.length ? $('pack-state').textContent : 'The pack loads.');
  setExportEnabled(!errors.length);
  document.documentElement.dataset.packState = errors.length ? 'invalid' : 'valid';
}

function describe(text) {
  try {
    const p = JSON.parse(text);
    return `${plural((p.rules || []).length, 'rule')}, ${plural((p.overrides || []).length, 'override')}`;
  } catch {
    return 'valid';
  }
}

function renderList(list, items, what) {
  const shown = items.slice(0, MAX_SHOWN).map((t) => h('li', null, t));
  if (items.length > MAX_SHOWN) shown.push(h('li', { class: 'more' }, `and ${plural(items.length - MAX_SHOWN, 'more ' + what)}`));
  list.replaceChildren(...shown);
}

// ---- examples --------------------------------------------------------------------------------
async function runExamples() {
  const text = packField.value;
  state.examplesRun = text;
  $('run-examples').disabled = true;
  $('stop-examples').hidden = false;
  $('examples-summary').textContent = 'Running the examples…';
  $('examples-summary').className = '';
  $('examples').replaceChildren();
  let result;
  try {
    result = await engine.call('examples', { pack: text });
  } catch (e) {
    if (e.message !== 'stopped') showExamplesProblem('The engine could not run the examples: ' + e.message);
    return;
  } finally {
    if (state.examplesRun === text) {
      state.examplesRun = null;
      $('run-examples').disabled = false;
      $('stop-examples').hidden = true;
    }
  }
  if (packField.value !== text) return;
  if (result.errors.length) {
    showExamplesProblem('Fix the problems in the pack first: ' + plural(result.errors.length, 'problem') + '.');
    return;
  }
  const outcomes = result.examples;
  const failed = outcomes.filter((o) => o.problems.length).length;
  const items = outcomes.slice(0, 500).map((o) => h('li', {
    class: 'example ' + (o.problems.length ? 'fail' : 'pass'), dataset: { rule: o.rule, kind: o.kind, example: o.text },
  },
  h('span', { class: 'verdict' }, o.problems.length ? 'Fails' : 'Passes'), ' · ',
  h('span', { class: 'tag' }, o.kind === 'flag' ? 'must flag' : 'must not flag'), ' ',
  h('code', null, o.rule),
  o.text ? h('p', { class: 'text' }, '\u201c', o.text, '\u201d') : null,
  o.problems.slice(0, 5).map((p) => h('p', { class: 'problem' }, p))));
  if (outcomes.length > 500) items.push(h('li', { class: 'muted' }, `and ${plural(outcomes.length - 500, 'more example')}`));
  $('examples').replaceChildren(...items);
  $('examples').classList.remove('stale');
  state.examplesDone = text;
  const summary = !outcomes.length ? 'The pack has no rules, so no examples to run.'
    : failed ? `${plural(failed, 'example')} of ${outcomes.length} ${failed === 1 ? 'fails' : 'fail'}.`
      : `All ${plural(outcomes.length, 'example')} pass.`;
  $('examples-summary').textContent = summary;
  $('examples-summary').className = failed ? 'error' : 'ok';
  document.documentElement.dataset.examples = failed ? 'failing' : 'passing';
}

function showExamplesProblem(message) {
  $('examples-summary').textContent = message;
  $('examples-summary').className = 'error';
}

function stopExamples(message = 'Stopped.') {
  if (state.examplesRun === null) return;
  state.examplesRun = null;
  engine.restart();
  $('run-examples').disabled = false;
  $('stop-examples').hidden = true;
  $('examples').replaceChildren();
  // a validation in flight died with the worker; its caller asks again
  showExamplesProblem(message);
}

// ---- the sample reply --------------------------------------------------------------------------
let coach = null;
function packRuleIds(text) {
  try { return new Set((JSON.parse(text).rules || []).map((r) => r && r.id)); } catch { return new Set(); }
}

function renderSample(findings) {
  const ids = packRuleIds(state.validPack);
  const stale = state.validPack !== packField.value;
  $('sample-state').textContent = (stale ? 'Using the last version of the pack that loaded. ' : '')
    + (findings.length ? `${plural(findings.length, 'finding')}.` : 'Nothing flagged.');
  $('sample-findings').replaceChildren(...findings.map((f, i) => h('li', { class: 'finding', dataset: { rule: f.rule } },
    h('div', { class: 'finding-head' }, h('span', { class: 'sev ' + f.severity }, f.severity), ' ', h('code', { class: 'rule-id' }, f.rule), ' ',
      ids.has(f.rule) ? h('span', { class: 'from-pack' }, 'this pack') : h('span', { class: 'tag' }, 'built-in')),
    h('p', { class: 'finding-quote' }, '\u201c', f.text, '\u201d'),
    h('p', { class: 'finding-msg' }, f.message),
    h('button', { type: 'button', class: 'explain', 'aria-label': `Explain and rewrite \u201c${f.text}\u201d`, onclick: () => coach.openCard(i, { focus: true }) }, 'Explain and rewrite'))));
}

// ---- export ----------------------------------------------------------------------------------------
function setExportEnabled(on) {
  const valid = on && state.validPack === packField.value;
  $('export-pack').disabled = !valid;
  for (const b of $('platforms').querySelectorAll('button')) b.disabled = !valid || policyProblems().length > 0;
  $('export-state').textContent = valid ? '' : 'Downloads are on when the pack loads without problems.';
}

function policyForm() {
  const stats = $('coachingStats').value;
  return {
    managedBy: $('managedBy').value,
    enabledSites: $('enabledSites').value,
    disabledSites: $('disabledSites').value,
    siteMode: $('siteMode').value,
    disabledRules: $('disabledRules').value,
    severityOverrides: $('severityOverrides').value,
    siteLanguages: $('siteLanguages').value,
    sendGuard: $('sendGuard').value,
    coachingStats: stats === '' ? null : stats === 'true',
    lockedSettings: [...document.querySelectorAll('input[name="lockedSettings"]:checked')].map((c) => c.value),
  };
}

function policyProblems() {
  return buildPolicy(policyForm(), []).problems;
}

function onPolicyInput() {
  renderList($('policy-problems'), policyProblems(), 'problem');
  setExportEnabled(!state.errors.length && state.validated === packField.value);
}

function download(name, type, body) {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function packFileName(text) {
  try {
    const name = JSON.parse(text).name;
    if (typeof name === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) return name + '.json';
  } catch { /* the loader reported it */ }
  return 'pack.json';
}

function exportPlatform(platform) {
  const text = packField.value;
  if (state.validPack !== text) return;
  const { policy, problems } = buildPolicy(policyForm(), [text]);
  if (problems.length) { renderList($('policy-problems'), problems, 'problem'); return; }
  try {
    download(platform.file, platform.type, platform.build(policy));
    $('export-state').textContent = `Downloaded ${platform.file}.`;
  } catch (e) {
    $('export-state').textContent = 'Could not write the file: ' + e.message;
  }
}

// ---- loading a pack ------------------------------------------------------------------------------
async function loadTemplate() {
  const choice = $('template').value;
  let text = EMPTY_PACK;
  if (choice !== 'empty') {
    const res = await fetch(new URL(choice, import.meta.url));
    if (!res.ok) throw new Error(`cannot load ${choice}: HTTP ${res.status}`);
    text = await res.text();
  }
  setPack(text);
}

function setPack(text) {
  packField.value = text;
  $('examples').replaceChildren();
  $('examples-summary').textContent = '';
  delete document.documentElement.dataset.examples;
  scheduleValidation();
}

// ---- start ------------------------------------------------------------------------------------------
const status = $('status');
try {
  packField.addEventListener('input', scheduleValidation);
  $('load-template').addEventListener('click', () => loadTemplate().catch((e) => { status.textContent = e.message; }));
  $('file').addEventListener('change', async () => {
    const file = $('file').files[0];
    if (file) setPack(await file.text());
  });
  $('run-examples').addEventListener('click', runExamples);
  $('stop-examples').addEventListener('click', () => stopExamples());
  $('export-pack').addEventListener('click', () => {
    if (state.validPack === packField.value) download(packFileName(packField.value), 'application/json', packField.value);
  });
  $('policy').addEventListener('input', onPolicyInput);
  $('policy').addEventListener('change', onPolicyInput);
  $('policy').addEventListener('submit', (e) => e.preventDefault());
  $('platforms').append(...PLATFORMS.map((p) => h('button', { type: 'button', dataset: { platform: p.id }, onclick: () => exportPlatform(p) }, p.label)));

  const sampleEngine = {
    analyze: (text) => (state.validPack ? engine.call('analyze', { pack: state.validPack, text }) : Promise.reject(new Error('no pack loads yet'))),
    setOptions: async () => {},
  };
  sample.value = SAMPLE;
  await loadTemplate();
  coach = new Coach({ field: sample, engine: sampleEngine, allowDisable: false, onReport: (report, findings) => renderSample(findings) });
  window.rapportPacks = { coach, engine, state };
  await new Promise((resolve) => {
    const wait = () => (state.validated === packField.value ? resolve() : requestAnimationFrame(wait));
    wait();
  });
  await coach.run(true);
  onPolicyInput();
  status.textContent = 'Ready. The pack is checked as you type.';
  document.documentElement.dataset.ready = 'true';
} catch (e) {
  status.textContent = 'The pack builder could not start: ' + (e && e.message ? e.message : e);
  status.className = 'error';
  throw e;
}
