// Listen first: the customer's latest message, read near the composer the agent focused,
// so the engine can coach the reply to it (engine.analyze(text, {customerMessage})).
//
// Where it comes from:
//  - a helpdesk data file (extension/helpdesks/<name>.json, listed in index.json): host
//    patterns, a selector that recognises the helpdesk's markup, and selectors for the
//    conversation, its messages, which of them are the customer's, and the text inside;
//  - or text the agent selected and handed over with the coach-to-selection key or the
//    "Coach my reply to this message" context-menu item (any page).
// The text lives only here, in memory, per composer, and goes only to the engine (in this
// content script or the extension's own worker). It is never stored or sent anywhere.
import { MSG } from '../protocol.js';
import * as layout from './layout.js';
import * as editors from './editors.js';
const MAX_CHARS = 4000; // a long e-mail's cues are at its start; keeps each run cheap

// ---- the data files --------------------------------------------------------------------
// type: 'string' | 'hosts' | 'selectors' | 'order' | 'sources'; a trailing '?' makes the
// field optional. A selector field holds one CSS selector or a list of them in order of
// confidence (the markup of several versions of the product, or of sources that disagree):
// the first that finds anything is used, except for `exclude` and `strip`, where every one
// applies.
const FIELDS = {
  name: 'string',          // shown to the agent ("Zendesk agent workspace")
  about: 'string?',        // a note for maintainers (where the markup comes from)
  hosts: 'hosts',          // ["*.zendesk.com"]: tried first on these hosts
  detect: 'selectors',     // present on the page when it is this helpdesk (custom domains too)
  scope: 'selectors?',     // the closest ancestor of the composer holding its conversation
  message: 'selectors',    // every message of the conversation, inside scope (or the page)
  customer: 'selectors?',  // a message the customer (end user) wrote matches this
  exclude: 'selectors?',   // never the customer's: agent replies, internal notes, bots
  body: 'selectors?',      // the message's text inside a message (default: the message)
  strip: 'selectors?',     // left out of the text: quoted history, signatures, buttons
  author: 'selectors?',    // inside a message: the author, with the address in its `email` attribute
  account: 'selectors?',   // where the page shows the signed-in address (the agent's own messages)
  order: 'order?',         // "oldest-first" (default) or "newest-first"
  send: 'selectors?',      // the composer's Send controls, inside scope (content/sendguard.js)
  enterSends: 'enter?',    // plain Enter sends (a chat): true, or the composers where it does
  sources: 'sources?',     // for each selector: where the evidence for it comes from, and its date
};
const SELECTOR_FIELDS = Object.keys(FIELDS).filter((k) => FIELDS[k].startsWith('selectors'));
// fields whose evidence is recorded in `sources`: every selector field, and the settings
// that say how the helpdesk behaves
const SOURCED_FIELDS = [...SELECTOR_FIELDS, 'enterSends'];
const UNION_FIELDS = new Set(['exclude', 'strip']);
const HOST = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i;
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const SOURCE_KEYS = new Set(['selector', 'evidence', 'date', 'note']);

// A selector field as its list of alternatives.
const alts = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// {helpdesk, errors}: errors name the file and the field; a file with errors is skipped.
function validate(file, raw, doc = document) {
  const errors = [];
  const err = (field, problem) => errors.push(`helpdesks/${file}: ${field ? `"${field}" ` : ''}${problem}`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    err(null, 'must be a JSON object');
    return { helpdesk: null, errors };
  }
  for (const k of Object.keys(raw)) {
    if (!(k in FIELDS)) err(k, `is not a known field (known: ${Object.keys(FIELDS).join(', ')})`);
  }
  const probe = doc.createDocumentFragment();
  const checkSelector = (field, sel) => {
    if (typeof sel !== 'string' || !sel.trim()) { err(field, 'must be a non-empty CSS selector'); return; }
    try { probe.querySelector(sel); } catch (e) { err(field, `is not a valid CSS selector: ${JSON.stringify(sel)}`); }
  };
  for (const [k, spec] of Object.entries(FIELDS)) {
    const optional = spec.endsWith('?');
    const type = spec.replace('?', '');
    const v = raw[k];
    if (v === undefined) {
      if (!optional) err(k, `is required (${type === 'hosts' ? 'an array of host names' : type === 'selectors' ? 'a CSS selector' : 'a string'})`);
      continue;
    }
    if (type === 'hosts') {
      if (!Array.isArray(v)) { err(k, 'must be an array of host names like "*.zendesk.com"'); continue; }
      v.forEach((h, i) => { if (typeof h !== 'string' || !HOST.test(h)) err(`${k}[${i}]`, `must be a host name like "app.example.com" or "*.example.com", got ${JSON.stringify(h)}`); });
    } else if (type === 'selectors') {
      if (Array.isArray(v)) {
        if (!v.length) { err(k, 'must be a CSS selector or a non-empty array of CSS selectors'); continue; }
        v.forEach((sel, i) => checkSelector(`${k}[${i}]`, sel));
      } else checkSelector(k, v);
    } else if (type === 'enter') {
      if (typeof v === 'boolean') { /* every composer of the helpdesk, or none */ } else if (Array.isArray(v) && v.length) v.forEach((sel, i) => checkSelector(`${k}[${i}]`, sel));
      else if (typeof v === 'string') checkSelector(k, v);
      else err(k, `must be true, false, or the CSS selectors of the composers where plain Enter sends, got ${JSON.stringify(v)}`);
    } else if (type === 'order') {
      if (v !== 'oldest-first' && v !== 'newest-first') err(k, `must be "oldest-first" or "newest-first", got ${JSON.stringify(v)}`);
    } else if (type === 'sources') {
      validateSources(raw, v, err);
    } else if (typeof v !== 'string' || !v.trim()) {
      err(k, 'must be a non-empty string');
    }
  }
  return { helpdesk: errors.length ? null : { file, ...raw }, errors };
}

// sources: {field: [{selector, evidence, date?, note?}]}, one entry for each selector of
// the field; evidence "unverified" when none was found, otherwise the project and path
// or the document it comes from, with its date.
function validateSources(raw, v, err) {
  if (!v || typeof v !== 'object' || Array.isArray(v)) { err('sources', 'must be an object: {field: [{selector, evidence, date}]}'); return; }
  for (const [field, entries] of Object.entries(v)) {
    const at = `sources.${field}`;
    if (!SOURCED_FIELDS.includes(field)) { err(at, `is not a field with sources (${SOURCED_FIELDS.join(', ')})`); continue; }
    if (raw[field] === undefined) { err(at, `names a field the file does not have`); continue; }
    if (!Array.isArray(entries)) { err(at, 'must be an array of {selector, evidence, date}'); continue; }
    // a setting (enterSends: true or false) has one entry, without a selector
    const setting = typeof raw[field] === 'boolean';
    const selectors = setting ? [] : alts(raw[field]);
    if (setting && entries.length !== 1) err(at, `must have exactly one entry {evidence, date} for ${JSON.stringify(raw[field])} (has ${entries.length})`);
    entries.forEach((e, i) => {
      const here = `${at}[${i}]`;
      if (!e || typeof e !== 'object' || Array.isArray(e)) { err(here, 'must be an object {selector, evidence, date}'); return; }
      for (const key of Object.keys(e)) if (!SOURCE_KEYS.has(key)) err(here, `has an unknown key "${key}" (known: ${[...SOURCE_KEYS].join(', ')})`);
      if (setting) { if (e.selector !== undefined) err(here, `is about the setting ${JSON.stringify(raw[field])}: no "selector"`); } else if (!selectors.includes(e.selector)) err(here, `names a selector the field does not hold: ${JSON.stringify(e.selector)}`);
      if (typeof e.evidence !== 'string' || !e.evidence.trim()) err(here, 'needs "evidence": the project and path or document, or "unverified"');
      else if (e.evidence !== 'unverified' && (typeof e.date !== 'string' || !DATE.test(e.date))) err(here, `needs "date" (YYYY, YYYY-MM or YYYY-MM-DD) for its evidence, got ${JSON.stringify(e.date)}`);
      if (e.note !== undefined && (typeof e.note !== 'string' || !e.note.trim())) err(here, '"note" must be a non-empty string');
    });
    for (const sel of selectors) {
      const n = entries.filter((e) => e && e.selector === sel).length;
      if (n !== 1) err(at, `must have exactly one entry for ${JSON.stringify(sel)} (has ${n})`);
    }
  }
  for (const field of SOURCED_FIELDS) {
    if (raw[field] !== undefined && !(field in v)) err(`sources.${field}`, `is missing: every ${field === 'enterSends' ? 'setting' : 'selector field'} needs its sources`);
  }
}

let loading = null;
const loadErrors = []; // for the browser tests; also logged to the console

// The valid helpdesk files, fetched once per page through the worker. Never throws: a bad
// file is logged (file and field) and skipped; a failed load means no helpdesk files.
function load() {
  if (!loading) {
    loading = chrome.runtime.sendMessage({ type: MSG.HELPDESKS }).then((reply) => {
      if (!reply || reply.error) throw new Error(reply ? reply.error : 'no reply from the Rapport worker');
      const list = [];
      for (const f of reply.files) {
        let errors;
        if (f.error) errors = [`helpdesks/${f.file}: ${f.error}`];
        else {
          let raw;
          try { raw = JSON.parse(f.text); } catch (e) { errors = [`helpdesks/${f.file}: is not JSON: ${e.message}`]; }
          if (!errors) {
            const v = validate(f.file, raw);
            errors = v.errors;
            if (v.helpdesk) list.push(v.helpdesk);
          }
        }
        for (const e of errors) { loadErrors.push(e); console.error(`Rapport: ${e} (this helpdesk file is skipped)`); }
      }
      return list;
    }).catch((e) => {
      console.error('Rapport: the helpdesk files could not be loaded', e);
      loading = null;
      return [];
    });
  }
  return loading;
}

function hostMatches(pattern, host) {
  pattern = pattern.toLowerCase();
  host = String(host || '').toLowerCase();
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) || host === pattern.slice(2);
  return host === pattern;
}

// The helpdesk this page is: those whose hosts match come first, then the others (a
// helpdesk on a custom domain); the first whose `detect` markup is on the page wins. On a
// matching host the file is kept even when its markup is gone (the product changed): its
// other selectors are tried and the layout read where they fail.
function pick(list, host, doc) {
  const mine = list.filter((h) => h.hosts.some((p) => hostMatches(p, host)));
  const rest = list.filter((h) => !mine.includes(h));
  for (const h of [...mine, ...rest]) if (first(doc, h.detect)) return h;
  return mine[0] || null;
}

// The first alternative of a selector field that finds an element under root:
// {el, index} or null.
function first(root, field) {
  const list = alts(field);
  for (let i = 0; i < list.length; i++) {
    let el = null;
    try { el = root.querySelector(list[i]); } catch (_) { el = null; }
    if (el) return { el, index: i, selector: list[i] };
  }
  return null;
}

// The alternatives of a field that find anything under root, as a selector, and which
// one it was ({selector, index}); the union of them for `exclude` and `strip`.
function resolve(root, h, field) {
  const list = alts(h[field]);
  if (!list.length) return null;
  if (UNION_FIELDS.has(field)) return { selector: list.join(', '), index: 0 };
  for (let i = 0; i < list.length; i++) {
    try { if (root.querySelector(list[i])) return { selector: list[i], index: i }; } catch (_) { /* validated */ }
  }
  return { selector: null, index: -1 };
}

// Readable text of a message: text nodes, <br> and block boundaries as line breaks,
// without the `strip` parts; whitespace tidied; at most MAX_CHARS.
const BLOCK = new Set(['p', 'div', 'li', 'ul', 'ol', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'section', 'article', 'pre', 'header', 'footer']);
function textOf(node, strip, stripIf) {
  let out = '';
  const walk = (n) => {
    if (out.length > MAX_CHARS) return;
    if (n.nodeType === 3) { out += n.data; return; }
    if (n.nodeType !== 1) return;
    const tag = n.localName;
    if (tag === 'script' || tag === 'style' || tag === 'template' || n.hidden || n.hasAttribute('data-rapport-ui')) return;
    if (strip && n.matches(strip)) return;
    if (stripIf && n !== node && stripIf(n)) return;
    if (tag === 'br') { out += '\n'; return; }
    const block = BLOCK.has(tag);
    if (block && out && !out.endsWith('\n')) out += '\n';
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
    if (block && out && !out.endsWith('\n')) out += '\n';
  };
  walk(node);
  return tidy(out);
}

function tidy(s) {
  return s.replace(/[ \t\u00a0\r\f\v]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim().slice(0, MAX_CHARS);
}

// The latest customer message around the composer: {text, path, diag}, where path is
// 'helpdesk' (the data file's selectors found it), 'layout' (the structure of the page
// did) or null, and diag says which selectors were tried and which matched (counts and
// selectors only, never text: it goes into the diagnostics an agent may paste in a
// bug report).
function locate(h, composer) {
  const doc = composer.ownerDocument;
  const diag = { helpdesk: h ? h.file : null, fields: {}, path: null, layout: null };
  const own = ownAddress(h, doc);
  if (h) {
    const scope = h.scope ? closestOf(composer, h.scope) : null;
    diag.fields.detect = matchInfo(doc, h.detect);
    if (h.scope) diag.fields.scope = { tried: alts(h.scope), matched: scope ? scope.index : -1 };
    const root = scope ? scope.el : doc;
    const found = { message: resolve(root, h, 'message') };
    const messages = found.message && found.message.selector ? [...root.querySelectorAll(found.message.selector)].filter((m) => !m.contains(composer)) : [];
    diag.fields.message = { tried: alts(h.message), matched: found.message ? found.message.index : -1, count: messages.length };
    const pickIn = (f) => {
      if (h[f] === undefined) return null;
      const list = alts(h[f]);
      if (UNION_FIELDS.has(f)) return list.join(', ');
      const i = list.findIndex((sel) => messages.some((m) => m.matches(sel) || (f === 'body' || f === 'author' ? !!m.querySelector(sel) : false)));
      diag.fields[f] = { tried: list, matched: i };
      return i >= 0 ? list[i] : undefined;
    };
    const customer = pickIn('customer');
    const exclude = pickIn('exclude');
    const body = pickIn('body');
    const strip = pickIn('strip');
    const author = pickIn('author');
    if (exclude) diag.fields.exclude = { tried: alts(h.exclude), matched: messages.some((m) => m.matches(exclude)) ? 0 : -1 };
    if (strip) diag.fields.strip = { tried: alts(h.strip), matched: 0 };
    // a customer selector that matches no message finds no customer: no guessing
    const all = customer === undefined ? [] : messages.filter((m) => (!customer || m.matches(customer)) && !(exclude && m.matches(exclude)) && !isOwn(m, author, own));
    if (h.order === 'newest-first') all.reverse();
    for (let i = all.length - 1; i >= 0; i--) {
      const bodyEl = body ? all[i].querySelector(body) : body === undefined ? null : all[i];
      if (!bodyEl) continue;
      const text = textOf(bodyEl, strip);
      if (text) { diag.path = 'helpdesk'; return { text, path: 'helpdesk', diag }; }
    }
  }
  // the configured selectors found nothing (or no file describes the page): the layout
  const { block, counts } = layout.customerBlock(composer, own);
  diag.layout = counts;
  const text = block ? textOf(block, null, layout.stripOf) : '';
  if (text) { diag.path = 'layout'; return { text, path: 'layout', diag }; }
  return { text: null, path: null, diag };
}

function matchInfo(root, field) {
  const f = first(root, field);
  return { tried: alts(field), matched: f ? f.index : -1 };
}

// The closest ancestor matching the first alternative that has one: {el, index} or null.
function closestOf(composer, field) {
  const list = alts(field);
  for (let i = 0; i < list.length; i++) {
    const el = editors.composedClosest(composer, list[i]);
    if (el) return { el, index: i };
  }
  return null;
}

// The signed-in address, where the file says the page shows it.
function ownAddress(h, doc) {
  return layout.ownAddress(doc, h && h.account ? alts(h.account) : []);
}

function isOwn(message, author, own) {
  if (!own || !author) return false;
  const a = message.querySelector(author);
  const address = a && (a.getAttribute('email') || a.textContent || '').trim().toLowerCase();
  return address === own;
}

// Whether plain Enter sends from this composer, as the helpdesk's file says (a chat):
// enterSends true, or a selector matching the composer or an ancestor of it.
function enterSends(h, composer) {
  if (!h || !h.enterSends) return false;
  if (h.enterSends === true) return true;
  return alts(h.enterSends).some((sel) => !!editors.composedClosest(composer, sel));
}

function find(h, composer) {
  return locate(h, composer).text;
}

// The text the agent selected on the page, unless it is inside an editor (their reply).
function fromSelection(doc = document) {
  const sel = doc.getSelection();
  if (!sel || sel.isCollapsed || !sel.rangeCount) return '';
  const node = sel.anchorNode;
  const el = node && (node.nodeType === 1 ? node : node.parentElement);
  if (el && (el.isContentEditable || el.closest('textarea, input'))) return '';
  return tidy(sel.toString());
}

// ---- per composer ------------------------------------------------------------------------
// editor element -> {text, source: 'helpdesk:<file>'|'layout'|'selection'|null, path:
// 'helpdesk'|'layout'|'selection'|null, diag, dismissed}
const states = new WeakMap();
let pending = null; // a selection handed over before any composer was focused

function stateOf(el) {
  let st = states.get(el);
  if (!st) { st = { text: null, source: null, path: null, diag: null, dismissed: false }; states.set(el, st); }
  return st;
}

// Re-read the customer's message for this composer (on focus: a chat may have moved on).
// Resolves true when what the engine should see changed.
async function refresh(el) {
  const st = stateOf(el);
  if (pending) {
    Object.assign(st, { text: pending, source: 'selection', path: 'selection', dismissed: false });
    pending = null;
    return true;
  }
  if (st.dismissed || st.source === 'selection') return false;
  const list = await load();
  const h = pick(list, location.hostname, el.ownerDocument);
  const found = locate(h, el);
  st.diag = found.diag;
  st.path = found.path;
  if (found.text === st.text) return false;
  st.text = found.text;
  st.source = found.path === 'helpdesk' ? `helpdesk:${h.file}` : found.path;
  return true;
}

// The selected text becomes the customer message of this composer (or of the next one
// focused, when el is null), even one dismissed before.
function useSelection(el, text) {
  if (!el) { pending = text; return; }
  Object.assign(stateOf(el), { text, source: 'selection', path: 'selection', dismissed: false });
}

// The agent dismissed what Rapport read: this composer is coached without it from now on.
function dismiss(el) {
  Object.assign(stateOf(el), { dismissed: true });
}

// The context for engine.analyze, or undefined (then nothing changes in the report).
function contextFor(el) {
  const st = states.get(el);
  return st && st.text && !st.dismissed ? { customerMessage: st.text } : undefined;
}

export {
  validate, load, pick, find, locate, enterSends, alts, first, closestOf, textOf, fromSelection, hostMatches,
  refresh, useSelection, dismiss, contextFor, stateOf, loadErrors, MAX_CHARS, SELECTOR_FIELDS,
};
