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
(function (R) {
  'use strict';
  const { MSG } = RapportProtocol;
  const MAX_CHARS = 4000; // a long e-mail's cues are at its start; keeps each run cheap

  // ---- the data files --------------------------------------------------------------------
  // type: 'string' | 'hosts' | 'selector' | 'selectors' | 'order'; a trailing '?' makes the
  // field optional.
  const FIELDS = {
    name: 'string',         // shown to the agent ("Zendesk agent workspace")
    about: 'string?',       // a note for maintainers (where the markup comes from)
    hosts: 'hosts',         // ["*.zendesk.com"]: tried first on these hosts
    detect: 'selector',     // present on the page when it is this helpdesk (custom domains too)
    scope: 'selector?',     // the closest ancestor of the composer holding its conversation
    message: 'selector',    // every message of the conversation, inside scope (or the page)
    customer: 'selector?',  // a message the customer (end user) wrote matches this
    exclude: 'selector?',   // never the customer's: agent replies, internal notes, bots
    body: 'selector?',      // the message's text inside a message (default: the message)
    strip: 'selector?',     // left out of the text: quoted history, signatures, buttons
    order: 'order?',        // "oldest-first" (default) or "newest-first"
    send: 'selectors?',     // the composer's Send controls, inside scope (content/sendguard.js)
  };
  const HOST = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i;

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
    for (const [k, spec] of Object.entries(FIELDS)) {
      const optional = spec.endsWith('?');
      const type = spec.replace('?', '');
      const v = raw[k];
      if (v === undefined) {
        if (!optional) err(k, `is required (${type === 'hosts' ? 'an array of host names' : type === 'selector' ? 'a CSS selector' : 'a string'})`);
        continue;
      }
      if (type === 'hosts') {
        if (!Array.isArray(v)) { err(k, 'must be an array of host names like "*.zendesk.com"'); continue; }
        v.forEach((h, i) => { if (typeof h !== 'string' || !HOST.test(h)) err(`${k}[${i}]`, `must be a host name like "app.example.com" or "*.example.com", got ${JSON.stringify(h)}`); });
      } else if (type === 'selectors') {
        if (!Array.isArray(v) || !v.length) { err(k, 'must be a non-empty array of CSS selectors'); continue; }
        v.forEach((sel, i) => {
          if (typeof sel !== 'string' || !sel.trim()) err(`${k}[${i}]`, 'must be a non-empty CSS selector');
          else try { probe.querySelector(sel); } catch (e) { err(`${k}[${i}]`, `is not a valid CSS selector: ${JSON.stringify(sel)}`); }
        });
      } else if (type === 'order') {
        if (v !== 'oldest-first' && v !== 'newest-first') err(k, `must be "oldest-first" or "newest-first", got ${JSON.stringify(v)}`);
      } else if (typeof v !== 'string' || !v.trim()) {
        err(k, `must be a non-empty ${type === 'selector' ? 'CSS selector' : 'string'}`);
      } else if (type === 'selector') {
        try { probe.querySelector(v); } catch (e) { err(k, `is not a valid CSS selector: ${JSON.stringify(v)}`); }
      }
    }
    return { helpdesk: errors.length ? null : { file, ...raw }, errors };
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
  // helpdesk on a custom domain); the first whose `detect` markup is on the page wins.
  function pick(list, host, doc) {
    const mine = list.filter((h) => h.hosts.some((p) => hostMatches(p, host)));
    const rest = list.filter((h) => !mine.includes(h));
    for (const h of [...mine, ...rest]) {
      try { if (doc.querySelector(h.detect)) return h; } catch (_) { /* validated; never */ }
    }
    return null;
  }

  // Readable text of a message: text nodes, <br> and block boundaries as line breaks,
  // without the `strip` parts; whitespace tidied; at most MAX_CHARS.
  const BLOCK = new Set(['p', 'div', 'li', 'ul', 'ol', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'section', 'article', 'pre', 'header', 'footer']);
  function textOf(node, strip) {
    let out = '';
    const walk = (n) => {
      if (out.length > MAX_CHARS) return;
      if (n.nodeType === 3) { out += n.data; return; }
      if (n.nodeType !== 1) return;
      const tag = n.localName;
      if (tag === 'script' || tag === 'style' || tag === 'template' || n.hidden || n.hasAttribute('data-rapport-ui')) return;
      if (strip && n.matches(strip)) return;
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

  // The latest customer message around the composer, as text, or null.
  function find(h, composer) {
    const scope = h.scope ? R.editors.composedClosest(composer, h.scope) : null;
    const root = scope || composer.ownerDocument;
    const all = [...root.querySelectorAll(h.message)].filter((m) => !m.contains(composer)
      && (!h.customer || m.matches(h.customer)) && !(h.exclude && m.matches(h.exclude)));
    if (h.order === 'newest-first') all.reverse();
    for (let i = all.length - 1; i >= 0; i--) {
      const body = h.body ? all[i].querySelector(h.body) : all[i];
      if (!body) continue;
      const text = textOf(body, h.strip);
      if (text) return text;
    }
    return null;
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
  // editor element -> {text, source: 'helpdesk:<file>'|'selection'|null, dismissed}
  const states = new WeakMap();
  let pending = null; // a selection handed over before any composer was focused

  function stateOf(el) {
    let st = states.get(el);
    if (!st) { st = { text: null, source: null, dismissed: false }; states.set(el, st); }
    return st;
  }

  // Re-read the customer's message for this composer (on focus: a chat may have moved on).
  // Resolves true when what the engine should see changed.
  async function refresh(el) {
    const st = stateOf(el);
    if (pending) {
      Object.assign(st, { text: pending, source: 'selection', dismissed: false });
      pending = null;
      return true;
    }
    if (st.dismissed || st.source === 'selection') return false;
    const list = await load();
    const h = pick(list, location.hostname, el.ownerDocument);
    const text = h ? find(h, el) : null;
    if (text === st.text) return false;
    st.text = text;
    st.source = text ? `helpdesk:${h.file}` : null;
    return true;
  }

  // The selected text becomes the customer message of this composer (or of the next one
  // focused, when el is null), even one dismissed before.
  function useSelection(el, text) {
    if (!el) { pending = text; return; }
    Object.assign(stateOf(el), { text, source: 'selection', dismissed: false });
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

  R.customer = {
    validate, load, pick, find, textOf, fromSelection, hostMatches,
    refresh, useSelection, dismiss, contextFor, stateOf, loadErrors, MAX_CHARS,
  };
})(globalThis.Rapport = globalThis.Rapport || {});
