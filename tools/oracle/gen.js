#!/usr/bin/env node
// Seeded random case generator for the bpbench conformance suite.
//
// Usage: node tools/oracle/gen.js -o DIR [--count N] [--seed S] [--prefix r] [--start 1]
//
// Writes DIR/r001-<topology>.json ... DIR/rNNN-<topology>.json. The output is
// a pure function of (count, seed, prefix, start): every case is drawn from its
// own 32-bit seed (recorded in the case as `seed`), derived from the master
// seed, the case number and the attempt number. Each candidate is replayed
// in-process with tools/oracle/record.js; a candidate whose recording aborts
// (runaway events or an uncaught exception) is dropped and redrawn with the
// next attempt number. Synchronous throws are allowed (ret {"throw": code}).
//
// Replay is deterministic: no timers, no randomness at replay time.
'use strict';

const fs = require('fs');
const path = require('path');
const { runCase } = require('./record.js');

// ---- PRNG: mulberry32 ------------------------------------------------------
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    weighted: (pairs) => { // [[weight, value], ...]
      let total = 0;
      for (const [w] of pairs) total += w;
      let x = next() * total;
      for (const [w, v] of pairs) { if ((x -= w) < 0) return v; }
      return pairs[pairs.length - 1][1];
    },
  };
  return r;
}

// 32-bit mix of the master seed, case number and attempt (splitmix-like).
function caseSeed(master, index, attempt) {
  let h = (master >>> 0) ^ Math.imul(index + 1, 0x9E3779B1) ^ Math.imul(attempt + 1, 0x85EBCA77);
  h = Math.imul(h ^ (h >>> 16), 0x7FEB352D);
  h = Math.imul(h ^ (h >>> 15), 0x846CA68B);
  return (h ^ (h >>> 16)) >>> 0;
}

const HWMS = [0, 1, 2, 3, 4, 5, 8, 16];

// ---- topologies ------------------------------------------------------------
// Each: streams in key order, the edges (from, to) of the intended data flow,
// and whether the whole thing is a linear chain (pipeline-able).
const TOPOLOGIES = [
  { slug: 'w', kind: 'writable', w: 3, ids: ['w'], edges: [] },
  { slug: 'r', kind: 'readable', w: 3, ids: ['r'], edges: [] },
  { slug: 'r-w', kind: 'pipe', w: 5, ids: ['r', 'w'], edges: [['r', 'w']], chain: true },
  { slug: 'r-t-w', kind: 'transform-pipe', w: 5, ids: ['r', 't', 'w'], edges: [['r', 't'], ['t', 'w']], chain: true },
  { slug: 'r-t-t-w', kind: 'transform-pipe', w: 2, ids: ['r', 't1', 't2', 'w'], edges: [['r', 't1'], ['t1', 't2'], ['t2', 'w']], chain: true },
  { slug: 'r-w2', kind: 'pipe', w: 3, ids: ['r', 'w1', 'w2'], edges: [['r', 'w1'], ['r', 'w2']] },
  { slug: 'r-w3', kind: 'pipe', w: 2, ids: ['r', 'w1', 'w2', 'w3'], edges: [['r', 'w1'], ['r', 'w2'], ['r', 'w3']] },
  { slug: 'r-t-w2', kind: 'transform-pipe', w: 2, ids: ['r', 't', 'w1', 'w2'], edges: [['r', 't'], ['t', 'w1'], ['t', 'w2']] },
];

const typeOf = (id) => (id[0] === 'r' ? 'readable' : id[0] === 't' ? 'transform' : 'writable');

function drawHwm(R) {
  // Occasionally absent: byte mode then depends on the Node version.
  if (R.chance(0.06)) return undefined;
  return R.pick(HWMS);
}

function drawStreams(R, topo, objectMode) {
  const streams = {};
  for (const id of topo.ids) {
    const type = typeOf(id);
    const s = { type };
    if (type === 'transform' && R.chance(0.2)) {
      s.readableHighWaterMark = R.pick(HWMS);
      s.writableHighWaterMark = R.pick(HWMS);
    } else {
      const h = drawHwm(R);
      if (h !== undefined) s.highWaterMark = h;
    }
    if (objectMode) s.objectMode = true;
    if (type === 'writable') {
      s.consumer = R.weighted([[5, 'manual'], [2, 'sync'], [2, 'tick']]);
      if (R.chance(0.3)) s.writev = true;
    } else if (type === 'readable') {
      const mode = R.weighted([[7, 'manual'], [2, 'sync'], [2, 'tick']]);
      s.source = mode === 'manual' ? { mode } : { mode, chunk: R.int(1, 8), total: R.int(0, 40) };
    } else {
      s.mode = R.weighted([[4, 'sync'], [2, 'tick'], [3, 'manual']]);
      const o = R.weighted([[6, null], [1, 0], [3, 'n']]);
      if (o === 0) s.outSize = 0;
      else if (o === 'n') s.outSize = R.int(1, 8);
    }
    streams[id] = s;
  }
  return streams;
}

// The generator looks at the real state before drawing each op: it replays
// the ops drawn so far (tools/oracle/record.js, byte default forced to 16384
// so that the drawn case does not depend on the Node version running gen.js)
// and reads the state after the last op. Only used to keep ops mostly valid
// (complete what is pending, uncork what is corked, no write after end...).
async function stateAfter(streams, ops) {
  const trace = await runCase({ format: 'bpbench-oracle/1', name: 'probe', streams, ops }, { defaultBytes: 16384 });
  if (trace.error !== null) return { error: trace.error };
  return { state: trace.steps.length ? trace.steps[trace.steps.length - 1].state : trace.init.state };
}

async function drawOps(R, topo, streams, objectMode) {
  const ids = topo.ids;
  const readables = ids.filter((id) => typeOf(id) !== 'writable'); // readable side
  const writables = ids.filter((id) => typeOf(id) !== 'readable'); // writable side
  const manualSources = ids.filter((id) => typeOf(id) === 'readable' && streams[id].source.mode === 'manual');
  const pendingHolders = ids.filter((id) =>
    (typeOf(id) === 'writable' && streams[id].consumer === 'manual') ||
    (typeOf(id) === 'transform' && streams[id].mode === 'manual'));
  const piped = new Set(); // "from>to"
  const hasUpstream = (id) => topo.edges.some(([f, t]) => t === id && piped.has(`${f}>${t}`));
  const st = {}; // generator-side bookkeeping of what the state does not show
  for (const id of ids) st[id] = { eof: false, listeners: { data: 0, readable: 0 }, encoding: false };
  let destroyedAny = false;
  let usedPipeline = false;
  let label = 0;

  const ops = [];
  const nOps = R.int(8, 40);

  // Wire up the topology first most of the time.
  if (topo.edges.length > 0) {
    const how = R.weighted([[6, 'pipe'], [topo.chain ? 3 : 0, 'pipeline'], [1, 'later']]);
    if (how === 'pipeline') {
      ops.push({ op: 'pipeline', streams: ids.slice() });
      usedPipeline = true;
      for (const [f, t] of topo.edges) piped.add(`${f}>${t}`);
    } else if (how === 'pipe') {
      for (const [f, t] of topo.edges) {
        const o = { op: 'pipe', from: f, to: t };
        if (R.chance(0.1)) o.end = false;
        ops.push(o);
        piped.add(`${f}>${t}`);
      }
    }
    if (ops.length > 0 && R.chance(0.8)) ops.push({ op: 'tick' });
  }

  const chunkSize = () => R.weighted([[1, 0], [8, R.int(1, 8)], [3, R.int(9, 20)]]);
  const rare = (p) => R.chance(p); // the occasional invalid op

  let real = 0;
  let guard = 0;
  while (real < nOps && guard++ < 10000) {
    const probe = await stateAfter(streams, ops);
    if (probe.error) return null; // prefix aborts: redraw the whole case
    const S = probe.state;
    const alive = (id) => !S[id].destroyed || rare(0.03);
    const gens = [];
    const add = (w, fn) => { if (w > 0) gens.push([w, fn]); };

    // push / eof / unshift on manual sources
    const pushable = manualSources.filter((id) => (!st[id].eof && alive(id)) || rare(0.02));
    add(pushable.length ? 10 : 0, () => {
      const id = R.pick(pushable);
      if (!st[id].eof && real > nOps * 0.5 && R.chance(0.15)) {
        st[id].eof = true;
        return { op: 'push', s: id, eof: true };
      }
      return { op: 'push', s: id, size: chunkSize() };
    });
    add(pushable.length ? 1 : 0, () => ({ op: 'unshift', s: R.pick(pushable), size: chunkSize() }));
    // writes into writable sides, mostly those not fed by a pipe
    const writable = writables.filter((id) => (!S[id].wended && alive(id)) || rare(0.02));
    add(writable.length ? 8 : 0, () => {
      const free = writable.filter((id) => !hasUpstream(id));
      const id = free.length && R.chance(0.9) ? R.pick(free) : R.pick(writable);
      const o = { op: 'write', s: id, size: chunkSize() };
      if (R.chance(0.2)) o.cb = ++label;
      return o;
    });
    // complete what is pending (rarely: nothing pending -> "none")
    const pend = pendingHolders.filter((id) => S[id].inflight.length > 0);
    add(pend.length ? 14 : (pendingHolders.length ? 0.1 : 0), () => {
      const id = pend.length ? R.pick(pend) : R.pick(pendingHolders);
      const o = { op: 'complete', s: id };
      const n = S[id].inflight.length;
      if (n > 1 && R.chance(0.15)) o.index = R.int(1, n - 1);
      if (R.chance(0.04)) o.error = 'EIO';
      return o;
    });
    // cork / uncork
    const corked = writables.filter((id) => S[id].corked > 0);
    add(corked.length ? 5 : 0, () => ({ op: 'uncork', s: R.pick(corked) }));
    const corkable = writables.filter((id) => S[id].corked < 2 && !S[id].wended && !S[id].destroyed);
    add(corkable.length ? 2 : 0, () => ({ op: 'cork', s: R.pick(corkable) }));
    // pause / resume
    const live = readables.filter(alive);
    add(live.length ? 3 : 0, () => ({ op: R.chance(0.5) ? 'pause' : 'resume', s: R.pick(live) }));
    // read; never read(n) with a decoder (Node 20.20.2 fromList bug, SEMANTICS.md 8)
    add(live.length ? 4 : 0, () => {
      const id = R.pick(live);
      if (!st[id].encoding && R.chance(0.35)) return { op: 'read', s: id, n: R.weighted([[2, 0], [5, R.int(1, 8)], [2, R.int(9, 24)]]) };
      return { op: 'read', s: id };
    });
    // on / off 'data' / 'readable'
    add(live.length ? 3 : 0, () => {
      const id = R.pick(live);
      const event = R.chance(0.5) ? 'data' : 'readable';
      if (st[id].listeners[event] > 0 && R.chance(0.5)) { st[id].listeners[event]--; return { op: 'off', s: id, event }; }
      if (st[id].listeners[event] >= 2) return rare(0.2) ? { op: 'off', s: id, event: event === 'data' ? 'readable' : 'data' } : null;
      st[id].listeners[event]++;
      return { op: 'on', s: id, event };
    });
    // setEncoding (byte mode only, rare, once per stream)
    const encodable = objectMode ? [] : live.filter((id) => !st[id].encoding);
    add(encodable.length ? 0.4 : 0, () => {
      const id = R.pick(encodable);
      st[id].encoding = true;
      return { op: 'setEncoding', s: id, encoding: 'utf8' };
    });
    // pipe / unpipe along the topology edges
    add(topo.edges.length && !usedPipeline ? 1.2 : 0, () => {
      const [f, t] = R.pick(topo.edges);
      const key = `${f}>${t}`;
      if (piped.has(key)) {
        if (R.chance(0.2)) {
          for (const k of [...piped]) if (k.startsWith(`${f}>`)) piped.delete(k);
          return { op: 'unpipe', from: f };
        }
        piped.delete(key);
        return { op: 'unpipe', from: f, to: t };
      }
      piped.add(key);
      const o = { op: 'pipe', from: f, to: t };
      if (R.chance(0.1)) o.end = false;
      return o;
    });
    // end (second half of the case)
    const endable = writables.filter((id) => !hasUpstream(id) && !S[id].wended && !S[id].destroyed);
    add(endable.length && real > nOps * 0.4 ? 3 : 0, () => {
      const o = { op: 'end', s: R.pick(endable) };
      if (R.chance(0.3)) o.size = chunkSize();
      if (R.chance(0.3)) o.cb = true;
      return o;
    });
    // destroy (rare, at most once)
    add(!destroyedAny && real > nOps * 0.3 ? 0.6 : 0, () => {
      destroyedAny = true;
      const id = R.pick(ids);
      return R.chance(0.5) ? { op: 'destroy', s: id, error: 'EBOOM' } : { op: 'destroy', s: id };
    });

    if (gens.length === 0) { ops.push({ op: 'tick' }); real++; continue; }
    const o = R.weighted(gens)();
    if (!o) continue;
    ops.push(o);
    real++;
    if (R.chance(0.3)) ops.push({ op: 'tick' });
  }
  if (ops[ops.length - 1].op !== 'tick' && R.chance(0.5)) ops.push({ op: 'tick' });
  return ops;
}

async function drawCase(seed, name) {
  const R = rng(seed);
  const topo = R.weighted(TOPOLOGIES.map((t) => [t.w, t]));
  const objectMode = R.chance(0.25);
  const streams = drawStreams(R, topo, objectMode);
  const ops = await drawOps(R, topo, streams, objectMode);
  if (!ops) return null;
  return {
    format: 'bpbench-oracle/1',
    name: `${name}-${topo.slug}${objectMode ? '-obj' : ''}`,
    kind: topo.kind,
    note: `seeded random case (tools/oracle/gen.js): topology ${topo.slug}${objectMode ? ', objectMode' : ''}`,
    seed,
    streams,
    ops,
  };
}

// Same layout as the hand-written cases: streams on one line, one op a line.
function formatCase(c) {
  const lines = ['{'];
  for (const k of ['format', 'name', 'kind', 'note', 'seed', 'defaultHighWaterMark']) {
    if (c[k] !== undefined) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(c[k])},`);
  }
  lines.push(`  "streams": ${JSON.stringify(c.streams)},`);
  lines.push('  "ops": [');
  c.ops.forEach((o, i) => lines.push(`    ${JSON.stringify(o)}${i + 1 < c.ops.length ? ',' : ''}`));
  lines.push('  ]');
  lines.push('}');
  return lines.join('\n') + '\n';
}

async function main(argv) {
  let outDir = null;
  let count = 130;
  let seed = 1;
  let prefix = 'r';
  let start = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o') outDir = argv[++i];
    else if (a === '--count') count = parseInt(argv[++i], 10);
    else if (a === '--seed') seed = parseInt(argv[++i], 10);
    else if (a === '--prefix') prefix = argv[++i];
    else if (a === '--start') start = parseInt(argv[++i], 10);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!outDir || !(count >= 0) || !Number.isFinite(seed)) {
    process.stderr.write('usage: node gen.js -o DIR [--count N] [--seed S] [--prefix r] [--start 1]\n');
    return 2;
  }
  fs.mkdirSync(outDir, { recursive: true });
  let redrawn = 0;
  for (let k = 0; k < count; k++) {
    const num = start + k;
    const base = `${prefix}${String(num).padStart(3, '0')}`;
    let kase = null;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const cand = await drawCase(caseSeed(seed, num, attempt), base);
      if (!cand) { redrawn++; continue; }
      const trace = await runCase(JSON.parse(JSON.stringify(cand)));
      if (trace.error === null) { kase = cand; break; }
      redrawn++;
      process.stderr.write(`${cand.name} (seed ${cand.seed}): ${trace.error}; redrawn\n`);
    }
    if (!kase) throw new Error(`${base}: no valid candidate in 1000 attempts`);
    fs.writeFileSync(path.join(outDir, `${kase.name}.json`), formatCase(kase));
  }
  process.stderr.write(`gen.js: ${count} cases (seed ${seed}), ${redrawn} redrawn\n`);
  return 0;
}

module.exports = { drawCase, caseSeed, formatCase };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`gen.js: ${err && err.stack || err}\n`); process.exitCode = 2; },
  );
}
