// The interface's own words (popup, options, welcome page, and on a helpdesk's page the card,
// its notices, the status button and panel, the Send guard) in the browser's UI language:
// extension/_locales/<lang>/messages.json, English the default. What the engine writes
// (rule messages, explanations, rewrites, moves) comes in the rule's language from the
// engine and never passes through here; the engine's fixed names (a finding's category, a
// rewrite's strategy, the score's words) are interface labels.
//
// Inside the extension chrome.i18n picks the catalog, and falls back to English for a key
// a translation lacks. The www pages and Node tests import the same modules without an
// extension runtime: they hand the English catalog to useMessages(). A key found nowhere is
// a bug: it is shown as its name and warned about in the console, never silently blank.

let fallback = null; // an English messages.json, outside the extension
const warned = new Set();

const runtimeI18n = () => (typeof chrome !== 'undefined' && chrome.i18n && typeof chrome.i18n.getMessage === 'function' ? chrome.i18n : null);

// The catalog to use where there is no chrome.i18n (the parsed en/messages.json).
function useMessages(catalog) {
  fallback = catalog;
}

// A message's text with its `$1`..`$9` filled as chrome.i18n does (`$$` is a dollar sign).
function fill(message, subs) {
  return message.replace(/\$(\$|[1-9])/g, (_, d) => (d === '$' ? '$' : String(subs[Number(d) - 1] ?? '')));
}

// t('cardIgnore'), t('popupLockedOnForSite', label): the message in the UI language.
function t(key, ...subs) {
  const strings = subs.map((s) => String(s));
  const api = runtimeI18n();
  let text = '';
  if (api) {
    try { text = api.getMessage(key, strings) || ''; } catch (_) { text = ''; }
  }
  if (!text && fallback && fallback[key]) text = fill(fallback[key].message, strings);
  if (text) return text;
  if (!warned.has(key)) {
    warned.add(key);
    console.warn(`rapport: no message "${key}" in extension/_locales`);
  }
  return key;
}

// The catalog's own language ("fr" where the French one is in use), for plural rules and
// <html lang>: the one chrome.i18n actually picked, not the browser's wish.
const language = () => t('localeCode');

// A count in words: the key's `_one` or `_other` message, chosen by the catalog language's
// plural rules ("1 phrase", "0 phrase" in French, "0 phrases" in English); the count is $1.
function plural(key, count, ...subs) {
  let form = 'other';
  try { form = new Intl.PluralRules(language()).select(count); } catch (_) { form = count === 1 ? 'one' : 'other'; }
  return t(`${key}_${form === 'one' ? 'one' : 'other'}`, count, ...subs);
}

// A severity as the interface names it (the engine's three levels are fixed).
const severityLabel = (level) => ({ high: t('severityHigh'), medium: t('severityMedium'), low: t('severityLow') }[level] || level);

// A finding's category, a rewrite's strategy, a coaching move and the score's words as the interface names
// them. The engine reports ids (and the score's English words); each is named literally here
// so the catalogs' key scan sees it, and a test keeps these maps and the engine's lists in
// step. An id the engine adds before its label exists is shown as itself.
const CATEGORY_LABELS = {
  'invalidating': () => t('categoryInvalidating'),
  'dismissive': () => t('categoryDismissive'),
  'blame': () => t('categoryBlame'),
  'condescending': () => t('categoryCondescending'),
  'policy': () => t('categoryPolicy'),
  'passive-aggressive': () => t('categoryPassiveAggressive'),
  'repeat-yourself': () => t('categoryRepeatYourself'),
  'robotic': () => t('categoryRobotic'),
  'commanding': () => t('categoryCommanding'),
  'refusal': () => t('categoryRefusal'),
  'non-apology': () => t('categoryNonApology'),
  'uncertainty': () => t('categoryUncertainty'),
  'toxic-positivity': () => t('categoryToxicPositivity'),
  'shouting': () => t('categoryShouting'),
  'sarcasm': () => t('categorySarcasm'),
  'impatience': () => t('categoryImpatience'),
  'team': () => t('categoryTeam'),
  'deflecting': () => t('categoryDeflecting'),
  'arguing': () => t('categoryArguing'),
  'abrupt': () => t('categoryAbrupt'),
  'contempt': () => t('categoryContempt'),
  'address': () => t('categoryAddress'),
  'cold': () => t('categoryCold'),
};
const STRATEGY_LABELS = {
  'acknowledge': () => t('strategyAcknowledge'),
  'validate': () => t('strategyValidate'),
  'apologize': () => t('strategyApologize'),
  'cooperate': () => t('strategyCooperate'),
  'affirm': () => t('strategyAffirm'),
  'solve': () => t('strategySolve'),
  'alternative': () => t('strategyAlternative'),
  'follow-up': () => t('strategyFollowUp'),
  'reassure': () => t('strategyReassure'),
  'ownership': () => t('strategyOwnership'),
  'clarify': () => t('strategyClarify'),
  'thank': () => t('strategyThank'),
  'personalize': () => t('strategyPersonalize'),
  'simplify': () => t('strategySimplify'),
};
const SCORE_WORDS = {
  'reads warm': () => t('scoreReadsWarm'),
  'reads neutral': () => t('scoreReadsNeutral'),
  'reads cool': () => t('scoreReadsCool'),
  'reads cold': () => t('scoreReadsCold'),
};
const MOVE_LABELS = {
  'acknowledge': () => t('moveAcknowledge'),
  'affirm': () => t('moveAffirm'),
  'apologize': () => t('moveApologize'),
  'follow-up': () => t('moveFollowUp'),
  'next-step': () => t('moveNextStep'),
  'offer-solution': () => t('moveOfferSolution'),
  'take-ownership': () => t('moveTakeOwnership'),
  'thank': () => t('moveThank'),
  'validate': () => t('moveValidate'),
};
// A move's name as the interface says it; the engine's own label for a move of a newer catalog.
const moveLabel = (move) => (Object.hasOwn(MOVE_LABELS, move.id) ? MOVE_LABELS[move.id]() : move.label);
const labelFrom = (labels, id) => (Object.hasOwn(labels, id) ? labels[id]() : id);
const categoryLabel = (id) => labelFrom(CATEGORY_LABELS, id);
const strategyLabel = (id) => labelFrom(STRATEGY_LABELS, id);
const scoreWordsLabel = (words) => labelFrom(SCORE_WORDS, words);

// What Rapport read in the customer's message, in one line for the card and the popup: the
// engine's reading (signal ids, the contact count, facts in the customer's own words) in
// the interface's language. In English it is the engine's own summary word for word; a
// unit test holds the two together.
const SIGNAL_LABELS = {
  'angry': () => t('signalAngry'),
  'cancelling': () => t('signalCancelling'),
  'confused': () => t('signalConfused'),
  'frustrated': () => t('signalFrustrated'),
  'leaving': () => t('signalLeaving'),
  'shouting': () => t('signalShouting'),
  'thankful': () => t('signalThankful'),
  'urgent': () => t('signalUrgent'),
  'worried': () => t('signalWorried'),
};
const FACT_LABELS = {
  'name': (value) => t('readFactName', value),
  'waited': (value) => t('readFactWaited', value),
  'product': (value) => t('readFactProduct', value),
  'deadline': (value) => t('readFactDeadline', value),
  'order': (value) => t('readFactOrder', value),
  'ticket': (value) => t('readFactTicket', value),
  'case': (value) => t('readFactCase', value),
  'booking': (value) => t('readFactBooking', value),
  'invoice': (value) => t('readFactInvoice', value),
  'account': (value) => t('readFactAccount', value),
};
function customerSummary(reading) {
  const parts = [];
  const moods = reading.signals.filter((s) => s.id !== 'repeat-contact').map((s) => (Object.hasOwn(SIGNAL_LABELS, s.id) ? SIGNAL_LABELS[s.id]() : s.label));
  if (moods.length) parts.push(t('readCustomer', moods.join(', ')));
  const count = reading.contact_count;
  if (count >= 2) parts.push(count === 2 ? t('readSecondContact') : count === 3 ? t('readThirdContact') : t('readContactNumber', count));
  else if (reading.signals.some((s) => s.id === 'repeat-contact')) parts.push(t('readWrittenBefore'));
  for (const f of reading.facts) parts.push(Object.hasOwn(FACT_LABELS, f.kind) ? FACT_LABELS[f.kind](f.value) : `${f.kind} ${f.value}`);
  return parts.join('; ');
}

// An extension page's static words: a data-i18n attribute (a key) fills an element's text,
// data-i18n-placeholder / -aria-label / -title its attributes; <html lang> follows.
function localizePage(doc = document) {
  doc.documentElement.lang = language();
  for (const node of doc.querySelectorAll('[data-i18n]')) node.textContent = t(node.getAttribute('data-i18n'));
  for (const attr of ['placeholder', 'aria-label', 'title']) {
    for (const node of doc.querySelectorAll(`[data-i18n-${attr}]`)) node.setAttribute(attr, t(node.getAttribute(`data-i18n-${attr}`)));
  }
}

export { t, plural, language, severityLabel, categoryLabel, strategyLabel, scoreWordsLabel, moveLabel, customerSummary, localizePage, useMessages };
