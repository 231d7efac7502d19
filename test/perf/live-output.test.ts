import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { Io } from '../../src/terminal/io.js';
import { main } from '../../src/cli/main.js';
import { createSink } from '../support/fake-io.js';

/** Resolves once `check` holds, polling; rejects after `ms`. */
async function eventually(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const delta = (seq: number, text: string): string =>
  `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":${seq},"item_id":"msg_1","output_index":0,"content_index":0,"delta":${JSON.stringify(text)}}\n\n`;

describe('live output is not traded for speed', () => {
  test('text that reached the parser is on stdout before the next chunk is read', async () => {
    const stdin = new Readable({ read() {} });
    Object.assign(stdin, { isTTY: false });
    const stdout = createSink();
    const stderr = createSink();
    const io: Io = { stdin, stdout: stdout.stream, stderr: stderr.stream, env: { NO_COLOR: '1' } };
    const done = main(['replay', '--no-images'], io);

    stdin.push(
      `data: {"type":"response.created","sequence_number":0,"response":{"id":"r","status":"in_progress","output":[]}}\n\n` +
        `data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","content":[]}}\n\n` +
        delta(2, 'first'),
    );
    await eventually(() => stdout.text() === 'first', 2000, '"first" on stdout');
    // A chunk that ends inside an event: the whole events before it still print at once.
    stdin.push(`${delta(3, ' second')}${delta(4, ' third').slice(0, 40)}`);
    await eventually(() => stdout.text() === 'first second', 2000, '" second" on stdout');
    stdin.push(delta(4, ' third').slice(40));
    await eventually(() => stdout.text() === 'first second third', 2000, '" third" on stdout');
    stdin.push(`data: {"type":"response.completed","sequence_number":5,"response":{"id":"r","status":"completed","output":[]}}\n\n`);
    stdin.push(null);
    expect(await done).toBe(0);
    expect(stdout.text()).toBe('first second third\n');
  });
});
