// Options: rules on/off (the list comes from the engine itself) and the sites list.
/* global RapportProtocol, RapportSettings */
(function () {
  'use strict';
  const { MSG } = RapportProtocol;
  const S = RapportSettings;
  const $ = (id) => document.getElementById(id);
  const el = (tag, text) => { const n = document.createElement(tag); if (text != null) n.textContent = String(text); return n; };

  function renderSites(settings) {
    const ul = $('sites');
    ul.replaceChildren();
    const hosts = Object.keys(settings.sites).sort();
    if (!hosts.length) ul.append(el('li', 'None yet.'));
    for (const host of hosts) {
      const li = el('li');
      const box = el('input');
      box.type = 'checkbox';
      box.checked = settings.sites[host];
      box.addEventListener('change', () => S.setSite(host, box.checked));
      const forget = el('button', 'Forget');
      forget.addEventListener('click', () => S.update((s) => { delete s.sites[host]; }));
      li.append(box, ' ', el('span', host), ' ', forget);
      ul.append(li);
    }
  }

  function renderRules(rules, settings) {
    const body = $('rules').tBodies[0];
    body.replaceChildren();
    for (const r of rules) {
      const tr = el('tr');
      const box = el('input');
      box.type = 'checkbox';
      box.checked = !settings.disabledRules.includes(r.id);
      box.setAttribute('aria-label', r.id);
      box.addEventListener('change', () => S.setRule(r.id, box.checked));
      const on = el('td');
      on.append(box);
      tr.append(on, el('td', r.id), el('td', r.category), el('td', r.severity), el('td', r.message));
      body.append(tr);
    }
  }

  let rules = [];
  async function refresh() {
    const settings = await S.load();
    renderSites(settings);
    renderRules(rules, settings);
  }

  $('defaults').textContent = 'Always on unless you turn them off: ' + S.HELPDESK_DOMAINS.join(', ') + '.';
  $('add-site').addEventListener('submit', (e) => {
    e.preventDefault();
    const host = $('new-site').value.trim().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (host) S.setSite(host, true);
    $('new-site').value = '';
  });
  S.onChange(() => refresh());
  chrome.runtime.sendMessage({ type: MSG.RULES }).then((reply) => {
    if (!reply || reply.error) throw new Error(reply ? reply.error : 'no reply');
    rules = reply.rules;
    return refresh();
  }).catch((e) => { $('error').hidden = false; $('error').textContent = 'Could not load the rules: ' + e.message; refresh(); });
})();
