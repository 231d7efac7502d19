import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin, startBin } from '../support/binary.js';
import { SEED } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-bin-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MESSAGE = 'Here is a single black line in a perfect circle. Let me know if you need any modifications.';

describe('the built binary, as a user runs it', () => {
  test('replays the seed: text on stdout, three images, exit 0', () => {
    const out = join(work, 'out');
    const result = runBin(['replay', SEED, '--out-dir', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${MESSAGE}\n`);
    expect(readdirSync(out)).toHaveLength(3);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  test('respcat FILE, with no command, replays FILE', () => {
    const out = join(work, 'bare');
    const result = runBin(['samples/seed-image-gen.sse', '--out-dir', out]);
    expect([result.code, result.stdout]).toEqual([0, `${MESSAGE}\n`]);
    expect(readdirSync(out)).toHaveLength(3);
  });

  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(runBin(['--version']).stdout).toBe(`${version}\n`);
  });

  test('text appears while the input is still being written (live through a pipe)', async () => {
    const child = startBin(['replay', '--no-images', '-q']);
    const lines = readFileSync(SEED, 'utf8').split('\n');
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Feed the first half a few bytes at a time with pauses, then wait for text before sending the rest.
    const half = `${lines.slice(0, 20).join('\n')}\n`;
    for (let i = 0; i < half.length; i += 512) {
      child.stdin.write(half.slice(i, i + 512));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const deadline = Date.now() + 5000;
    while (!stdout.includes('perfect') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stdout).toBe('Here is a single black line in a perfect');
    child.stdin.end(lines.slice(20).join('\n'));
    expect(await exited).toBe(0);
    expect(stdout).toBe(`${MESSAGE}\n`);
  });
});
