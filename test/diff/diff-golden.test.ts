import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../support/fake-io.js';
import { ROOT, UPDATE_GOLDEN } from '../support/samples.js';

/** Each capture of samples/diff/ and what it is compared with; both reports sit beside it as `<B>.diff.txt` / `.diff.json`. */
const PAIRS = [
  ['samples/seed-image-gen.sse', 'samples/diff/seed-one-word.sse', 1],
  ['samples/seed-image-gen.sse', 'samples/diff/seed-one-pixel.sse', 1],
  ['samples/seed-image-gen.sse', 'samples/diff/seed-reencoded-image.sse', 0],
  ['samples/diff/tool-call.sse', 'samples/diff/tool-call-reordered-keys.sse', 0],
  ['samples/diff/tool-call.sse', 'samples/diff/tool-call-changed-value.sse', 1],
] as const;

describe('diff goldens: the exact reports for samples/diff/', () => {
  test.each(PAIRS)('%s ↔ %s', async (a, b, exit) => {
    for (const [format, extension] of [
      ['text', 'diff.txt'],
      ['json', 'diff.json'],
    ] as const) {
      // Relative paths, from the root, so the reports name the files as a reader of the repository does.
      const cwd = process.cwd();
      process.chdir(ROOT);
      const { code, stdout, stderr } = await runCli(['diff', '--format', format, a, b]).finally(() => process.chdir(cwd));
      expect(stderr).toBe('');
      expect(code).toBe(exit);
      const golden = join(ROOT, `${b}.${extension}`);
      if (UPDATE_GOLDEN) writeFileSync(golden, stdout);
      expect(existsSync(golden), `missing golden ${golden} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
      expect(stdout).toBe(readFileSync(golden, 'utf8'));
      if (format === 'json') expect((JSON.parse(stdout) as { equal: boolean }).equal).toBe(exit === 0);
    }
  });
});
