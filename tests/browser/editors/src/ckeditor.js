// CKEditor 5, the classic editor with the plugins of its default setup (the composer
// Zendesk's agent workspace is built on).
import {
  ClassicEditor, Essentials, Paragraph, Heading, Bold, Italic, Link, List, BlockQuote, Autoformat,
} from 'ckeditor5';
import 'ckeditor5/ckeditor5.css';
import { blocksHtml, htmlLines, expose } from './content.js';

const editor = await ClassicEditor.create(document.querySelector('#editor'), {
  licenseKey: 'GPL',
  plugins: [Essentials, Paragraph, Heading, Bold, Italic, Link, List, BlockQuote, Autoformat],
  toolbar: ['undo', 'redo', '|', 'heading', '|', 'bold', 'italic', 'link', '|', 'bulletedList', 'numberedList', 'blockQuote'],
  initialData: blocksHtml(),
});
window.editor = editor;
const editable = editor.ui.getEditableElement();
expose({
  name: 'CKEditor 5',
  text: () => htmlLines(editor.getData()).join('\n'),
  html: () => editor.getData(),
  editable,
  scroller: editable,
});
