// Where the wasm's code goes: each function's body size from the name section of the
// wasm-bindgen output *before* wasm-opt (the shipped file has its names stripped), summed
// by crate and by kind (sort instantiations, formatting, serde_json), and the code and data
// sections of a second, shipped file gzipped alone. No twiggy or wabt needed.
//
//   node tests/bench/wasm-code.mjs <rapport_bg.wasm with names> [shipped.wasm] [top N]
import fs from 'node:fs';
import zlib from 'node:zlib';

function sections(buf) {
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    let b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** s;
      s += 7;
    } while (b & 0x80);
    return r;
  };
  const out = { importedFunctions: 0, bodies: [], names: new Map(), ranges: {} };
  while (p < buf.length) {
    const id = buf[p++];
    const len = leb();
    const end = p + len;
    out.ranges[id] = [p, end];
    if (id === 2) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        // leb() moves p, so each length is read before it is added
        for (let field = 0; field < 2; field++) {
          const l = leb();
          p += l;
        }
        const kind = buf[p++];
        if (kind === 0) {
          leb();
          out.importedFunctions++;
        } else if (kind === 1 || kind === 2) {
          if (kind === 1) p++; // table element type
          const flags = buf[p++];
          leb();
          if (flags & 1) leb();
        } else p += 2; // global: type, mutability
      }
    } else if (id === 10) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        const l = leb();
        out.bodies.push(l);
        p += l;
      }
    } else if (id === 0) {
      const nameLen = leb();
      const name = buf.toString('utf8', p, p + nameLen);
      p += nameLen;
      while (name === 'name' && p < end) {
        const sub = buf[p++];
        const subLen = leb();
        const subEnd = p + subLen;
        if (sub === 1) {
          const n = leb();
          for (let i = 0; i < n; i++) {
            const index = leb();
            const l = leb();
            out.names.set(index, buf.toString('utf8', p, p + l));
            p += l;
          }
        }
        p = subEnd;
      }
    }
    p = end;
  }
  return out;
}

const [named, shipped, top = '30'] = process.argv.slice(2);
const s = sections(fs.readFileSync(named));
const rows = s.bodies.map((size, i) => [size, s.names.get(i + s.importedFunctions) ?? `func${i}`]);
const crateOf = (n) => (n.replace(/^[<&_ ]+/, '').match(/^([a-z_][a-z0-9_]*)/) ?? ['', '?'])[1];
const kindOf = (n) =>
  /slice::sort/.test(n) ? 'sort instantiations' : /serde_json/.test(n) ? 'serde_json' : /fmt/.test(n) ? 'formatting' : /panic/.test(n) ? 'panic' : null;
const sum = (key) => {
  const m = new Map();
  for (const [size, n] of rows) {
    const k = key(n);
    if (k) m.set(k, [(m.get(k)?.[0] ?? 0) + size, (m.get(k)?.[1] ?? 0) + 1]);
  }
  return [...m].sort((a, b) => b[1][0] - a[1][0]);
};
console.log(`${rows.length} functions, ${rows.reduce((a, r) => a + r[0], 0)} B of function bodies (before wasm-opt)`);
console.log('by crate:');
for (const [k, [b, n]] of sum(crateOf).slice(0, 15)) console.log(`  ${b}\t${n}\t${k}`);
console.log('by kind:');
for (const [k, [b, n]] of sum(kindOf)) console.log(`  ${b}\t${n}\t${k}`);
console.log('largest functions:');
for (const [b, n] of rows.sort((a, b) => b[0] - a[0]).slice(0, Number(top))) console.log(`  ${b}\t${n.slice(0, 140)}`);
if (shipped) {
  const buf = fs.readFileSync(shipped);
  const t = sections(buf);
  for (const [id, label] of [[10, 'code'], [11, 'data']]) {
    const [a, b] = t.ranges[id];
    console.log(`${label} section of ${shipped}: ${b - a} B raw, ${zlib.gzipSync(buf.subarray(a, b), { level: 9 }).length} B gzip`);
  }
}
