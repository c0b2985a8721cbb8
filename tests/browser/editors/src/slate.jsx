// Slate with slate-react and slate-history (React 18): paragraphs, a bulleted list, bold
// leaves and inline links, rendered as the Slate rich-text examples do.
import React, { useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { createEditor, Editor, Element, Node } from 'slate';
import { Slate, Editable, withReact } from 'slate-react';
import { withHistory } from 'slate-history';
import { BLOCKS, expose } from './content.js';

const leaves = (runs) => runs.map((r) => (r.link
  ? { type: 'link', url: r.link, children: [{ text: r.text, ...(r.bold ? { bold: true } : {}) }] }
  : { text: r.text, ...(r.bold ? { bold: true } : {}) }));
// Slate wants a text leaf on both sides of an inline
const padInlines = (children) => {
  const out = [];
  children.forEach((c, i) => {
    if (c.type === 'link' && (i === 0 || children[i - 1].type === 'link')) out.push({ text: '' });
    out.push(c);
    if (c.type === 'link' && i === children.length - 1) out.push({ text: '' });
  });
  return out;
};
const initial = BLOCKS.map((b) => (b.type === 'ul'
  ? { type: 'bulleted-list', children: b.items.map((it) => ({ type: 'list-item', children: padInlines(leaves(it)) })) }
  : { type: 'paragraph', children: padInlines(leaves(b.runs)) }));

const editor = withHistory(withReact(createEditor()));
const { isInline } = editor;
editor.isInline = (el) => el.type === 'link' || isInline(el);

function renderElement({ attributes, children, element }) {
  switch (element.type) {
    case 'bulleted-list': return <ul {...attributes}>{children}</ul>;
    case 'list-item': return <li {...attributes}>{children}</li>;
    case 'link': return <a {...attributes} href={element.url}>{children}</a>;
    default: return <p {...attributes}>{children}</p>;
  }
}
function renderLeaf({ attributes, children, leaf }) {
  return <span {...attributes}>{leaf.bold ? <strong>{children}</strong> : children}</span>;
}

function App() {
  const [value] = useState(initial);
  return (
    <Slate editor={editor} initialValue={value}>
      <Editable renderElement={useCallback(renderElement, [])} renderLeaf={useCallback(renderLeaf, [])} placeholder="Write a reply" spellCheck={false} />
    </Slate>
  );
}

flushSync(() => createRoot(document.querySelector('#editor')).render(<App />));
const isTextBlock = (n) => Element.isElement(n) && !editor.isInline(n) && !n.children.some((c) => Element.isElement(c) && !editor.isInline(c));
window.slateEditor = editor;
expose({
  name: 'Slate',
  text: () => [...Editor.nodes(editor, { at: [], match: isTextBlock })].map(([n]) => Node.string(n)).join('\n'),
  html: () => JSON.stringify(editor.children),
  editable: document.querySelector('[data-slate-editor]'),
  scroller: document.querySelector('#editor'),
});
