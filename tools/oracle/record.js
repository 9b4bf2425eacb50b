#!/usr/bin/env node
// Op-script recorder for the bpbench conformance suite (format bpbench-oracle/1).
//
// Usage: node tools/oracle/record.js -o OUTDIR CASE.json...
//
// Replays every case against this Node's built-in streams and writes
// OUTDIR/<name>.json in the trace format of FORMAT.md section 4
// (bpbench-oracle-trace/1). Deterministic: no timers, no I/O between ops,
// time only advances through the `tick` op (one setImmediate, which runs every
// pending process.nextTick callback and microtask first).
'use strict';

const fs = require('fs');
const path = require('path');
const stream = require('stream');
const { Readable, Writable, Transform, PassThrough } = stream;

const MAX_EVENTS_PER_STEP = 20000;
const RECORDED_EVENTS = new Set([
  'drain', 'readable', 'end', 'finish', 'pause', 'resume', 'close',
  'data', 'error', 'pipe', 'unpipe',
]);
const PASSED_OPTIONS = [
  'highWaterMark', 'readableHighWaterMark', 'writableHighWaterMark',
  'objectMode', 'readableObjectMode', 'writableObjectMode', 'decodeStrings',
  'encoding', 'allowHalfOpen', 'emitClose', 'autoDestroy',
];

// Defaults of this Node version, restored before every case so that a case's
// `defaultHighWaterMark` does not leak into the next one.
// BPB_DEFAULT_HWM_BYTES=N replaces the version's byte default (diagnostics:
// Node 22 with 16384 must then record what Node 20 records).
const BASE_DEFAULT_BYTES = process.env.BPB_DEFAULT_HWM_BYTES
  ? Number(process.env.BPB_DEFAULT_HWM_BYTES)
  : stream.getDefaultHighWaterMark(false);
const BASE_DEFAULT_OBJECTS = stream.getDefaultHighWaterMark(true);

class Abort extends Error {}

function errCode(err) {
  if (err == null) return null;
  if (err.code !== undefined && err.code !== null) return err.code;
  if (err.message !== undefined) return err.message;
  return String(err);
}

function sizeOf(chunk) {
  if (chunk === null || chunk === undefined) return null;
  if (typeof chunk === 'string' || Buffer.isBuffer(chunk) || ArrayBuffer.isView(chunk)) {
    return chunk.length;
  }
  if (typeof chunk === 'object' && typeof chunk.size === 'number') return chunk.size;
  return null;
}

function makeError(code) {
  const e = new Error(code);
  e.code = code;
  return e;
}

// One run of one case. Throws only on malformed case files.
// opts.defaultBytes overrides the byte default for this run (used by gen.js).
async function runCase(kase, opts = {}) {
  stream.setDefaultHighWaterMark(false, opts.defaultBytes !== undefined ? opts.defaultBytes : BASE_DEFAULT_BYTES);
  stream.setDefaultHighWaterMark(true, BASE_DEFAULT_OBJECTS);
  const dh = kase.defaultHighWaterMark;
  if (dh) {
    if (dh.bytes !== undefined && dh.bytes !== null) stream.setDefaultHighWaterMark(false, dh.bytes);
    if (dh.objects !== undefined && dh.objects !== null) stream.setDefaultHighWaterMark(true, dh.objects);
  }

  let events = [];
  let aborted = null; // error string once the run aborted
  let curOp = 0; // index used in abort messages

  function record(ev) {
    if (aborted !== null) throw new Abort(aborted);
    events.push(ev);
    if (events.length > MAX_EVENTS_PER_STEP) {
      aborted = `runaway events at op ${curOp}`;
      throw new Abort(aborted);
    }
  }

  const ids = new Map(); // stream object -> id
  const specs = {};
  const streams = {};
  const pending = {}; // id -> FIFO of {size, cb}
  const reads = {};
  const listeners = {}; // id -> event -> [fn...]

  function idOf(s) {
    return ids.has(s) ? ids.get(s) : null;
  }

  function build(id, spec) {
    const opts = {};
    for (const k of PASSED_OPTIONS) {
      if (spec[k] !== undefined && spec[k] !== null) opts[k] = spec[k];
    }
    pending[id] = [];
    reads[id] = 0;
    listeners[id] = {};
    let s;
    switch (spec.type) {
      case 'writable': {
        const consumer = spec.consumer || 'manual';
        const finishWith = (size, cb) => {
          if (consumer === 'sync') cb();
          else if (consumer === 'tick') process.nextTick(cb);
          else pending[id].push({ size, cb });
        };
        opts.write = function (chunk, enc, cb) {
          const size = sizeOf(chunk);
          record([id, '_write', size]);
          finishWith(size, cb);
        };
        if (spec.writev) {
          opts.writev = function (chunks, cb) {
            const sizes = chunks.map((c) => sizeOf(c.chunk));
            record([id, '_writev', sizes]);
            finishWith(sizes, cb);
          };
        }
        s = new Writable(opts);
        break;
      }
      case 'readable': {
        const src = spec.source || { mode: 'manual' };
        const mode = src.mode || 'manual';
        let produced = 0;
        let eofPushed = false;
        const pushOne = () => {
          if (eofPushed) return;
          const total = src.total || 0;
          if (produced >= total) {
            eofPushed = true;
            const ret = s.push(null);
            record([id, 'push', null, ret]);
            return;
          }
          const n = Math.min(src.chunk, total - produced);
          produced += n;
          const ret = s.push(makeChunk(n, s.readableObjectMode));
          record([id, 'push', n, ret]);
        };
        opts.read = function (n) {
          reads[id]++;
          record([id, '_read', n]);
          if (mode === 'sync') pushOne();
          else if (mode === 'tick') process.nextTick(pushOne);
        };
        s = new Readable(opts);
        break;
      }
      case 'transform':
      case 'passthrough': {
        if (spec.type === 'transform') {
          const mode = spec.mode || 'sync';
          const outSize = spec.outSize;
          opts.transform = function (chunk, enc, cb) {
            const size = sizeOf(chunk);
            record([id, '_transform', size]);
            const done = (err) => {
              if (err) return cb(err);
              if (outSize === undefined || outSize === null) return cb(null, chunk);
              if (outSize === 0) return cb();
              return cb(null, makeChunk(outSize, s.readableObjectMode));
            };
            if (mode === 'sync') done();
            else if (mode === 'tick') process.nextTick(done);
            else pending[id].push({ size, cb: done });
          };
          s = new Transform(opts);
        } else {
          s = new PassThrough(opts);
        }
        const protoRead = Transform.prototype._read;
        s._read = function (n) {
          reads[id]++;
          record([id, '_read', n]);
          return protoRead.call(this, n);
        };
        break;
      }
      default:
        throw new Error(`stream ${id}: unknown type ${spec.type}`);
    }
    ids.set(s, id);
    const origEmit = s.emit;
    s.emit = function (name, ...args) {
      if (typeof name === 'string' && RECORDED_EVENTS.has(name)) {
        const ev = [id, name];
        if (name === 'data') ev.push(sizeOf(args[0]));
        else if (name === 'error') ev.push(errCode(args[0]));
        else if (name === 'pipe' || name === 'unpipe') ev.push(idOf(args[0]));
        record(ev);
      }
      return origEmit.call(this, name, ...args);
    };
    s.on('error', () => {});
    return s;
  }

  function makeChunk(n, objectMode) {
    return objectMode ? { size: n } : Buffer.alloc(n, 0x61);
  }

  function chunkFor(op, objectMode) {
    if (op.text !== undefined && op.text !== null) return op.text;
    return makeChunk(op.size, objectMode);
  }

  function snapshot() {
    const out = {};
    for (const id of Object.keys(streams)) {
      const s = streams[id];
      const type = specs[id].type;
      const st = {};
      const hasW = type !== 'readable';
      const hasR = type !== 'writable';
      if (hasW) {
        st.wlen = s.writableLength;
        st.needDrain = s.writableNeedDrain;
        st.corked = s.writableCorked;
        st.wended = s.writableEnded;
        st.finished = s.writableFinished;
        st.whwm = s.writableHighWaterMark;
      }
      if (hasR) {
        st.rlen = s.readableLength;
        st.flowing = s.readableFlowing;
        st.paused = s.isPaused();
        st.rended = s.readableEnded;
        st.rhwm = s.readableHighWaterMark;
        st.reads = reads[id];
      }
      st.inflight = pending[id].map((e) => e.size);
      st.destroyed = s.destroyed;
      out[id] = st;
    }
    return out;
  }

  function need(id) {
    if (!Object.prototype.hasOwnProperty.call(streams, id)) {
      throw new Error(`unknown stream ${JSON.stringify(id)}`);
    }
    return streams[id];
  }

  function doOp(op) {
    switch (op.op) {
      case 'write': {
        const s = need(op.s);
        const chunk = chunkFor(op, s.writableObjectMode);
        const args = [chunk];
        if (op.encoding !== undefined && op.encoding !== null) args.push(op.encoding);
        if (op.cb !== undefined && op.cb !== null) {
          const label = op.cb;
          args.push((err) => record([op.s, 'cb', label, errCode(err)]));
        }
        return s.write(...args);
      }
      case 'end': {
        const s = need(op.s);
        const args = [];
        if ((op.size !== undefined && op.size !== null) || (op.text !== undefined && op.text !== null)) {
          args.push(chunkFor(op, s.writableObjectMode));
          if (op.encoding !== undefined && op.encoding !== null) args.push(op.encoding);
        }
        if (op.cb) args.push((err) => record([op.s, 'endcb', errCode(err)]));
        s.end(...args);
        return null;
      }
      case 'cork': need(op.s).cork(); return null;
      case 'uncork': need(op.s).uncork(); return null;
      case 'complete': {
        need(op.s);
        const q = pending[op.s];
        const idx = op.index || 0;
        if (idx < 0 || idx >= q.length) return 'none';
        const [entry] = q.splice(idx, 1);
        if (op.error !== undefined && op.error !== null) entry.cb(makeError(op.error));
        else entry.cb();
        return entry.size;
      }
      case 'push':
      case 'unshift': {
        const s = need(op.s);
        const chunk = op.eof ? null : chunkFor(op, s.readableObjectMode);
        if (op.op === 'push' && op.encoding !== undefined && op.encoding !== null && chunk !== null) {
          return s.push(chunk, op.encoding);
        }
        return op.op === 'push' ? s.push(chunk) : s.unshift(chunk);
      }
      case 'read': {
        const s = need(op.s);
        const r = (op.n === undefined || op.n === null) ? s.read() : s.read(op.n);
        return sizeOf(r);
      }
      case 'pause': need(op.s).pause(); return null;
      case 'resume': need(op.s).resume(); return null;
      case 'setEncoding': need(op.s).setEncoding(op.encoding); return null;
      case 'on': {
        const s = need(op.s);
        const fn = () => {};
        (listeners[op.s][op.event] = listeners[op.s][op.event] || []).push(fn);
        s.on(op.event, fn);
        return null;
      }
      case 'off': {
        const s = need(op.s);
        const stack = listeners[op.s][op.event];
        if (!stack || stack.length === 0) return 'none';
        s.off(op.event, stack.pop());
        return null;
      }
      case 'pipe': {
        const src = need(op.from);
        const dst = need(op.to);
        const r = op.end === false ? src.pipe(dst, { end: false }) : src.pipe(dst);
        return idOf(r);
      }
      case 'unpipe': {
        const src = need(op.from);
        if (op.to !== undefined && op.to !== null) src.unpipe(need(op.to));
        else src.unpipe();
        return null;
      }
      case 'pipeline': {
        const list = op.streams.map(need);
        const r = stream.pipeline(...list, (err) => record(['pipeline', 'done', errCode(err)]));
        return idOf(r);
      }
      case 'destroy': {
        const s = need(op.s);
        if (op.error !== undefined && op.error !== null) s.destroy(makeError(op.error));
        else s.destroy();
        return null;
      }
      default:
        throw new Error(`op ${curOp}: unknown op ${op.op}`);
    }
  }

  const onUncaught = (err) => {
    if (err instanceof Abort) return;
    if (aborted === null) aborted = `uncaught at op ${curOp}: ${errCode(err)}`;
  };
  process.on('uncaughtException', onUncaught);

  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const trace = { name: kase.name, init: null, steps: [], tail: null, error: null };
  try {
    for (const id of Object.keys(kase.streams)) {
      if (id === 'pipeline' || /^(0|[1-9][0-9]*)$/.test(id)) {
        throw new Error(`stream id ${JSON.stringify(id)} is reserved or integer-like`);
      }
      specs[id] = kase.streams[id];
      streams[id] = build(id, specs[id]);
    }
    trace.init = { events, state: snapshot() };
    events = [];

    const ops = kase.ops || [];
    for (let i = 0; i < ops.length && aborted === null; i++) {
      curOp = i;
      const op = ops[i];
      let ret = null;
      if (op.op === 'tick') {
        await tick();
      } else {
        try {
          ret = doOp(op);
        } catch (err) {
          if (err instanceof Abort) break;
          if (err instanceof Error && /^(unknown stream|op \d+: unknown op)/.test(err.message)) throw err;
          ret = { throw: errCode(err) };
        }
      }
      if (ret === undefined) ret = null;
      if (aborted !== null) break;
      trace.steps.push({ i, op: op.op, ret, events, state: snapshot() });
      events = [];
    }
    if (aborted === null) {
      curOp = ops.length;
      await tick();
      if (aborted === null) trace.tail = { events, state: snapshot() };
    }
  } finally {
    // Let nothing of this case leak into the next one.
    if (aborted !== null) await tick();
    process.removeListener('uncaughtException', onUncaught);
  }
  trace.error = aborted;
  return trace;
}

function formatTrace(t) {
  const lines = [];
  lines.push('{');
  lines.push('"format": "bpbench-oracle-trace/1",');
  lines.push(`"name": ${JSON.stringify(t.name)},`);
  lines.push(`"node": ${JSON.stringify(process.version)},`);
  lines.push(`"init": ${JSON.stringify(t.init)},`);
  lines.push('"steps": [');
  t.steps.forEach((s, k) => {
    lines.push(JSON.stringify(s) + (k + 1 < t.steps.length ? ',' : ''));
  });
  lines.push('],');
  lines.push(`"tail": ${JSON.stringify(t.tail)},`);
  lines.push(`"error": ${JSON.stringify(t.error)}`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

async function main(argv) {
  let outDir = null;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o') outDir = argv[++i];
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node record.js -o OUTDIR CASE.json...\n');
      return 0;
    } else files.push(a);
  }
  if (!outDir || files.length === 0) {
    process.stderr.write('usage: node record.js -o OUTDIR CASE.json...\n');
    return 2;
  }
  fs.mkdirSync(outDir, { recursive: true });
  let aborts = 0;
  for (const f of files) {
    const kase = JSON.parse(fs.readFileSync(f, 'utf8'));
    if (kase.format !== 'bpbench-oracle/1') throw new Error(`${f}: format is not bpbench-oracle/1`);
    const name = kase.name || path.basename(f, '.json');
    kase.name = name;
    const trace = await runCase(kase);
    if (trace.error !== null) {
      aborts++;
      process.stderr.write(`${name}: ${trace.error}\n`);
    }
    fs.writeFileSync(path.join(outDir, `${name}.json`), formatTrace(trace));
  }
  return aborts > 0 ? 1 : 0;
}

module.exports = { runCase, formatTrace };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`record.js: ${err && err.stack || err}\n`); process.exitCode = 2; },
  );
}
