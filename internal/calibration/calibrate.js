// bpbench calibrate: micro-benchmarks of Node's event loop and streams
// (run by internal/calibration, embedded). Prints one JSON object: the
// median over `repeats` of every figure, in nanoseconds (per byte for the
// slopes). Arguments: a JSON spec on argv[1] ({repeats, scale}).
'use strict';

const { Readable, Writable, Transform } = require('node:stream');
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');

const specArg = process.argv.slice(1).find((a) => a.startsWith('{'));
const spec = JSON.parse(specArg || '{}');
const REPEATS = spec.repeats || 7;
const SCALE = spec.scale || 1;
const now = () => performance.now() * 1e6; // ns
// start and per measure n operations in wall time and in the process's
// CPU time (ns per operation): CPU time is what the work costs, whatever
// else the machine runs; wall time over CPU time is the share of a core
// the process got.
const start = () => ({ w: now(), c: process.cpuUsage() });
const per = (s, n) => {
  const c = process.cpuUsage(s.c);
  return { wall: (now() - s.w) / n, cpu: ((c.user + c.system) * 1e3) / n };
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const quantiles = (xs, qs) => {
  const s = [...xs].sort((a, b) => a - b);
  return qs.map((q) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]);
};

// chain measures the time per hop of a callback that schedules itself n
// times through sched (nextTick, setImmediate...).
function chain(sched, n) {
  return new Promise((resolve) => {
    let i = 0;
    const t0 = start();
    const hop = () => {
      if (++i === n) return resolve(per(t0, n));
      sched(hop);
    };
    sched(hop);
  });
}

// ioHop is the time per round trip of a 1-byte read of /dev/zero: a
// request to libuv's thread pool and its callback on the loop.
function ioHop(n) {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync('/dev/zero', 'r');
    const buf = Buffer.alloc(1);
    let i = 0;
    const t0 = now();
    const hop = (err) => {
      if (err) return reject(err);
      if (++i === n) {
        fs.closeSync(fd);
        return resolve((now() - t0) / n);
      }
      fs.read(fd, buf, 0, 1, null, hop);
    };
    fs.read(fd, buf, 0, 1, null, hop);
  });
}

// deviceLag measures an I/O completion the way a device delivers one: a
// worker thread (the device) gets a request by message, sleeps until the
// deadline with Atomics.wait (off the loop), and posts a message back,
// which wakes the loop as an async handle. It returns the mean of (when
// the callback ran − when the wait was asked − waitMs), over n waits of
// waitMs each: for waitMs 0, the request's and the reply's hops; for a
// wait longer than the request's hop, the reply's alone. Means, not
// medians: throughput pays for the rare long hops too.
function deviceLag(n, waitMs) {
  const { Worker } = require('node:worker_threads');
  const code = `
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
  const abs = () => performance.timeOrigin + performance.now();
  return new Promise((resolve) => {
    const w = new Worker(code, { eval: true });
    w.once('online', () => {
      let sum = 0, k = 0, asked = 0;
      w.on('message', () => {
        sum += (abs() - asked - waitMs) * 1e6;
        if (++k === n) {
          w.terminate();
          return resolve(sum / n);
        }
        one();
      });
      const one = () => {
        asked = abs();
        w.postMessage(asked + waitMs);
      };
      one();
    });
  });
}

// timerDelays returns the overshoot of setTimeout(fn, ms) beyond
// max(floor(ms), 1) (libuv's timers count whole milliseconds) for n timers
// in a row, each armed from the previous one's callback.
function timerDelays(ms, n) {
  return new Promise((resolve) => {
    const over = [];
    const one = () => {
      const t0 = now();
      setTimeout(() => {
        over.push(now() - t0 - Math.max(Math.floor(ms), 1) * 1e6);
        if (over.length === n) return resolve(over);
        one();
      }, ms);
    };
    one();
  });
}

// Per-chunk CPU, byte mode or object mode, by chunk size.
function chunkOf(size, om) {
  return om ? { n: size } : Buffer.alloc(size);
}

// writeCost: write() into a Writable whose _write calls back at once.
function writeCost(size, om, n) {
  const c = chunkOf(size, om);
  const w = new Writable({ objectMode: om, highWaterMark: om ? 16 : 1 << 30, write(ch, e, cb) { cb(); } });
  w.on('error', () => {});
  const t0 = start();
  for (let i = 0; i < n; i++) w.write(c);
  return per(t0, n);
}

// pushCost: push() into a flowing Readable with a 'data' listener (the
// chunk goes straight to 'data').
function pushCost(size, om, n) {
  const c = chunkOf(size, om);
  const r = new Readable({ objectMode: om, read() {} });
  let got = 0;
  r.on('data', () => got++);
  return new Promise((resolve) => {
    r.once('resume', () => {}); // flowing starts on the next tick
    setImmediate(() => {
      const t0 = start();
      for (let i = 0; i < n; i++) r.push(c);
      const t = per(t0, n);
      r.destroy();
      resolve(t);
    });
  });
}

// pipeTotal: a Readable whose _read pushes one chunk, piped into a
// Writable (synchronous callback), optionally through a Transform that
// pushes every chunk: the time per chunk of the whole hop.
function pipeTotal(size, om, n, transform) {
  const c = chunkOf(size, om);
  return new Promise((resolve) => {
    let i = 0;
    const r = new Readable({
      objectMode: om,
      read() {
        if (i++ < n) this.push(c);
        else this.push(null);
      },
    });
    const w = new Writable({ objectMode: om, write(ch, e, cb) { cb(); } });
    const t0 = start();
    w.on('finish', () => resolve(per(t0, n)));
    if (transform) {
      const t = new Transform({ objectMode: om, transform(ch, e, cb) { cb(null, ch); } });
      r.pipe(t).pipe(w);
    } else r.pipe(w);
  });
}

// joinCost: k chunks of size bytes pushed into a paused Readable, then
// one read() that joins them into a new Buffer (what an await-drain loop's
// read() does when the producer got ahead), less the same chunks read one
// by one: the join's copy, its allocation and their garbage. Every chunk
// is a fresh Buffer.allocUnsafe, as the node engine's producer makes.
function joinCost(size, k) {
  const once = (join, n) => {
    const r = new Readable({ read() {}, highWaterMark: 1 << 30 });
    const t0 = start();
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) r.push(Buffer.allocUnsafe(size));
      if (join) r.read();
      else for (let j = 0; j < k; j++) r.read(size);
    }
    return per(t0, n);
  };
  // Sized on the joined run's own time (the difference can be near 0, and
  // sized() on it would run millions of joins), five times sized()'s: a
  // join's garbage is collected every few hundred joins, and the figure
  // must hold several collections.
  const probe = once(true, 200);
  const n = Math.min(1 << 20, Math.max(200, Math.round((5 * MIN_MS * 1e6) / Math.max(probe.wall, 1))));
  const j = once(true, n), one = once(false, n);
  return { wall: Math.max(0, j.wall - one.wall), cpu: Math.max(0, j.cpu - one.cpu) };
}
// The joins measured: [chunk size, chunks]; fit by the joined total.
const JOINS = [[4096, 2], [16384, 2], [16384, 4], [65536, 2], [65536, 4]];

// fit returns a + b·size from per-chunk times at ascending sizes, robust
// to a noisy point: b is the Theil-Sen slope, the median of the slopes
// between every two sizes (never negative: a bigger chunk costs no less),
// so one point that a collection or a preemption inflated moves it little
// (the slope from the smallest to the largest size alone moved tenfold
// when the largest point caught a collection); a is the median of what is
// left at each size (at least 1 ns).
function fit(sizes, ts) {
  const slopes = [];
  for (let i = 0; i < sizes.length; i++) {
    for (let j = i + 1; j < sizes.length; j++) {
      if (sizes[j] !== sizes[i]) slopes.push((ts[j] - ts[i]) / (sizes[j] - sizes[i]));
    }
  }
  const b = slopes.length ? Math.max(0, median(slopes)) : 0;
  const a = Math.max(1, median(ts.map((t, i) => t - b * sizes[i])));
  return { a, b };
}

// sized runs f(n), which returns the time per operation of n operations,
// with n chosen so that the run lasts about MIN_MS: long enough to span
// several of the scheduler's time slices on a busy machine, so that one
// preemption does not decide the figure.
const MIN_MS = Math.max(1, 20 * SCALE);
async function sized(f) {
  const probe = await f(200);
  const n = Math.min(1 << 22, Math.max(200, Math.round((MIN_MS * 1e6) / Math.max(probe.wall, 1))));
  return f(n);
}

async function main() {
  // rep returns the median of REPEATS runs of f: of a number, or of the
  // CPU time of a {wall, cpu} (the wall/cpu ratios go into shares).
  const shares = [];
  const rep = async (f) => {
    const xs = [];
    for (let k = 0; k < REPEATS; k++) xs.push(await f());
    if (typeof xs[0] === 'number') return median(xs);
    for (const x of xs) if (x.cpu > 0) shares.push(x.wall / x.cpu);
    return Math.max(1e-3, median(xs.map((x) => x.cpu)));
  };
  const N = Math.max(1, Math.round(20000 * SCALE));
  // Bun and Deno answer through their Node compatibility: name them.
  const rt = process.versions.bun ? 'bun ' + process.versions.bun : process.versions.deno ? 'deno ' + process.versions.deno : '';
  const out = { node: rt ? rt + ' (Node compatibility ' + process.version + ')' : process.version, repeats: REPEATS };
  // Warm up the JIT on every path once.
  for (const om of [false, true]) {
    writeCost(4096, om, N);
    await pushCost(4096, om, N);
    await pipeTotal(4096, om, N, false);
    await pipeTotal(4096, om, N, true);
  }
  for (const sched of [process.nextTick, queueMicrotask, setImmediate]) await sized((n) => chain(sched, n));
  out.nextTick = await rep(() => sized((n) => chain(process.nextTick, n)));
  out.microtask = await rep(() => sized((n) => chain(queueMicrotask, n)));
  out.immediate = await rep(() => sized((n) => chain(setImmediate, n)));
  const devN = Math.max(5, N >> 7);
  out.io = [];
  for (const ms of [0.005, 0.05, 0.5, 5]) {
    out.io.push({ wait: ms * 1e6, lag: await rep(() => deviceLag(Math.max(3, Math.round(devN / Math.max(1, ms))), ms)) });
  }
  out.fsRead = await rep(() => ioHop(Math.max(1, N >> 4)));
  // Timers: overshoot beyond max(ms, 1) for delays under, at and above 1 ms.
  const over = [];
  const timerN = Math.max(5, Math.round(40 * SCALE));
  for (let k = 0; k < REPEATS; k++) {
    for (const ms of [0.125, 1, 1.5625, 2.5]) over.push(...(await timerDelays(ms, timerN)));
  }
  const qs = [];
  for (let i = 0; i <= 20; i++) qs.push(i / 20);
  out.timer = { minDelay: 1e6, resolution: 1e6, overshoot: quantiles(over, qs), median: median(over) };
  // CPU per chunk by size and mode.
  const sizes = [64, 1024, 4096, 16384, 65536];
  for (const om of [false, true]) {
    const key = om ? 'objectMode' : 'bytes';
    const w = [], p = [], pt = [], tt = [];
    for (const s of sizes) {
      w.push(await rep(() => sized(async (n) => writeCost(s, om, n))));
      p.push(await rep(() => sized((n) => pushCost(s, om, n))));
      pt.push(await rep(() => sized((n) => pipeTotal(s, om, n, false))));
      tt.push(await rep(() => sized((n) => pipeTotal(s, om, n, true))));
    }
    // pipe is what a piped hop adds to push and write; transform what a
    // Transform adds beyond one more piped hop and write.
    const pipe = pt.map((t, i) => t - p[i] - w[i]);
    const tr = tt.map((t, i) => t - pt[i] - pipe[i] - w[i]);
    out[key] = {
      sizes,
      write: fit(sizes, w), push: fit(sizes, p), pipe: fit(sizes, pipe), transform: fit(sizes, tr),
      raw: { write: w, push: p, pipeTotal: pt, transformTotal: tt },
    };
  }
  // Joined reads, bytes only (an object-mode read() returns one object),
  // fit by the total joined, in ascending order.
  const totals = JOINS.map(([s, k]) => s * k);
  const order = totals.map((t, i) => i).sort((x, y) => totals[x] - totals[y]);
  const js = [];
  for (const i of order) js.push(await rep(() => joinCost(JOINS[i][0], JOINS[i][1])));
  out.bytes.join = fit(order.map((i) => totals[i]), js);
  out.bytes.raw.join = { totals: order.map((i) => totals[i]), ns: js };
  out.wallPerCpu = Math.max(1, median(shares));
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
