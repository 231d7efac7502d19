import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    const hook = join(work, 'loaded.mjs');
    const list = join(work, 'loaded.txt');
    // A module hook that notes every module Node loads (a file URL or node:…).
    writeFileSync(join(work, 'note.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(list)}, url + '\\n'); return next(url, context); }\n`);
    // And, at exit, Node's own modules loaded (imported or required), from process.moduleLoadList.
    const builtins = join(work, 'builtins.txt');
    writeFileSync(
      hook,
      `import { register } from 'node:module';\nimport { writeFileSync } from 'node:fs';\nregister(${JSON.stringify(pathToFileURL(join(work, 'note.mjs')).href)});\n` +
        `process.on('exit', () => writeFileSync(${JSON.stringify(builtins)}, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));\n`,
    );
    for (const args of [['replay', 'samples/seed-image-gen.sse', '--out-dir', join(work, 'loaded-out')], ['check', '--jobs', '2', 'samples/check/whole.sse', 'samples/seed-image-gen.sse']]) {
      rmSync(list, { force: true });
      const result = run(BIN, args, ['--import', pathToFileURL(hook).href]);
      expect(result.code, result.stderr).toBeLessThan(2);
      const loaded = readFileSync(list, 'utf8').trim().split('\n');
      const files = loaded.filter((url) => url.startsWith('file:')).map((url) => relative(ROOT, new URL(url).pathname));
      expect(files[0]).toBe('bin/respcat.js');
      expect(files.slice(1).filter((file) => !file.startsWith('dist/bin/'))).toEqual([]);
      expect(loaded.filter((url) => !url.startsWith('file:') && !url.startsWith('node:'))).toEqual([]);
      if (args[0] === 'replay') {
        // Start-up is what is loaded: a few bundled files (unbundled, some 145 modules), and none of the
        // built-ins only other commands use (perf_hooks' performance is the global one, http is serve's;
        // worker_threads is not asked about: the module hook above runs on one).
        expect(files.length).toBeLessThanOrEqual(30);
        const required = readFileSync(builtins, 'utf8').split('\n');
        expect(required).toContain('zlib');
        expect(required.filter((name) => ['perf_hooks', 'http', 'https', 'readline'].includes(name))).toEqual([]);
        // Built-ins are required, not imported: an import builds an ES module facade of every export.
        expect(loaded.filter((url) => url.startsWith('node:') && url !== 'node:module')).toEqual([]);
      }
    }
  });

  test('every worker module (src/**/*-worker.ts) is an entry point, and every file URL in the bundle names a bundled file', () => {
    const workers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('-worker.ts')) workers.push(entry.name.replace(/\.ts$/, '.js'));
      }
    };
    walk(join(ROOT, 'src'));
    expect(workers).toContain('check-worker.js');
    const bundled = readdirSync(BUNDLE);
    for (const worker of workers) expect(bundled).toContain(worker);
    const urls = bundled.flatMap((name) => [...readFileSync(join(BUNDLE, name), 'utf8').matchAll(/new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g)].map((m) => m[1] as string));
    expect(urls).toContain('./check-worker.js');
    for (const url of urls) expect(existsSync(join(BUNDLE, url)), `${url} is not in dist/bin`).toBe(true);
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
