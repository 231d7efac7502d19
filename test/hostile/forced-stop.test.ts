import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, startBin } from '../support/binary.js';
import { noisyPng, responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';

// A stop that takes too long for the user gets a second signal: respcat exits at once then, and removes
// the temporary files of the images it was writing (docs/spec.md §6), never a file it did not create.
const work = mkdtempSync(join(tmpdir(), 'respcat-forced-'));
const capture = join(work, 'many-images.sse');
// 16 items, each a partial and a final image of about 1 MiB: several writes are in flight at any moment.
const images = Array.from({ length: 4 }, (_, i) => noisyPng(512, 512, i + 1));
const imageBytes = new Set(images.map((b64) => Buffer.from(b64, 'base64').toString('latin1')));
beforeAll(() => {
  ensureBuilt();
  const items = Array.from({ length: 16 }, (_, i) =>
    toDataLines(responseEvents({ id: `resp_${i}`, imageItemId: `ig_${i}`, partials: [images[i % 4] as string], finalImage: images[(i + 1) % 4] as string, text: ['a'] })),
  );
  writeFileSync(capture, items.join(''));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const temporary = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.tmp'));
  } catch {
    return [];
  }
};

/** Every file in `dir` holds the whole bytes of one of the capture's images. */
function expectWholeImages(dir: string, context: string): void {
  for (const name of readdirSync(dir)) expect(imageBytes.has(readFileSync(join(dir, name)).toString('latin1')), `${context}: ${name} is whole`).toBe(true);
}

describe('a second stop signal (docs/spec.md §6)', () => {
  test('in process: the forced stop removes the temporary files of the writes in flight, at once', async () => {
    const outDir = join(work, 'in-process');
    const signal = new AbortController();
    const forced = new AbortController();
    const run = runCli(['replay', capture, '--out-dir', outDir, '--quiet'], { signal: signal.signal, forcedStop: forced.signal });
    // Wait until an image is being written (its temporary file exists), then stop twice in one go.
    const deadline = Date.now() + 20_000;
    let inFlight: string[] = [];
    while (inFlight.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      inFlight = temporary(outDir);
    }
    expect(inFlight.length, 'a write was seen in flight').toBeGreaterThan(0);
    signal.abort('SIGTERM');
    forced.abort('SIGTERM');
    // The process would exit now: nothing half written may be left at this instant.
    expect(temporary(outDir)).toEqual([]);
    const { code } = await run;
    expect(code).toBe(143);
    expect(temporary(outDir)).toEqual([]);
    expectWholeImages(outDir, 'in process');
  });

  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('the binary: %s twice exits %i at once, leaving finished images and no temporary file, 10 times over', async (signal, expected) => {
    for (let run = 0; run < 10; run++) {
      const outDir = join(work, `${signal}-${run}`);
      const child = startBin(['replay', capture, '--out-dir', outDir]);
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
      const deadline = Date.now() + 20_000;
      while (temporary(outDir).length === 0 && !stderr.includes('respcat: completed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
      child.kill(signal);
      // The first stop waits for the writes in flight (tens of ms): the second comes while it does.
      await new Promise((r) => setTimeout(r, 5 + (run % 5) * 5));
      child.kill(signal);
      const result = await closed;
      if (stderr.includes('respcat: completed') && result.code === 0) continue; // it had finished already
      if (result.signal !== null) {
        // Once the stop has finished and node tears down, a late signal meets no handler and ends the
        // process by itself: the status a shell sees is the same (128 + n), and nothing is left to undo.
        expect(result.signal, `run ${run}`).toBe(signal);
        expect(stderr, `run ${run}: killed before its stop had finished`).toMatch(/respcat: .* · \d+\.\ds\n$/);
      } else {
        expect(result.code, `run ${run}: ${stderr}`).toBe(expected);
      }
      expect(temporary(outDir), `run ${run}`).toEqual([]);
      expectWholeImages(outDir, `run ${run}`);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
