import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createImageWriter, OutputError } from '../../src/images/image-writer.js';

// Issue 14 item 9: temporary files are created exclusively, and the writer never overwrites or deletes a
// file it did not create, not even one sitting at the name of its temporary file.
const work = mkdtempSync(join(tmpdir(), 'respcat-writer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Someone else's files at the names respcat's temporary files take in this process: the first try of
 * this writer (`.<name>.<pid>.tmp`) and the counter the writer used before (`.<name>.<pid>.<n>.tmp`).
 */
function plantAtTemporaryNames(dir: string, name: string): Map<string, string> {
  const planted = new Map<string, string>();
  for (const file of [`.${name}.${process.pid}.tmp`, ...Array.from({ length: 32 }, (_, n) => `.${name}.${process.pid}.${n + 1}.tmp`)]) {
    writeFileSync(join(dir, file), `not respcat's: ${file}`);
    planted.set(file, `not respcat's: ${file}`);
  }
  return planted;
}

function expectIntact(dir: string, planted: ReadonlyMap<string, string>): void {
  for (const [file, content] of planted) expect(readFileSync(join(dir, file), 'utf8')).toBe(content);
}

describe('createImageWriter', () => {
  test('a file already at the temporary path is neither overwritten nor deleted, and the image is still written', async () => {
    const dir = join(work, 'planted');
    mkdirSync(dir);
    const planted = plantAtTemporaryNames(dir, 'ig.png');
    // A symbolic link there must not be followed either: the file it points at stays as it is.
    writeFileSync(join(work, 'victim'), 'precious');
    symlinkSync(join(work, 'victim'), join(dir, `.ig.png.${process.pid}.33.tmp`));
    const writer = createImageWriter(dir);
    const bytes = Buffer.from('the image bytes');
    expect(await writer.write('ig.png', bytes)).toBe(join(dir, 'ig.png'));
    expect(readFileSync(join(dir, 'ig.png'))).toEqual(bytes);
    expectIntact(dir, planted);
    expect(readFileSync(join(work, 'victim'), 'utf8')).toBe('precious');
    // Nothing of its own left behind: the folder holds what was planted and the image.
    expect(readdirSync(dir).sort()).toEqual([...planted.keys(), `.ig.png.${process.pid}.33.tmp`, 'ig.png'].sort());
  });

  test('abandon() removes exactly its own half-written temporary files, keeps finished images and touches nothing else', async () => {
    const dir = join(work, 'abandon');
    mkdirSync(dir);
    const planted = plantAtTemporaryNames(dir, 'big.png');
    writeFileSync(join(dir, 'someone-else.tmp'), 'not respcat');
    writeFileSync(join(dir, 'big.png'), 'an image from an earlier run');
    const writer = createImageWriter(dir);
    await writer.write('done.png', Buffer.from('finished'));
    // 64 MiB goes to the file in 512 KiB writes: many turns of the event loop to find it half-written.
    const writing = writer.write('big.png', Buffer.alloc(64 << 20, 7));
    const outcome = writing.then(
      () => 'written',
      (error: unknown) => error,
    );
    const before = new Set(readdirSync(dir));
    let own: string | undefined;
    for (let turn = 0; own === undefined && turn < 100_000; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      own = readdirSync(dir).find((file) => !before.has(file) && file.endsWith('.tmp'));
    }
    expect(own).toMatch(/^\.big\.png\..+\.tmp$/);
    writer.abandon();
    expect(readdirSync(dir)).not.toContain(own);
    const error = await outcome;
    expect(error).toBeInstanceOf(OutputError);
    await expect(writer.write('later.png', Buffer.from('x'))).rejects.toBeInstanceOf(OutputError);
    expectIntact(dir, planted);
    expect(readFileSync(join(dir, 'someone-else.tmp'), 'utf8')).toBe('not respcat');
    expect(readFileSync(join(dir, 'big.png'), 'utf8')).toBe('an image from an earlier run');
    expect(readFileSync(join(dir, 'done.png'), 'utf8')).toBe('finished');
    expect(readdirSync(dir).sort()).toEqual([...planted.keys(), 'big.png', 'done.png', 'someone-else.tmp'].sort());
  });
});
