// Quill 2 with the snow theme and its default toolbar and modules (history, keyboard, clipboard).
import Quill from 'quill';
import 'quill/dist/quill.snow.css';
import { blocksHtml, expose } from './content.js';

const container = document.querySelector('#editor');
container.innerHTML = blocksHtml();
const quill = new Quill(container, { theme: 'snow' });
window.quill = quill;
expose({
  name: 'Quill',
  text: () => quill.getText().replace(/\n$/, ''),
  html: () => quill.getSemanticHTML(),
  editable: quill.root,
  scroller: quill.root,
});
