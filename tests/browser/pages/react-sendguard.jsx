// A React-controlled composer with its own Send button and Ctrl+Enter: what it sends is
// React's state, recorded in window.sent, so the test sees what the app itself would post.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

window.sent = [];

function Composer() {
  const [draft, setDraft] = useState('');
  const send = (via) => window.sent.push({ via, composer: 'reply', text: draft });
  return (
    <div>
      <textarea id="reply" aria-label="Reply" value={draft} onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send('key'); } }} />
      <div><button type="button" id="send" onClick={() => send('button')}>Send</button></div>
      <p>State: <output id="state">{draft}</output></p>
    </div>
  );
}

createRoot(document.getElementById('root')).render(<Composer />);
