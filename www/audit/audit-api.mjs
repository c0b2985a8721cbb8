// The one place the audit page gets its audit from: the engine's Rust audit (src/audit.rs,
// the same code as `rapport audit`), exported by the wasm build as methods of the Engine
// (or as free functions of wasm_bindgen):
//   auditExport(text) -> {format: 'zendesk'|'csv', macros: [{title, body, report, suggested}]}
//   writeFixedExport(text, bodies: string[]) -> string
// Both throw an Error whose message names the row and column (CSV) or macro and field (JSON).
export function auditApi(rapport) {
  const fn = (name) => {
    if (typeof rapport.engine[name] === 'function') return (...a) => rapport.engine[name](...a);
    if (typeof rapport.glue[name] === 'function') return (...a) => rapport.glue[name](...a);
    throw new Error(`this engine build has no ${name}: rebuild it with \`make wasm\``);
  };
  const audit = fn('auditExport');
  const auditExport = (...a) => {
    const out = audit(...a);
    if (typeof rapport.explainReport === 'function') for (const m of out.macros || []) rapport.explainReport(m.report);
    return out;
  };
  return { auditExport, writeFixedExport: fn('writeFixedExport') };
}
