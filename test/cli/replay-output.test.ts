import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { Io } from '../../src/terminal/io.js';
import { createReplayOutput, HELD_ERR_LIMIT } from '../../src/commands/replay-output.js';

/** One sink for stdout and stderr, as one terminal shows them: the order of writes is what a person sees. */
function terminal(stdoutIsTTY = true) {
  let screen = '';
  const sink = (isTTY: boolean) => ({ isTTY, write: (text: string) => ((screen += text), true) }) as unknown as Io['stdout'];
  const io: Io = { stdin: Readable.from([]), stdout: sink(stdoutIsTTY), stderr: sink(true), env: {} };
  return { output: createReplayOutput(io, { stdoutClosed: () => false, beforeWrite: () => {} }), screen: () => screen };
}

describe('stderr lines wait for the text to reach a line end on a shared terminal', () => {
  test.each([
    ['a line end later in the same chunk', ['Here is a', '|saved x\n', ' single line.\nNext', '|done\n', '\n'], 'Here is a single line.\nsaved x\nNext\ndone\n'],
    ['text at a line start: straight out', ['a\n', '|saved x\n', 'b\n'], 'a\nsaved x\nb\n'],
    ['several held, in order', ['one', '|w1\n', '|w2\n', ' two\n'], 'one two\nw1\nw2\n'],
    ['no text yet', ['|first\n', 'text\n'], 'first\ntext\n'],
  ])('%s', (_name, steps, expected) => {
    const { output, screen } = terminal();
    for (const step of steps) {
      if (step.startsWith('|')) output.err(step.slice(1));
      else {
        output.text(step);
        output.flush();
      }
    }
    output.release();
    expect(screen()).toBe(expected);
  });

  test('into a pipe, stderr lines are not held (they are another stream)', () => {
    const { output, screen } = terminal(false);
    output.text('Here is a');
    output.flush();
    output.err('saved x\n');
    expect(screen()).toBe('Here is asaved x\n');
  });

  test('what is held is bounded: beyond the limit, lines are counted and said once', () => {
    const { output, screen } = terminal();
    output.text('open line');
    output.flush();
    const line = `${'x'.repeat(99)}\n`;
    const fits = Math.floor(HELD_ERR_LIMIT / line.length);
    for (let i = 0; i < fits + 10; i++) output.err(line);
    output.text('\n');
    output.flush();
    const lines = screen().split('\n');
    expect(lines[0]).toBe('open line');
    expect(lines.filter((l) => l === line.trimEnd())).toHaveLength(fits);
    expect(lines.at(-2)).toBe('respcat: 10 more stderr lines not shown (held back while a line of text was open)');
  });
});
