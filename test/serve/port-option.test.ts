import { describe, expect, test } from 'vitest';
import { runCli } from '../support/fake-io.js';

describe('serve --port takes only a decimal 0–65535 (docs/spec.md §9)', () => {
  test.each(['', '0x50', '1e3', '80.0', ' 80', '-1', '65536', '+80', 'http'])('%j is a usage error, exit 2, one line', async (value) => {
    const { code, stdout, stderr } = await runCli(['serve', 'samples/seed-image-gen.sse', '--port', value]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/expected a port number 0–65535 in decimal digits/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
