import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt } from '../support/binary.js';
import { describeRun } from '../support/replay-run.js';
import { listSamples, ROOT } from '../support/samples.js';

// bin/respcat.js runs the esbuild bundle in dist/bin/ (scripts/bundle.mjs); tsc's dist/cli/entry.js is the
// same program unbundled. The bundle must be that program: the same outputs on every sample, workers
// bundled and found, nothing loaded from outside it.
const UNBUNDLED = join(ROOT, 'dist', 'cli', 'entry.js');
const BUNDLE = join(ROOT, 'dist', 'bin');
const work = mkdtempSync(join(tmpdir(), 'respcat-bundle-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(script: string, args: readonly string[], node: readonly string[] = []) {
  const result = spawnSync(process.execPath, [...node, script, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, input: '', maxBuffer: 1 << 28 });
  return { code: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

function runAsync(args: readonly string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('the bundled binary (dist/bin/) is the program tsc builds', () => {
  test('bin/respcat.js runs the bundle, and the bundle loads nothing but its own files and Node built-ins', () => {
    // Preloaded: at exit, the files required (require.cache: bin/, the loader, anything the bundle asks
    // for), Node's own modules (process.moduleLoadList), and how the loader loaded the program. An ES module
    // the bundle imported would need a vm import callback it does not have, so it would fail, not pass.
    const hook = join(work, 'loaded.cjs');
    const report = join(work, 'loaded.json');
    writeFileSync(
      hook,
      `process.on('exit', () => { let cache = null; try { cache = require(${JSON.stringify(join(BUNDLE, 'load.cjs'))}).loadedProgram(); cache = cache === null ? null : { used: cache.cache, name: cache.cacheName }; } catch {}\n` +
        `require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)), cache })); });\n`,
    );
    for (const args of [['replay', 'samples/seed-image-gen.sse', '--out-dir', join(work, 'loaded-out')], ['check', '--jobs', '2', 'samples/check/whole.sse', 'samples/seed-image-gen.sse']]) {
      rmSync(report, { force: true });
      const result = run(BIN, args, ['--require', hook]);
      expect(result.code, result.stderr).toBeLessThan(2);
      const loaded = JSON.parse(readFileSync(report, 'utf8')) as { files: string[]; builtins: string[]; cache: { used: string; name: string } | null };
      const files = loaded.files.map((file) => relative(ROOT, file)).filter((file) => file !== relative(ROOT, hook));
      // package.json: the version, read by the program.
      expect(files.filter((file) => file !== 'package.json')).toEqual(['bin/respcat.js', 'dist/bin/load.cjs']);
      // The program came from dist/bin/respcat.cjs with the code cache the build made for its command.
      expect(loaded.cache).toEqual({ used: 'used', name: args[0] === 'check' ? 'check' : 'default' });
      if (args[0] === 'replay') {
        // Start-up is what is loaded: none of the built-ins only other commands, other inputs or long
        // streams use (perf_hooks' performance is the global one, http is serve's, zlib is for gzip and
        // inflating, v8 for long streams, child_process and tty for nothing; fs/promises comes with
        // fs.createReadStream).
        expect(loaded.builtins.filter((name) => ['perf_hooks', 'http', 'https', 'readline', 'zlib', 'v8', 'child_process', 'tty', 'os', 'fs/promises', 'crypto', 'worker_threads'].includes(name))).toEqual([]);
      }
    }
  });

  test('the code cache: used when V8 takes it, and a cache V8 refuses (other flags) gives the same program', () => {
    const probe = `const l = require(${JSON.stringify(join(BUNDLE, 'load.cjs'))}); l.loadProgram(); console.log(l.loadedProgram().cache);`;
    expect(run('-e', [probe]).stdout).toBe('used\n');
    // check's own cache, which its worker threads load too.
    expect(run('-e', [probe.replace('l.loadProgram()', "l.loadProgram({ cache: 'check' })")]).stdout).toBe('used\n');
    expect(readFileSync(join(BUNDLE, 'check-worker.cjs'), 'utf8')).toContain(`loadProgram({ cache: "check" })`);
    // V8 refuses a cache made under other flags; the program is then compiled from its source.
    expect(run('-e', [probe], ['--stack-size=2000']).stdout).toBe('rejected\n');
    const args = ['inspect', '--json', 'samples/seed-image-gen.sse'];
    expect(run(BIN, args, ['--stack-size=2000'])).toEqual(run(BIN, args));
  });

  test('every worker module (src/**/*-worker.ts) has its file in the bundle, and every file URL in the bundle names a bundled file', () => {
    const workers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('-worker.ts')) workers.push(entry.name.replace(/\.ts$/, '.cjs'));
      }
    };
    walk(join(ROOT, 'src'));
    expect(workers).toContain('check-worker.cjs');
    const bundled = readdirSync(BUNDLE);
    for (const worker of workers) expect(bundled).toContain(worker);
    // import.meta.url is the bundle's own URL in the CommonJS bundle (__respcatUrl, scripts/bundle.mjs).
    const program = readFileSync(join(BUNDLE, 'respcat.cjs'), 'utf8');
    const urls = [...program.matchAll(/new URL\(\s*["']([^"']+)["']\s*,\s*(?:import\.meta\.url|__respcatUrl)\s*\)/g)].map((m) => m[1] as string);
    expect(urls).toContain('./check-worker.cjs');
    expect(urls).toContain('./image-worker.cjs');
    for (const url of urls) expect(existsSync(join(BUNDLE, url)), `${url} is not in dist/bin`).toBe(true);
    // The loader reads the bundle as latin1: it must be ASCII.
    expect(/[^\x00-\x7f]/.test(program)).toBe(false);
    // and compiles it as it is: the build wrapped it as Node wraps a module, or each start would join a copy.
    expect(program.startsWith('(function (exports, require, module, __filename, __dirname) { ')).toBe(true);
    expect(program.endsWith('\n});')).toBe(true);
  });

  test('check (with worker threads) and inspect of every sample: stdout, stderr and exit code as the unbundled build gives them', () => {
    const samples = listSamples();
    for (const args of [
      ['check', '--format', 'json', '--jobs', '2', ...samples],
      ['check', '--format', 'text', '--jobs', '1', ...samples],
      ['inspect', '--json', ...samples],
      ['--version'],
      ['check', '--help'],
      ['no-such-command'],
    ]) {
      const bundled = run(BIN, args);
      const unbundled = run(UNBUNDLED, args);
      expect(bundled.stdout.length + bundled.stderr.length, args.slice(0, 2).join(' ')).toBeGreaterThan(0);
      expect(bundled, args.slice(0, 2).join(' ')).toEqual(unbundled);
    }
    // Twelve runs over 143 samples: a busy 2-core CI machine needs minutes.
  }, 180_000);

  test('replay of every sample: stdout and image files equal its goldens (.stdout.txt, .replay.txt)', async () => {
    const samples = listSamples();
    const differ: string[] = [];
    // Two at a time: the machine has two cores.
    const queue = [...samples];
    const next = async (): Promise<void> => {
      for (let sample = queue.shift(); sample !== undefined; sample = queue.shift()) {
        const dir = join(work, 'replay', sample.replace(/[^A-Za-z0-9]/g, '_'));
        const { code, stdout } = await runAsync(['replay', sample, '--out-dir', dir]);
        if (stdout !== readFileSync(join(ROOT, `${sample}.stdout.txt`), 'utf8')) differ.push(`${sample}: stdout`);
        if (describeRun(code, dir) !== readFileSync(join(ROOT, `${sample}.replay.txt`), 'utf8')) differ.push(`${sample}: exit code or images`);
      }
    };
    await Promise.all([next(), next()]);
    expect(samples.length).toBeGreaterThan(100);
    expect(differ).toEqual([]);
  }, 240_000);
});
