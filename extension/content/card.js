// The card that explains a finding: category, message, explanation, the rewrites with
// their empathy strategy, "ignore here" and "turn off this rule", and what Rapport read
// from the customer's message (with a control to stop using it). It lives in a shadow
// root; every string is set with textContent, never as HTML.
(function (R) {
  'use strict';
  // Where the agent rebinds the commands: Firefox has no chrome:// page for it.
  // (card.js also runs in the www pages, where there is no extension runtime)
  const inFirefox = typeof chrome !== 'undefined' && chrome.runtime && chrome.runtime.getURL
    && chrome.runtime.getURL('').startsWith('moz-extension:');
  const SHORTCUTS_PAGE = inFirefox
    ? 'about:addons, Manage Extension Shortcuts'
    : 'chrome://extensions/shortcuts';
  const CSS = `:host { all: initial; }
.card { position: fixed; z-index: 2147483647; box-sizing: border-box; width: 360px; max-width: calc(100vw - 16px);
  background: #fff; color: #1f2328; border: 1px solid #d0d7de; border-radius: 10px;
  box-shadow: 0 8px 24px rgba(0,0,0,.18); padding: 12px 14px; max-height: calc(100vh - 16px); overflow: auto; font: 13px/1.45 system-ui, sans-serif; }
.head { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; }
.cat { text-transform: uppercase; letter-spacing: .04em; font-size: 11px; font-weight: 600; color: #57606a; }
.sev { font-size: 11px; padding: 1px 6px; border-radius: 8px; color: #fff; }
.sev.high { background: rgb(217,48,37); } .sev.medium { background: rgb(227,116,0); } .sev.low { background: rgb(26,115,232); }
.msg { font-weight: 600; margin: 0 0 4px; }
.why { margin: 0 0 10px; color: #424a53; }
.rewrites { display: grid; gap: 6px; margin: 0 0 10px; }
button { font: inherit; cursor: pointer; }
.rewrite { text-align: left; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 8px; padding: 6px 8px; color: inherit; }
.rewrite:hover, .rewrite:focus-visible { border-color: #0969da; background: #eef6ff; }
.strategy { display: block; font-size: 11px; font-weight: 600; color: #0969da; text-transform: uppercase; letter-spacing: .04em; }
.foot { display: flex; gap: 8px; justify-content: flex-end; }
.link { background: none; border: none; color: #57606a; padding: 2px 4px; text-decoration: underline; }
.keys { font-size: 11px; color: #8c959f; margin-top: 6px; }
.customer { display: flex; gap: 6px; align-items: baseline; margin: 0 0 10px; padding: 6px 8px; border-radius: 8px; background: #fff8e6; color: #3d2e00; }
.customer .label { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; }
.customer .summary { flex: 1; }`;

  let current = null; // {host, doc, finding, handlers}

  function el(doc, tag, cls, text) {
    const n = doc.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = String(text);
    return n;
  }

  // Keep the editor's focus and selection when a card button is pressed.
  function keepFocus(btn) {
    btn.addEventListener('mousedown', (e) => e.preventDefault());
    return btn;
  }

  // open(doc, finding, anchorRect, {apply(i), ignore(), disable(), close(),
  //   customer?: {summary, dismiss()}})
  function open(doc, finding, anchor, handlers) {
    close(false);
    const host = el(doc, 'rapport-card');
    host.setAttribute('data-rapport-ui', 'card');
    host.style.cssText = 'all: initial; position: fixed; left: 0; top: 0; z-index: 2147483647;';
    const root = host.attachShadow({ mode: 'open' });
    const style = el(doc, 'style', null, CSS);
    const card = el(doc, 'div', 'card');
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-label', 'Rapport suggestion');
    const head = el(doc, 'div', 'head');
    head.append(el(doc, 'span', 'cat', finding.category), el(doc, 'span', 'sev ' + finding.severity, finding.severity));
    card.append(head, el(doc, 'p', 'msg', finding.message), el(doc, 'p', 'why', finding.explanation));
    const list = el(doc, 'div', 'rewrites');
    (finding.rewrites || []).forEach((rw, i) => {
      const b = keepFocus(el(doc, 'button', 'rewrite'));
      b.setAttribute('data-rewrite', String(i));
      b.append(el(doc, 'span', 'strategy', rw.strategy), el(doc, 'span', 'text', rw.text));
      b.addEventListener('click', () => handlers.apply(i));
      list.append(b);
    });
    if (list.childElementCount) card.append(list);
    if (handlers.customer && handlers.customer.summary) {
      const read = el(doc, 'div', 'customer');
      read.setAttribute('data-rapport', 'customer');
      const forget = keepFocus(el(doc, 'button', 'link', 'Don\u2019t use'));
      forget.setAttribute('data-action', 'forget-customer');
      forget.title = 'Coach this reply without the customer\u2019s message';
      forget.addEventListener('click', () => handlers.customer.dismiss());
      read.append(el(doc, 'span', 'label', 'Rapport read'), el(doc, 'span', 'summary', handlers.customer.summary), forget);
      card.append(read);
    }
    const foot = el(doc, 'div', 'foot');
    const ignore = keepFocus(el(doc, 'button', 'link', 'Ignore here'));
    ignore.setAttribute('data-action', 'ignore');
    ignore.addEventListener('click', () => handlers.ignore());
    const off = keepFocus(el(doc, 'button', 'link', 'Turn off this rule'));
    off.setAttribute('data-action', 'disable');
    off.addEventListener('click', () => handlers.disable());
    foot.append(ignore, off);
    card.append(foot, el(doc, 'div', 'keys', `Esc closes the card. Shortcuts: next, apply, dismiss (${SHORTCUTS_PAGE}).`));
    root.append(style, card);
    doc.documentElement.appendChild(host);
    current = { host, doc, card, finding, handlers };
    place(anchor);
    return current;
  }

  // Below the phrase when it fits, above it otherwise.
  function place(anchor) {
    if (!current || !anchor) return;
    const win = current.doc.defaultView;
    const c = current.card;
    const w = c.offsetWidth, h = c.offsetHeight;
    let left = Math.min(Math.max(8, anchor.left), win.innerWidth - w - 8);
    let top = anchor.bottom + 6;
    if (top + h > win.innerHeight - 8) top = anchor.top - h - 6 > 8 ? anchor.top - h - 6 : win.innerHeight - h - 8;
    c.style.left = `${Math.max(8, left)}px`;
    c.style.top = `${Math.max(8, top)}px`;
  }

  function close(notify = true) {
    if (!current) return;
    const c = current;
    current = null;
    c.host.remove();
    if (notify && c.handlers.close) c.handlers.close();
  }

  function contains(node) {
    return !!current && (node === current.host || current.host.contains(node));
  }

  R.card = { open, close, place, contains, get current() { return current; } };
})(globalThis.Rapport = globalThis.Rapport || {});
