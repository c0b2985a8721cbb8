// Demo helpdesk behaviour: switch between the plain and the rich composer, and a tiny
// bold/italic toolbar for the rich one. Nothing here knows about Rapport.
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
