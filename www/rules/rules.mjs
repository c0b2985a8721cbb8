// The rule reference: every rule from catalog.json (written at build time from
// `rapport rules --format json`, with examples), searchable and filterable; the engine
// itself marks each flagged example and applies the first rewrite to it.
import { RapportEngine, applyRewrite } from '../common/engine.mjs';
import { h, plural } from '../common/dom.mjs';

const $ = (id) => document.getElementById(id);
const form = $('filters');
const count = $('count');
const list = $('rules');

let engine = null;
const enginePromise = RapportEngine.create().then((e) => (engine = e));

async function loadRules() {
  try {
    const res = await fetch(new URL('catalog.json', import.meta.url), { cache: 'no-cache' });
    if (!res.ok) throw new Error(`catalog.json: HTTP ${res.status}`);
    return { rules: (await res.json()).rules, examples: true };
  } catch (e) {
    // without the build step: the engine's own rules, which carry no examples in wasm
    console.warn('rapport: no catalog.json, using the engine rules', e);
    const en = await enginePromise;
    return { rules: await en.rules(), examples: false };
  }
}

const norm = (s) => String(s || '').toLowerCase();
const label = (s) => s.replace(/-/g, ' ');
// The catalog's languages by their own names (a rule without `lang` is English).
const LANGUAGES = { en: 'English', es: 'Español', de: 'Deutsch', fr: 'Français', pt: 'Português' };
const langOf = (r) => r.lang || 'en';

function rewriteText(w) {
  return w.text === '' ? '(remove the words)' : w.text;
}

function ruleArticle(r, withExamples) {
  const strategies = [...new Set(r.rewrites.map((w) => w.strategy))];
  const haystack = norm([r.id, r.category, r.message, r.explanation, ...r.rewrites.map((w) => w.text),
    ...strategies, ...(r.examples ? [...r.examples.flag, ...r.examples.allow] : [])].join('\n'));
  const flag = (r.examples && r.examples.flag) || [];
  const allow = (r.examples && r.examples.allow) || [];
  const art = h('article', { class: 'rule', id: 'rule-' + r.id, 'aria-labelledby': 'h-' + r.id, dataset: { rule: r.id, lang: langOf(r), category: r.category, severity: r.severity, strategies: strategies.join(' ') } },
    h('h2', { id: 'h-' + r.id }, h('code', {}, r.id), h('span', { class: 'sev ' + r.severity }, r.severity), h('span', { class: 'tag' }, r.category),
      langOf(r) !== 'en' ? h('span', { class: 'tag', lang: langOf(r) }, LANGUAGES[langOf(r)] || langOf(r)) : null),
    h('p', { class: 'message', lang: langOf(r) }, r.message),
    h('p', { class: 'explanation', lang: langOf(r) }, r.explanation),
    h('h3', {}, r.rewrites.length === 1 ? 'Rewrite' : r.rewrites.length ? 'Rewrites' : 'No rewrite'),
    r.rewrites.length
      ? h('ul', { class: 'rewrites' }, r.rewrites.map((w) => h('li', {}, h('span', { class: 'strategy' }, w.strategy), ' ', rewriteText(w))))
      : h('p', { class: 'no-rewrite' }, r.why_no_rewrite || 'This rule offers advice, not a rewrite.'));
  if (withExamples && (flag.length || allow.length)) {
    const details = h('details', { class: 'examples-box' }, h('summary', {}, `Examples (${flag.length} flagged, ${allow.length} left alone)`));
    details.addEventListener('toggle', () => { if (details.open && !details.dataset.filled) fillExamples(details, r, flag, allow); });
    art.append(details);
  }
  if (r.patterns && r.patterns.length) {
    art.append(h('details', { class: 'patterns' }, h('summary', {}, 'Patterns'), r.patterns.map((p) => h('code', {}, p))));
  }
  const tryText = flag[0];
  art.append(h('p', { class: 'rule-links' },
    tryText ? h('a', { href: '../playground/?text=' + encodeURIComponent(tryText) + (langOf(r) !== 'en' ? '&lang=' + langOf(r) : '') }, 'Try an example in the playground') : null,
    h('a', { href: '#rule-' + r.id }, 'Link to this rule')));
  return { rule: r, el: art, haystack, strategies };
}

async function fillExamples(details, r, flag, allow) {
  details.dataset.filled = '1';
  const en = await enginePromise;
  const flagList = h('ul', {});
  for (const ex of flag) {
    // read in the rule's language: an example too short to detect would be read as English
    const report = await en.analyze(ex, { lang: langOf(r) });
    const f = report.findings.find((x) => x.rule === r.id);
    const li = h('li', {});
    if (f) {
      li.append(ex.slice(0, f.start), h('mark', {}, ex.slice(f.start, f.end)), ex.slice(f.end));
      if (f.rewrites[0]) li.append(h('span', { class: 'after' }, h('span', { class: 'strategy' }, f.rewrites[0].strategy), ' ', applyRewrite(ex, f.rewrites[0])));
    } else li.append(ex);
    flagList.append(li);
  }
  details.append(h('div', { class: 'examples' },
    h('div', {}, h('h3', {}, 'Flagged'), flagList),
    h('div', {}, h('h3', {}, 'Left alone'), h('ul', {}, allow.map((ex) => h('li', {}, ex))))));
}

function fillSelect(select, values) {
  for (const v of values) select.append(h('option', { value: v }, label(v)));
}

const { rules, examples } = await loadRules();
if (!examples) {
  $('source-note').hidden = false;
  $('source-note').textContent = 'Examples are missing: catalog.json was not built (make demo builds it).';
}
const items = rules.slice().sort((a, b) => a.id.localeCompare(b.id)).map((r) => ruleArticle(r, examples));
for (const code of Object.keys(LANGUAGES).filter((c) => rules.some((r) => langOf(r) === c))) $('lang').append(h('option', { value: code, lang: code }, LANGUAGES[code]));
fillSelect($('category'), [...new Set(rules.map((r) => r.category))].sort());
fillSelect($('strategy'), [...new Set(rules.flatMap((r) => r.rewrites.map((w) => w.strategy)))].sort());
list.replaceChildren(...items.map((i) => i.el));

// Filters live in the query string, so a filtered view can be linked.
const params = new URLSearchParams(location.search);
for (const name of ['q', 'lang', 'category', 'strategy', 'severity']) if (params.has(name)) form.elements[name].value = params.get(name);

function applyFilters() {
  const q = norm(form.elements.q.value).trim();
  const words = q.split(/\s+/).filter(Boolean);
  const lang = form.elements.lang.value;
  const cat = form.elements.category.value;
  const strat = form.elements.strategy.value;
  const sev = form.elements.severity.value;
  let shown = 0;
  for (const it of items) {
    const ok = (!lang || langOf(it.rule) === lang) && (!cat || it.rule.category === cat) && (!strat || it.strategies.includes(strat))
      && (!sev || it.rule.severity === sev) && words.every((w) => it.haystack.includes(w));
    it.el.hidden = !ok;
    if (ok) shown++;
  }
  count.textContent = shown === items.length ? `${plural(items.length, 'rule')}.` : `Showing ${shown} of ${plural(items.length, 'rule')}.`;
  const next = new URLSearchParams();
  for (const name of ['q', 'lang', 'category', 'strategy', 'severity']) if (form.elements[name].value) next.set(name, form.elements[name].value);
  const qs = next.toString();
  history.replaceState(null, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
}

form.addEventListener('input', applyFilters);
form.addEventListener('submit', (e) => e.preventDefault());
form.addEventListener('reset', () => requestAnimationFrame(applyFilters));
applyFilters();
if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
await enginePromise;
document.documentElement.dataset.ready = 'true';
