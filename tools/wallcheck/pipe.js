// wallcheck/pipe.js: a live producer piped into a slower consumer, written
// from Node's public stream API only, measured on the wall clock. The check
// the node engine's wall timing answers to (see README.md beside it).
//
//   node pipe.js [producerMiBps=50] [consumerMiBps=20] [chunk=4096] [hwm=16384] [seconds=3]
//
// The producer is a Readable whose chunk i is due at (i+1)·chunk/rate after
// the start (absolute deadlines: no drift); a _read before that waits for
// the deadline, one after pushes at once. The consumer is a Writable that
// serves each chunk for chunk/rate from max(when _write got it, when it
// finished the previous one), and calls back at that absolute deadline.
// Prints one JSON line: throughput in MiB/s over the consumed bytes and the
// time to the last callback.
'use strict';
const { Readable, Writable } = require('node:stream');
const { performance } = require('node:perf_hooks');

const [pRate, cRate, chunk, hwm, secs] = [
  Number(process.argv[2] || 50) * 1048576,
  Number(process.argv[3] || 20) * 1048576,
  Number(process.argv[4] || 4096),
  Number(process.argv[5] || 16384),
  Number(process.argv[6] || 3),
];
const total = Math.floor((secs * cRate) / chunk) * chunk;
const now = () => performance.now(); // ms

// wait calls fn at absolute time t (ms): a timer for the coarse part, then
// setImmediate turns of the event loop for the last millisecond (timers
// resolve 1 ms; a device's completion is known in microseconds).
function wait(t, fn) {
  const left = t - now();
  if (left <= 0) return fn();
  if (left > 1.5) return setTimeout(() => wait(t, fn), left - 1);
  setImmediate(() => wait(t, fn));
}

let t0 = 0, produced = 0, consumed = 0, nextFree = 0;
const src = new Readable({
  highWaterMark: hwm,
  read() {
    if (produced >= total) return this.push(null);
    const due = t0 + ((produced + chunk) / pRate) * 1e3;
    wait(due, () => {
      produced += chunk;
      this.push(Buffer.alloc(chunk));
      if (produced >= total) this.push(null);
    });
  },
});
const dst = new Writable({
  highWaterMark: hwm,
  write(c, enc, cb) {
    const start = Math.max(now(), nextFree);
    nextFree = start + (c.length / cRate) * 1e3;
    wait(nextFree, () => {
      consumed += c.length;
      cb();
    });
  },
});
dst.on('finish', () => {
  const s = (now() - t0) / 1e3;
  console.log(JSON.stringify({ node: process.version, producer: pRate / 1048576, consumer: cRate / 1048576, chunk, hwm, seconds: +s.toFixed(4), throughputMiBps: +(consumed / s / 1048576).toFixed(3) }));
});
t0 = now();
src.pipe(dst);
