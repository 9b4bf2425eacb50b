#!/usr/bin/env node
// Synchronous Readable→Writable pipe, the Node side of bench/stream_test.go's
// BenchmarkPipe: _read pushes one preallocated Buffer per call (push(null)
// after the last), _write calls back at once. Prints one line of JSON:
//   {"node":"v22.23.3","hwm":16384,"chunk":1024,"chunks":2000000,"ns_per_chunk":64.1,...}
//
//   node tools/nodebench/pipe.js [--hwm 16384] [--chunk 1024] [--count 2000000] [--warmup 200000]
//
// A warm-up pipe of --warmup chunks runs first (JIT), then the measured one,
// timed with process.hrtime.bigint() from pipe() to the Writable's 'finish'.
'use strict';
const { Readable, Writable } = require('stream');

function parseArgs(argv) {
  const o = { hwm: 16384, chunk: 1024, count: 2_000_000, warmup: 200_000 };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(hwm|chunk|count|warmup)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`pipe.js: unknown argument ${argv[i]}`);
    const v = m[2] !== undefined ? m[2] : argv[++i];
    const n = Number(String(v).replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`pipe.js: --${m[1]} wants a non-negative integer, got ${v}`);
    o[m[1]] = n;
  }
  return o;
}

function run(hwm, chunk, count) {
  return new Promise((resolve, reject) => {
    const buf = Buffer.alloc(chunk, 'a');
    let pushed = 0, got = 0, bytes = 0;
    const src = new Readable({
      highWaterMark: hwm,
      read() {
        if (pushed < count) {
          pushed++;
          this.push(buf);
        } else {
          this.push(null);
        }
      },
    });
    const dst = new Writable({
      highWaterMark: hwm,
      write(c, enc, cb) {
        got++;
        bytes += c.length;
        cb();
      },
    });
    src.on('error', reject);
    dst.on('error', reject);
    const t0 = process.hrtime.bigint();
    dst.on('finish', () => {
      const ns = Number(process.hrtime.bigint() - t0);
      if (got !== count || bytes !== count * chunk) {
        reject(new Error(`pipe.js: sink got ${got} chunks / ${bytes} bytes, want ${count} / ${count * chunk}`));
        return;
      }
      resolve(ns);
    });
    src.pipe(dst);
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.chunk < 1 || o.count < 1) throw new Error('pipe.js: --chunk and --count must be >= 1');
  if (o.warmup > 0) await run(o.hwm, o.chunk, o.warmup);
  const ns = await run(o.hwm, o.chunk, o.count);
  process.stdout.write(JSON.stringify({
    node: process.version,
    hwm: o.hwm,
    chunk: o.chunk,
    chunks: o.count,
    ns_per_chunk: Math.round((ns / o.count) * 100) / 100,
    total_ms: Math.round(ns / 1e4) / 100,
  }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack || err}\n`);
  process.exit(1);
});
