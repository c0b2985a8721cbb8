// Which element is an editor the agent is typing a reply in, found from a focus event's
// composed path (so open shadow roots work); same-origin iframes run their own copy of
// the content script (all_frames, match_about_blank).
const TEXT_INPUT_TYPES = new Set(['text', 'search', '']);

// Like Element.closest, but continues through shadow roots to their hosts.
function composedClosest(el, selector) {
  let n = el;
  while (n) {
    if (n.nodeType === 1 && n.matches(selector)) return n;
    n = n.parentNode || (n instanceof ShadowRoot ? n.host : null);
    if (n && n.nodeType === 11 && !(n instanceof ShadowRoot)) n = null;
  }
  return null;
}

function optedOut(el) {
  return !!composedClosest(el, '[data-rapport="off"]');
}

function isCardField(el) {
  const ac = (el.getAttribute('autocomplete') || '').toLowerCase().split(/\s+/);
  return ac.some((t) => t.startsWith('cc-'));
}

// A field we may read: never passwords, e-mail, numbers, hidden, read-only, disabled,
// credit-card fields, or anything inside data-rapport="off".
function isEligibleField(el) {
  if (el.localName === 'textarea') {
    if (el.readOnly || el.disabled) return false;
  } else if (el.localName === 'input') {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (!TEXT_INPUT_TYPES.has(type) || el.type === 'password') return false;
    if (el.readOnly || el.disabled) return false;
  } else {
    return false;
  }
  return !isCardField(el) && !optedOut(el);
}

// The editing host of a contenteditable descendant (the outermost editable element
// within the same tree), or null.
function editingHost(el) {
  if (!el || el.nodeType !== 1 || !el.isContentEditable) return null;
  const doc = el.ownerDocument;
  if (doc.designMode === 'on') return doc.body;
  let host = el;
  while (host.parentElement && host.parentElement.isContentEditable) host = host.parentElement;
  if (host.getAttribute('aria-readonly') === 'true' || optedOut(host) || isCardField(host)) return null;
  return host;
}

// {el, kind: 'field'|'rich'} for the editor a focus event landed in, or null.
function fromEvent(event) {
  const path = event.composedPath ? event.composedPath() : [event.target];
  for (const n of path) {
    if (!n || n.nodeType !== 1) continue;
    if (n.localName === 'textarea' || n.localName === 'input') {
      return isEligibleField(n) ? { el: n, kind: 'field' } : null;
    }
    if (n.isContentEditable) {
      const host = editingHost(n);
      return host ? { el: host, kind: 'rich' } : null;
    }
    if (n.localName === 'iframe') return null; // that frame runs its own content script
  }
  return null;
}

// The focused element, looking into open shadow roots.
function deepActiveElement(doc) {
  let a = doc.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

export { fromEvent, isEligibleField, editingHost, deepActiveElement, composedClosest };
