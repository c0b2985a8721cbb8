// Reading a helpdesk page from its layout alone, for when a helpdesk data file's selectors
// find nothing (the product renamed its classes or attributes, or no file describes it):
//  - the conversation log nearest the composer: blocks that carry author or time metadata
//    (a <time>, a datetime, an e-mail attribute, or a class/attribute word such as sender,
//    author, timestamp), without the composer, internal or private notes, and the agent's
//    own side (outgoing, outbound, agent, admin, the account's own address);
//  - the Send control nearest the composer by role and accessible name, in the languages
//    agents work in.
// Words are read from class names and attribute values split into lower-case words
// ("TicketMessage__sender" -> ticket, message, sender), so a renamed "x-sender" still reads
// as a sender. Only words and structure are read here; no text leaves this file except the
// message the caller asked for.
const MAX_LEVELS = 14;      // ancestors of the composer searched for the log
const NEAR_LEVELS = 6;      // "near the composer" for a Send control
const META_TAGS = 'time, [datetime], [email], [data-timestamp]';
const META_WORDS = new Set(['sender', 'author', 'timestamp', 'byline', 'username', 'meta', 'metadata', 'header', 'attr']);
const NOTE_WORDS = new Set(['internal', 'private', 'note', 'notes', 'whisper']);
const AGENT_WORDS = new Set(['outgoing', 'outbound', 'agent', 'admin', 'teammate', 'operator']);
const STRIP_WORDS = new Set(['quote', 'quoted', 'signature', 'sig', 'header', 'sender', 'author', 'meta', 'metadata', 'timestamp', 'attr', 'byline']);
const NOTE_LABEL = /^(internal note|private note|internal comment|internal|private|note|comment)$|\badded (a |an )?(private |internal )?note\b/i;
const CLOCK = /\b\d{1,2}:\d{2}\b/; // a title or label with a time of day: "Mon, Nov 23, 8:03 AM"
// Send, Reply, Submit and their usual words in the languages helpdesks ship in. The name
// must start with one of them ("Send ‪(Ctrl-Enter)‬", "Submit as Open", "Enviar ahora").
const SEND_WORDS = [
  'send', 'reply', 'submit', 'respond', 'post reply',
  'enviar', 'responder', 'senden', 'antworten', 'absenden', 'envoyer', 'répondre', 'repondre',
  'invia', 'inviare', 'rispondi', 'verzenden', 'versturen', 'beantwoorden', 'verstuur', 'skicka', 'svara',
  'send svar', 'lähetä', 'wyślij', 'odpowiedz', 'odeslat', 'odpovědět', 'gönder', 'yanıtla', 'отправить', 'ответить',
  'надіслати', 'відповісти', '送信', '返信', '发送', '回复', '傳送', '回覆', '보내기', '답장', 'إرسال', 'رد', 'שלח', 'השב',
];
const SEND_NAME = new RegExp(`^(${SEND_WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
const ADDRESS = /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/;
const BUTTONISH = 'button, input[type="submit"], input[type="button"], [role="button"]';

const isElement = (n) => n && n.nodeType === 1;

function composedParent(n) {
  return n.parentNode instanceof ShadowRoot ? n.parentNode.host : n.parentElement;
}

function composedContains(ancestor, node) {
  for (let n = node; n; n = composedParent(n)) if (n === ancestor) return true;
  return false;
}

// The words of an element's class names and attribute values (not its text).
function words(el) {
  const out = new Set();
  for (const a of el.attributes) {
    if (a.name === 'style' || a.name === 'href' || a.name === 'src' || a.name.startsWith('on')) continue;
    const v = a.name === 'class' || a.name === 'id' || a.name === 'role' || a.name === 'type' || a.name.startsWith('data-') || a.name.startsWith('aria-') ? a.value : '';
    for (const w of v.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/)) if (w) out.add(w);
    // a flag attribute: data-from-agent="true", data-internal-note="true"
    if (a.value === 'true') for (const w of a.name.toLowerCase().split(/[^a-z]+/)) if (w) out.add(w);
  }
  return out;
}
const hasWord = (el, set) => { for (const w of words(el)) if (set.has(w)) return true; return false; };

// Author or time metadata: an element the message's header is made of.
function isMeta(el) {
  return el.matches(META_TAGS) || hasWord(el, META_WORDS) || CLOCK.test(el.getAttribute('title') || '');
}

function textOutside(el, skip) {
  let n = 0;
  const walk = (x) => {
    if (x.nodeType === 3) { n += x.data.trim().length; return; }
    if (!isElement(x) || skip(x)) return;
    for (let c = x.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(el);
  return n;
}

// A block carries metadata and some text of its own besides it (a message, not a header).
function messageLike(el) {
  if (!el.querySelector(META_TAGS) && !isMeta(el) && ![...el.querySelectorAll('*')].some(isMeta)) return false;
  return textOutside(el, (x) => isMeta(x) || x.matches('button, script, style, template')) >= 2;
}

// The blocks of the conversation log nearest the composer, in document order, and the
// ancestor they were found under; none: {blocks: []}.
function logBlocks(composer) {
  let a = composedParent(composer);
  for (let level = 0; a && level < MAX_LEVELS && a.localName !== 'html'; level++, a = composedParent(a)) {
    const metas = [...a.querySelectorAll('*')].filter((m) => !composedContains(composer, m) && !m.contains(composer)
      && !m.closest('[data-rapport-ui]') && isMeta(m));
    if (!metas.length) continue;
    const blocks = new Set();
    for (const m of metas) {
      // climb until the parent lists other message-like blocks: this is one of them
      let n = m;
      while (n.parentElement && n.parentElement !== a && !n.parentElement.contains(composer)) {
        const p = n.parentElement;
        if ([...p.children].some((c) => c !== n && !c.contains(composer) && messageLike(c)) && messageLike(n)) break;
        n = p;
      }
      if (!n.contains(composer) && messageLike(n)) blocks.add(n);
    }
    // a block inside another block is a part of it (a quoted header, a reply's metadata)
    const list = [...blocks].filter((b) => ![...blocks].some((o) => o !== b && o.contains(b)));
    if (list.length) return { blocks: list, under: a, level };
  }
  return { blocks: [] };
}

// A note, a private or internal message: by its words, or a short label it shows.
function isNote(block) {
  if ([block, ...block.querySelectorAll('*')].some((e) => hasWord(e, NOTE_WORDS))) return true;
  for (const e of block.querySelectorAll('*')) {
    const t = (e.childElementCount ? '' : e.textContent || '').trim();
    if (t && t.length <= 40 && NOTE_LABEL.test(t)) return true;
  }
  return false;
}

// The agent's side: outgoing, outbound, agent, admin; or written from the account's own
// address (Gmail) when the page shows it.
function isAgentSide(block, ownAddress) {
  if ([block, ...block.querySelectorAll('*')].some((e) => hasWord(e, AGENT_WORDS))) return true;
  if (ownAddress) {
    // the first address the block carries in an attribute is its author's (Gmail's
    // span.gD[email] comes before any recipient)
    for (const e of block.querySelectorAll('*')) {
      const a = [...e.attributes].find((x) => ADDRESS.test(x.value));
      if (a) return a.value.toLowerCase() === ownAddress;
    }
  }
  return false;
}

// Left out of a message's text when it was found by layout: its header and metadata,
// quoted history, signatures, buttons.
function stripOf(el) {
  return el.matches('button, blockquote, time, [role="button"]') || hasWord(el, STRIP_WORDS);
}

// The signed-in address a page shows: Google's account button ("Google Account: Name
// (address)") or the page title ("Inbox - address - Gmail").
function ownAddress(doc, selectors) {
  const found = [];
  for (const sel of selectors || []) {
    let el = null;
    try { el = doc.querySelector(sel); } catch (_) { el = null; }
    if (el) found.push(el.getAttribute('aria-label') || '', el.getAttribute('title') || '', el.textContent || '');
  }
  found.push(doc.title || '');
  for (const s of found) {
    const m = s.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/);
    if (m) return m[0].toLowerCase();
  }
  return null;
}

// The customer's latest message by layout: {block, tried: {blocks, notes, agent}} or null.
function customerBlock(composer, own) {
  const { blocks, level } = logBlocks(composer);
  if (!blocks.length) return { block: null, counts: { blocks: 0, notes: 0, agent: 0 } };
  const counts = { blocks: blocks.length, notes: 0, agent: 0, level };
  const keep = blocks.filter((b) => {
    if (isNote(b)) { counts.notes++; return false; }
    if (isAgentSide(b, own)) { counts.agent++; return false; }
    return true;
  });
  // nearest the composer: the last block before it, else the first after it (a log shown
  // newest first under the reply box)
  const before = keep.filter((b) => b.compareDocumentPosition(composer) & Node.DOCUMENT_POSITION_FOLLOWING);
  const block = before.length ? before[before.length - 1] : keep.find((b) => b.compareDocumentPosition(composer) & Node.DOCUMENT_POSITION_PRECEDING) || null;
  return { block, counts };
}

// ---- Send ----------------------------------------------------------------------------
function accessibleName(el) {
  const label = el.getAttribute('aria-label');
  if (label && label.trim()) return label.trim();
  const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  const byId = ids.map((id) => el.getRootNode().getElementById?.(id) || el.ownerDocument.getElementById(id)).filter(Boolean);
  if (byId.length) return byId.map((n) => n.textContent).join(' ').replace(/\s+/g, ' ').trim();
  if (el.localName === 'input') return (el.value || '').trim();
  return (el.textContent || '').replace(/\s+/g, ' ').trim() || (el.getAttribute('title') || el.getAttribute('data-tooltip') || '').trim();
}

const isSendName = (name) => SEND_NAME.test(name.replace(/^[\s\u202a-\u202e\u2066-\u2069]+/, ''));

// ---- same-origin frames ----------------------------------------------------------------
// A helpdesk may put its reply box in a frame (a rich-text editor's iframe) and Send in the
// page, or the other way round. Each frame runs its own content script; the one whose
// composer it is follows the tree across same-origin frame boundaries (a cross-origin
// frame's document cannot be read, and ends the walk).

// The <iframe> holding a document in its same-origin parent, or null.
function frameOf(doc) {
  try { return (doc.defaultView && doc.defaultView.frameElement) || null; } catch (_) { return null; }
}

// composedParent, continuing from a same-origin frame's root element to its <iframe>.
function outerParent(n) {
  const p = composedParent(n);
  if (p || n.nodeType !== 1 || n !== n.ownerDocument.documentElement) return p;
  return frameOf(n.ownerDocument);
}

function outerContains(ancestor, node) {
  for (let n = node; n; n = outerParent(n)) if (n === ancestor) return true;
  return false;
}

// The root of a framed document is no container of its own: the walk goes on to its frame.
const isRoot = (n) => n.localName === 'body' || n.localName === 'html';
const framed = (n) => !!frameOf(n.ownerDocument);

// The elements matching selector under root and inside the same-origin frames under it.
function deepAll(root, selector) {
  const out = [...root.querySelectorAll(selector)];
  for (const f of root.querySelectorAll('iframe, frame')) {
    let doc = null;
    try { doc = f.contentDocument; } catch (_) { doc = null; }
    if (doc && doc.documentElement) out.push(...deepAll(doc.documentElement, selector));
  }
  return out;
}

// The topmost same-origin document above doc (doc itself when it is not framed).
function topDocument(doc) {
  for (let f = frameOf(doc); f; f = frameOf(doc)) doc = f.ownerDocument;
  return doc;
}

// Every same-origin window of the tab reachable from win: its topmost same-origin
// ancestor and the same-origin frames under that.
function sameOriginWindows(win) {
  const out = [];
  const walk = (doc) => {
    if (!doc || !doc.defaultView || out.includes(doc.defaultView)) return;
    out.push(doc.defaultView);
    for (const f of doc.querySelectorAll('iframe, frame')) {
      let inner = null;
      try { inner = f.contentDocument; } catch (_) { inner = null; }
      walk(inner);
    }
  };
  walk(topDocument(win.document));
  return out;
}

// Where a document's viewport starts in its topmost same-origin document's viewport.
function viewportOffset(doc) {
  let x = 0, y = 0;
  for (let f = frameOf(doc); f; f = frameOf(f.ownerDocument)) {
    const r = f.getBoundingClientRect();
    const cs = f.ownerDocument.defaultView.getComputedStyle(f);
    x += r.left + f.clientLeft + (parseFloat(cs.paddingLeft) || 0);
    y += r.top + f.clientTop + (parseFloat(cs.paddingTop) || 0);
  }
  return { x, y };
}

// An element's box in the viewport of doc, a same-origin document above or below its own.
function rectIn(el, doc) {
  const r = el.getBoundingClientRect();
  const from = viewportOffset(el.ownerDocument), to = viewportOffset(doc);
  const left = r.left + from.x - to.x, top = r.top + from.y - to.y;
  return { x: left, y: top, left, top, right: left + r.width, bottom: top + r.height, width: r.width, height: r.height };
}

// Within NEAR_LEVELS containers of the composer, across same-origin frames.
function isNear(control, composer) {
  let i = 0;
  for (let n = outerParent(composer); n && i < NEAR_LEVELS; n = outerParent(n)) {
    if (isRoot(n)) { if (framed(n)) continue; return false; }
    if (outerContains(n, control)) return true;
    i++;
  }
  return false;
}

// The controls named Send (or Reply, Enviar, Senden, ...) nearest the composer: those
// under its closest container (within NEAR_LEVELS, across same-origin frames) that holds
// any, shown on the page (a ticket in a hidden tab keeps its own).
function sendControls(composer) {
  let i = 0;
  for (let n = outerParent(composer); n && i < NEAR_LEVELS; n = outerParent(n)) {
    if (isRoot(n)) { if (framed(n)) continue; break; }
    i++;
    const found = deepAll(n, BUTTONISH).filter((b) => {
      const role = b.getAttribute('role');
      if (role && role !== 'button') return false; // tabs and menu items: "Reply (rich text)" is no Send
      return !b.disabled && b.getClientRects().length > 0 && isSendName(accessibleName(b));
    });
    if (found.length) return found;
  }
  return [];
}

export {
  logBlocks, customerBlock, stripOf, ownAddress, sendControls, isSendName, accessibleName, isNear, composedParent, composedContains,
  outerParent, outerContains, frameOf, topDocument, sameOriginWindows, rectIn, BUTTONISH, words,
};
