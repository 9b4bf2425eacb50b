// A plain Node.js program for one of bpbench's calibration cases, on the
// wall clock, written only from Node's public stream API: what calibrated
// sim is held against. Usage: node case.js '<json spec>' (see cases.json).
// Prints one JSON line: duration (ns, from the first _read to the last
// consumer's 'finish'), bytes, throughput (B/s), drains, writes that
// returned false, chunks produced, chunks each consumer received.
//
// Waits: a consumer serves a chunk for latency + size/rate (stalls: no
// work during [k·every, k·every+for)); a pull producer's chunk takes
// latency + size/rate from _read. A wait marked timer is setTimeout(ms);
// any other is an I/O completion: a worker thread sleeps until the
// deadline and posts a message (see device).
// load: {busy, slice} runs a busy loop for `slice` ms every slice/busy ms,
// at absolute times.
'use strict';
const { Readable, Writable } = require('node:stream');
const { performance } = require('node:perf_hooks');

const spec = JSON.parse(process.argv.slice(1).find((a) => a.startsWith('{')));
const nowMs = () => performance.now();
const keepAlive = setInterval(() => {}, 1 << 30); // devices are unref'd
let t0 = 0;

// A device is a worker thread that sleeps until a deadline (Atomics.wait,
// off the event loop) and then posts a message: the wait's end reaches the
// loop as an I/O completion does (an async handle waking epoll), with no
// polling and no timer. One per waiter: each has one wait at a time.
const { Worker } = require('node:worker_threads');
const abs = () => performance.timeOrigin + performance.now();
const deviceCode = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const i32 = new Int32Array(new SharedArrayBuffer(4));
parentPort.on('message', (deadline) => {
  for (;;) {
    const left = deadline - (performance.timeOrigin + performance.now());
    if (left <= 0) break;
    Atomics.wait(i32, 0, 0, left);
  }
  parentPort.postMessage(0);
});`;
function device() {
  const w = new Worker(deviceCode, { eval: true });
  let pending = null;
  w.on('message', () => {
    const fn = pending;
    pending = null;
    fn();
  });
  w.unref();
  return {
    // until calls fn once the absolute time deadline (ms) has come.
    until(deadline, fn) {
      pending = fn;
      w.postMessage(deadline);
    },
  };
}
// wait calls fn after ms: a setTimeout when timer, else on a device.
function wait(dev, ms, timer, fn) {
  if (timer) return setTimeout(fn, ms);
  dev.until(abs() + ms, fn);
}

// advance: when work of d ns started at t ns ends, with no work during
// [k·every, k·every+for) for k >= 1 (sim's advance, in ns).
function advance(t, d, st) {
  if (!st) return t + d;
  const E = st.every * 1e6, F = st.for * 1e6;
  const k = Math.floor(t / E);
  if (k >= 1 && t < k * E + F) t = k * E + F;
  const next = (Math.floor(t / E) + 1) * E;
  if (t + d <= next) return t + d;
  const rest = d - (next - t), seg = E - F;
  const p = Math.floor((rest - 1) / seg);
  return next + F + p * E + (rest - p * seg);
}

const P = spec.producer;
const stopBytes = spec.stopBytes;
let produced = 0, chunks = 0, drains = 0, wfalse = 0;
const chunk = Buffer.alloc(P.chunk);
const prodDev = device();
const source = new Readable({
  highWaterMark: spec.hwm,
  read() {
    if (produced >= stopBytes) return this.push(null);
    const n = Math.min(P.chunk, stopBytes - produced);
    const c = n === P.chunk ? chunk : chunk.subarray(0, n);
    produced += n;
    chunks++;
    if (P.mode === 'pull') {
      const ms = (P.latencyMs || 0) + (P.rate ? (n / P.rate) * 1e3 : 0);
      return wait(prodDev, ms, P.timer, () => {
        this.push(c);
        if (produced >= stopBytes) this.push(null);
      });
    }
    this.push(c);
    if (produced >= stopBytes) this.push(null);
  },
});

let finished = 0;
const received = spec.consumers.map(() => 0);
const dests = spec.consumers.map((c, i) => {
  const dev = device();
  const w = new Writable({
    highWaterMark: spec.hwm,
    write(ch, enc, cb) {
      received[i]++;
      const d = (c.latencyMs || 0) + (c.rate ? (ch.length / c.rate) * 1e3 : 0);
      if (c.timer) return setTimeout(cb, d);
      const start = (nowMs() - t0) * 1e6;
      const end = advance(start, d * 1e6, c.stalls);
      dev.until(performance.timeOrigin + t0 + end / 1e6, cb);
    },
  });
  const write = w.write;
  w.write = function (...a) {
    const ok = write.apply(this, a);
    if (!ok) wfalse++;
    return ok;
  };
  w.on('drain', () => drains++);
  w.on('finish', () => {
    if (++finished === spec.consumers.length) done();
  });
  return w;
});

let loadTimer = null, loadStop = false;
function startLoad(l) {
  const period = l.slice / l.busy;
  let k = 1;
  const slice = () => {
    if (loadStop) return;
    const end = t0 + k * period + l.slice;
    while (nowMs() < end);
    k++;
    loadTimer = setTimeout(slice, Math.max(0, t0 + k * period - nowMs()));
  };
  loadTimer = setTimeout(slice, period);
}

function done() {
  const dur = (nowMs() - t0) * 1e6;
  loadStop = true;
  clearTimeout(loadTimer);
  clearInterval(keepAlive);
  process.stdout.write(JSON.stringify({
    node: process.version, durationNs: Math.round(dur), bytes: produced,
    throughput: produced / (dur / 1e9), drains, writesFalse: wfalse, chunks, received,
  }) + '\n', () => process.exit(0));
}

// Start once the devices' threads are up.
setTimeout(start, 200);
function start() {
t0 = nowMs();
if (spec.load) startLoad(spec.load);
if (spec.strategy === 'await-drain') {
  // for (;;) { read; write to every destination; await 'drain' if false }
  let waiting = 0;
  const drained = () => {
    if (--waiting === 0) pump();
  };
  const pump = () => {
    while (waiting === 0) {
      const c = source.read();
      if (c === null) return;
      for (const d of dests) {
        if (!d.write(c)) {
          waiting++;
          d.once('drain', drained);
        }
      }
    }
  };
  source.on('readable', pump);
  source.once('end', () => dests.forEach((d) => d.end()));
} else {
  for (const d of dests) source.pipe(d);
}
}
