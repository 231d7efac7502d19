'use strict';
// Makes dist/bin/respcat.cjs.cache (run by scripts/bundle.mjs in a fresh node, after the bundle is built):
// loads the bundle as bin/respcat.js does, runs the commands of TRAINING in this process with their output
// thrown away, then saves the code V8 compiled for them. Those functions then start compiled in every run.
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Readable, Writable } = require('node:stream');
const { loadProgram, loadedProgram, CACHE } = require('../dist/bin/load.cjs');

const ROOT = join(__dirname, '..');
const sample = (path) => join(ROOT, 'samples', path);

/** What a user runs most: a replay (the start-up the benchmark times) and a check of a few captures. */
const TRAINING = (out) => [
  ['replay', sample('seed-image-gen.sse'), '--out-dir', out],
  ['check', '--jobs', '1', sample('seed-image-gen.sse'), sample('check/whole.sse')],
];

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });

async function train() {
  const program = loadProgram({ useCache: false });
  const out = mkdtempSync(join(tmpdir(), 'respcat-code-cache-'));
  try {
    for (const argv of TRAINING(join(out, 'images'))) {
      const io = { stdin: Readable.from([]), stdout: sink(), stderr: sink(), env: { NO_COLOR: '1' } };
      const code = await program.main(argv, io);
      if (code > 1) throw new Error(`code cache: respcat ${argv.join(' ')} exited ${code}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const data = loadedProgram().script.createCachedData();
  writeFileSync(CACHE, data);
  process.stdout.write(`code cache ${Math.round(data.length / 1024)} KiB\n`);
}

train().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
