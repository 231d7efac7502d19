import { describe, expect, test } from 'vitest';
import { diffText, splitLines, splitWords, type TextHunk } from '../../src/diff/text-diff.js';

/** A hunk as a unified diff prints it: the header, then ` `/`-`/`+` lines. */
function unified(hunk: TextHunk): string[] {
  const range = (r: { start: number; count: number }): string => (r.count === 1 ? `${r.start}` : `${r.start},${r.count}`);
  return [`@@ -${range(hunk.a)} +${range(hunk.b)} @@`, ...hunk.lines.map((line) => `${line.op}${line.text}`)];
}

/** A line with its marked ranges bracketed. */
function marked(line: { text: string; marks: readonly (readonly [number, number])[] }): string {
  let out = '';
  let at = 0;
  for (const [start, end] of line.marks) {
    out += `${line.text.slice(at, start)}[${line.text.slice(start, end)}]`;
    at = end;
  }
  return out + line.text.slice(at);
}

const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');

describe('splitLines and splitWords', () => {
  test.each([
    ['', []],
    ['a', ['a']],
    ['a\n', ['a\n']],
    ['a\nb', ['a\n', 'b']],
    ['\n\n', ['\n', '\n']],
  ])('splitLines(%j)', (text, lines) => {
    expect(splitLines(text)).toEqual(lines);
    expect(splitLines(text).join('')).toBe(text);
  });

  test('words, white space and other characters each on their own; joined they are the text', () => {
    expect(splitWords('Here is a single  black line.')).toEqual(['Here', ' ', 'is', ' ', 'a', ' ', 'single', '  ', 'black', ' ', 'line', '.']);
    expect(splitWords('{"city":"Zürich"}')).toEqual(['{', '"', 'city', '"', ':', '"', 'Zürich', '"', '}']);
    const text = 'mixed: 数字 123, émoji 🙂 done\n';
    expect(splitWords(text).join('')).toBe(text);
  });
});

describe('diffText: unified hunks with word marks', () => {
  test('one word changed in a one-line text: one hunk, that word marked on each side, its offset', () => {
    const a = 'Here is a single black line in a perfect circle.';
    const b = 'Here is a single white line in a perfect circle.';
    const { hunks, exact } = diffText(a, b);
    expect(exact).toBe(true);
    expect(hunks).toHaveLength(1);
    const [hunk] = hunks as [TextHunk];
    expect(unified(hunk)).toEqual(['@@ -1 +1 @@', `-${a}`, `+${b}`]);
    expect(hunk.lines.map(marked)).toEqual(['Here is a single [black] line in a perfect circle.', 'Here is a single [white] line in a perfect circle.']);
    expect(hunk.firstChange).toEqual({ a: a.indexOf('black'), b: b.indexOf('white') });
    expect(hunk.firstWords.a.startsWith('black line')).toBe(true);
    expect(hunk.removed).toBe(a);
    expect(hunk.added).toBe(b);
  });

  test('context lines around a change, and changes far apart in hunks of their own', () => {
    const a = numbered(20);
    const b = a.replace('line 5\n', 'line five\n').replace('line 16\n', 'line sixteen\n');
    const { hunks } = diffText(a, b, 2);
    expect(hunks.map(unified)).toEqual([
      ['@@ -3,5 +3,5 @@', ' line 3', ' line 4', '-line 5', '+line five', ' line 6', ' line 7'],
      ['@@ -14,5 +14,5 @@', ' line 14', ' line 15', '-line 16', '+line sixteen', ' line 17', ' line 18'],
    ]);
    // Within twice the context, the two changes share one hunk.
    expect(diffText(a, b, 6).hunks.map((h) => [h.a, h.b])).toEqual([[{ start: 1, count: 20 }, { start: 1, count: 20 }]]);
    // No context at all.
    expect(diffText(a, b, 0).hunks.map(unified)).toEqual([
      ['@@ -5 +5 @@', '-line 5', '+line five'],
      ['@@ -16 +16 @@', '-line 16', '+line sixteen'],
    ]);
  });

  test('lines only added or only removed: the hunk header of the empty side names the line before', () => {
    const a = numbered(6);
    const added = diffText(a, a.replace('line 3\n', 'line 3\nnew\n'), 1).hunks;
    expect(added.map(unified)).toEqual([['@@ -3,2 +3,3 @@', ' line 3', '+new', ' line 4']]);
    const removed = diffText(a, a.replace('line 3\n', ''), 0).hunks;
    expect(removed.map(unified)).toEqual([['@@ -3 +2,0 @@', '-line 3']]);
    expect(diffText('', 'x\n').hunks.map(unified)).toEqual([['@@ -0,0 +1 @@', '+x']]);
  });

  test('a missing line end at the end of the text is a change, and says so', () => {
    const { hunks } = diffText('a\nb\n', 'a\nb', 1);
    expect(hunks.map(unified)).toEqual([['@@ -1,2 +1,2 @@', ' a', '-b', '+b']]);
    const lines = (hunks[0] as TextHunk).lines;
    expect(lines.map((l) => l.endsWithLf)).toEqual([true, true, false]);
  });

  test('several changed lines in a block are marked word by word across them; the first change is found', () => {
    const a = 'alpha beta\ngamma delta\n';
    const b = 'alpha BETA\ngamma delta epsilon\n';
    const [hunk] = diffText(a, b).hunks as [TextHunk];
    expect(hunk.lines.map((l) => `${l.op}${marked(l)}`)).toEqual(['-alpha [beta]', '-gamma delta', '+alpha [BETA]', '+gamma delta[ epsilon]']);
    expect(hunk.firstChange).toEqual({ a: 6, b: 6 });
  });

  test('equal texts have no hunks', () => {
    expect(diffText('same\ntext', 'same\ntext').hunks).toEqual([]);
  });

  test('a text of a few MB on one line, one word changed: found exactly and fast', () => {
    const words = Array.from({ length: 400_000 }, (_, i) => `w${i}`);
    const a = words.join(' ');
    const b = [...words.slice(0, 250_000), 'CHANGED', ...words.slice(250_001)].join(' ');
    expect(a.length).toBeGreaterThan(3_000_000);
    const started = performance.now();
    const { hunks } = diffText(a, b);
    expect(performance.now() - started).toBeLessThan(5000);
    const [hunk] = hunks as [TextHunk];
    expect(hunk.firstChange.a).toBe(a.indexOf('w250000 '));
    expect(hunk.firstWords.b.startsWith('CHANGED w250001')).toBe(true);
    expect(hunk.lines.map((l) => l.marks.map(([s, e]) => l.text.slice(s, e)))).toEqual([['w250000'], ['CHANGED']]);
  });

  test('texts of a few MB that differ everywhere: a coarse diff, marked as such, in bounded time', () => {
    const a = Array.from({ length: 100_000 }, (_, i) => `old line ${i}\n`).join('');
    const b = Array.from({ length: 100_000 }, (_, i) => `new line ${i * 7}\n`).join('');
    const started = performance.now();
    const diff = diffText(a, b);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(diff.exact).toBe(false);
    expect(diff.hunks).toHaveLength(1);
    const [hunk] = diff.hunks as [TextHunk];
    expect(hunk.removed).toBe(a);
    expect(hunk.added).toBe(b);
  });
});
