// Draft.js (React 18) with RichUtils key commands, the draft loaded by convertFromHTML and
// links shown through a decorator, as Draft's own link example does.
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import {
  Editor, EditorState, RichUtils, ContentState, CompositeDecorator, convertFromHTML, convertToRaw,
} from 'draft-js';
import 'draft-js/dist/Draft.css';
import { blocksHtml, expose } from './content.js';

function Link({ contentState, entityKey, children }) {
  const { url } = contentState.getEntity(entityKey).getData();
  return <a href={url}>{children}</a>;
}
const decorator = new CompositeDecorator([{
  strategy: (block, callback, contentState) => block.findEntityRanges((c) => {
    const key = c.getEntity();
    return key !== null && contentState.getEntity(key).getType() === 'LINK';
  }, callback),
  component: Link,
}]);

const parsed = convertFromHTML(blocksHtml());
let current = EditorState.createWithContent(ContentState.createFromBlockArray(parsed.contentBlocks, parsed.entityMap), decorator);

function App() {
  const [state, setState] = useState(current);
  current = state;
  const onChange = (s) => { current = s; setState(s); };
  const handleKeyCommand = (command, s) => {
    const next = RichUtils.handleKeyCommand(s, command);
    if (next) { onChange(next); return 'handled'; }
    return 'not-handled';
  };
  return <Editor editorState={state} onChange={onChange} handleKeyCommand={handleKeyCommand} />;
}

flushSync(() => createRoot(document.querySelector('#editor')).render(<App />));
const editable = document.querySelector('.public-DraftEditor-content');
expose({
  name: 'Draft.js',
  text: () => current.getCurrentContent().getPlainText('\n'),
  html: () => JSON.stringify(convertToRaw(current.getCurrentContent())),
  editable,
  scroller: document.querySelector('#editor'),
});
