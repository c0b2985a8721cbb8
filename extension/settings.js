// Settings shared by the content script, the worker, the popup and the options page.
//   chrome.storage.sync  "settings": {sites: {host: boolean}, disabledRules: string[],
//                                    severityOverrides: {ruleId: "low"|"medium"|"high"}}
//   chrome.storage.local "enginePath": {origin: {path: "content"|"worker", at: ms}}  (which engine host works)
(function (global) {
  'use strict';
  // Helpdesks where Rapport is on until the agent turns it off.
  const HELPDESK_DOMAINS = [
    'zendesk.com', 'freshdesk.com', 'intercom.com', 'intercom.io', 'helpscout.net',
    'gorgias.com', 'front.com', 'frontapp.com', 'hubspot.com', 'salesforce.com',
    'force.com', 'lightning.force.com', 'mail.google.com', 'outlook.office.com',
    'outlook.live.com',
  ];
  const DEFAULTS = Object.freeze({ sites: {}, disabledRules: [], severityOverrides: {} });

  function normalize(raw) {
    const s = raw && typeof raw === 'object' ? raw : {};
    return {
      sites: s.sites && typeof s.sites === 'object' ? { ...s.sites } : {},
      disabledRules: Array.isArray(s.disabledRules) ? s.disabledRules.filter((x) => typeof x === 'string') : [],
      severityOverrides: s.severityOverrides && typeof s.severityOverrides === 'object' ? { ...s.severityOverrides } : {},
      sendGuard: s.sendGuard === 'warn' || s.sendGuard === 'confirm' ? s.sendGuard : 'off',
    };
  }

  function isHelpdesk(host) {
    host = String(host || '').toLowerCase();
    return HELPDESK_DOMAINS.some((d) => host === d || host.endsWith('.' + d));
  }

  // The agent's choice for the host wins; otherwise on for known helpdesks only.
  function isActive(settings, host) {
    const v = settings.sites[String(host || '').toLowerCase()];
    return typeof v === 'boolean' ? v : isHelpdesk(host);
  }

  async function load() {
    const got = await chrome.storage.sync.get('settings');
    return normalize(got.settings);
  }

  // Read-modify-write under one function so callers never clobber each other's fields.
  async function update(fn) {
    const next = normalize(await load());
    fn(next);
    await chrome.storage.sync.set({ settings: normalize(next) });
    return next;
  }

  function setSite(host, on) {
    return update((s) => { s.sites[String(host).toLowerCase()] = !!on; });
  }

  function setRule(id, on) {
    return update((s) => {
      s.disabledRules = s.disabledRules.filter((r) => r !== id);
      if (!on) s.disabledRules.push(id);
    });
  }

  function engineOptions(s) {
    return { disabledRules: s.disabledRules.slice(), severityOverrides: { ...s.severityOverrides } };
  }

  function onChange(cb) {
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area === 'sync' && changes.settings) cb(normalize(changes.settings.newValue));
    });
  }

  async function enginePathFor(origin) {
    const got = await chrome.storage.local.get('enginePath');
    return (got.enginePath || {})[origin] || null;
  }

  async function rememberEnginePath(origin, path) {
    const got = await chrome.storage.local.get('enginePath');
    const map = got.enginePath || {};
    map[origin] = path;
    await chrome.storage.local.set({ enginePath: map });
  }

  global.RapportSettings = Object.freeze({
    HELPDESK_DOMAINS, DEFAULTS, normalize, isHelpdesk, isActive, load, update, setSite,
    setRule, engineOptions, onChange, enginePathFor, rememberEnginePath,
  });
})(globalThis);
