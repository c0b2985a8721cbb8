// Applying a rewrite: select exactly the span, then edit it the way the page's editor (and
// its framework) expects, so it sees a normal input and Ctrl+Z restores the draft.
// A field: execCommand('insertText'); fallback a cancelable beforeinput
// insertReplacementText, then the native value setter and an input event. A contenteditable:
// see applyRich. Afterwards the text is checked: nothing outside the span changed.
import * as textmodel from './textmodel.js';
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

// Editors re-render after an edit in a microtask (Lexical), a React render (Draft, Slate)
// or their own next frame: the text is read once the next frame has been drawn (or
// shortly, where no frame comes, as in a hidden tab). An agent who types on at once must
// not lose the keystroke to this check: their first input ends the wait, and the text is
// read before it lands. Resolves to {text, typed}.
function settled(host) {
  const doc = host.ownerDocument;
  const win = doc.defaultView;
  return new Promise((ok) => {
    let done = false;
    const finish = (typed) => {
      if (done) return;
      done = true;
      win.clearTimeout(fallback);
      doc.removeEventListener('beforeinput', typing, true);
      ok({ text: textmodel.read(host).text, typed });
    };
    const typing = (e) => { if (e.isTrusted) finish(true); };
    doc.addEventListener('beforeinput', typing, true);
    const fallback = win.setTimeout(() => finish(false), 100);
    win.requestAnimationFrame(() => win.setTimeout(() => finish(false), 0));
  });
}

// Draft.js reads no beforeinput: it takes typed text from the older textInput event (through
// React's onBeforeInput), replacing its own selection in its model, and cancels it. Chrome
// only; true when the editor took the text.
function offerTextInput(host, text) {
  const doc = host.ownerDocument;
  if (!text || typeof doc.defaultView.TextEvent !== 'function') return false;
  const ev = doc.createEvent('TextEvent');
  ev.initTextEvent('textInput', true, true, doc.defaultView, text);
  return !host.dispatchEvent(ev);
}

// A contenteditable: the span becomes the selection, then the edit is offered to the
// editor the way the browser offers typing, as a cancelable beforeinput
// (insertReplacementText, the span as its target range): editors with a model of their
// own (CKEditor 5, Lexical, Slate, Quill) make the change in their model, with their undo.
// Then as a textInput event (Draft.js). execCommand fires no beforeinput, so it is only the
// path for editors that leave both alone and read the DOM back (ProseMirror, TinyMCE, a
// plain contenteditable). Resolves to {ok, method, before, after, expected}.
async function applyRich(host, start, end, text) {
  const doc = host.ownerDocument;
  const win = doc.defaultView;
  const model = textmodel.read(host);
  const before = model.text;
  const expected = before.slice(0, start) + text + before.slice(end);
  const range = textmodel.rangeFor(model, start, end, doc);
  if (!range) return { ok: false, method: 'none', before, after: before, expected };
  host.focus({ preventScroll: true });
  const sel = doc.getSelection();
  sel.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
  // Editors take the selection into their model on selectionchange, which the browser
  // fires only after this task: tell them now, so nothing lands at their old selection.
  doc.dispatchEvent(new win.Event('selectionchange'));
  const target = new win.StaticRange({
    startContainer: range.startContainer, startOffset: range.startOffset,
    endContainer: range.endContainer, endOffset: range.endOffset,
  });
  const offer = new win.InputEvent('beforeinput', {
    bubbles: true, cancelable: true, composed: true,
    inputType: text ? 'insertReplacementText' : 'deleteContent', data: text || null, targetRanges: [target],
  });
  let method = 'beforeinput';
  if (host.dispatchEvent(offer)) method = offerTextInput(host, text) ? 'textInput' : 'execCommand';
  if (method === 'execCommand') {
    // An empty rewrite deletes, as Backspace over the selection would: insertText('') can
    // leave an empty block with no placeholder <br>, which draws no line, so a rewrite that
    // empties a line would take that line away too.
    let done = false;
    try { done = text ? doc.execCommand('insertText', false, text) : doc.execCommand('delete'); } catch (_) { done = false; }
    // the browser's own input event says insertText, as for typing; editors that keep an
    // undo history of their own over the DOM (TinyMCE) start a new undo step only for a
    // replacement, which this is
    if (done && text) host.dispatchEvent(new win.InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText', data: text }));
  }
  const read = await settled(host);
  let after = read.text;
  // the browser's edit changed more than the span: take it back, unless the agent is
  // already typing (an undo now would take their keystrokes instead)
  if (!read.typed && !sameText(after, expected) && !sameText(after, before) && method === 'execCommand') {
    doc.execCommand('undo');
    after = textmodel.read(host).text;
  }
  return { ok: sameText(after, expected), method, before, after, expected };
}

// Selects [start, end) of the editor's text (a rewrite's placeholder, "[day]", for the
// agent to type over). The editor takes a selection change as the user's own.
function select(host, start, end) {
  if ('setSelectionRange' in host && typeof host.value === 'string') {
    host.focus({ preventScroll: true });
    host.setSelectionRange(start, end);
    return true;
  }
  const doc = host.ownerDocument;
  const range = textmodel.rangeFor(textmodel.read(host), start, end, doc);
  if (!range) return false;
  host.focus({ preventScroll: true });
  doc.getSelection().setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
  doc.dispatchEvent(new doc.defaultView.Event('selectionchange'));
  return true;
}

export { applyField, applyRich, sameText, select };
