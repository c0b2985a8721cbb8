// The one message protocol between the content script, the service worker and the popup.
// Every message is a plain object {type, ...}; the shapes are documented next to each type.
// An ES module: the content script's and the worker's bundles and the extension's pages import it.
const MSG = Object.freeze({
  // content -> worker. {type, text: string, options?: object, context?: {customerMessage: string}}
  //   reply {report: {findings, moves, score, customer?}} | {error: string}
  ANALYZE: 'rapport/analyze',
  // content -> worker. {type, text: string}  reply {end: number} | {error: string}: where the
  //   engine stops reading the text (UTF-16 units: the start of a signature or e-mail history
  //   line, or its length), for a large draft analysed in pieces
  ANALYSIS_END: 'rapport/analysis-end',
  // any page -> worker. {type}  reply {rules: Rule[]} | {error: string}
  RULES: 'rapport/rules',
  // worker -> content (all frames of the tab). {type, command: COMMANDS[k]}  no reply
  COMMAND: 'rapport/command',
  // popup -> content, top frame. {type}
  //   reply {host: string, active: boolean, enginePath: 'content'|'worker'|null}
  STATUS: 'rapport/status',
  // popup -> content, all frames; only a frame with an attached editor replies.
  //   reply {findings: number, score: number (0-100), scoreWords: string ("reads warm"),
  //   focusedAt: number, customer: string|null}
  //   (customer: the one-line summary of what Rapport read from the customer's message),
  //   health: {composer: true, helpdesk: string|null (the data file's name),
  //     customer: 'helpdesk'|'layout'|'selection'|'dismissed'|null (how the customer's
  //     message was found), send: 'helpdesk'|'form'|'layout'|null (how the Send control was)}
  EDITOR_REPORT: 'rapport/editor-report',
  // options page -> content, all frames; only a frame with a focused composer replies.
  //   reply {host, helpdesk, composer: {tag, kind, role}, customer: {path, fields:
  //   {[field]: {tried: string[], matched: number, count?}}, layout}, send: {path, tried,
  //   matched, count}}: selectors tried and which matched, for a bug report; never any
  //   text of the page, the draft or the customer
  DIAGNOSTICS: 'rapport/diagnostics',
  // content -> worker. {type}  reply {files: [{file: string, text?: string, error?: string}]}
  //   the raw helpdesk data files (extension/helpdesks/*.json, listed in index.json); the
  //   content script parses and validates them (content/customer.js)
  HELPDESKS: 'rapport/helpdesks',
  // content -> worker. {type}  reply {shortcuts: {[command]: string}} (the keys the agent
  //   bound, '' for an unbound command), for the card to name them
  SHORTCUTS: 'rapport/shortcuts',
  // content -> worker. {type, rule: string}  reply {text: string} ('' for a rule it does
  //   not know): a built-in rule's explanation, which the wasm leaves out of its reports
  //   (engine/rapport_text.json, read when a card opens)
  EXPLAIN: 'rapport/explain',
  // content -> worker. {type, count: number}  no reply; the findings in the reply focused
  //   last, for the toolbar badge of the sender's tab (0 clears it)
  BADGE: 'rapport/badge',
});
const COMMANDS = Object.freeze({
  NEXT: 'next-finding',
  APPLY: 'apply-top-rewrite',
  DISMISS: 'dismiss',
  // the selected text becomes the customer message for the composer focused last
  COACH_SELECTION: 'coach-to-selection',
});
export { MSG, COMMANDS };
