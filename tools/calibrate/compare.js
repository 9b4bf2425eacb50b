// Holds calibrated sim against the wall-clock node engine on issue 12's
// cases (bench/testdata/calibration/*.yaml): each case runs as one
// scenario with `sweep: {engine: [sim, node]}` and the calibration, one
// repeat per round, the rounds interleaving the cases (so a drift in the
// machine's load falls on every case alike); uncalibrated sim runs once
// (it is deterministic). Prints a Markdown table: per case, the node
// engine's and calibrated sim's throughput and drains as medians, with
// the 95% CI of the mean (Student's t over the rounds), sim's error
// against the node engine's median, and the machine's 1-minute load.
//
//   go build -o bin/bpbench ./cmd/bpbench
//   bin/bpbench calibrate -o cal.json
//   node tools/calibrate/compare.js --calibration cal.json|--recalibrate [--repeats 5] [--node 20] [--bpbench bin/bpbench] [case...]
//
// (`make calibrate-compare` does all three.) The node engine's own speed
// drifts on a shared machine: the same case's median moved 5-8% within an
// hour here, and with it the calibration's residuals, so a calibration
// made minutes before the rounds carries that drift into sim's error.
// --recalibrate calibrates again (without the parts) before every round,
// and that round's sim uses it: the error then is the model's against the
// machine as it was during the round. Either way the table also gives the
// paired error, the median over rounds of each round's sim against that
// round's node engine.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  if (i < 0) return def;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const root = path.resolve(__dirname, '../..');
const bpbench = path.resolve(opt('--bpbench', path.join(root, 'bin/bpbench')));
const repeats = Number(opt('--repeats', '5'));
const nodeV = opt('--node', '');
const cal = opt('--calibration', '');
const recal = args.includes('--recalibrate');
if (recal) args.splice(args.indexOf('--recalibrate'), 1);
if (!cal && !recal) {
  process.stderr.write('compare.js: --calibration FILE (bpbench calibrate -o FILE) or --recalibrate is required\n');
  process.exit(2);
}
const dir = path.join(root, 'bench/testdata/calibration');
const names = args.length ? args : fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpbench-compare-'));
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

// run runs scenario file with extra flags and returns its cells' metrics
// keyed by cell name.
function run(file, flags, tag) {
  const out = path.join(tmp, tag);
  // --node applies to the node cells; drop run's warning that sim's ignore it.
  const r = spawnSync(bpbench, ['run', '--quiet', '--no-report', '--repeat', '1', '-o', out, ...flags, file], { encoding: 'utf8' });
  const errs = (r.stderr || '').split('\n').filter((l) => l && !l.includes('only engine node uses it'));
  if (errs.length) process.stderr.write(errs.join('\n') + '\n');
  if (r.status !== 0) throw new Error(`bpbench run ${file}: exit ${r.status}`);
  const got = {};
  for (const sub of fs.readdirSync(out)) {
    for (const line of fs.readFileSync(path.join(out, sub, 'results.jsonl'), 'utf8').trim().split('\n')) {
      const r = JSON.parse(line);
      got[r.cell] = r.result.metrics;
    }
  }
  return got;
}

// Student's t at 97.5% for n-1 degrees of freedom.
const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
function stats(xs) {
  const n = xs.length;
  const s = [...xs].sort((a, b) => a - b);
  const med = n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const h = n > 1 ? ((T975[n - 1] || 1.96) * sd) / Math.sqrt(n) : 0;
  return { med, mean, lo: mean - h, hi: mean + h };
}

const swept = {};
for (const name of names) {
  const text = fs.readFileSync(path.join(dir, name + '.yaml'), 'utf8');
  const f = path.join(tmp, name + '.yaml');
  fs.writeFileSync(f, text + '\nsweep: { engine: [sim, node] }\n');
  swept[name] = f;
}
const nodeFlags = nodeV ? ['--node', nodeV] : [];
const uncal = {};
for (const name of names) uncal[name] = run(path.join(dir, name + '.yaml'), ['--engine', 'sim'], 'uncal-' + name).default;
const rows = Object.fromEntries(names.map((n) => [n, { node: [], sim: [], loads: [] }]));
// calibrate makes a calibration for round k (--recalibrate).
function calibrate(k) {
  const out = path.join(tmp, `cal-${k}.json`);
  const r = spawnSync(bpbench, ['calibrate', '--parts=false', '-o', out, ...nodeFlags], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bpbench calibrate: exit ${r.status}: ${r.stderr}`);
  return out;
}
for (let k = 0; k < repeats; k++) {
  const calK = recal ? calibrate(k) : path.resolve(cal);
  for (const name of names) {
    const l0 = loadavg();
    const m = run(swept[name], ['--calibration', calK, '--seed', String(k + 1), ...nodeFlags], `r${k}-${name}`);
    rows[name].loads.push(l0, loadavg());
    rows[name].node.push(m['engine=node']);
    rows[name].sim.push(m['engine=sim']);
  }
}

const MiB = 1024 * 1024;
const f2 = (x) => (x / MiB).toFixed(2);
const pct = (x, ref) => ((100 * (x - ref)) / ref).toFixed(1) + '%';
const ci = (s) => `${f2(s.med)} (${f2(s.lo)}–${f2(s.hi)})`;
const which = recal ? 'a new calibration (bpbench calibrate --parts=false) before each round' : `calibration ${cal}`;
console.log(`${which}; ${repeats} rounds; bpbench ${bpbench}; ${new Date().toISOString()}; load at start/end of each case below\n`);
console.log('| case | load (1-min) | node MiB/s median (95% CI) | calibrated sim MiB/s median (95% CI) | err | paired err median (95% CI) | uncalibrated sim MiB/s (err) | drains node median (95% CI) | calibrated sim drains (err) | uncalibrated drains |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
const pc = (x) => (100 * x).toFixed(1) + '%';
for (const name of names) {
  const r = rows[name];
  const nt = stats(r.node.map((m) => m.throughput));
  const st = stats(r.sim.map((m) => m.throughput));
  const nd = stats(r.node.map((m) => m.drains || 0));
  const sd = stats(r.sim.map((m) => m.drains || 0));
  const u = uncal[name];
  const ls = r.loads.map(Number);
  const load = `${Math.min(...ls).toFixed(2)}–${Math.max(...ls).toFixed(2)}`;
  const dErr = nd.med > 0 ? pct(sd.med, nd.med) : sd.med === 0 ? '0.0%' : 'n/a';
  const pe = stats(r.sim.map((m, k) => (m.throughput - r.node[k].throughput) / r.node[k].throughput));
  console.log(`| ${name} | ${load} | ${ci(nt)} | ${ci(st)} | ${pct(st.med, nt.med)} | ${pc(pe.med)} (${pc(pe.lo)}–${pc(pe.hi)}) | ${f2(u.throughput)} (${pct(u.throughput, nt.med)}) | ${nd.med.toFixed(0)} (${nd.lo.toFixed(0)}–${nd.hi.toFixed(0)}) | ${sd.med.toFixed(0)} (${dErr}) | ${(u.drains || 0).toFixed(0)} |`);
}
fs.rmSync(tmp, { recursive: true, force: true });
