// Demo helpdesk behaviour: switch between the plain and the rich composer, and a tiny
// bold/italic toolbar for the rich one. It knows Rapport only from the outside: when the
// hint's sentence is typed and nothing gets underlined, it says how to turn Rapport on.
const tabs = { text: document.getElementById('tab-text'), rich: document.getElementById('tab-rich') };
const panes = { text: document.getElementById('pane-text'), rich: document.getElementById('pane-rich') };
for (const [name, tab] of Object.entries(tabs)) {
  tab.addEventListener('click', () => {
    for (const [other, t] of Object.entries(tabs)) {
      t.setAttribute('aria-selected', String(other === name));
      panes[other].hidden = other !== name;
    }
  });
}
for (const b of document.querySelectorAll('[data-cmd]')) {
  b.addEventListener('mousedown', (e) => e.preventDefault());
  b.addEventListener('click', () => document.execCommand(b.dataset.cmd));
}
document.getElementById('send').addEventListener('click', () => {
  document.getElementById('sent').textContent = 'Sent (demo only: nothing leaves this page).';
});

// The hint's phrase is one Rapport always underlines; two seconds after it is typed with
// no underline on the page, the extension is missing or off for this site.
const HINT_PHRASE = /plug it in/i;
const missing = document.getElementById('rapport-missing');
function underlined() {
  if (typeof CSS !== 'undefined' && CSS.highlights && CSS.highlights.size > 0) return true;
  for (const host of document.querySelectorAll('[data-rapport-ui="overlay"]')) {
    if (host.shadowRoot && host.shadowRoot.querySelector('mark')) return true;
  }
  return false;
}
let waiting = null;
for (const composer of [document.getElementById('reply-text'), document.getElementById('reply-rich')]) {
  composer.addEventListener('input', () => {
    clearTimeout(waiting);
    const text = composer.value !== undefined ? composer.value : composer.textContent;
    if (!HINT_PHRASE.test(text) || underlined()) {
      missing.hidden = true;
      return;
    }
    waiting = setTimeout(() => { missing.hidden = underlined(); if (!missing.hidden) watchForUnderlines(); }, 2000);
  });
}
// A slow first analysis (a loaded machine, a catalog part still arriving) can underline
// after the two seconds: the hint then goes away by itself instead of contradicting the page.
let watching = null;
function watchForUnderlines() {
  clearInterval(watching);
  watching = setInterval(() => {
    if (underlined() || missing.hidden) {
      missing.hidden = true;
      clearInterval(watching);
    }
  }, 500);
}
