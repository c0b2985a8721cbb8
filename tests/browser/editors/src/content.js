// The draft every editor page starts with: paragraphs, a bulleted list with a link, bold
// runs, an emoji before a cold phrase, a cold phrase across a bold run, and enough lines
// that the editor scrolls. Each page builds it the way its editor is fed (HTML, or the
// editor's own nodes), so every editor holds the same text.
export const BLOCKS = [
  { type: 'p', runs: [{ text: 'Hi Sam 👋, thanks for writing in about order ' }, { text: '4412', bold: true }, { text: '. Did you plug it in?' }] },
  {
    type: 'ul',
    items: [
      [{ text: 'I checked the ' }, { text: 'tracking page', link: '/track/4412' }, { text: ' for you.' }],
      [{ text: 'You should have restarted the router.' }],
    ],
  },
  { type: 'p', runs: [{ text: 'As I ' }, { text: 'already', bold: true }, { text: ' said, the refund is on its way.' }] },
  { type: 'p', runs: [{ text: 'Our team looked at the logs from last night.' }] },
  { type: 'p', runs: [{ text: 'The replacement part ships from our warehouse tomorrow morning.' }] },
  { type: 'p', runs: [{ text: 'You can track the parcel with the link in your confirmation email.' }] },
  { type: 'p', runs: [{ text: 'The refund will show on your statement within five days.' }] },
  { type: 'p', runs: [{ text: 'I have added a note to the ticket so the technician can visit on Thursday.' }] },
  { type: 'p', runs: [{ text: 'Please calm down, we will sort this out today.' }] },
  { type: 'p', runs: [{ text: 'Best regards, Sam' }] },
];

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function runsHtml(runs) {
  return runs.map((r) => {
    let h = escape(r.text);
    if (r.bold) h = `<strong>${h}</strong>`;
    if (r.link) h = `<a href="${escape(r.link)}">${h}</a>`;
    return h;
  }).join('');
}

// The draft as HTML, for editors that load HTML.
export function blocksHtml(blocks = BLOCKS) {
  return blocks.map((b) => (b.type === 'ul'
    ? `<ul>${b.items.map((it) => `<li>${runsHtml(it)}</li>`).join('')}</ul>`
    : `<p>${runsHtml(b.runs)}</p>`)).join('');
}

// Lines of text (one per paragraph or list item) from an HTML string an editor returned:
// how the pages whose editor speaks HTML turn its own output into text for the test.
export function htmlLines(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const lines = [];
  const walk = (el) => {
    const blocks = [...el.children].filter((c) => /^(P|LI|H[1-6]|BLOCKQUOTE|DIV|UL|OL|PRE)$/.test(c.nodeName));
    if (!blocks.length) { lines.push(el.textContent); return; }
    for (const c of blocks) walk(c);
  };
  walk(doc.body);
  return lines;
}

// What every page puts on window for the test: `text()` and `html()` read the editor's own
// model through its API; `editable` is the element the agent types in, `scroller` the one
// that scrolls.
export function expose(api) {
  window.editorApi = { ...api, ready: true };
}
