// A controlled textarea: the DOM value is whatever React's state says. The <output>
// renders the state, so the test reads React's state back from the component.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

function Composer() {
  const [draft, setDraft] = useState('');
  return (
    <div>
      <textarea id="reply" value={draft} onChange={(e) => setDraft(e.target.value)} />
      <p>State: <output id="state">{draft}</output></p>
    </div>
  );
}

createRoot(document.getElementById('root')).render(<Composer />);
