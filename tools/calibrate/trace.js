// Traces the node engine's measured run: when each consumer completion
// happened, to see where a run loses time (how tools/calibrate/README's
// "The run's start-up and the drains" was found).
//
//   node tools/calibrate/trace.js make DIR
//       writes DIR/driver.js (internal/engine/node/driver.js, logging the
//       time of every completion of the measured run to DIR/trace-PID.json)
//       and DIR/node (a wrapper that runs it in place of the driver).
//   bin/bpbench run --node DIR/node --engine node scenario.yaml
//       runs the cells through the traced driver (the runner's warm-up
//       cell writes a trace too).
//   node tools/calibrate/trace.js show DIR [WINDOW_MS]
//       prints, per trace, the completions in each window (default 50 ms)
//       as a share of the run's median window, and the time lost below it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [cmd, dir, win] = process.argv.slice(2);
if (!dir || (cmd !== 'make' && cmd !== 'show')) {
  process.stderr.write('usage: trace.js make DIR | trace.js show DIR [WINDOW_MS]\n');
  process.exit(2);
}
const abs = path.resolve(dir);

// patch replaces the one occurrence of what in s, or fails naming it.
function patch(s, what, by) {
  const i = s.indexOf(what);
  if (i < 0 || s.indexOf(what, i + 1) >= 0) throw new Error('driver.js changed: no single "' + what.trim().slice(0, 60) + '"');
  return s.slice(0, i) + by + s.slice(i + what.length);
}

if (cmd === 'make') {
  let s = fs.readFileSync(path.join(__dirname, '../../internal/engine/node/driver.js'), 'utf8');
  const real = '  const real = () => (performance.now() - t0) * 1e6;\n';
  s = patch(s, real, real + '  const TRACED = !warmDone && !silent, TRACE = [];\n');
  // Every consumer's completion: the modelled one's and the real parts'.
  const before = s;
  s = s.replace(/\n( *)node\.consumed \+= size;\n/g, '\n$1node.consumed += size;\n$1if (TRACED) TRACE.push(real());\n');
  if (s === before) throw new Error('driver.js changed: no "node.consumed += size;"');
  const end = "    say({ k: 'end', reason, t, ...rest });\n";
  s = patch(s, end, `    require('node:fs').writeFileSync(${JSON.stringify(abs)} + '/trace-' + process.pid + '.json', JSON.stringify(TRACE));\n` + end);
  fs.mkdirSync(abs, { recursive: true });
  fs.writeFileSync(path.join(abs, 'driver.js'), s);
  // The node engine runs `node -e DRIVER`; anything else (version probes)
  // goes to the real node.
  fs.writeFileSync(path.join(abs, 'node'), `#!/bin/sh\ncase "$1" in\n  -e) exec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(abs, 'driver.js'))} ;;\n  *) exec ${JSON.stringify(process.execPath)} "$@" ;;\nesac\n`, { mode: 0o755 });
  console.log(`wrote ${abs}/driver.js and ${abs}/node: bpbench run --node ${abs}/node ...`);
} else {
  const w = Number(win || 50) * 1e6;
  for (const f of fs.readdirSync(abs).filter((f) => /^trace-\d+\.json$/.test(f)).sort()) {
    const t = JSON.parse(fs.readFileSync(path.join(abs, f), 'utf8'));
    if (t.length < 2) continue;
    const n = Math.floor(t[t.length - 1] / w) + 1;
    const count = new Array(n).fill(0);
    for (const x of t) count[Math.floor(x / w)]++;
    const full = count.slice(0, -1).sort((a, b) => a - b);
    const med = full.length ? full[full.length >> 1] : count[0];
    const lost = count.slice(0, -1).reduce((a, c) => a + Math.max(0, med - c), 0) * (w / 1e6) / med;
    const shares = count.slice(0, 12).map((c) => (c / med).toFixed(2)).join(' ');
    console.log(`${f}: ${t.length} completions in ${(t[t.length - 1] / 1e6).toFixed(0)} ms; per ${w / 1e6} ms window: ${shares}${n > 12 ? ' ...' : ''}; lost ${lost.toFixed(1)} ms`);
  }
}
