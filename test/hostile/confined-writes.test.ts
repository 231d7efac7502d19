import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createNameAllocator, toSafeName } from '../../src/images/file-names.js';
import { noisyPng, PNG_1X1, responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-confined-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('names from stream data are reduced to [A-Za-z0-9._-] (docs/spec.md §3)', () => {
  test.each([
    ['ig_123', 'ig_123'],
    ['../../../../tmp/x', '_.._.._.._.._tmp_x'],
    ['..', '_..'],
    ['.', '_.'],
    ['', '_'],
    ['.hidden', '_.hidden'],
    ['a/b\\c:d', 'a_b_c_d'],
    ['\u001b]0;title\u0007', '_0_title_'],
    ['日本語', '_'],
    ['x'.repeat(500), 'x'.repeat(160)],
  ])('%j → %j', (raw, safe) => {
    expect(toSafeName(raw)).toBe(safe);
    expect(toSafeName(raw)).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  test('two ids that reduce to the same name get distinct names, stable per id', () => {
    const allocate = createNameAllocator();
    expect(allocate('a/b')).toBe('a_b');
    expect(allocate('a:b')).toBe('a_b-2');
    // Case-insensitive file systems would merge A_B with a_b.
    expect(allocate('A_B')).toBe('A_B-3');
    expect(allocate('a/b')).toBe('a_b');
  });
});

describe('replay never writes outside --out-dir', () => {
  test('an item_id that climbs out of the folder writes inside it', async () => {
    const root = mkdtempSync(join(work, 'climb-'));
    const outDir = join(root, 'a', 'b', 'out');
    const capture = toDataLines(responseEvents({ imageItemId: '../../../../tmp/x', partials: [PNG_1X1], finalImage: PNG_1X1, text: ['ok'] }));
    const result = await runCli(['replay', '--out-dir', outDir], { stdin: capture });
    expect(result.code).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual(['_.._.._.._.._tmp_x.partial-0.png', '_.._.._.._.._tmp_x.png']);
    expect(readdirSync(root)).toEqual(['a']);
    expect(readdirSync(join(root, 'a'))).toEqual(['b']);
    expect(existsSync('/tmp/x.png')).toBe(false);
  });

  test('two items whose ids reduce to the same name do not overwrite each other', async () => {
    const outDir = join(work, 'collide');
    const first = responseEvents({ id: 'resp_1', imageItemId: 'ig/1', finalImage: PNG_1X1 });
    const second = responseEvents({ id: 'resp_2', imageItemId: 'ig:1', finalImage: noisyPng(2, 2) });
    const result = await runCli(['replay', '--out-dir', outDir], { stdin: toDataLines([...first, ...second]) });
    expect(readdirSync(outDir).sort()).toEqual(['ig_1-2.png', 'ig_1.png']);
    expect(readFileSync(join(outDir, 'ig_1.png'))).not.toEqual(readFileSync(join(outDir, 'ig_1-2.png')));
    expect(result.code).toBe(0);
  });
});
