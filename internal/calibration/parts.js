// bpbench calibrate, real parts: what the node engine's real stages and
// consumers cost per chunk (run by internal/calibration, embedded, after
// calibrate.js). Prints one JSON object. Arguments: a JSON spec on argv[1]
// ({repeats, scale}).
//
// Every part is measured the way the node engine drives it (driver.js):
// the same Node APIs, on the same data (bytes drawn from the 64 characters
// of base64, as driver.js's filled()), one chunk at a time: each write is
// made when the previous one called back, so the time per chunk is the
// part's service time, not a pipeline's. It is split into the event
// loop's active time (the loop CPU the part costs) and the rest, a wait
// (zlib's work on libuv's thread pool, the kernel's). Both are fitted as
// a + b·bytes over chunk sizes of 1, 16 and 64 KiB; each point is the
// median of `repeats` runs.
//
// The loop's active time is, in order of preference (loopCpuSource):
// "elu", performance.eventLoopUtilization's active time (Node); "thread",
// the CPU time of the process's main thread, the one that runs
// JavaScript (/proc/self/task/<pid>/schedstat, in ns: Linux), where the
// runtime's eventLoopUtilization reports no active time (Bun 1.4.5, Deno
// 2.9.6); "process", process.cpuUsage() (user and system time), where
// neither is there: an upper bound, as it counts every thread's CPU (the
// thread pool's compression and writes too).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const zlib = require('node:zlib');
const { performance } = require('node:perf_hooks');

const specArg = process.argv.slice(1).find((a) => a.startsWith('{'));
const spec = JSON.parse(specArg || '{}');
const REPEATS = spec.repeats || 7;
const SCALE = spec.scale || 1;
const SIZES = [1024, 16384, 65536];
// Each run lasts about RUN_MS (or MAX_CHUNKS chunks, fewer).
const RUN_MS = Math.max(5, 60 * SCALE);
const MAX_CHUNKS = 20000;
const now = () => performance.now() * 1e6; // ns
const elu = typeof performance.eventLoopUtilization === 'function' ? (u) => performance.eventLoopUtilization(u) : null;

// threadNs returns the CPU time of the main thread so far, in ns, or
// null where the system does not say (schedstat's first field).
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const threadNs = () => {
  try {
    const v = Number(fs.readFileSync(schedstat, 'latin1').split(' ')[0]);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
};
const hasThread = threadNs() !== null;
// procNs returns the process's CPU time so far (every thread's), in ns.
const procNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1e3;
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

// pool is 4 MiB of base64 characters from driver.js's generator (xorshift32
// over a fixed seed, five characters per draw).
const pool = (() => {
  const p = Buffer.allocUnsafe(4 << 20);
  const abc = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
  let x = 0x2545f491 | 1;
  for (let i = 0; i < p.length; ) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift32
    for (let k = 0, y = x >>> 2; k < 5 && i < p.length; k++, y >>>= 6) p[i++] = abc[y & 63];
  }
  return p;
})();
// chunks returns a source of chunks of size bytes cut from data in turn
// (the last one of data shorter; then data again from its start), each a
// new buffer (as the driver's producer makes). gzip data so repeated is a
// series of gzip members, which gunzip reads as one stream.
function chunks(data, size) {
  let off = 0;
  return () => {
    const n = Math.min(size, data.length - off);
    const b = Buffer.allocUnsafe(n);
    data.copy(b, 0, off, off + n);
    off = (off + n) % data.length;
    return b;
  };
}

// serial writes chunks of next() into w one at a time for about RUN_MS
// and returns the wall time per write and, by source (see the top), the
// loop's active time per write, in ns (each at most the wall time).
function serial(w, next, n) {
  return new Promise((resolve, reject) => {
    let i = 0;
    const e0 = elu && elu();
    const s0 = hasThread ? threadNs() : 0;
    const p0 = procNs();
    const t0 = now();
    const one = () => {
      if (i++ === n) {
        const wall = (now() - t0) / n;
        const active = e0 ? (elu(e0).active * 1e6) / n : 0;
        const thread = hasThread ? (threadNs() - s0) / n : 0;
        const proc = (procNs() - p0) / n;
        return resolve({ wall, cpu: Math.min(active, wall), thread: Math.min(thread, wall), proc: Math.min(proc, wall) });
      }
      w.write(next(), (err) => (err ? reject(err) : one()));
    };
    one();
  });
}

// measure returns, for each size, the medians of REPEATS runs of
// serial() on a fresh writable from make(size).
async function measure(make, data, close) {
  const wall = [], cpu = [], thread = [], proc = [];
  for (const size of SIZES) {
    const ws = [], cs = [], ts = [], ps = [];
    const w = await make(size);
    const next = chunks(data, size);
    const probe = await serial(w, next, 20);
    const n = Math.max(20, Math.min(MAX_CHUNKS, Math.round((RUN_MS * 1e6) / Math.max(probe.wall, 1))));
    for (let k = 0; k < REPEATS; k++) {
      const t = await serial(w, next, n);
      ws.push(t.wall);
      cs.push(t.cpu);
      ts.push(t.thread);
      ps.push(t.proc);
    }
    await close(w);
    wall.push(median(ws));
    cpu.push(median(cs));
    thread.push(median(ts));
    proc.push(median(ps));
  }
  return { wall, cpu, thread, proc };
}

// fit is a + b·size by least squares over the points (b at least 0, a at
// least 0).
function fit(ys) {
  const n = SIZES.length;
  const mx = SIZES.reduce((a, b) => a + b) / n, my = ys.reduce((a, b) => a + b) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (SIZES[i] - mx) * (ys[i] - my);
    sxx += (SIZES[i] - mx) ** 2;
  }
  const b = Math.max(0, sxy / sxx);
  return { a: Math.max(0, my - b * mx), b };
}

// figure turns measured times into {wait, cpu}: the loop's active time
// (from source, see the top) and the rest. A stage's ratios are kept.
function figure(m, source) {
  const c = source === 'thread' ? m.thread : source === 'process' ? m.proc : m.cpu;
  const cpu = fit(c);
  const wait = fit(m.wall.map((w, i) => Math.max(0, w - c[i])));
  const raw = { sizes: SIZES, wall: m.wall, cpu: c, elu: m.cpu, thread: hasThread ? m.thread : undefined, process: m.proc };
  const f = { wait, cpu, raw };
  if (m.ratio !== undefined) {
    f.ratio = m.ratio;
    raw.ratioSerial = m.ratioSerial;
  }
  return f;
}

// zlibPart measures a zlib Transform (the output is read and counted) and
// its output/input ratio over data.
async function zlibPart(mk, data) {
  let out = 0, inp = 0;
  const m = await measure(
    () => {
      const z = mk();
      z.on('data', (c) => (out += c.length));
      const write = z.write;
      z.write = function (c, cb) {
        inp += c.length;
        return write.call(this, c, cb);
      };
      return z;
    },
    data,
    (z) => new Promise((resolve) => {
      // gunzip cut mid-member reports an unexpected end: not a figure.
      z.on('error', () => {});
      z.once('close', resolve);
      z.end();
    }),
  );
  // The ratio of a whole stream: all of data once, flushed.
  const whole = await new Promise((resolve, reject) => {
    const z = mk();
    let o = 0;
    z.on('data', (c) => (o += c.length));
    z.on('end', () => resolve(o));
    z.on('error', reject);
    const next = chunks(data, 16384);
    for (let i = 0; i < Math.ceil(data.length / 16384); i++) z.write(next());
    z.end();
  });
  m.ratio = whole / data.length;
  m.ratioSerial = inp > 0 ? out / inp : 0;
  return m;
}

// fsPart measures fs.createWriteStream into a new file in dir.
function fsPart(dir) {
  let k = 0;
  const files = [];
  return measure(
    () => {
      const p = path.join(dir, `bpbench-calibrate-${process.pid}-${k++}`);
      files.push(p);
      return fs.createWriteStream(p);
    },
    pool,
    (w) => new Promise((resolve) => {
      w.end(() => {
        fs.rmSync(files.pop(), { force: true });
        resolve();
      });
    }),
  );
}

// listen starts server on 127.0.0.1 at a port the system picks.
function listen(server) {
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

// netPart measures a socket to a sink server in this process (as the
// driver's), which reads and discards every byte.
async function netPart() {
  const server = net.createServer((sock) => {
    sock.on('error', () => {});
    sock.resume();
  });
  const port = await listen(server);
  const f = await measure(
    () => new Promise((resolve, reject) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
      s.on('error', reject);
    }),
    pool,
    (s) => new Promise((resolve) => s.end(resolve)),
  );
  server.close();
  return f;
}

// httpPart measures an http PUT with a chunked body to a sink server in
// this process (as the driver's).
async function httpPart() {
  const server = http.createServer((req, res) => {
    req.on('error', () => {});
    req.resume();
    req.on('end', () => res.end());
  });
  const port = await listen(server);
  const f = await measure(
    () => {
      const r = http.request({ host: '127.0.0.1', port, method: 'PUT', path: '/', agent: false });
      r.on('response', (res) => res.resume());
      r.on('error', () => {});
      return r;
    },
    pool,
    (r) => new Promise((resolve) => r.end(resolve)),
  );
  server.close();
  return f;
}

async function main() {
  const m = {};
  m.gzip = await zlibPart(() => zlib.createGzip(), pool);
  const gz = zlib.gzipSync(pool);
  m.gunzip = await zlibPart(() => zlib.createGunzip(), gz);
  const shm = '/dev/shm';
  if (fs.existsSync(shm)) m.fsShm = await fsPart(shm);
  m.fsTmp = await fsPart(os.tmpdir());
  m.net = await netPart();
  m.http = await httpPart();
  // Bun and Deno have eventLoopUtilization but report no active time:
  // their main thread's CPU time stands for it.
  const eluActive = !!elu && Object.values(m).some((x) => x.cpu.some((c) => c > 0));
  const source = eluActive ? 'elu' : hasThread ? 'thread' : 'process';
  const out = { version: 1, data: 'base64', sizes: SIZES, loopCpuSource: source };
  for (const [k, x] of Object.entries(m)) out[k] = figure(x, source);
  out.loopCpu = ['gzip', 'gunzip', 'fsTmp', 'net', 'http'].some((k) => out[k].raw.cpu.some((c) => c > 0));
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0); // servers and sockets closed; do not wait for keep-alives
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
