// Holds sim against plain Node on issue 12's cases: for each case, each
// repeat runs the plain Node program (case.js) on the wall clock, then
// calibrates (bpbench calibrate) and runs the case's scenario
// (bench/testdata/calibration/<case>.yaml) on calibrated sim with that
// calibration; uncalibrated sim runs once (it is deterministic). Prints a
// Markdown table: medians, means with 95% confidence intervals (Student's
// t over the repeats), and sim's error against Node's median.
//
//   node tools/calibrate/measure.js [--bpbench bin/bpbench] [--repeats 5] [--node node] [case...]
'use strict';
const { execFileSync } = require('node:child_process');
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
const bpbench = path.resolve(opt('--bpbench', 'bin/bpbench'));
const repeats = Number(opt('--repeats', '5'));
const node = opt('--node', process.execPath);
const calRepeats = opt('--cal-repeats', '3');
const here = __dirname;
const root = path.resolve(here, '../..');
const cases = JSON.parse(fs.readFileSync(path.join(here, 'cases.json'), 'utf8'));
const names = args.length ? args : Object.keys(cases);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpbench-measure-'));

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
function simRun(name, cal, tag) {
  const out = path.join(tmp, tag);
  const a = ['run', '--quiet', '--no-report', '--repeat', '1', '-o', out];
  if (cal) a.push('--calibration', cal);
  a.push(path.join(root, 'bench/testdata/calibration', name + '.yaml'));
  execFileSync(bpbench, a, { stdio: ['ignore', 'ignore', 'inherit'] });
  const line = fs.readFileSync(path.join(out, name, 'results.jsonl'), 'utf8').trim().split('\n')[0];
  const m = JSON.parse(line).result.metrics;
  return { throughput: m.throughput, drains: m.drains || 0 };
}
function nodeRun(name) {
  const o = JSON.parse(execFileSync(node, [path.join(here, 'case.js'), JSON.stringify(cases[name])], { encoding: 'utf8' }));
  return { throughput: o.throughput, drains: o.drains };
}

// Student's t at 97.5% for n-1 degrees of freedom.
const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
function stats(xs) {
  const n = xs.length;
  const s = [...xs].sort((a, b) => a - b);
  const med = n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const h = n > 1 ? (T975[n - 1] || 1.96) * sd / Math.sqrt(n) : 0;
  return { med, mean, lo: mean - h, hi: mean + h };
}
const mib = (x) => (x / 1048576).toFixed(2);
const pct = (x, ref) => ((x / ref - 1) * 100).toFixed(1) + '%';

const rows = [];
for (const name of names) {
  const load0 = loadavg();
  const nodeT = [], nodeD = [], calT = [], calD = [];
  for (let i = 0; i < repeats; i++) {
    const r = nodeRun(name);
    nodeT.push(r.throughput);
    nodeD.push(r.drains);
    const cal = path.join(tmp, `${name}-cal${i}.json`);
    execFileSync(bpbench, ['calibrate', '--node', node, '--repeats', calRepeats, '-o', cal], { stdio: ['ignore', 'ignore', 'inherit'] });
    const c = simRun(name, cal, `${name}-c${i}`);
    calT.push(c.throughput);
    calD.push(c.drains);
    process.stderr.write(`${name} #${i}: node ${mib(r.throughput)} MiB/s ${r.drains} drains, calibrated sim ${mib(c.throughput)} MiB/s ${c.drains} drains (load ${loadavg()})\n`);
  }
  const u = simRun(name, null, `${name}-u`);
  rows.push({ name, load: `${load0}–${loadavg()}`, nT: stats(nodeT), nD: stats(nodeD), cT: stats(calT), cD: stats(calD), u });
}

console.log(`Node ${process.version} at ${node}; ${repeats} repeats; ${os.cpus()[0].model}, ${os.cpus().length} cores; ${new Date().toISOString()}\n`);
console.log('| case | load (1-min) | Node MiB/s median (mean, 95% CI) | sim MiB/s (err) | calibrated sim MiB/s median (mean, 95% CI) (err) | Node drains median | sim drains | calibrated sim drains median |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.load} | ${mib(r.nT.med)} (${mib(r.nT.mean)}, ${mib(r.nT.lo)}–${mib(r.nT.hi)}) | ${mib(r.u.throughput)} (${pct(r.u.throughput, r.nT.med)}) | ${mib(r.cT.med)} (${mib(r.cT.mean)}, ${mib(r.cT.lo)}–${mib(r.cT.hi)}) (${pct(r.cT.med, r.nT.med)}) | ${r.nD.med} | ${r.u.drains} | ${r.cD.med} |`);
}
fs.rmSync(tmp, { recursive: true, force: true });
