// The playground: a reply (and optionally the customer's message) analysed as you type.
import { RapportEngine } from '../common/engine.mjs';
import { Coach } from '../common/coach.mjs';
import { renderScore, renderFindings, renderMoves, renderCustomer, feedbackMarkup } from '../common/feedback.mjs';

const EXAMPLE_CUSTOMER = "This is the third time I'm writing about order 4412. The router still doesn't connect and I'm losing my patience.";
const EXAMPLE_REPLY = 'Hi Sam,\n\nThat seems to be a recurring problem here. Did you plug it in? You should have restarted the router first.\n\nRegards,\nAlex';

const $ = (id) => document.getElementById(id);
const status = $('status');
const reply = $('reply');
const customer = $('customer');
const scoreBox = $('score');
scoreBox.append(feedbackMarkup());

const params = new URLSearchParams(location.search);
reply.value = params.has('text') ? params.get('text') : EXAMPLE_REPLY;
customer.value = params.has('customer') ? params.get('customer') : (params.has('text') ? '' : EXAMPLE_CUSTOMER);
// a reply too short to detect ("Keine Ahnung.") is read in the language picked here, as the
// extension does for a site whose language is set; the rule reference links with ?lang=
const lang = $('lang');
if ([...lang.options].some((o) => o.value && o.value === params.get('lang'))) lang.value = params.get('lang');

try {
  const engine = await RapportEngine.create();
  const coach = new Coach({
    field: reply,
    engine,
    context: () => {
      const context = {};
      if (customer.value.trim()) context.customerMessage = customer.value;
      if (lang.value) context.lang = lang.value;
      return Object.keys(context).length ? context : null;
    },
    onReport(report, findings) {
      renderScore(scoreBox, report);
      renderFindings($('findings'), findings, coach);
      $('finding-count').textContent = findings.length ? `(${findings.length})` : '';
      renderMoves($('moves'), report, coach);
      renderCustomer($('customer-reading'), report);
      $('reset-rules').hidden = !coach.disabled.length && !coach.ignored.size;
    },
  });
  customer.addEventListener('input', () => coach.schedule());
  lang.addEventListener('change', () => {
    const next = new URLSearchParams(location.search);
    if (lang.value) next.set('lang', lang.value); else next.delete('lang');
    history.replaceState(null, '', `${location.pathname}?${next}`);
    coach.schedule();
  });
  $('reset-rules').addEventListener('click', () => coach.enableAll());
  await coach.run();
  status.textContent = 'Ready. The analysis updates as you type.';
  document.documentElement.dataset.ready = 'true';
  window.rapportPlayground = { coach, engine };
} catch (e) {
  status.textContent = 'The engine could not start: ' + (e && e.message ? e.message : e);
  status.className = 'error';
  throw e;
}
