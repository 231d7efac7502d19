import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../support/binary.js';
import { ROOT } from '../support/samples.js';

beforeAll(ensureBuilt);

describe('respcat check, the built binary as CI runs it', () => {
  test('a whole capture: exit 0, the verdict on stdout, nothing on stderr', () => {
    const result = runBin(['check', 'samples/check/whole.sse']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('samples/check/whole.sse: ok\n\n1 file checked, all passed: 0 errors, 0 warnings\n');
    expect(result.stderr).toBe('');
  });

  test('the seed and a missing file in one run: the seed reported, the missing file named, exit 3', () => {
    const result = runBin(['check', '--format', 'junit', 'samples/seed-image-gen.sse', 'samples/check/no-such.sse']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('respcat: samples/check/no-such.sse: no such file\n');
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    expect(result.stdout).toContain('<testsuite name="samples/seed-image-gen.sse" tests="24" failures="1"');
  });

  test('--format github gives the golden byte for byte; --strict reads stdin with -', () => {
    const result = runBin(['check', '--format', 'github', 'samples/check/noisy.sse']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'samples', 'check', 'noisy.check.github.txt'), 'utf8'));
    const piped = runBin(['check', '--strict', '-'], { input: readFileSync(join(ROOT, 'samples', 'check', 'output-mismatch.sse')) });
    expect(piped.code).toBe(1);
    expect(piped.stdout).toMatch(/^<stdin>:23: warning: Item msg_\w+ in output_item\.done differs from the terminal response/);
  });

  test('a bad --format is a one-line usage error, exit 2', () => {
    const result = runBin(['check', '--format', 'sarif', 'samples/check/whole.sse']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
