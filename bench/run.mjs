#!/usr/bin/env node
// The respcat benchmark (issue 7). `npm run bench` runs the full set (a few minutes, ~1.3 GB of
// generated inputs in bench/.data/); `npm run bench -- --quick` runs a scaled-down set in seconds for CI.
// Both exit 1 when a target is missed. Every contestant is a separate `node` process, started the same
// way, its stdout on /dev/null; contestants alternate run by run and medians are compared, so a busy
// machine slows all of them alike. Options: --quick, --runs N, --json FILE (results as JSON).
import { spawn } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureInput, writeHugeLine, writeImageCapture } from './generate.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'respcat.js');
const HOOK = pathToFileURL(join(ROOT, 'bench', 'rss-hook.mjs')).href;

const argv = process.argv.slice(2);
const option = (name) => {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
};
const QUICK = argv.includes('--quick');

/** Input sizes and run counts: the issue's set, and a scaled-down one whose ratios track it. */
const PLAN = QUICK
  ? { items: 6, deltas: 60_000, lines: [10, 20], runs: 3, memoryRuns: 1, growth: 5 }
  : { items: 20, deltas: 200_000, lines: [50, 100], runs: 5, memoryRuns: 3, growth: 5 };
const RUNS = Number(option('--runs') ?? PLAN.runs);

/**
 * The targets of issue 7. `quick: false` ones are absolute numbers that only mean something on the
 * full-size inputs; the quick mode reports them but gates on the ratios alone.
 */
const TARGETS = [
  { id: 'replay', what: 'replay time / baseline time', max: 0.7, quick: true },
  { id: 'check', what: 'check time / baseline time', max: 1.5, quick: true },
  { id: 'framing', what: 'respcat framing / eventsource-parser + JSON.parse', max: 1.0, quick: true },
  { id: 'line-ratio', what: `${PLAN.lines[1]} MB line / ${PLAN.lines[0]} MB line (piped, 64 KiB pieces)`, max: 2.5, quick: true },
  { id: 'line-time', what: `${PLAN.lines[0]} MB line, seconds`, max: 2.0, quick: false },
  { id: 'replay-rss', what: 'replay peak RSS, MB', max: 160, quick: false },
  { id: 'check-rss', what: 'check peak RSS, MB', max: 200, quick: false },
  { id: 'growth', what: `replay peak RSS, ${PLAN.growth}× longer capture / 1×`, max: 1.2, quick: true },
];

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  process.stderr.write('bench: dist/ is missing; run `npm run build` first\n');
  process.exit(2);
}
warnIfStale();

const devNull = openSync('/dev/null', 'w');
const scratch = mkdtempSync(join(tmpdir(), 'respcat-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let serial = 0;

const log = (line) => process.stderr.write(`${line}\n`);

// Inputs (generated once, reused from bench/.data/).
const started = Date.now();
const tag = `${PLAN.items}x${PLAN.deltas}`;
const capture = ensureInput(`images-${tag}.sse`, (path) => writeImageCapture(path, { items: PLAN.items, deltas: PLAN.deltas }));
const longer = ensureInput(`images-${tag}-x${PLAN.growth}.sse`, (path) =>
  writeImageCapture(path, { items: PLAN.items, deltas: PLAN.deltas, responses: PLAN.growth }),
);
const [small, big] = PLAN.lines.map((mb) => ensureInput(`line-${mb}mb.sse`, (path) => writeHugeLine(path, mb)));
log(`bench: inputs ready in ${((Date.now() - started) / 1000).toFixed(1)} s: capture ${mb(capture.bytes)} MB (largest line ${mb(largestLine(capture.path))} MB), ${PLAN.growth}× ${mb(longer.bytes)} MB, lines ${mb(small.bytes)} / ${mb(big.bytes)} MB`);

const results = { mode: QUICK ? 'quick' : 'full', runs: RUNS, machine: machine(), inputs: {}, timings: {}, rss: {}, ratios: {} };
results.inputs = { capture: capture.bytes, captureLargestLine: largestLine(capture.path), longer: longer.bytes, lines: [small.bytes, big.bytes] };

// 1. The capture: baseline, replay, check, and the two framing rows, alternating.
const outDir = () => join(scratch, `out-${++serial}`);
const captureRows = [
  { id: 'baseline', label: 'plain baseline (readline + JSON.parse + write)', args: () => [join(ROOT, 'bench', 'baseline.mjs'), capture.path, outDir()], images: true },
  { id: 'replay', label: 'respcat replay', args: () => [BIN, 'replay', capture.path, '--out-dir', outDir()], images: true },
  { id: 'check', label: 'respcat check', args: () => [BIN, 'check', capture.path], exit: [0, 1] },
  { id: 'esp', label: 'eventsource-parser 3.1.1 + JSON.parse', args: () => [join(ROOT, 'bench', 'reference-esp.mjs'), capture.path] },
  { id: 'framing', label: 'respcat framer + parse', args: () => [join(ROOT, 'bench', 'reference-respcat.mjs'), capture.path] },
];
await alternate(captureRows, RUNS, 'capture');

// 2. One huge line through a pipe, in 64 KiB pieces (a lone partial image: exit 1, the response never finishes).
const lineRows = [
  { id: 'line-small', label: `replay of one ${PLAN.lines[0]} MB line (stdin)`, args: () => [BIN, 'replay', '--out-dir', outDir()], stdin: small.path, exit: [0, 1] },
  { id: 'line-big', label: `replay of one ${PLAN.lines[1]} MB line (stdin)`, args: () => [BIN, 'replay', '--out-dir', outDir()], stdin: big.path, exit: [0, 1] },
];
await alternate(lineRows, RUNS, 'lines');

// 3. Memory with input length: the same capture, several times over.
const growthRows = [{ id: 'replay-longer', label: `respcat replay, ${PLAN.growth}× longer capture`, args: () => [BIN, 'replay', longer.path, '--out-dir', outDir()] }];
await alternate(growthRows, PLAN.memoryRuns, 'growth');

const median = (id) => middle(results.timings[id]);
const leastRss = (id) => Math.min(...results.rss[id]) / 1024;
results.ratios = {
  replay: median('replay') / median('baseline'),
  check: median('check') / median('baseline'),
  framing: median('framing') / median('esp'),
  'line-ratio': median('line-big') / median('line-small'),
  'line-time': median('line-small') / 1000,
  'replay-rss': leastRss('replay'),
  'check-rss': leastRss('check'),
  growth: leastRss('replay-longer') / leastRss('replay'),
};

report();
if (option('--json') !== undefined) writeFileSync(option('--json'), `${JSON.stringify(results, null, 2)}\n`);
const failed = TARGETS.filter((t) => (!QUICK || t.quick) && !(results.ratios[t.id] <= t.max));
if (failed.length > 0) {
  log(`bench: FAILED ${failed.map((t) => `${t.id} ${format(results.ratios[t.id])} > ${t.max}`).join(', ')}`);
  process.exitCode = 1;
} else log(`bench: all ${QUICK ? 'quick-mode ' : ''}targets met`);

/** Runs every row `runs` times, rotating which goes first each round. */
async function alternate(rows, runs, group) {
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < rows.length; k++) {
      const row = rows[(round + k) % rows.length];
      const args = row.args();
      const out = row.images ? args[args.length - 1] : null;
      const result = await measure(args, row.stdin);
      const allowed = row.exit ?? [0];
      if (!allowed.includes(result.code)) {
        log(`bench: ${row.id} exited ${result.code}:\n${result.stderr}`);
        process.exit(2);
      }
      if (round === 0 && out !== null) row.files = existsSync(out) ? readdirSync(out).length : 0;
      if (out !== null) rmSync(out, { recursive: true, force: true });
      (results.timings[row.id] ??= []).push(result.ms);
      (results.rss[row.id] ??= []).push(result.rssKiB);
      log(`bench: ${group} round ${round + 1}/${runs} ${row.id.padEnd(14)} ${(result.ms / 1000).toFixed(3)} s  ${(result.rssKiB / 1024).toFixed(0)} MB`);
    }
  }
  // Both image writers must have written the same number of files: a cheap check that they did the same work.
  const counts = rows.filter((row) => row.images).map((row) => `${row.id} ${row.files}`);
  if (counts.length > 0) log(`bench: image files written: ${counts.join(', ')}`);
  for (const row of rows) results.labels = { ...results.labels, [row.id]: row.label };
}

/** One run of `node ARGS…`: wall time from spawn to exit, peak RSS, exit code. */
function measure(args, stdinPath) {
  const rssFile = join(scratch, `rss-${++serial}`);
  return new Promise((resolve, reject) => {
    const begin = performance.now();
    const child = spawn(process.execPath, ['--import', HOOK, ...args], {
      stdio: [stdinPath === undefined ? 'ignore' : 'pipe', devNull, 'pipe'],
      env: { ...process.env, RESPCAT_BENCH_RSS: rssFile, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      if (stderr.length < 1 << 16) stderr += text;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - begin;
      const rssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
      resolve({ ms, rssKiB, code, stderr });
    });
    if (stdinPath !== undefined) pipeInPieces(stdinPath, child.stdin).catch(() => {});
  });
}

/** Writes a file into a pipe 64 KiB at a time, waiting for the reader: how `curl -N | respcat` feeds it. */
async function pipeInPieces(path, stream) {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const piece = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, piece, 0, piece.length, null);
      if (n === 0) break;
      if (!stream.write(piece.subarray(0, n))) await new Promise((resolve) => stream.once('drain', resolve));
    }
  } finally {
    closeSync(fd);
    stream.end();
  }
}

function report() {
  const rows = Object.keys(results.timings);
  const lines = [];
  lines.push(`respcat benchmark (${results.mode}, ${RUNS} alternating runs, medians) on ${results.machine.cpu} × ${results.machine.cores}, ${results.machine.memoryGB} GB, Node ${results.machine.node}, ${results.machine.platform}`);
  lines.push('');
  lines.push('| contestant | median time | peak RSS (least) |');
  lines.push('|---|---:|---:|');
  for (const id of rows) lines.push(`| ${results.labels[id]} | ${(median(id) / 1000).toFixed(3)} s | ${leastRss(id).toFixed(0)} MB |`);
  lines.push('');
  lines.push('| target | measured | limit | |');
  lines.push('|---|---:|---:|---|');
  for (const t of TARGETS) {
    const value = results.ratios[t.id];
    const gated = !QUICK || t.quick;
    const ok = value <= t.max;
    lines.push(`| ${t.what} | ${format(value)} | ≤ ${t.max} | ${ok ? 'ok' : gated ? '**FAIL**' : 'missed (full run only)'} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function format(value) {
  return Number.isFinite(value) ? (value >= 10 ? value.toFixed(0) : value.toFixed(2)) : String(value);
}

function middle(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

/** The longest line of a file, in bytes (read in 4 MiB pieces). */
function largestLine(path) {
  const fd = openSync(path, 'r');
  const piece = Buffer.allocUnsafe(4 << 20);
  let longest = 0;
  let current = 0;
  try {
    for (;;) {
      const n = readSync(fd, piece, 0, piece.length, null);
      if (n === 0) break;
      let from = 0;
      for (;;) {
        const at = piece.indexOf(0x0a, from);
        if (at === -1 || at >= n) {
          current += n - from;
          break;
        }
        current += at - from;
        longest = Math.max(longest, current);
        current = 0;
        from = at + 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  return Math.max(longest, current);
}

function machine() {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return { cpu, cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` };
}

/** A benchmark of stale code measures nothing: say so when src/ is newer than dist/. */
function warnIfStale() {
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  if (newest(join(ROOT, 'src')) > newest(join(ROOT, 'dist')) + 1000) log('bench: warning: src/ is newer than dist/; run `npm run build` to measure the current code');
}
