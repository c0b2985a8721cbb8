// ProseMirror with prosemirror-example-setup (menu bar, input rules, keymaps, history) over
// the basic schema with lists.
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { Schema, DOMParser as PMDOMParser, DOMSerializer } from 'prosemirror-model';
import { schema as basic } from 'prosemirror-schema-basic';
import { addListNodes } from 'prosemirror-schema-list';
import { exampleSetup } from 'prosemirror-example-setup';
import 'prosemirror-view/style/prosemirror.css';
import 'prosemirror-menu/style/menu.css';
import 'prosemirror-example-setup/style/style.css';
import { blocksHtml, expose } from './content.js';

const schema = new Schema({ nodes: addListNodes(basic.spec.nodes, 'paragraph block*', 'block'), marks: basic.spec.marks });
const holder = document.createElement('div');
holder.innerHTML = blocksHtml();
const view = new EditorView(document.querySelector('#editor'), {
  state: EditorState.create({ doc: PMDOMParser.fromSchema(schema).parse(holder), plugins: exampleSetup({ schema }) }),
});
window.view = view;
expose({
  name: 'ProseMirror',
  // one line per textblock, the way textContent reads it with a separator between blocks
  text: () => view.state.doc.textBetween(0, view.state.doc.content.size, '\n'),
  html: () => {
    const div = document.createElement('div');
    div.append(DOMSerializer.fromSchema(schema).serializeFragment(view.state.doc.content));
    return div.innerHTML;
  },
  editable: view.dom,
  scroller: view.dom,
});
