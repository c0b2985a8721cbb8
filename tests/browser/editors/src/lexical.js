// Lexical (vanilla) with its rich-text, list, link and history packages, the draft built
// from Lexical's own nodes.
import {
  createEditor, $getRoot, $createParagraphNode, $createTextNode, $isElementNode,
} from 'lexical';
import { registerRichText, HeadingNode, QuoteNode } from '@lexical/rich-text';
import { ListNode, ListItemNode, $createListNode, $createListItemNode, registerList } from '@lexical/list';
import { LinkNode, $createLinkNode } from '@lexical/link';
import { registerHistory, createEmptyHistoryState } from '@lexical/history';
import { mergeRegister } from '@lexical/utils';
import { BLOCKS, expose } from './content.js';

const editor = createEditor({
  namespace: 'rapport-test',
  nodes: [HeadingNode, QuoteNode, ListNode, ListItemNode, LinkNode],
  onError: (e) => { throw e; },
  theme: { text: { bold: 'bold' } },
});
const editable = document.querySelector('#editor');
editor.setRootElement(editable);
mergeRegister(registerRichText(editor), registerList(editor), registerHistory(editor, createEmptyHistoryState(), 300));

function runs(parent, list) {
  for (const r of list) {
    const t = $createTextNode(r.text);
    if (r.bold) t.toggleFormat('bold');
    if (r.link) { const a = $createLinkNode(r.link); a.append(t); parent.append(a); } else parent.append(t);
  }
  return parent;
}
await new Promise((done) => editor.update(() => {
  const root = $getRoot();
  root.clear();
  for (const b of BLOCKS) {
    if (b.type === 'ul') {
      const ul = $createListNode('bullet');
      for (const it of b.items) ul.append(runs($createListItemNode(), it));
      root.append(ul);
    } else root.append(runs($createParagraphNode(), b.runs));
  }
}, { onUpdate: done, tag: 'history-merge' }));

// one line per block that holds no other block (a paragraph, a list item)
function lines(node) {
  if ($isElementNode(node) && !node.isInline()) {
    const kids = node.getChildren();
    if (kids.some((k) => $isElementNode(k) && !k.isInline())) return kids.flatMap(lines);
  }
  return [node.getTextContent()];
}
window.lexicalEditor = editor;
expose({
  name: 'Lexical',
  text: () => editor.getEditorState().read(() => $getRoot().getChildren().flatMap(lines).join('\n')),
  html: () => JSON.stringify(editor.getEditorState().toJSON()),
  editable,
  scroller: editable,
});
