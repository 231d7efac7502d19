import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createProcessor } from '../../src/families/index.js';
import { createRandom } from '../support/chunkings.js';
import { runCli } from '../support/fake-io.js';
import { listCorpus, listSamples, ROOT } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sources = [...listSamples().map((s) => join(ROOT, s)), ...listCorpus()]
  .filter((path) => !path.endsWith('.gz'))
  .map((path) => readFileSync(path));
const ESCAPES = ['\u001b]0;x\u0007', '\u001b]52;c;aGk=\u0007', '\u001b[2J', '\u009b', '\u202e', '\u0000', '\r', '\r\n', '\n\n', 'data: [DONE]\n'];

/** One mutation of a real capture: truncate, splice, flip bytes, duplicate or drop lines, insert escapes or a huge line. */
function mutate(random: () => number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let bytes = Buffer.from(pick(sources));
  const rounds = 1 + Math.floor(random() * 3);
  for (let round = 0; round < rounds; round++) {
    const at = Math.floor(random() * (bytes.length + 1));
    switch (Math.floor(random() * 7)) {
      case 0: // truncate
        bytes = bytes.subarray(0, at);
        break;
      case 1: {
        // splice in a piece of another capture
        const other = pick(sources);
        const from = Math.floor(random() * other.length);
        bytes = Buffer.concat([bytes.subarray(0, at), other.subarray(from, from + Math.floor(random() * 4000)), bytes.subarray(at)]);
        break;
      }
      case 2: // flip bytes
        bytes = Buffer.from(bytes);
        for (let i = 0; i < 1 + random() * 8 && bytes.length > 0; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        break;
      case 3: {
        // duplicate or drop a line
        const lines = bytes.toString('latin1').split('\n');
        const n = Math.floor(random() * lines.length);
        if (random() < 0.5) lines.splice(n, 0, lines[n] ?? '');
        else lines.splice(n, 1);
        bytes = Buffer.from(lines.join('\n'), 'latin1');
        break;
      }
      case 4: // an escape sequence or line break
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(ESCAPES)), bytes.subarray(at)]);
        break;
      case 5: // a huge line
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(`\ndata: {"type":"response.output_text.delta","delta":"${'x'.repeat(200_000)}"}\n`), bytes.subarray(at)]);
        break;
      default: // an event with a hostile item id
        bytes = Buffer.concat([
          bytes,
          Buffer.from(`\ndata: {"type":"response.image_generation_call.partial_image","output_index":9,"item_id":"../../${random() < 0.5 ? '..' : '/etc/x'}","partial_image_index":0,"partial_image_b64":"R0lGODlhAQABAAAAACw="}\n`),
        ]);
    }
  }
  return bytes;
}

// Sized for a busy 2-core CI machine: each test takes a few seconds alone and gets two minutes, so it
// passes with the other core busy (a 30 s limit was hit there when it ran 2,000 replays).
const FUZZ_TIMEOUT_MS = 120_000;

describe('fuzzing with mutated real captures', () => {
  test('the pure core never throws (3,000 cases)', () => {
    const random = createRandom(7);
    for (let n = 0; n < 3000; n++) {
      const bytes = mutate(random);
      const processor = createProcessor();
      const cut = Math.floor(random() * bytes.length);
      expect(() => {
        processor.feed(bytes.subarray(0, cut));
        processor.feed(bytes.subarray(cut));
        processor.end();
      }, `case ${n}`).not.toThrow();
    }
  }, FUZZ_TIMEOUT_MS);

  test('replay never throws, never writes outside its folder, always returns a documented exit code (1,200 cases)', async () => {
    const random = createRandom(11);
    for (let n = 0; n < 1200; n++) {
      const bytes = mutate(random);
      const root = join(work, `case-${n}`);
      mkdirSync(root);
      const outDir = join(root, 'out');
      const result = await runCli(['replay', '--out-dir', outDir], { stdin: bytes });
      expect([0, 1], `case ${n}: exit ${result.code}\n${result.stderr}`).toContain(result.code);
      expect(result.stderr, `case ${n}`).not.toMatch(/^respcat: internal error|\n\s+at /m);
      const top = readdirSync(root);
      expect(top.every((name) => name === 'out'), `case ${n}: ${top.join(',')}`).toBe(true);
      for (const name of top.length > 0 ? readdirSync(outDir) : []) {
        expect(name, `case ${n}`).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
        expect(name.endsWith('.tmp'), `case ${n}: ${name}`).toBe(false);
      }
      rmSync(root, { recursive: true, force: true });
    }
  }, FUZZ_TIMEOUT_MS);
});
