import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../support/fake-io.js';
import { listSamples, ROOT, UPDATE_GOLDEN } from '../support/samples.js';

/** Compares `actual` with the golden file beside the sample, or rewrites it under UPDATE_GOLDEN=1. */
function golden(path: string, actual: string): void {
  if (UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(existsSync(path), `missing golden ${path} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

// The sample path is passed relative to the root (vitest runs there), so the reports name it the same everywhere.
describe('inspect goldens: <sample>.inspect.txt and <sample>.inspect.json beside every sample', () => {
  test.each(listSamples())('%s', async (sample) => {
    const text = await runCli(['inspect', sample]);
    const json = await runCli(['inspect', '--json', sample]);
    expect(text.stderr).toBe('');
    expect(json.stderr).toBe('');
    expect([0, 1]).toContain(text.code);
    expect(json.code).toBe(text.code);
    golden(join(ROOT, `${sample}.inspect.txt`), text.stdout);
    golden(join(ROOT, `${sample}.inspect.json`), json.stdout);
    const report = JSON.parse(json.stdout) as { schema: string; file: string };
    expect(report.schema).toBe('respcat.inspect/1');
    expect(report.file).toBe(sample);
  });
});
