// Applying a rewrite: select exactly the span, then execCommand('insertText') so the page's
// editor (and its framework) sees a normal input event and Ctrl+Z restores the draft.
// Fallback: a cancelable beforeinput insertReplacementText, then the native value setter
// and an input event. Afterwards the text is checked: nothing outside the span changed.
(function (R) {
  'use strict';
  const sameText = (a, b) => a.replace(/\u00a0/g, ' ') === b.replace(/\u00a0/g, ' ');

  function nativeValueSetter(el) {
    const proto = el.localName === 'textarea' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    return Object.getOwnPropertyDescriptor(proto, 'value').set;
  }

  function applyField(el, start, end, text) {
    const before = el.value;
    const expected = before.slice(0, start) + text + before.slice(end);
    const doc = el.ownerDocument;
    el.focus({ preventScroll: true });
    el.setSelectionRange(start, end);
    let method = 'execCommand';
    let done = false;
    try { done = doc.execCommand('insertText', false, text); } catch (_) { done = false; }
    if (!done || (el.value === before && before !== expected)) {
      method = 'beforeinput';
      const win = doc.defaultView;
      const ok = el.dispatchEvent(new win.InputEvent('beforeinput', {
        bubbles: true, cancelable: true, composed: true, inputType: 'insertReplacementText', data: text,
      }));
      if (ok && el.value === before) {
        nativeValueSetter(el).call(el, expected);
        el.setSelectionRange(start + text.length, start + text.length);
        el.dispatchEvent(new win.InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText', data: text }));
      }
    }
    if (el.value !== expected && el.value !== before && method === 'execCommand') doc.execCommand('undo');
    return { ok: el.value === expected, method, before, after: el.value, expected };
  }

  function applyRich(host, start, end, text) {
    const doc = host.ownerDocument;
    const model = R.textmodel.read(host);
    const before = model.text;
    const expected = before.slice(0, start) + text + before.slice(end);
    const range = R.textmodel.rangeFor(model, start, end, doc);
    if (!range) return { ok: false, method: 'none', before, after: before, expected };
    host.focus({ preventScroll: true });
    const sel = doc.getSelection();
    sel.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    let method = 'execCommand';
    let done = false;
    // An empty rewrite deletes, as Backspace over the selection would: insertText('') can
    // leave an empty block with no placeholder <br>, which draws no line, so a rewrite that
    // empties a line would take that line away too.
    try { done = text ? doc.execCommand('insertText', false, text) : doc.execCommand('delete'); } catch (_) { done = false; }
    if (!done) {
      method = 'beforeinput';
      const win = doc.defaultView;
      const ev = new win.InputEvent('beforeinput', {
        bubbles: true, cancelable: true, composed: true, inputType: 'insertReplacementText', data: text,
      });
      // an editor framework that handles beforeinput makes the change itself
      host.dispatchEvent(ev);
    }
    let after = R.textmodel.read(host).text;
    // the editor changed more than the span: take our edit back
    if (!sameText(after, expected) && !sameText(after, before) && method === 'execCommand') {
      doc.execCommand('undo');
      after = R.textmodel.read(host).text;
    }
    return { ok: sameText(after, expected), method, before, after, expected };
  }

  R.apply = { applyField, applyRich, sameText };
})(globalThis.Rapport = globalThis.Rapport || {});
