// The feedback panel shared by the playground and practice pages: warmth score with its
// breakdown, the suggestions (each opens the card), the empathy moves present and missing
// (a missing one inserts its sentence), and what Rapport read in the customer's message.
import { h, signed } from './dom.mjs';

export function renderScore(root, report) {
  const { value, breakdown } = report.score;
  root.querySelector('[data-score-value]').textContent = String(value);
  const meter = root.querySelector('meter');
  meter.value = value;
  meter.textContent = `${value} of 100`;
  root.querySelector('[data-score-word]').textContent = value >= 75 ? 'warm' : value >= 50 ? 'neutral' : 'cold';
  root.querySelector('[data-breakdown]').replaceChildren(...breakdown.map((b) => h('li', { class: 'breakdown-item' },
    h('span', { class: 'points ' + (b.points < 0 ? 'neg' : 'pos') }, signed(b.points)), ' ', b.reason)));
}

export function renderFindings(list, findings, coach, { empty = 'Nothing cold or dismissive found.' } = {}) {
  if (!findings.length) {
    list.replaceChildren(h('li', { class: 'muted empty' }, empty));
    return;
  }
  list.replaceChildren(...findings.map((f, i) => h('li', { class: 'finding', dataset: { rule: f.rule } },
    h('div', { class: 'finding-head' }, h('span', { class: 'sev ' + f.severity }, f.severity), ' ', h('span', { class: 'tag' }, f.category)),
    h('p', { class: 'finding-quote' }, '\u201c', f.text, '\u201d'),
    h('p', { class: 'finding-msg' }, f.message),
    h('button', {
      type: 'button', class: 'explain', 'aria-label': `Explain and rewrite \u201c${f.text}\u201d`,
      onclick: () => coach.openCard(i, { focus: true }),
    }, 'Explain and rewrite'))));
}

export function renderMoves(list, report, coach, { highlight = [] } = {}) {
  // the moves made, and the one or two this reply needs (the engine decides which): a
  // warm, complete reply is not told it misses seven moves
  const moves = report.moves.filter((m) => m.present || m.needed || highlight.includes(m.id))
    .sort((a, b) => Number(b.present) - Number(a.present));
  list.replaceChildren(...moves.map((m) => {
    const goal = highlight.includes(m.id);
    const li = h('li', { class: 'move ' + (m.present ? 'present' : 'missing') + (goal ? ' goal' : ''), dataset: { move: m.id } },
      h('span', { class: 'move-mark', 'aria-hidden': 'true' }, m.present ? '\u2713' : '\u25cb'), ' ',
      h('span', { class: 'move-label' }, m.label),
      h('span', { class: 'visually-hidden' }, m.present ? ' (present)' : ' (missing)'),
      goal ? h('span', { class: 'tag goal-tag' }, 'goal') : null);
    if (!m.present && m.suggestion) {
      li.append(h('button', {
        // the spoken name starts with the words on the button, then says which move it makes
        type: 'button', class: 'insert', 'aria-label': `Insert \u201c${m.suggestion.text.trim()}\u201d (${m.label.toLowerCase()})`,
        onclick: () => coach.insert(m.suggestion),
      }, 'Insert \u201c', m.suggestion.text.trim(), '\u201d'));
    }
    return li;
  }));
}

export function renderCustomer(root, report) {
  const c = report.customer;
  root.hidden = !c;
  if (!c) return;
  root.querySelector('[data-customer-summary]').textContent = c.summary || 'Nothing in particular.';
  const signals = root.querySelector('[data-customer-signals]');
  signals.replaceChildren(...(c.signals || []).map((s) => h('li', { class: 'tag' }, s.label)),
    ...(c.facts || []).map((f) => h('li', { class: 'tag' }, `${f.kind}: ${f.value}`)));
}

export function feedbackMarkup() {
  return h('div', { class: 'score-box' },
    h('div', { class: 'score-line' },
      h('span', { class: 'score-big', 'data-score-value': '' }, '\u2013'),
      h('span', { class: 'muted' }, ' / 100 \u00b7 ', h('span', { 'data-score-word': '' }, '')),
    ),
    h('meter', { min: '0', max: '100', low: '50', high: '75', optimum: '100', value: '0', 'aria-label': 'Warmth score' }),
    h('h3', {}, 'Why this score'),
    h('ul', { class: 'plain breakdown', 'data-breakdown': '' }));
}
