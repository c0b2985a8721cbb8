// TinyMCE, self-hosted from its npm package (its own browser build, loaded by the page with
// a script tag), with the lists and link plugins; its editable body is in an iframe.
import { blocksHtml, htmlLines, expose } from './content.js';

const [editor] = await window.tinymce.init({
  selector: '#editor',
  license_key: 'gpl',
  plugins: 'lists link',
  toolbar: 'undo redo | bold italic | bullist numlist | link',
  menubar: false,
  height: 280,
  promotion: false,
  branding: false,
});
editor.setContent(blocksHtml());
editor.undoManager.clear();
editor.undoManager.add();
window.tinyEditor = editor;
expose({
  name: 'TinyMCE',
  text: () => htmlLines(editor.getContent()).join('\n').replace(/\u00a0/g, ' '),
  html: () => editor.getContent(),
  editable: editor.getBody(),
  scroller: editor.getDoc().scrollingElement,
});
