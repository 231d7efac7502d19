import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt, startBin } from '../support/binary.js';
import { runCli } from '../support/fake-io.js';
import { SEED } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-record-'));
const seed = readFileSync(SEED);
const MESSAGE = 'Here is a single black line in a perfect circle. Let me know if you need any modifications.\n';
const children: { kill(signal?: NodeJS.Signals): boolean; exitCode: number | null }[] = [];

beforeAll(ensureBuilt);
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Sizes and times of a sidecar. */
function readSidecar(path: string): { t: number; n: number }[] {
  return readFileSync(`${path}.timing`, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { t: number; n: number });
}

/** Runs a shell pipeline to its end; resolves with its exit code, output and wall time. */
function runShell(script: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', script], { env: { ...process.env, NO_COLOR: '1' } });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** A writer that sends a file in `pieces` parts (cut anywhere, mid-line too) with `pause` ms between them, and prints how long that took. */
const WRITER = `
import { readFileSync } from 'node:fs';
const [file, pieces, pause] = process.argv.slice(2);
const bytes = readFileSync(file);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
await sleep(400); // let the reader start first, so the first pieces are not read as one
const started = performance.now();
for (let i = 0; i < Number(pieces); i++) {
  if (i > 0) await sleep(Number(pause));
  process.stdout.write(bytes.subarray(Math.floor((i * bytes.length) / pieces), Math.floor(((i + 1) * bytes.length) / pieces)));
}
process.stderr.write('feed=' + Math.round(performance.now() - started) + '\\n');
`;

describe('replay --save: a slow live stream recorded, then replayed at its pace', () => {
  test('the capture is byte-identical, the sidecar adds up, and --speed 1 takes about as long as the feed', async () => {
    const writer = join(work, 'writer.mjs');
    writeFileSync(writer, WRITER);
    const cap = join(work, 'cap.sse');
    const recorded = await runShell(`"${process.execPath}" "${writer}" "${SEED}" 8 150 | "${process.execPath}" "${BIN}" replay --no-images --save "${cap}"`);
    expect(recorded.stderr).toMatch(/feed=\d+/);
    const feed = Number(/feed=(\d+)/.exec(recorded.stderr)?.[1]);
    expect(feed).toBeGreaterThanOrEqual(7 * 150);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toBe(MESSAGE);

    expect(readFileSync(cap).equals(seed)).toBe(true);
    const sidecar = readSidecar(cap);
    expect(sidecar.reduce((sum, entry) => sum + entry.n, 0)).toBe(statSync(cap).size);
    expect(sidecar.length).toBeGreaterThanOrEqual(6); // eight pieces, read one by one (or a few together on a slow machine)
    expect(sidecar[0]?.t).toBe(0);
    expect(sidecar.at(-1)?.t).toBeGreaterThanOrEqual(0.7 * feed);
    for (let i = 1; i < sidecar.length; i++) expect((sidecar[i] as { t: number }).t).toBeGreaterThanOrEqual((sidecar[i - 1] as { t: number }).t);

    const paced = await runShell(`"${process.execPath}" "${BIN}" replay --no-images -q --speed 1 "${cap}"`);
    expect(paced.code).toBe(0);
    expect(paced.stdout).toBe(MESSAGE);
    expect(paced.ms).toBeGreaterThanOrEqual(0.7 * feed);
    expect(paced.ms).toBeLessThanOrEqual(feed + 2000);

    const fast = await runShell(`"${process.execPath}" "${BIN}" replay --no-images -q --speed 4 "${cap}"`);
    expect(fast.stdout).toBe(MESSAGE);
    expect(fast.ms).toBeGreaterThanOrEqual(0.7 * (feed / 4));
    expect(fast.ms).toBeLessThan(paced.ms);
  });

  test('Ctrl-C keeps what arrived, whole: the file holds exactly what was read and the sidecar adds up to it', async () => {
    const cap = join(work, 'interrupted.sse');
    const child = startBin(['replay', '--no-images', '-q', '--save', cap]);
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const first = seed.subarray(0, 5000); // ends mid-line: a stream stalled anywhere
    child.stdin.write(first);
    const deadline = Date.now() + 10_000;
    while ((!existsSync(cap) || statSync(cap).size < first.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(statSync(cap).size, stderr).toBe(first.length);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(readFileSync(cap).equals(first)).toBe(true);
    expect(readSidecar(cap).reduce((sum, entry) => sum + entry.n, 0)).toBe(first.length);
  });
});

describe('replay --save, in process', () => {
  test('a FILE that cannot be created: one line naming it, exit 3, nothing replayed', async () => {
    const target = join(work, 'no-such-folder', 'cap.sse');
    const result = await runCli(['replay', '--no-images', '--save', target, SEED]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`respcat: ${target}: cannot write: no such folder\n`);
    expect(result.stdout).toBe('');
  });

  test('saving over the input itself is refused before it is truncated (exit 2)', async () => {
    const copy = join(work, 'self.sse');
    copyFileSync(SEED, copy);
    const result = await runCli(['replay', '--no-images', '--save', copy, copy]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^respcat: --save .*self\.sse is the input itself/);
    expect(readFileSync(copy).equals(seed)).toBe(true);
  });

  test.each([['-'], ['']])('--save %j is a usage error', async (value) => {
    const result = await runCli(['replay', '--save', value, SEED]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^respcat: option '--save <file>' argument .* is invalid/);
  });

  test('stdin is saved as it comes; a gzip input is saved inflated, the bytes respcat read', async () => {
    const target = join(work, 'from-gzip.sse');
    const result = await runCli(['replay', '--no-images', '-q', '--save', target], { stdin: gzipSync(seed) });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(MESSAGE);
    expect(readFileSync(target).equals(seed)).toBe(true);
    expect(readSidecar(target).reduce((sum, entry) => sum + entry.n, 0)).toBe(seed.length);
  });
});

describe('replay --speed, in process', () => {
  test('with a sidecar: fed at the recorded pace, X times faster with --speed X', async () => {
    const cap = join(work, 'paced.sse');
    copyFileSync(SEED, cap);
    const third = Math.floor(seed.length / 3);
    writeFileSync(`${cap}.timing`, [{ t: 0, n: third }, { t: 200, n: third }, { t: 400, n: seed.length - 2 * third }].map((e) => JSON.stringify(e)).join('\n'));
    for (const [speed, expected] of [
      ['1', 400],
      ['4', 100],
    ] as const) {
      const started = performance.now();
      const result = await runCli(['replay', '--no-images', '-q', '--speed', speed, cap]);
      const ms = performance.now() - started;
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(MESSAGE);
      expect(result.stderr).not.toMatch(/--speed/);
      expect(ms).toBeGreaterThanOrEqual(expected - 5);
      expect(ms).toBeLessThan(expected + 1000);
    }
  });

  test.each([
    ['no sidecar', null, /^respcat: --speed: no .*nosidecar\.sse\.timing beside the capture .*; replaying at once\n$/],
    ['a sidecar that does not add up', '{"t":0,"n":5}\n{"t":99999,"n":5}\n', /^respcat: --speed: ignoring .*: its chunk sizes add up to 10 bytes, but .* has 9924; replaying at once\n$/],
    ['a malformed sidecar', '{"t":0,"n":5}\n{"t":"late"}\n', /^respcat: --speed: ignoring .*: line 2: expected .*; replaying at once\n$/],
  ])('%s: one warning, then an instant replay', async (name, sidecar, warning) => {
    const cap = join(work, `${name === 'no sidecar' ? 'nosidecar' : name.replace(/ /g, '-')}.sse`);
    copyFileSync(SEED, cap);
    if (sidecar !== null) writeFileSync(`${cap}.timing`, sidecar);
    const started = performance.now();
    const result = await runCli(['replay', '--no-images', '--speed', '1', cap]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(MESSAGE);
    expect(result.stderr.split('\n')[0] + '\n').toMatch(warning);
  });

  test('stdin has no sidecar: a warning; -q silences it', async () => {
    const loud = await runCli(['replay', '--no-images', '--speed', '2'], { stdin: seed });
    expect(loud.stderr).toMatch(/^respcat: --speed needs a FILE with a FILE\.timing sidecar/);
    const quiet = await runCli(['replay', '--no-images', '-q', '--speed', '2'], { stdin: seed });
    expect(quiet.stderr).not.toMatch(/--speed/);
    expect(quiet.stdout).toBe(MESSAGE);
  });

  test.each(['0', '-1', 'fast', 'Infinity'])('--speed %s is a usage error', async (value) => {
    const result = await runCli(['replay', '--speed', value, SEED]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expected a number > 0/);
  });

  test('replay --help documents --save and --speed, with examples', async () => {
    const result = await runCli(['replay', '--help']);
    expect(result.stdout).toMatch(/--save <file>/);
    expect(result.stdout).toMatch(/--speed <x>/);
    expect(result.stdout).toMatch(/respcat replay --save run\.sse/);
    expect(result.stdout).toMatch(/respcat replay --speed 1 run\.sse/);
  });
});
