// Small, strict readers of the exported formats, shared by the node unit tests and the
// browser suite: a property-list XML reader and a .reg reader. Strict: anything they do
// not understand is an error, so a malformed export fails the tests.

// Reads an XML property list into plain values.
export function parsePlist(xml) {
  const tokens = [...xml.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/^<!DOCTYPE[^>]*>\s*/, '').matchAll(/<(\/?)([A-Za-z]+)([^>]*?)(\/?)>|([^<]+)/g)];
  let i = 0;
  const next = () => {
    for (;;) {
      const t = tokens[i++];
      if (!t) throw new Error('plist: unexpected end');
      if (t[5] !== undefined) { if (t[5].trim()) throw new Error(`plist: stray text ${JSON.stringify(t[5].slice(0, 20))}`); continue; }
      return { close: t[1] === '/', name: t[2], empty: t[4] === '/' };
    }
  };
  const text = (name) => {
    const t = tokens[i];
    let s = '';
    if (t && t[5] !== undefined) { s = t[5]; i++; }
    const end = next();
    if (!end.close || end.name !== name) throw new Error(`plist: <${name}> not closed`);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(s)) throw new Error('plist: bad entity');
    return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  };
  const value = (tag) => {
    const { name, close, empty } = tag;
    if (close) throw new Error(`plist: unexpected </${name}>`);
    if (name === 'true' || name === 'false') { if (!empty) throw new Error('plist: <true/> and <false/> are empty'); return name === 'true'; }
    if (name === 'string') return empty ? '' : text('string');
    if (name === 'integer') { const n = text('integer'); if (!/^-?\d+$/.test(n)) throw new Error('plist: bad integer'); return Number(n); }
    if (name === 'array') {
      const out = [];
      if (empty) return out;
      for (let t = next(); !(t.close && t.name === 'array'); t = next()) out.push(value(t));
      return out;
    }
    if (name === 'dict') {
      const out = {};
      if (empty) return out;
      for (let t = next(); !(t.close && t.name === 'dict'); t = next()) {
        if (t.name !== 'key' || t.close) throw new Error(`plist: expected <key>, got <${t.name}>`);
        const k = text('key');
        const v = next();
        if (v.close) throw new Error(`plist: key ${k} has no value`);
        out[k] = value(v);
      }
      return out;
    }
    throw new Error(`plist: unknown element <${name}>`);
  };
  const open = next();
  if (open.name !== 'plist' || open.close) throw new Error('plist: no <plist>');
  const result = value(next());
  const end = next();
  if (!end.close || end.name !== 'plist') throw new Error('plist: </plist> expected');
  return result;
}

// Reads a version 5.00 .reg text: {deleted: [key], keys: {key: {name: {type, value}}}}.
export function parseReg(text) {
  const lines = text.split('\r\n');
  if (lines[0] !== 'Windows Registry Editor Version 5.00') throw new Error('reg: not a version 5.00 file');
  const out = { deleted: [], keys: {} };
  let current = null;
  for (const line of lines.slice(1)) {
    if (!line || line.startsWith(';')) continue;
    let m;
    if ((m = /^\[-(.+)\]$/.exec(line))) { out.deleted.push(m[1]); current = null; continue; }
    if ((m = /^\[(.+)\]$/.exec(line))) { current = out.keys[m[1]] = {}; continue; }
    if (!current) throw new Error(`reg: a value outside a key: ${line}`);
    if (!(m = /^"((?:[^"\\]|\\.)*)"=(.*)$/.exec(line))) throw new Error(`reg: cannot read ${line}`);
    const name = m[1].replace(/\\(.)/g, '$1');
    const data = m[2];
    if ((m = /^"((?:[^"\\]|\\.)*)"$/.exec(data))) current[name] = { type: 'sz', value: m[1].replace(/\\(.)/g, '$1') };
    else if ((m = /^dword:([0-9a-f]{8})$/.exec(data))) current[name] = { type: 'dword', value: parseInt(m[1], 16) };
    else if ((m = /^hex\(1\):((?:[0-9a-f]{2},)*[0-9a-f]{2})$/.exec(data))) {
      const bytes = m[1].split(',').map((b) => parseInt(b, 16));
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      if (!s.endsWith('\u0000')) throw new Error('reg: hex(1) without its terminating NUL');
      current[name] = { type: 'sz', value: s.slice(0, -1) };
    } else throw new Error(`reg: unknown value type in ${line}`);
  }
  return out;
}
