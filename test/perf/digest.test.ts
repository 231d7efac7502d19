import { describe, expect, test } from 'vitest';
import { digest } from '../../src/core/digest.js';

describe('digest tells long strings apart wherever they differ', () => {
  const base = Buffer.alloc(1_500_000, 'QUJD').toString('latin1');

  test('equal strings, however they were made, have equal digests', () => {
    expect(digest(base)).toBe(digest(`${base.slice(0, 700_000)}${base.slice(700_000)}`));
    expect(digest(base)).toBe(digest(Buffer.from(base).toString('latin1')));
  });

  test.each([0, 1, 3, 4, 16_383, 16_384, 16_385, 700_001, 1_499_999])('one character changed at %i changes it', (at) => {
    const changed = `${base.slice(0, at)}${base[at] === 'A' ? 'B' : 'A'}${base.slice(at + 1)}`;
    expect(digest(changed)).not.toBe(digest(base));
  });

  test('length matters, and short and non-ASCII strings hash too', () => {
    expect(digest(base)).not.toBe(digest(base.slice(1)));
    expect(digest(`${base}é`)).not.toBe(digest(`${base}è`));
    expect(digest('abc')).not.toBe(digest('abd'));
    expect(digest('')).toBe(digest(''));
    expect(digest('é'.repeat(5000))).not.toBe(digest('è'.repeat(5000)));
  });
});
