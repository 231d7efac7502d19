import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt, runBin } from '../support/binary.js';
import { runCli } from '../support/fake-io.js';
import { listCorpus, ROOT } from '../support/samples.js';

beforeAll(ensureBuilt);

// The built binary, as a user runs it (dist/ is what `npm run build` last made: `npm test` builds first).
describe('respcat inspect, the binary', () => {
  test('prints the same report as in process, with its exit code', async () => {
    for (const argv of [['inspect', 'samples/kinds/mixed-reasoning-tools-refusal.sse'], ['inspect', '--json', 'samples/seed-image-gen.sse', 'samples/kinds/error-flat-then-failed.sse']]) {
      const bin = runBin(argv);
      const inProcess = await runCli(argv);
      expect(bin.stdout).toBe(inProcess.stdout);
      expect(bin.code).toBe(inProcess.code);
      expect(bin.stderr).toBe('');
    }
  });

  test('reads stdin and ends quietly into a closed pipe', () => {
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" inspect --json - < samples/seed-image-gen.sse | head -c 50`], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stdout.toString()).toHaveLength(50);
    expect(result.stderr.toString()).toBe('');
    expect(result.status).toBe(0);
  });

  test('a missing file: exit 3 and one line, no stack trace', () => {
    const result = runBin(['inspect', 'no/such/capture.sse']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^respcat: no\/such\/capture\.sse: [^\n]+\n$/);
  });

  test.runIf(listCorpus().length > 0)('every corpus capture: exit 0 or 1, no stack trace', () => {
    const result = runBin(['inspect', '--json', ...listCorpus()]);
    expect([0, 1]).toContain(result.code);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toHaveLength(listCorpus().length);
  });
});
