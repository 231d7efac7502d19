'use strict';
// Makes a code cache, dist/bin/respcat.cjs.cache or (`check`) respcat.cjs.check.cache (run by scripts/bundle.mjs in a fresh node, after the bundle is built):
// loads the bundle as bin/respcat.js does, runs the commands of TRAINING in this process with their output
// thrown away, then saves the code V8 compiled for them. Those functions then start compiled in every run.
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Readable, Writable } = require('node:stream');
const { loadProgram, loadedProgram, CACHES } = require('../dist/bin/load.cjs');

const ROOT = join(__dirname, '..');
const sample = (path) => join(ROOT, 'samples', path);

/**
 * The runs each cache is made from (`node scripts/code-cache.cjs NAME`). default: what a user runs most, a
 * replay (the start-up the benchmark times) and a check of a few captures. check: a check of every sample,
 * so the code of every family and rule starts compiled, and the text report.
 */
const TRAINING = {
  default: (out) => [
    ['replay', sample('seed-image-gen.sse'), '--out-dir', out],
    ['check', '--jobs', '1', sample('seed-image-gen.sse'), sample('check/whole.sse')],
  ],
  // The report in JSON (CI) and in text (the default) for a few of them.
  check: () => [
    ['check', '--jobs', '1', '--format', 'json', join(ROOT, 'samples')],
    ['check', '--jobs', '1', sample('seed-image-gen.sse'), sample('check/whole.sse'), sample('check/sequence-gap.sse')],
  ],
};
const NAME = process.argv[2] ?? 'default';

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });

async function train() {
  const program = loadProgram({ useCache: false });
  const out = mkdtempSync(join(tmpdir(), 'respcat-code-cache-'));
  try {
    for (const argv of TRAINING[NAME](join(out, 'images'))) {
      const io = { stdin: Readable.from([]), stdout: sink(), stderr: sink(), env: { NO_COLOR: '1' } };
      const code = await program.main(argv, io);
      if (code > 1) throw new Error(`code cache: respcat ${argv.join(' ')} exited ${code}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const data = loadedProgram().script.createCachedData();
  writeFileSync(CACHES[NAME], data);
  process.stdout.write(`code cache (${NAME}) ${Math.round(data.length / 1024)} KiB`);
}

train().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
