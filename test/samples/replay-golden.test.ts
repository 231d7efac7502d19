import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/fake-io.js';
import { describeRun } from '../support/replay-run.js';
import { listSamples, ROOT, UPDATE_GOLDEN } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-golden-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('replay goldens: exact stdout and image bytes for every sample', () => {
  test.each(listSamples())('%s', async (sample) => {
    const dir = join(work, sample.replace(/[^A-Za-z0-9]/g, '_'));
    const { code, stdout } = await runCli(['replay', join(ROOT, sample), '--out-dir', dir]);
    const run = describeRun(code, dir);
    const stdoutGolden = join(ROOT, `${sample}.stdout.txt`);
    const runGolden = join(ROOT, `${sample}.replay.txt`);
    if (UPDATE_GOLDEN) {
      writeFileSync(stdoutGolden, stdout);
      writeFileSync(runGolden, run);
    }
    expect(existsSync(stdoutGolden), `missing golden ${stdoutGolden} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
    expect(stdout).toBe(readFileSync(stdoutGolden, 'utf8'));
    expect(run).toBe(readFileSync(runGolden, 'utf8'));
  });
});
