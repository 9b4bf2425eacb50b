// bpbench node engine driver: runs one cell (a JSON spec on stdin, written
// by internal/engine/node) on real Node.js streams and reports what happens
// as JSON lines on stdout. Times are nanoseconds since the cell started
// (performance.now()). The model is the sim engine's (internal/engine/sim):
// read that package's doc for the meaning of every field.
'use strict';

const { Readable, Writable, Transform, pipeline } = require('node:stream');
const { once } = require('node:events');
const { performance, monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const fs = require('node:fs');
const v8 = require('node:v8');
const zlib = require('node:zlib');
const net = require('node:net');
const http = require('node:http');

const MAX_INPUT = 1 << 24;
const LAT_BATCH = 4096; // latencies per line at most (about 60 KB)
const SPIN_NS = 1.5e6; // wall timing: the last stretch before a deadline waits in turns of the loop
const ELD_RES_NS = 1e6; // monitorEventLoopDelay's resolution
const YIELD_NS = 1e6; // wall timing: a producer that is never paced yields to the loop this often

const BATCH_NS = 50e6; // sample lines are written to stdout together at most this often

// out writes o as a line to stdout now, after any lines outSoon holds.
function out(o) {
  held.push(JSON.stringify(o) + '\n');
  writeHeld();
}

// outSoon writes o as a line with the lines of the next BATCH_NS: a
// synchronous write to the pipe cost 35-40 µs of the loop, which a line
// every 2 ms made 2% of the loop's time and, landing right after a busy
// stretch, a delay to whatever waited behind it. A run killed hard loses
// at most BATCH_NS of samples.
const held = [];
let heldBytes = 0, heldSince = -1;
function outSoon(o) {
  const line = JSON.stringify(o) + '\n';
  held.push(line);
  heldBytes += line.length;
  const now = performance.now() * 1e6;
  if (heldSince < 0) heldSince = now;
  if (heldBytes >= 1 << 16 || now - heldSince >= BATCH_NS) writeHeld();
}

function writeHeld() {
  if (held.length) writeAll(Buffer.from(held.join('')));
  held.length = 0;
  heldBytes = 0;
  heldSince = -1;
}

// writeAll writes b to stdout synchronously, to the last byte. Bun's
// process.stdout.write on a pipe writes 64KiB at once and queues the rest,
// and its callback can run before the rest is out, so exit() after it cut
// long lines (Node writes pipes synchronously on Linux; Deno too). A full
// non-blocking pipe (EAGAIN) is retried until the reader takes some.
function writeAll(b) {
  let off = 0;
  while (off < b.length) {
    try {
      off += fs.writeSync(1, b, off, b.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

// exitAfterOutput ends the process: out() has written everything already.
function exitAfterOutput(code) {
  process.exit(code);
}

function fail(err) {
  out({ k: 'error', msg: String(err && err.stack ? err.stack : err) });
  exitAfterOutput(1);
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

// ---- Go's math/rand/v2 PCG (DXSM), so chunk sizes and jitter draw the same
// numbers as the sim engine for the same seed.
const M64 = (1n << 64n) - 1n;
const M128 = (1n << 128n) - 1n;
const PCG_MUL = (2549297995355413924n << 64n) | 4865540595714422341n;
const PCG_INC = (6364136223846793005n << 64n) | 1442695040888963407n;

class PCG {
  constructor(seed) {
    this.s = ((BigInt(seed[0]) << 64n) | BigInt(seed[1])) & M128;
  }
  uint64() {
    this.s = (this.s * PCG_MUL + PCG_INC) & M128;
    let hi = this.s >> 64n;
    const lo = this.s & M64;
    hi ^= hi >> 32n;
    hi = (hi * 0xda942042e4dd58b5n) & M64;
    hi ^= hi >> 48n;
    hi = (hi * (lo | 1n)) & M64;
    return hi;
  }
  float64() {
    return Number(this.uint64() & ((1n << 53n) - 1n)) / 2 ** 53;
  }
  intN(n) {
    const b = BigInt(n);
    if ((b & (b - 1n)) === 0n) return Number(this.uint64() & (b - 1n));
    let p = this.uint64() * b;
    let lo = p & M64;
    if (lo < b) {
      const thresh = ((1n << 64n) - b) % b;
      while (lo < thresh) {
        p = this.uint64() * b;
        lo = p & M64;
      }
    }
    return Number(p >> 64n);
  }
  // normFloat64 is Box-Muller (Go uses a ziggurat: normal sizes differ from
  // sim's, their distribution does not).
  normFloat64() {
    const u = 1 - this.float64();
    const v = this.float64();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function roundAway(x) {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function sampler(d, rng) {
  switch (d.kind) {
    case 'fixed':
      return () => d.size;
    case 'uniform':
      return () => d.min + rng.intN(d.max - d.min + 1);
    case 'normal':
      return () => Math.min(Math.max(roundAway(d.mean + d.stddev * rng.normFloat64()), d.min), d.max);
    case 'weighted': {
      const total = d.weights.reduce((a, b) => a + b, 0);
      return () => {
        let x = rng.float64() * total;
        for (let i = 0; i < d.sizes.length; i++) {
          if (x < d.weights[i]) return d.sizes[i];
          x -= d.weights[i];
        }
        for (let i = d.sizes.length - 1; i >= 0; i--) if (d.weights[i] > 0) return d.sizes[i];
        return d.sizes[d.sizes.length - 1];
      };
    }
  }
  throw new Error('unknown chunk distribution ' + d.kind);
}

// runtimeName is the runtime and its exact version: "node v22.12.0",
// "bun 1.4.5", "deno 2.9.6".
function runtimeName() {
  if (process.versions.bun) return 'bun ' + process.versions.bun;
  if (process.versions.deno) return 'deno ' + process.versions.deno;
  return 'node ' + process.version;
}

// ---- The cell.
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  input += d;
  if (input.length > MAX_INPUT) fail(new Error('spec larger than ' + MAX_INPUT + ' bytes'));
});
process.stdin.on('end', () => {
  const spec = JSON.parse(input);
  startSinks(spec).then(() => cell(spec, () => JSON.parse(input)), fail);
});

// userStream calls the function module file exports with opts (its
// highWaterMarks) and returns the stream it makes, which must have method
// (push: a Transform's readable side; write: a Writable).
function userStream(file, opts, what, method) {
  const mk = require(file);
  const f = typeof mk === 'function' ? mk : mk && mk.default;
  if (typeof f !== 'function') throw new Error(what + ': ' + file + ' exports no function (module.exports = (options) => stream)');
  const s = f(opts);
  if (!s || typeof s[method] !== 'function' || typeof s._write !== 'function') {
    throw new Error(what + ': ' + file + ': the function returned no ' + (method === 'push' ? 'Transform' : 'Writable'));
  }
  return s;
}

// sinks are the loopback servers the net and http consumers write to, on
// 127.0.0.1 at a port the system picks: they read every byte and discard
// it. startSinks starts those spec's consumers need; they stop when the
// process exits.
const sinks = { net: 0, http: 0 };
function startSinks(spec) {
  const kinds = new Set(spec.consumers.map((c) => c.kind));
  const listen = (server, kind) => new Promise((resolve, reject) => {
    server.on('error', reject);
    // A backlog for many pipelines connecting at once (the system caps it
    // at net.core.somaxconn; the default 511 reset connections at 1000).
    server.listen(0, '127.0.0.1', 4096, () => {
      sinks[kind] = server.address().port;
      resolve();
    });
  });
  const started = [];
  if (kinds.has('net')) {
    started.push(listen(net.createServer((sock) => {
      sock.on('error', () => {});
      sock.resume();
    }), 'net'));
  }
  if (kinds.has('http')) {
    started.push(listen(http.createServer((req, res) => {
      req.on('error', () => {});
      req.resume();
      req.on('end', () => res.end());
    }), 'http'));
  }
  return Promise.all(started);
}

// WARM_PARTS is how many runs the warm-up is cut into.
const WARM_PARTS = 4;

// cell runs spec, whose text parse parses again (a spec of the same
// shapes, for the warm-up).
function cell(spec, parse) {
  if (spec.timing !== 'wall' || !(spec.warmNs > 0)) return runAll(spec);
  // Wall timing: the same cell for warmNs first, unmeasured, so that the
  // measured run finds V8's compiled code and Node's internals warm. The
  // warm-up runs one pipeline, for warmNs whatever the cell's own stop: a
  // warm-up that stopped at the cell's chunk count left a 1000-chunk cell
  // of 1 KiB at 80 µs a chunk where 20000 chunks ran at 33.
  //
  // It is WARM_PARTS runs, each of new streams and closures, on a spec
  // parsed from the same text (an object of the measured spec's hidden
  // class, which a literal copy is not). V8 compiles the first run's code
  // for the objects and functions it saw; new ones make it throw that code
  // away (deoptimize) and compile again. After one warm-up run, the
  // measured run paid that: a live pipe of 4 KiB chunks ran its first 200
  // ms at 35-90% of its speed, losing about 100 ms. After four, it
  // loses about 50 (traced per 50 ms, Node 20): fewer deoptimizations,
  // not none. What is left is a calibration's start-up figure
  // (calibration.Driver.Start), which sim charges.
  let left = WARM_PARTS;
  const next = () => {
    if (left-- === 0) return runAll(spec);
    const warm = parse();
    warm.stop.bytes = 0;
    warm.stop.chunks = 0;
    warm.stop.durationNs = Math.round(spec.warmNs / WARM_PARTS);
    run(warm, next);
  };
  next();
}

// runAll runs spec.pipelines identical pipelines at once (1 when unset).
// Pipeline 0 is run as a single cell is, and writes every line; the others
// are silent copies that hand it their counts and latencies (group), so
// throughput, latency, writes refused, drains and pauses are over every
// pipeline. Buffered bytes are too, summed at each instant: a copy adds
// what its streams' sizes changed by to group.gb (per stream, in Recorder
// order) when it samples them, once per turn of the loop in which it was
// active, and then pipeline 0 takes a snapshot of its own sizes plus
// group.gb (group.lead): buffered.peak is the peak of the sum (the copies'
// part at the resolution of a turn of the loop; pipeline 0 also samples
// before each of its own events), and pipeline 0's memory guard bounds the
// sum. One setImmediate per turn serves every copy (group.dirty): a
// snapshot per copy event halved the throughput of 1000 pipelines. Stalls
// and busy intervals are pipeline 0's. Pipeline i's random streams are
// seeded as sim's (engine.PipelineSeed): each pipeline draws its own sizes
// and jitter, deterministically, the same as on sim. The process's memory
// before any pipeline is built is
// the baseline of the per-pipeline figures (end line, nm.rss0, nm.heap0).
function runAll(spec) {
  const n = Math.max(1, spec.pipelines || 1);
  const m0 = process.memoryUsage();
  const group = { n, rss0: m0.rss, heap0: m0.heapUsed, copies: [], left: n - 1, waiting: null,
    lat: [], prodN: 0, prodB: 0, consN: 0, consB: 0, wf: 0, dr: 0, pa: 0,
    gb: new Float64Array(1 + spec.stages.length + spec.consumers.length), lead: null,
    changed: false, dirty: [], scheduled: false };
  group.flush = () => {
    group.scheduled = false;
    const d = group.dirty;
    group.dirty = [];
    for (const m of d) m();
    if (group.changed && group.lead) {
      group.changed = false;
      group.lead();
    }
  };
  // Pipeline i's seed is engine.PipelineSeed's (SplitMix64 of the cell's
  // seed and i), in the high word of every stream's seeds, as on sim.
  const mix = (i) => {
    let z = (BigInt(spec.seeds[0][0]) + BigInt(i) * 0x9e3779b97f4a7c15n) & M64;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    z ^= z >> 31n;
    return spec.seeds.map(([, lo]) => [String(z), lo]);
  };
  for (let i = 1; i < n; i++) {
    const consumers = spec.consumers.map((c) => (c.path ? { ...c, path: c.path + '.' + i } : c));
    run({ ...spec, seeds: mix(i), consumers }, null, group, true);
  }
  run(spec, null, n > 1 ? group : { ...group, n: 1 });
}

// probes measures the process while the cell runs: event-loop delay
// (monitorEventLoopDelay, 1 ms resolution), CPU time (process.cpuUsage),
// garbage collections (a PerformanceObserver on 'gc') and the peaks of
// process.memoryUsage() sampled by mem().
//
// Bun and Deno run this through their Node compatibility, which lacks some
// of it: what a runtime cannot measure is left out (null), not reported as
// 0. Bun has no 'gc' entries (not in supportedEntryTypes); Deno lists 'gc'
// but never emits one (0 entries after 200k allocations where Node 20 saw
// 13), and its monitorEventLoopDelay records something other than Node's
// timer intervals (a p50 of 60 ns on a loop blocked 30 ms at a time, at
// 1 ms resolution), so both are left out on Deno.
function probes() {
  const isDeno = !!process.versions.deno;
  let eld = null;
  if (!isDeno && typeof monitorEventLoopDelay === 'function') {
    try {
      eld = monitorEventLoopDelay({ resolution: ELD_RES_NS / 1e6 });
      eld.enable();
    } catch (e) {
      eld = null;
    }
  }
  const cpu0 = process.cpuUsage();
  let gcCount = 0, gcPause = 0;
  const take = (list) => {
    for (const e of list.getEntries()) {
      gcCount++;
      gcPause += e.duration;
    }
  };
  let obs = null;
  const types = (PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
  if (!isDeno && types.includes('gc')) {
    try {
      obs = new PerformanceObserver(take);
      obs.observe({ entryTypes: ['gc'] });
    } catch (e) {
      obs = null;
    }
  }
  const peak = { heap: 0, ext: 0, ab: 0, rss: 0 };
  // On Node, the heap alone comes from v8.getHeapStatistics() (the same
  // figure as memoryUsage().heapUsed, for about 1 µs where memoryUsage()
  // reads /proc for the RSS: 30 µs of the loop in a running cell), and
  // the rest every FULL_EVERY samples. Bun's and Deno's heap statistics
  // are their own, so they take memoryUsage() every time.
  const cheapHeap = !process.versions.bun && !isDeno && typeof v8.getHeapStatistics === 'function';
  const FULL_EVERY = 5;
  let sinceFull = FULL_EVERY - 1; // the first sample is a full one
  return {
    mem() {
      sinceFull = 0;
      const m = process.memoryUsage();
      peak.heap = Math.max(peak.heap, m.heapUsed);
      peak.ext = Math.max(peak.ext, m.external);
      peak.ab = Math.max(peak.ab, m.arrayBuffers || 0);
      peak.rss = Math.max(peak.rss, m.rss);
      return m;
    },
    // heap returns the heap used, and keeps the other peaks current.
    heap() {
      if (!cheapHeap || ++sinceFull >= FULL_EVERY) return this.mem().heapUsed;
      const h = v8.getHeapStatistics().used_heap_size;
      peak.heap = Math.max(peak.heap, h);
      return h;
    },
    finish() {
      this.mem();
      const cpu = process.cpuUsage(cpu0);
      if (eld) eld.disable();
      if (obs) {
        if (typeof obs.takeRecords === 'function') {
          for (const e of obs.takeRecords()) {
            gcCount++;
            gcPause += e.duration;
          }
        }
        obs.disconnect();
      }
      // The histogram records the time between its 1 ms timer's runs: the
      // delay is what exceeds the 1 ms (nanoseconds; 0 when it recorded
      // nothing, in a cell shorter than that).
      const delay = (v) => (Number.isFinite(v) && v > ELD_RES_NS ? v - ELD_RES_NS : 0);
      return {
        elp50: eld ? delay(eld.percentile(50)) : null,
        elp99: eld ? delay(eld.percentile(99)) : null,
        elmax: eld ? delay(eld.max) : null,
        cpuUser: cpu.user * 1e3, cpuSys: cpu.system * 1e3, // ns
        gcCount: obs ? gcCount : null, gcPauseNs: obs ? Math.round(gcPause * 1e6) : null,
        heap: peak.heap, ext: peak.ext, ab: peak.ab, rss: peak.rss,
      };
    },
  };
}

// run runs the cell of spec. With warmDone, it is a warm-up: nothing is
// written, and warmDone is called when it ends instead of the process
// exiting.
//
// With group, the run is one of group.n pipelines (see runAll); silent, it
// is one of the copies, which writes nothing and measures nothing.
function run(spec, warmDone, group, silent) {
  const say = warmDone || silent ? () => {} : out;
  const saySoon = warmDone || silent ? () => {} : outSoon;
  const probe = silent ? null : probes();
  let sampling = null; // the sampling interval, once set
  const t0 = performance.now();
  const real = () => (performance.now() - t0) * 1e6;
  // With ideal timing, the clock is the model's, as sim's virtual clock: it
  // starts at 0 and moves to each timer's deadline when the timer fires,
  // and the ticks that callback causes happen at that time. A timer that
  // fires late (timers resolve milliseconds, and a busy machine adds more)
  // so delays nothing that follows from it; maxLate says how late they
  // were. With wall timing, the clock is performance.now(): deadlines stay
  // absolute (no drift), but whatever runs when a deadline fires runs at
  // the real time Node got to it, so lateness is part of the measurement.
  const wall = spec.timing === 'wall';
  let tnow = 0;
  let maxLate = 0;
  const clock = wall ? real : () => tnow;
  const om = spec.objectMode;
  const sizeOf = om ? (c) => c.n : (c) => c.length;
  const durationNs = spec.stop.durationNs || Infinity;
  let halted = false;
  const ms = (ns) => Math.max(1, Math.ceil(ns / 1e6));

  // at runs fn at deadline: at once when it is not in the future, else
  // from a queue of deadlines (earliest first, then in order of at calls)
  // that fires one deadline per turn of the event loop, each once the real
  // clock reached it: a timer when it is ahead, setImmediate when Node is
  // behind, so a late Node catches up instead of waiting 1 ms per event.
  // Deadlines after the stop duration never come.
  const queue = [];
  let seq = 0;
  let armed = null; // { deadline, handle, immediate }
  // turnAt is when a deadline last fired: a new macrotask, so the chain of
  // ticks a producer that never waits would keep going was broken then.
  let turnAt = 0;
  function at(deadline, fn) {
    if (deadline > durationNs) return;
    if (deadline <= clock()) return fn();
    heapPush([deadline, seq++, fn]);
    arm();
  }
  function arm() {
    if (halted || queue.length === 0) return;
    const d = queue[0][0];
    if (armed) {
      if (armed.deadline <= d) return;
      if (armed.immediate) clearImmediate(armed.handle);
      else clearTimeout(armed.handle);
    }
    const r = real();
    if (wall) {
      // Timers resolve milliseconds: a timer for all but the last
      // millisecond, then turns of the event loop (setImmediate) until the
      // deadline, so a deadline is met within a turn of the loop, as a
      // device's completion would be.
      armed = d - r > SPIN_NS
        ? { deadline: d, immediate: false, handle: setTimeout(fire, Math.floor((d - r - SPIN_NS) / 1e6)) }
        : { deadline: d, immediate: true, handle: setImmediate(fire) };
      return;
    }
    armed = d <= r
      ? { deadline: d, immediate: true, handle: setImmediate(fire) }
      : { deadline: d, immediate: false, handle: setTimeout(fire, ms(d - r)) };
  }
  function fire() {
    armed = null;
    if (halted) return;
    const r = real();
    if (queue.length > 0 && queue[0][0] <= r) {
      // The state the previous event and its ticks left is an instant.
      if (measuring && !silent) snapshot();
      const [d, , fn] = heapPop();
      maxLate = Math.max(maxLate, r - d);
      turnAt = r;
      if (!wall) tnow = Math.max(tnow, d);
      fn();
      touch();
    }
    arm();
  }
  // The stop comes before any other event at the same time, as in sim.
  if (durationNs < Infinity) at(durationNs, () => finishRun('time', durationNs));
  const before = (x, y) => x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
  function heapPush(x) {
    queue.push(x);
    for (let i = queue.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(queue[i], queue[p])) break;
      [queue[i], queue[p]] = [queue[p], queue[i]];
      i = p;
    }
  }
  function heapPop() {
    const top = queue[0];
    const last = queue.pop();
    if (queue.length > 0) {
      queue[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < queue.length && before(queue[l], queue[m])) m = l;
        if (r < queue.length && before(queue[r], queue[m])) m = r;
        if (m === i) break;
        [queue[i], queue[m]] = [queue[m], queue[i]];
        i = m;
      }
    }
    return top;
  }

  // ---- What the Go side records, batched per line.
  let lat = [];
  // waited: [ready, pushed at, size] of each chunk a live producer's schedule
  // made ready before the stream took it (size 1 in object mode), sent with
  // the next line: the Recorder's backlog.peak and backlog.mean.
  let waited = [];
  let prodN = 0, prodB = 0, consN = 0, consB = 0;
  let wf = 0, drains = 0, pauses = 0;
  let stalls = [];
  const busy = spec.consumers.map(() => []);
  function addInterval(list, from, to) {
    if (!(to > from)) return;
    const last = list[list.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else list.push([from, to]);
  }

  // flight holds the produced chunks not consumed by every consumer: the
  // cumulative bytes up to and including each (ends) and when the producer
  // wanted to send it (ready). Numbered from base.
  const flight = { ends: [], ready: [], head: 0, base: 0, baseStart: 0 };
  function flightPrefix(k) {
    const n = flight.ends.length - flight.head;
    if (k <= flight.base || n === 0) return flight.baseStart;
    return flight.ends[flight.head + Math.min(k - 1 - flight.base, n - 1)];
  }
  const flightBytes = (from, to) => (to <= from ? 0 : flightPrefix(to) - flightPrefix(from));

  // ---- Producer.
  const P = spec.producer;
  const prng = new PCG(spec.seeds[0]);
  const draw = sampler(P.chunk, prng);
  const burstOn = P.burstOnNs, burstOff = P.burstOffNs;
  const bursts = burstOn > 0 && burstOff > 0;
  function activeToClock(active) {
    if (!bursts) return active;
    const k = Math.floor(active / burstOn), rem = active - k * burstOn;
    if (rem === 0 && k > 0) return (k - 1) * (burstOn + burstOff) + burstOn;
    return k * (burstOn + burstOff) + rem;
  }
  function gate(t) {
    if (!bursts) return t;
    const period = burstOn + burstOff, k = Math.floor(t / period);
    return t - k * period >= burstOn ? (k + 1) * period : t;
  }
  const prod = {
    chunks: 0, bytes: 0, lastPush: 0, pending: false, size: 0, ready: 0, armed: false, ended: false, pushed: 0,
    lastYield: 0,
  };
  function exhausted() {
    return (spec.stop.chunks > 0 && prod.chunks >= spec.stop.chunks) || (spec.stop.bytes > 0 && prod.bytes >= spec.stop.bytes);
  }
  function drawNext() {
    let size = draw();
    if (spec.stop.bytes > 0) size = Math.min(size, spec.stop.bytes - prod.bytes);
    prod.size = size;
    prod.pending = true;
    if (P.pull) {
      // On demand (sim's pull producer): the chunk's time starts when _read
      // asks; the producer was blocked since its last push.
      const now = clock();
      if (prod.chunks > 0) addInterval(stalls, prod.lastPush, now);
      let d = P.latencyNs;
      if (P.rate > 0) d += (size * 1e9) / P.rate;
      else if (P.chunkRate > 0) d += 1e9 / P.chunkRate;
      prod.ready = now + Math.round(d);
      return;
    }
    if (P.rate > 0) prod.ready = activeToClock(Math.round(((prod.bytes + size) * 1e9) / P.rate));
    else if (P.chunkRate > 0) prod.ready = activeToClock(Math.round(((prod.chunks + 1) * 1e9) / P.chunkRate));
    else prod.ready = gate(prod.lastPush);
  }
  function produce() {
    if (prod.ended || prod.armed || halted) return;
    if (!prod.pending) {
      if (exhausted()) return endProducer();
      drawNext();
    }
    if (prod.ready > clock()) {
      prod.armed = true;
      at(prod.ready, () => {
        prod.armed = false;
        prod.lastYield = real();
        pushNext(clock());
      });
      return;
    }
    if (wall && real() - Math.max(prod.lastYield, turnAt) > YIELD_NS) {
      // A producer that never waits (unpaced, or behind its schedule)
      // would keep Node in one chain of ticks: it yields to the event loop
      // every YIELD_NS, as code that generates data should. A deadline that
      // fired (a consumer's, a stage's) broke the chain already: counting
      // from it, a producer held back by a consumer yields no more than
      // it would on its own, and an await-drain loop's read() takes what
      // sim's does (a yield between two of its chunks halved its writes).
      prod.armed = true;
      setImmediate(() => {
        prod.armed = false;
        prod.lastYield = real();
        if (halted) return;
        pushNext(clock());
        touch();
      });
      return;
    }
    pushNext(clock());
  }
  function pushNext(now) {
    const c = take(now);
    if (c !== null) source.push(c);
    // On the wall clock buffers may fill and empty within one chain of
    // ticks (an unpaced cell never waits): measure at every push too.
    if (wall) pushed();
    if (exhausted()) endProducer();
  }
  // take hands over the pending chunk at now: its accounting, and the
  // chunk (null when the guard stopped the run).
  function take(now) {
    if (spec.guard > 0 && !silent && totalAll() > spec.guard) {
      guardHit();
      return null;
    }
    if (!P.pull) {
      addInterval(stalls, Math.max(prod.ready, prod.lastPush), now);
      if (now > prod.ready) waited.push([prod.ready, now, om ? 1 : prod.size]);
    }
    prod.lastPush = now;
    prod.pending = false;
    prod.chunks++;
    prod.bytes += prod.size;
    flight.ends.push(prod.bytes);
    flight.ready.push(prod.ready);
    prodN++;
    prodB += prod.size;
    prod.pushed++;
    return om ? { n: prod.size } : spec.fill ? filled(prod.size) : Buffer.allocUnsafe(prod.size);
  }
  // gen is the producer as a plain async generator (P.generator): the same
  // schedule as produce(), but a chunk is made only when the await-drain
  // loop asks for the next one, and nothing is buffered in between.
  async function* gen() {
    for (;;) {
      if (halted) return;
      if (!prod.pending) {
        if (exhausted()) return;
        drawNext();
      }
      if (prod.ready > clock()) {
        await new Promise((resolve) => at(prod.ready, resolve));
        if (halted) return;
        prod.lastYield = real();
      } else if (wall && real() - prod.lastYield > YIELD_NS) {
        await new Promise((resolve) => setImmediate(resolve));
        prod.lastYield = real();
        if (halted) return;
      }
      const c = take(clock());
      if (c === null) return;
      if (wall) pushed();
      yield c;
    }
  }
  // With real parts (zlib, files), what the bytes are matters: each chunk
  // is a new buffer copied from a 1 MiB pool of bytes drawn uniformly from
  // the 64 characters of base64 (6 bits of entropy per byte, so gzip
  // shrinks it to about 3/4, as a base64 payload), seeded from the cell.
  let pool = null, poolOff = 0;
  function filled(size) {
    if (!pool) {
      pool = Buffer.allocUnsafe(1 << 20);
      const abc = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
      let x = Number(new PCG(spec.seeds[0]).uint64() & 0xffffffffn) | 1;
      for (let i = 0; i < pool.length; ) {
        x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift32
        for (let k = 0, y = x >>> 2; k < 5 && i < pool.length; k++, y >>>= 6) pool[i++] = abc[y & 63];
      }
    }
    const b = Buffer.allocUnsafe(size);
    for (let o = 0; o < size; ) {
      const n = Math.min(size - o, pool.length - poolOff);
      pool.copy(b, o, poolOff, poolOff + n);
      o += n;
      poolOff = (poolOff + n) % pool.length;
    }
    return b;
  }
  function endProducer() {
    prod.ended = true;
    source.push(null);
  }
  const source = new Readable({ objectMode: om, highWaterMark: spec.hwm, read: produce });
  let sourceEnded = false;
  source.on('pause', () => {
    if (!sourceEnded) pauses++;
  });
  source.on('end', () => {
    sourceEnded = true;
  });

  // instrument counts w's write() calls (pipe and pipeline call it too)
  // that returned false, and its 'drain' events.
  function instrument(w) {
    const write = w.write;
    w.write = function (chunk, enc, cb) {
      const ok = write.call(this, chunk, enc, cb);
      if (!ok) wf++;
      return ok;
    };
    w.on('drain', () => drains++);
  }

  // ---- Nodes: the producer, the stages, the consumers (Recorder order).
  const nodes = [{ s: source, up: null, pushed: 0, readable: true, writable: false }];
  nodes[0].counter = prod;

  // ---- Stages.
  let up = nodes[0];
  const chain = [source];
  for (const st of spec.stages) {
    const node = { up, pushed: 0, readable: true, writable: true, idealEnd: 0, carry: 0 };
    if (st.kind === 'gzip' || st.kind === 'gunzip' || st.kind === 'module') {
      // A real zlib stream, or the Transform a user's module makes
      // (module.exports(options) returns it). It may change sizes, so it
      // keeps marks: after each chunk it pushes, its output so far and the
      // input it had taken (zlib's bytesWritten; for a module, the bytes
      // its _write was given), to map what a consumer took back to the
      // producer's bytes (consumed()).
      const opts = { readableHighWaterMark: st.rhwm, writableHighWaterMark: st.whwm };
      let z, taken;
      if (st.kind === 'module') {
        z = userStream(st.module, opts, 'stage ' + st.name, 'push');
        let inCum = 0;
        const write0 = z._write;
        z._write = function (chunk, enc, cb) {
          inCum += chunk.length;
          return write0.call(this, chunk, enc, cb);
        };
        taken = () => inCum;
      } else {
        z = st.kind === 'gzip' ? zlib.createGzip(opts) : zlib.createGunzip(opts);
        if (typeof z.bytesWritten !== 'number') throw new Error(st.kind + ': this runtime\'s zlib has no bytesWritten');
        taken = () => z.bytesWritten;
      }
      const marks = { out: [], inp: [], idx: -1, outCum: 0 };
      const push = z.push;
      z.push = function (chunk, enc) {
        if (chunk !== null && chunk !== undefined) {
          marks.outCum += chunk.length;
          marks.out.push(marks.outCum);
          marks.inp.push(taken());
        }
        return push.call(this, chunk, enc);
      };
      node.marks = marks;
      node.s = z;
      instrument(z);
      nodes.push(node);
      chain.push(z);
      up = node;
      continue;
    }
    const t = new Transform({
      objectMode: om,
      readableHighWaterMark: st.rhwm,
      writableHighWaterMark: st.whwm,
      transform(chunk, enc, cb) {
        const now = clock();
        let d = st.perChunkNs;
        if (st.perByte > 0) {
          const x = st.perByte * sizeOf(chunk) + node.carry;
          const f = Math.floor(x);
          node.carry = x - f;
          d += f;
        }
        const emit = () => {
          node.pushed++;
          this.push(chunk);
          cb();
        };
        if (spec.busyCost) {
          const spin = real() + d;
          while (real() < spin);
          if (!wall) tnow = Math.max(tnow, now + d);
          return emit();
        }
        const end = Math.max(now, node.idealEnd) + d;
        node.idealEnd = end;
        if (end <= now) return emit();
        at(end, emit);
      },
    });
    node.s = t;
    instrument(t);
    nodes.push(node);
    chain.push(t);
    up = node;
  }

  // ---- Consumers.
  const consumers = [];
  spec.consumers.forEach((c, i) => {
    const node = { up, readable: false, writable: true, idealEnd: 0, carry: 0, consumed: 0 };
    const rng = c.jitter > 0 ? new PCG(spec.seeds[i + 1]) : null;
    const service = (size) => {
      let x = c.latencyNs;
      if (c.rate > 0) x += (size * 1e9) / c.rate;
      if (c.chunkRate > 0) x += 1e9 / c.chunkRate;
      if (rng) x *= 1 - c.jitter + 2 * c.jitter * rng.float64();
      x += node.carry;
      const d = Math.floor(x);
      node.carry = x - d;
      return d;
    };
    const advance = (t, d) => {
      const E = c.everyNs, F = c.forNs;
      if (!(E > 0 && F > 0)) return t + d;
      const k = Math.floor(t / E);
      if (k >= 1 && t < k * E + F) t = k * E + F;
      const next = (Math.floor(t / E) + 1) * E;
      if (t + d <= next) return t + d;
      const rest = d - (next - t), seg = E - F;
      const p = Math.floor((rest - 1) / seg);
      return next + F + p * E + (rest - p * seg);
    };
    if (c.kind === 'net' || c.kind === 'http' || c.kind === 'module') {
      // A real socket to the net sink, or an http PUT with a chunked body
      // to the http sink: a chunk is consumed when its write calls back
      // (the runtime handed it to the kernel); the consumer is busy from
      // when the write started or the previous one completed, whichever is
      // later, to then.
      let w;
      if (c.kind === 'module') {
        w = userStream(c.module, { highWaterMark: c.hwm }, 'consumer ' + c.name, 'write');
      } else if (c.kind === 'net') {
        w = net.connect({ port: sinks.net, host: '127.0.0.1', writableHighWaterMark: c.hwm });
      } else {
        w = http.request({ host: '127.0.0.1', port: sinks.http, method: 'PUT', path: '/', agent: false });
        w.on('response', (res) => res.resume());
      }
      let last = 0;
      const write0 = w.write;
      w.write = function (chunk, enc, cb) {
        if (typeof enc === 'function') {
          cb = enc;
          enc = undefined;
        }
        const t0 = real(), size = chunk.length;
        return write0.call(this, chunk, enc, (err) => {
          const t = real();
          addInterval(busy[i], Math.max(t0, last), t);
          last = t;
          node.consumed += size;
          node.idealEnd = t;
          if (cb) cb(err);
          if (!err) consumed(t);
        });
      };
      node.s = w;
      instrument(w);
      w.on('finish', () => {
        finished++;
        if (finished === spec.consumers.length) finishRun('done', real());
      });
      nodes.push(node);
      consumers.push(node);
      return;
    }
    if (c.kind === 'fs') {
      // A real fs.createWriteStream: a chunk is consumed when the file
      // system's write of it (alone or in a writev batch) calls back; the
      // consumer is busy from the write's start to then.
      const w = fs.createWriteStream(c.path, { highWaterMark: c.hwm });
      const done = (t0, size, cb) => (err) => {
        const t = real();
        addInterval(busy[i], t0, t);
        node.consumed += size;
        node.idealEnd = t;
        cb(err);
        if (!err) consumed(t);
      };
      const write1 = w._write;
      w._write = function (chunk, enc, cb) {
        return write1.call(this, chunk, enc, done(real(), chunk.length, cb));
      };
      const writev = w._writev;
      if (typeof writev === 'function') {
        w._writev = function (chunks, cb) {
          let size = 0;
          for (const x of chunks) size += x.chunk.length;
          return writev.call(this, chunks, done(real(), size, cb));
        };
      }
      node.s = w;
      instrument(w);
      w.on('finish', () => {
        finished++;
        if (finished === spec.consumers.length) finishRun('done', real());
      });
      nodes.push(node);
      consumers.push(node);
      return;
    }
    const w = new Writable({
      objectMode: om,
      highWaterMark: c.hwm,
      write(chunk, enc, cb) {
        const now = clock();
        const size = sizeOf(chunk);
        const start = Math.max(now, node.idealEnd);
        const end = advance(start, service(size));
        node.idealEnd = end;
        addInterval(busy[i], start, end);
        const complete = () => {
          node.consumed += size;
          cb();
          consumed(wall ? real() : end);
        };
        if (end <= now) return complete();
        at(end, complete);
      },
    });
    node.s = w;
    instrument(w);
    w.on('finish', () => {
      finished++;
      if (finished === spec.consumers.length) {
        finishRun('done', wall ? real() : Math.max(...consumers.map((c) => c.idealEnd)));
      }
    });
    nodes.push(node);
    consumers.push(node);
  });
  let finished = 0;

  // consumed pops the chunks every consumer finished by t.
  function consumed(t) {
    let done = Infinity;
    for (const c of consumers) done = Math.min(done, c.consumed);
    // Through the stages that change sizes (zlib), back to producer bytes.
    for (let k = nodes.length - 1 - consumers.length; k >= 1; k--) {
      const m = nodes[k].marks;
      if (!m) continue;
      while (m.idx + 1 < m.out.length && m.out[m.idx + 1] <= done) m.idx++;
      done = m.idx >= 0 ? m.inp[m.idx] : 0;
      if (m.idx > 4096) {
        m.out = m.out.slice(m.idx);
        m.inp = m.inp.slice(m.idx);
        m.idx = 0;
      }
    }
    while (flight.head < flight.ends.length && flight.ends[flight.head] <= done) {
      const end = flight.ends[flight.head];
      lat.push(Math.max(0, Math.round(t - flight.ready[flight.head])));
      consN++;
      consB += end - flight.baseStart;
      flight.baseStart = end;
      flight.head++;
      flight.base++;
    }
    if (flight.head > 4096 && flight.head * 2 > flight.ends.length) {
      flight.ends = flight.ends.slice(flight.head);
      flight.ready = flight.ready.slice(flight.head);
      flight.head = 0;
    }
    if (lat.length >= LAT_BATCH) flush(false);
  }

  // ---- Buffered bytes: each stream's writable length plus its readable
  // length; in object mode, the bytes of the objects they hold.
  function nodeBytes(n) {
    const s = n.s;
    if (!om) return (n.readable ? s.readableLength : 0) + (n.writable ? s.writableLength || 0 : 0);
    let b = 0;
    const pushed = n.counter ? n.counter.pushed : n.pushed;
    if (n.readable) b += flightBytes(pushed - s.readableLength, pushed);
    if (n.writable) {
      const upPushed = n.up.counter ? n.up.counter.pushed : n.up.pushed;
      const inp = upPushed - n.up.s.readableLength;
      b += flightBytes(inp - s.writableLength, inp);
    }
    return b;
  }
  function total() {
    let t = 0;
    for (const n of nodes) t += nodeBytes(n);
    return t;
  }
  // With several pipelines, pipeline 0's figures are of every pipeline:
  // its own sizes plus the copies' (group.gb, see runAll).
  const shared = group && group.n > 1 && !silent ? group.gb : null;
  const bytesAt = shared ? (i) => nodeBytes(nodes[i]) + shared[i] : (i) => nodeBytes(nodes[i]);
  const allBytes = shared ? () => nodes.map((n, i) => nodeBytes(n) + shared[i]) : () => nodes.map(nodeBytes);
  function totalAll() {
    let t = total();
    if (shared) for (const x of shared) t += x;
    return t;
  }
  // report, in a copy: add what its streams' sizes changed by to group.gb
  // (pipeline 0 takes a snapshot of the sum at the turn's end, group.flush).
  const own = silent ? new Float64Array(nodes.length) : null;
  function report() {
    let changed = false;
    for (let i = 0; i < nodes.length; i++) {
      const b = nodeBytes(nodes[i]);
      if (b !== own[i]) {
        group.gb[i] += b - own[i];
        own[i] = b;
        changed = true;
      }
    }
    if (changed) group.changed = true;
  }

  // measure runs once per turn of the event loop after activity: it keeps
  // the highest total since the last line, with its per-stream sizes.
  let peak = null;
  let measuring = false;
  function measure() {
    measuring = false;
    if (halted) return;
    if (snapshot() > spec.guard && spec.guard > 0 && !silent) guardHit();
  }
  if (shared) group.lead = measure;
  // steps are the per-stream sizes at every turn that changed them, sent
  // with the next line: the exact step function, so buffered.mean is the
  // time-weighted mean of what the streams held, not of 2ms samples.
  let steps = [];
  let lastB = null;
  // Wall timing: the highest total at a push since the last line, when
  // (pkT, -1 for none) and per stream (pkB), kept without allocating and
  // sent with the line as one more step.
  let pushPeak = 0, pkT = -1;
  const pkB = new Float64Array(nodes.length);
  function pushed() {
    if (silent) return;
    const tot = totalAll();
    if (tot <= pushPeak) return;
    pushPeak = tot;
    pkT = stamp();
    for (let i = 0; i < nodes.length; i++) pkB[i] = bytesAt(i);
  }
  function snapshot() {
    if (silent) return report();
    const b = allBytes();
    const tot = b.reduce((x, y) => x + y, 0);
    if (!peak || tot > peak.total) peak = { t: stamp(), b, total: tot };
    if (!lastB || b.some((x, i) => x !== lastB[i])) {
      steps.push([stamp(), ...b]);
      lastB = b;
    }
    return tot;
  }
  function touch() {
    if (!measuring && !halted) {
      measuring = true;
      if (!silent) return setImmediate(measure);
      group.dirty.push(measure);
      if (!group.scheduled) {
        group.scheduled = true;
        setImmediate(group.flush);
      }
    }
  }
  const stamp = () => Math.round(Math.min(clock(), durationNs));

  // deposit hands a silent copy's counts and latencies to the group.
  function deposit() {
    if (lat.length) group.lat.push(...lat);
    group.prodN += prodN; group.prodB += prodB;
    group.consN += consN; group.consB += consB;
    group.wf += wf; group.dr += drains; group.pa += pauses;
    lat = [];
    prodN = prodB = consN = consB = wf = drains = pauses = 0;
  }
  if (silent) group.copies.push(deposit);
  // gather adds the silent copies' counts and latencies to pipeline 0's.
  function gather() {
    if (!group || group.n < 2) return;
    for (const d of group.copies) d();
    for (const x of group.lat) lat.push(x);
    prodN += group.prodN; prodB += group.prodB; consN += group.consN; consB += group.consB;
    wf += group.wf; drains += group.dr; pauses += group.pa;
    Object.assign(group, { lat: [], prodN: 0, prodB: 0, consN: 0, consB: 0, wf: 0, dr: 0, pa: 0 });
  }

  function flush(withHeap, at) {
    if (silent) return deposit();
    gather();
    const t = at === undefined ? stamp() : Math.round(at);
    const b = allBytes();
    const line = { k: 's', t, b };
    const tot = b.reduce((x, y) => x + y, 0);
    if (pkT >= 0) {
      let i = steps.length;
      while (i > 0 && steps[i - 1][0] > pkT) i--;
      steps.splice(i, 0, [pkT, ...pkB]);
      pkT = -1;
    }
    if (steps.length) line.st = steps;
    steps = [];
    peak = null;
    pushPeak = 0;
    if (withHeap) line.heap = probe.heap();
    if (lat.length) line.lat = lat.map(Math.round);
    if (waited.length) line.up = waited.map((x) => x.map(Math.round));
    if (prodN) line.prod = [prodN, prodB];
    if (consN) line.cons = [consN, consB];
    const openStalls = stalls.length > 0 ? stalls.pop() : null;
    if (stalls.length) line.stall = stalls.map((x) => x.map(Math.round));
    if (busy.some((l) => l.length > 1)) line.busy = busy.map((l) => l.splice(0, l.length - 1).map((x) => x.map(Math.round)));
    if (wf) line.wf = wf;
    if (drains) line.dr = drains;
    if (pauses) line.pa = pauses;
    saySoon(line);
    lat = [];
    waited = [];
    prodN = prodB = consN = consB = wf = drains = pauses = 0;
    stalls = openStalls ? [openStalls] : [];
    return tot;
  }

  function guardHit() {
    finishRun('guard', clock());
  }

  function finishRun(reason, t) {
    if (halted) return;
    if (silent) {
      report(); // its last sizes (0 once drained) into the sum
      if (group.changed && group.lead) {
        group.changed = false;
        group.lead();
      }
      halted = true;
      deposit();
      if (--group.left === 0 && group.waiting) group.waiting();
      return;
    }
    if (reason === 'done' && group && group.left > 0) {
      // Pipeline 0 is done: the cell ends when the last copy is.
      group.waiting = () => finishRun('done', real());
      return;
    }
    halted = true;
    t = Math.round(Math.min(t, durationNs));
    snapshot();
    // The chunk still waiting upstream counts up to the end.
    if (!P.pull && prod.pending && !prod.ended && prod.ready < t) waited.push([prod.ready, t, om ? 1 : prod.size]);
    // The last line closes every interval.
    flush(true, Math.max(t, peak ? peak.t : 0));
    const clip = (l) => l.filter((x) => x[0] < t).map((x) => [x[0], Math.min(x[1], t)]);
    stalls = clip(stalls);
    busy.forEach((l, i) => (busy[i] = clip(l)));
    const rest = {};
    if (stalls.length) rest.stall = stalls.map((x) => x.map(Math.round));
    if (busy.some((l) => l.length)) rest.busy = busy.map((l) => l.map((x) => x.map(Math.round)));
    rest.late = Math.round(maxLate);
    rest.nm = probe.finish();
    if (group) Object.assign(rest.nm, { pipes: group.n, rss0: group.rss0, heap0: group.heap0 });
    clearInterval(sampling);
    if (warmDone) return setImmediate(warmDone);
    say({ k: 'end', reason, t, ...rest });
    exitAfterOutput(0);
  }

  // ---- Wiring.
  const cons = consumers.map((c) => c.s);
  const hop = (i) => (i + 1 < chain.length ? [chain[i + 1]] : cons);
  const endAll = (src, dests) => src.once('end', () => dests.forEach((d) => d.end()));
  for (const s of chain) s.on('error', fail);
  for (const s of cons) s.on('error', fail);

  if (spec.strategy === 'pipeline') {
    pipeline([...chain, cons[0]], (err) => {
      if (err) fail(err);
    });
    for (const d of cons.slice(1)) chain[chain.length - 1].pipe(d);
  } else {
    chain.forEach((src, i) => {
      const dests = hop(i);
      if (i === 0 && P.generator) {
        // for await (const chunk of gen()) { if (!w.write(chunk)) await
        // once(w, 'drain') }, to every destination, started on the next
        // tick as the Readable's loop is; then end them.
        const loop = async () => {
          for await (const c of gen()) {
            const waits = [];
            for (const d of dests) if (!d.write(c)) waits.push(once(d, 'drain'));
            if (waits.length) await Promise.all(waits);
          }
          if (!halted) {
            prod.ended = true;
            dests.forEach((d) => d.end());
          }
        };
        process.nextTick(() => loop().catch(fail));
        return;
      }
      switch (spec.strategy) {
        case 'pipe':
          dests.forEach((d) => src.pipe(d));
          break;
        case 'manual': {
          const need = dests.map(() => false);
          let awaiting = 0;
          src.on('data', (c) => {
            dests.forEach((d, j) => {
              if (!d.write(c) && !need[j]) {
                need[j] = true;
                awaiting++;
              }
            });
            if (awaiting > 0) src.pause();
          });
          dests.forEach((d, j) =>
            d.on('drain', () => {
              if (need[j]) {
                need[j] = false;
                if (--awaiting === 0) src.resume();
              }
            }),
          );
          endAll(src, dests);
          break;
        }
        case 'await-drain': {
          let waiting = 0;
          const drained = () => {
            if (--waiting === 0) pump();
          };
          const pump = () => {
            while (waiting === 0) {
              const c = src.read();
              if (c === null) return;
              dests.forEach((d) => {
                if (!d.write(c)) {
                  waiting++;
                  d.once('drain', drained);
                }
              });
            }
          };
          src.on('readable', pump);
          endAll(src, dests);
          break;
        }
        case 'ignore':
          src.on('data', (c) => dests.forEach((d) => d.write(c)));
          endAll(src, dests);
          break;
        default:
          fail(new Error('unknown strategy ' + spec.strategy));
      }
    });
  }

  // ---- Other work on the loop: a busy-wait slice of load.sliceNs every
  // sliceNs / busy, on absolute deadlines, each on its own timer.
  if (!silent && spec.load && spec.load.busy > 0 && spec.load.sliceNs > 0) {
    const slice = spec.load.sliceNs, period = slice / spec.load.busy;
    let k = 1;
    const busyNext = () => {
      if (halted) return;
      const until = real() + slice;
      while (real() < until);
      k = Math.max(k + 1, Math.ceil(real() / period));
      setTimeout(busyNext, Math.max(0, (k * period - real()) / 1e6));
    };
    setTimeout(busyNext, period / 1e6);
  }

  if (silent) return;
  say({
    k: 'hello', node: process.version, runtime: runtimeName(),
    defHwm: new Readable({ read() {} }).readableHighWaterMark,
    defObj: new Readable({ objectMode: true, read() {} }).readableHighWaterMark,
  });
  const sampleMs = Math.max(1, spec.sampleNs / 1e6);
  sampling = setInterval(() => {
    if (snapshot() > spec.guard && spec.guard > 0) return guardHit();
    flush(true);
  }, sampleMs);
  touch();
}
