import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createImageNamer } from '../../src/images/file-names.js';
import { noisyPng, responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';

// Issue 14 item 7: two images never share a file name, and every `saved` path holds the bytes reported.
const work = mkdtempSync(join(tmpdir(), 'respcat-names-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The `saved PATH (…, N B)` lines of a replay's stderr, as path and byte count. */
function savedLines(stderr: string): { path: string; bytes: number }[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('saved '))
    .map((line) => {
      const match = /^saved (\S+) \(.*, (\d+) B\)$/.exec(line);
      if (match === null) throw new Error(`not a saved line with a byte count: ${line}`);
      return { path: match[1] as string, bytes: Number(match[2]) };
    });
}

describe('every image gets a file of its own', () => {
  test('ids `x` and `x.partial-0`: four images, four files, each with the bytes reported', async () => {
    const outDir = join(work, 'suffix');
    const images = [noisyPng(2, 2, 1), noisyPng(2, 2, 2), noisyPng(2, 2, 3), noisyPng(2, 2, 4)];
    const first = responseEvents({ id: 'resp_1', imageItemId: 'x', partials: [images[0] as string], finalImage: images[1] as string });
    const second = responseEvents({ id: 'resp_2', imageItemId: 'x.partial-0', partials: [images[2] as string], finalImage: images[3] as string });
    const result = await runCli(['replay', '--out-dir', outDir], { stdin: toDataLines([...first, ...second]) });
    expect(result.code).toBe(0);
    const saved = savedLines(result.stderr);
    expect(saved.map((s) => s.path)).toEqual(['x.partial-0.png', 'x.png', 'x.partial-0.partial-0.png', 'x.partial-0-2.png'].map((name) => join(outDir, name)));
    expect(readdirSync(outDir)).toHaveLength(4);
    saved.forEach(({ path, bytes }, n) => {
      expect(statSync(path).size).toBe(bytes);
      expect(readFileSync(path)).toEqual(Buffer.from(images[n] as string, 'base64'));
    });
  });

  test('two partials with the same index, and ids that differ only in case, never overwrite each other', async () => {
    const outDir = join(work, 'repeat');
    const images = [noisyPng(2, 2, 5), noisyPng(2, 2, 6), noisyPng(2, 2, 7), noisyPng(2, 2, 8)];
    const repeated = responseEvents({ id: 'resp_1', imageItemId: 'ig', partials: [images[0] as string], finalImage: images[1] as string });
    // The same partial index again, as a replayed or spliced capture might carry.
    const index = repeated.findIndex((event) => event.type === 'response.image_generation_call.partial_image');
    repeated.splice(index + 1, 0, { ...repeated[index], partial_image_b64: images[2] });
    // `IG.PARTIAL-0.png` is `ig.partial-0.png` on a case-insensitive file system, and `-2` is taken as well.
    const cased = responseEvents({ id: 'resp_2', imageItemId: 'IG.PARTIAL-0', finalImage: images[3] as string });
    const result = await runCli(['replay', '--out-dir', outDir], { stdin: toDataLines([...repeated, ...cased]) });
    const saved = savedLines(result.stderr);
    expect(saved.map((s) => s.path)).toEqual(['ig.partial-0.png', 'ig.partial-0-2.png', 'ig.png', 'IG.PARTIAL-0-3.png'].map((name) => join(outDir, name)));
    expect(readdirSync(outDir)).toHaveLength(4);
    const order = [images[0], images[2], images[1], images[3]];
    saved.forEach(({ path, bytes }, n) => {
      expect(statSync(path).size).toBe(bytes);
      expect(readFileSync(path)).toEqual(Buffer.from(order[n] as string, 'base64'));
    });
  });
});

describe('createImageNamer', () => {
  test.each([
    ['one partial and the final', [['a', 'partial', 0], ['a', 'final', null]], ['a.partial-0.png', 'a.png']],
    ['an id that is another image name', [['x', 'partial', 0], ['x.partial-0', 'final', null]], ['x.partial-0.png', 'x.partial-0-2.png']],
    ['the other way round', [['x.partial-0', 'final', null], ['x', 'partial', 0]], ['x.partial-0.png', 'x.partial-0-2.png']],
    ['a suffixed name already taken', [['y', 'final', null], ['y', 'final', null], ['y-2', 'final', null]], ['y.png', 'y-2.png', 'y-2-2.png']],
    ['ids that reduce alike keep their own base', [['a/b', 'final', null], ['a:b', 'final', null]], ['a_b.png', 'a_b-2.png']],
  ] as const)('%s', (_what, images, names) => {
    const name = createImageNamer();
    expect(images.map(([itemId, kind, index]) => name({ itemId, kind, index }, 'png'))).toEqual(names);
  });
});
