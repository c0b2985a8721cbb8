// DOM helpers for the www pages. Every string becomes a text node or textContent: nothing
// from data is ever parsed as HTML.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// One polite live region per page for short announcements to screen readers.
let live = null;
export function announce(text) {
  if (!live) {
    live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', id: 'rapport-announce' });
    document.body.append(live);
  }
  live.textContent = '';
  // a fresh text node so the same sentence twice is announced twice
  requestAnimationFrame(() => { live.textContent = String(text); });
}

export const plural = (n, one, many = one + 's') => `${n} ${n === 1 ? one : many}`;

export function signed(n) { return n > 0 ? `+${n}` : String(n); }
