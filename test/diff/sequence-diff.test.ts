import { describe, expect, test } from 'vitest';
import { diffSequences, type DiffRun } from '../../src/diff/sequence-diff.js';
import { createRandom } from '../support/chunkings.js';

/** Applies runs to A: the result must be B exactly (a diff that does not rebuild B is wrong, however short). */
function apply(a: readonly string[], b: readonly string[], runs: readonly DiffRun[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  for (const run of runs) {
    expect(run.aStart, 'runs follow each other in A').toBe(i);
    expect(run.bStart, 'runs follow each other in B').toBe(j);
    if (run.op === 'equal') {
      for (let k = 0; k < run.count; k++) if (a[i + k] !== b[j + k]) expect.fail(`run says A[${i + k}] equals B[${j + k}]`);
      for (let k = 0; k < run.count; k++) out.push(a[i + k] as string);
      i += run.count;
      j += run.count;
    } else if (run.op === 'delete') i += run.count;
    else {
      for (let k = 0; k < run.count; k++) out.push(b[j + k] as string);
      j += run.count;
    }
  }
  expect(i).toBe(a.length);
  return out;
}

/** The number of edits of a shortest script, from the longest common subsequence (dynamic programming). */
function shortestEdits(a: readonly string[], b: readonly string[]): number {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  return a.length + b.length - 2 * lcs[0]![0]!;
}

const edits = (runs: readonly DiffRun[]): number => runs.filter((r) => r.op !== 'equal').reduce((sum, r) => sum + r.count, 0);

describe('diffSequences: Myers, bounded', () => {
  test.each([
    { a: '', b: '', runs: [] },
    { a: 'abc', b: 'abc', runs: [['equal', 0, 0, 3]] },
    { a: '', b: 'ab', runs: [['insert', 0, 0, 2]] },
    { a: 'ab', b: '', runs: [['delete', 0, 0, 2]] },
    { a: 'abc', b: 'axc', runs: [['equal', 0, 0, 1], ['delete', 1, 1, 1], ['insert', 2, 1, 1], ['equal', 2, 2, 1]] },
    { a: 'abcabba', b: 'cbabac', runs: null },
  ])('$a → $b', ({ a, b, runs }) => {
    const x = [...a];
    const y = [...b];
    const diff = diffSequences(x, y);
    expect(diff.exact).toBe(true);
    expect(apply(x, y, diff.runs)).toEqual(y);
    expect(edits(diff.runs)).toBe(shortestEdits(x, y));
    if (runs !== null) expect(diff.runs.map((r) => [r.op, r.aStart, r.bStart, r.count])).toEqual(runs);
  });

  test('random sequences: B is rebuilt from A with a shortest script', () => {
    const random = createRandom(7);
    for (let run = 0; run < 300; run++) {
      const alphabet = 1 + Math.floor(random() * 5);
      const make = (): string[] => Array.from({ length: Math.floor(random() * 25) }, () => String.fromCharCode(97 + Math.floor(random() * alphabet)));
      const a = make();
      const b = make();
      const diff = diffSequences(a, b);
      expect(apply(a, b, diff.runs)).toEqual(b);
      expect(edits(diff.runs), `${a.join('')} → ${b.join('')}`).toBe(shortestEdits(a, b));
    }
  });

  test('past the edit limit the differing middle is one replaced block; the common start and end stay exact', () => {
    const a = ['head', ...Array.from({ length: 50 }, (_, i) => `a${i}`), 'tail'];
    const b = ['head', ...Array.from({ length: 50 }, (_, i) => `b${i}`), 'tail'];
    const diff = diffSequences(a, b, { maxEdits: 20, maxWork: 1e9 });
    expect(diff.exact).toBe(false);
    expect(diff.runs.map((r) => [r.op, r.count])).toEqual([
      ['equal', 1],
      ['delete', 50],
      ['insert', 50],
      ['equal', 1],
    ]);
    expect(apply(a, b, diff.runs)).toEqual(b);
    // Within the limit the same input is diffed exactly.
    expect(diffSequences(a, b, { maxEdits: 100, maxWork: 1e9 }).exact).toBe(true);
  });

  test('past the work limit the search stops', () => {
    const a = Array.from({ length: 60 }, (_, i) => `${i}`);
    const b = [...a.slice(0, 30), 'x', ...a.slice(30)];
    expect(diffSequences(a, b, { maxEdits: 1000, maxWork: 100 }).exact).toBe(true);
    const c = a.map((line, i) => (i % 2 === 0 ? `${line}!` : line));
    expect(diffSequences(a, c, { maxEdits: 1000, maxWork: 100 }).exact).toBe(false);
    expect(diffSequences(a, c, { maxEdits: 1000, maxWork: 1e9 }).exact).toBe(true);
  });

  test('large inputs stay fast: 200,000 lines with a few scattered changes exact, 200,000 all different coarse', () => {
    const a = Array.from({ length: 200_000 }, (_, i) => `line ${i}`);
    const b = [...a];
    for (const at of [10, 50_000, 120_000, 199_990]) b[at] = `changed ${at}`;
    let started = performance.now();
    const near = diffSequences(a, b);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(near.exact).toBe(true);
    expect(edits(near.runs)).toBe(8);
    expect(apply(a, b, near.runs)).toEqual(b);

    const c = a.map((line) => `${line}?`);
    started = performance.now();
    const far = diffSequences(a, c);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(far.exact).toBe(false);
    expect(apply(a, c, far.runs)).toEqual(c);

    // 1,000 edits in 20,000 lines: at the edit limit, still exact.
    const d = a.slice(0, 20_000);
    const e = d.map((line, i) => (i % 40 === 0 ? `${line}!` : line));
    started = performance.now();
    const bounded = diffSequences(d, e);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(bounded.exact).toBe(true);
    expect(edits(bounded.runs)).toBe(1000);
  });
});
