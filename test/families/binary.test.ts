import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../support/binary.js';
import { FAMILIES } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-families-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 120_000);

describe('the built binary, as a user runs it, on the other families', () => {
  test('a whole chat capture: replay, inspect and check exit 0', () => {
    const replay = runBin(['replay', `${FAMILIES}/chat-text-tool-call.sse`, '--no-images']);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toBe('Let me look up the weather in Oslo.\n[function call get_weather]\n{"city":"Oslo", "unit":"celsius"}\n');
    const inspect = runBin(['inspect', '--json', `${FAMILIES}/chat-text-tool-call.sse`]);
    expect(inspect.code).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ responses: [{ family: 'chat', status: 'completed' }] });
    expect(runBin(['check', `${FAMILIES}/chat-text-tool-call.sse`]).code).toBe(0);
  });

  test('the cut-off chat capture: replay, inspect and check exit 1', () => {
    for (const command of ['replay', 'inspect', 'check']) {
      const result = runBin([command, `${FAMILIES}/chat-text-tool-call-cut-off.sse`, ...(command === 'replay' ? ['--no-images'] : [])]);
      expect(result.code, command).toBe(1);
      expect(result.stdout + result.stderr, command).toContain('missing-terminal-event');
    }
  });

  test('an Images API capture piped into replay writes image-1.partial-0/1 and image-1', () => {
    const dir = join(work, 'out');
    const result = runBin(['replay', '-o', dir], { input: readFileSync(`${FAMILIES}/images-generation.sse`) });
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['image-1.partial-0.png', 'image-1.partial-1.png', 'image-1.png']);
  });
});
