import { DIFF_LIMITS, diffSequences, type DiffLimits, type DiffRun } from './sequence-diff.js';

/** One line of a hunk: context (` `), only in A (`-`) or only in B (`+`). */
export interface HunkLine {
  readonly op: ' ' | '-' | '+';
  /** The line without its line end. */
  readonly text: string;
  /** False for a last line with no LF after it. */
  readonly endsWithLf: boolean;
  /** Ranges [start, end) of `text` that the word diff found changed (only on `-` and `+` lines). */
  readonly marks: readonly (readonly [number, number])[];
}

/** Lines of one side of a hunk: 1-based first line and how many (a unified diff's `-start,count`). */
export interface HunkRange {
  readonly start: number;
  readonly count: number;
}

/** One hunk of a unified diff of two texts. */
export interface TextHunk {
  readonly a: HunkRange;
  readonly b: HunkRange;
  readonly lines: readonly HunkLine[];
  /** The hunk's changed lines as they are in A and in B (LFs kept). */
  readonly removed: string;
  readonly added: string;
  /** Character offsets in A's and B's text where the hunk's first changed word starts (or its insertion point). */
  readonly firstChange: { readonly a: number; readonly b: number };
  /** Whether the hunk holds both texts whole (a one-line value needs no line numbers). */
  readonly whole: boolean;
  /** The first changed lines of each side from that word on, at most {@link SNIPPET_LENGTH} characters (for messages). */
  readonly firstWords: { readonly a: string; readonly b: string };
}

/** How much of a change `firstWords` holds. */
export const SNIPPET_LENGTH = 60;

/** A unified diff of two texts; `exact` is false when a limit made part of it coarse (a block replaced whole). */
export interface TextDiff {
  readonly hunks: readonly TextHunk[];
  readonly exact: boolean;
}

/** Splits a text into lines that keep their LF (the last may have none); an empty text has no lines. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

// Words (letters, digits, underscore), runs of white space, and any other character on its own.
const WORD = /[\p{L}\p{N}\p{M}_]+|\s+|[^\p{L}\p{N}\p{M}_\s]/gu;

/** Splits a text into words, white-space runs and single other characters; joined, they are the text. */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * A unified line diff of two texts with `context` unchanged lines around each change, changes closer than
 * twice that sharing a hunk, and the changed words of each block of changed lines marked.
 */
export function diffText(a: string, b: string, context = 3, limits: DiffLimits = DIFF_LIMITS): TextDiff {
  const aLines = splitLines(a);
  const bLines = splitLines(b);
  const lineDiff = diffSequences(aLines, bLines, limits);
  const aOffsets = lineOffsets(aLines);
  const bOffsets = lineOffsets(bLines);
  let exact = lineDiff.exact;
  const hunks: TextHunk[] = [];
  for (const group of groupChanges(lineDiff.runs, context)) {
    const lines: HunkLine[] = [];
    let removed = '';
    let added = '';
    let firstChange: { a: number; b: number } | null = null;
    let firstWords: { a: string; b: string } | null = null;
    for (const block of group.blocks) {
      if (block.kind === 'context') {
        for (let i = 0; i < block.aCount; i++) lines.push(hunkLine(' ', aLines[block.aStart + i] as string, []));
        continue;
      }
      const aText = aLines.slice(block.aStart, block.aStart + block.aCount).join('');
      const bText = bLines.slice(block.bStart, block.bStart + block.bCount).join('');
      const words = markWords(aText, bText, limits);
      if (!words.exact) exact = false;
      removed += aText;
      added += bText;
      firstChange ??= {
        a: (aOffsets[block.aStart] as number) + words.first.a,
        b: (bOffsets[block.bStart] as number) + words.first.b,
      };
      firstWords ??= { a: aText.slice(words.first.a, words.first.a + SNIPPET_LENGTH), b: bText.slice(words.first.b, words.first.b + SNIPPET_LENGTH) };
      lines.push(...markedLines('-', aLines, block.aStart, block.aCount, words.a));
      lines.push(...markedLines('+', bLines, block.bStart, block.bCount, words.b));
    }
    hunks.push({
      a: { start: group.aCount === 0 ? group.aStart : group.aStart + 1, count: group.aCount },
      b: { start: group.bCount === 0 ? group.bStart : group.bStart + 1, count: group.bCount },
      lines,
      removed,
      added,
      firstChange: firstChange ?? { a: 0, b: 0 },
      whole: group.aCount === aLines.length && group.bCount === bLines.length,
      firstWords: firstWords ?? { a: '', b: '' },
    });
  }
  return { hunks, exact };
}

/** Where each line starts in its text, plus the text's length at the end. */
function lineOffsets(lines: readonly string[]): number[] {
  const offsets = [0];
  for (const line of lines) offsets.push((offsets[offsets.length - 1] as number) + line.length);
  return offsets;
}

function hunkLine(op: HunkLine['op'], line: string, marks: readonly (readonly [number, number])[]): HunkLine {
  const endsWithLf = line.endsWith('\n');
  return { op, text: endsWithLf ? line.slice(0, -1) : line, endsWithLf, marks };
}

interface Block {
  readonly kind: 'context' | 'change';
  readonly aStart: number;
  readonly aCount: number;
  readonly bStart: number;
  readonly bCount: number;
}

interface Group {
  readonly aStart: number;
  readonly aCount: number;
  readonly bStart: number;
  readonly bCount: number;
  readonly blocks: readonly Block[];
}

/** Turns runs into hunks: each change with up to `context` equal lines around it, near changes merged. */
function groupChanges(runs: readonly DiffRun[], context: number): Group[] {
  // Consecutive deletes and inserts form one change block.
  const blocks: Block[] = [];
  for (const run of runs) {
    const last = blocks[blocks.length - 1];
    if (run.op === 'equal') {
      blocks.push({ kind: 'context', aStart: run.aStart, aCount: run.count, bStart: run.bStart, bCount: run.count });
    } else if (last !== undefined && last.kind === 'change') {
      blocks[blocks.length - 1] = {
        ...last,
        aCount: last.aCount + (run.op === 'delete' ? run.count : 0),
        bCount: last.bCount + (run.op === 'insert' ? run.count : 0),
      };
    } else {
      blocks.push({ kind: 'change', aStart: run.aStart, aCount: run.op === 'delete' ? run.count : 0, bStart: run.bStart, bCount: run.op === 'insert' ? run.count : 0 });
    }
  }
  const groups: Group[] = [];
  let current: Block[] = [];
  const close = (): void => {
    // Trailing context beyond `context` lines is not part of the hunk.
    const last = current[current.length - 1];
    if (last !== undefined && last.kind === 'context' && last.aCount > context) current[current.length - 1] = { ...last, aCount: context, bCount: context };
    if (current.some((block) => block.kind === 'change')) {
      const first = current[0] as Block;
      groups.push({
        aStart: first.aStart,
        bStart: first.bStart,
        aCount: current.reduce((sum, block) => sum + block.aCount, 0),
        bCount: current.reduce((sum, block) => sum + block.bCount, 0),
        blocks: current.filter((block) => block.aCount + block.bCount > 0),
      });
    }
    current = [];
  };
  for (const block of blocks) {
    if (block.kind === 'change') {
      current.push(block);
      continue;
    }
    if (current.length === 0) {
      // Leading context: only the last `context` lines before the first change.
      const keep = Math.min(block.aCount, context);
      current.push({ ...block, aStart: block.aStart + block.aCount - keep, bStart: block.bStart + block.bCount - keep, aCount: keep, bCount: keep });
    } else if (block.aCount > 2 * context) {
      current.push(block);
      close();
      const keep = Math.min(block.aCount, context);
      current.push({ ...block, aStart: block.aStart + block.aCount - keep, bStart: block.bStart + block.bCount - keep, aCount: keep, bCount: keep });
    } else {
      current.push(block);
    }
  }
  close();
  return groups;
}

interface WordMarks {
  /** Changed ranges in A's and B's block text. */
  readonly a: readonly (readonly [number, number])[];
  readonly b: readonly (readonly [number, number])[];
  /** Where the first changed word starts in each block. */
  readonly first: { readonly a: number; readonly b: number };
  readonly exact: boolean;
}

/**
 * Blocks longer than this together are not diffed word by word: one mark spans from the first changed word to
 * the last, found from the common start and end (cheap on a text of many MB on one line).
 */
export const WORD_DIFF_CHARS = 1_000_000;

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

/** Diffs two blocks of lines word by word: the changed ranges on each side and where the first change starts. */
function markWords(a: string, b: string, limits: DiffLimits): WordMarks {
  if (a === '' || b === '') return { a: a === '' ? [] : [[0, a.length]], b: b === '' ? [] : [[0, b.length]], first: { a: 0, b: 0 }, exact: true };
  if (a.length + b.length > WORD_DIFF_CHARS) return markSpan(a, b);
  const aWords = splitWords(a);
  const bWords = splitWords(b);
  const diff = diffSequences(aWords, bWords, limits);
  const aStarts = lineOffsets(aWords);
  const bStarts = lineOffsets(bWords);
  const aMarks: [number, number][] = [];
  const bMarks: [number, number][] = [];
  let first: { a: number; b: number } | null = null;
  for (const run of diff.runs) {
    if (run.op === 'equal') continue;
    first ??= { a: aStarts[run.aStart] as number, b: bStarts[run.bStart] as number };
    if (run.op === 'delete') aMarks.push([aStarts[run.aStart] as number, aStarts[run.aStart + run.count] as number]);
    else bMarks.push([bStarts[run.bStart] as number, bStarts[run.bStart + run.count] as number]);
  }
  return { a: aMarks, b: bMarks, first: first ?? { a: 0, b: 0 }, exact: diff.exact };
}

/** The lines of one side of a change block, each with the block's marks that fall on it (LFs never marked). */
function markedLines(op: '-' | '+', lines: readonly string[], start: number, count: number, marks: readonly (readonly [number, number])[]): HunkLine[] {
  const out: HunkLine[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const line = lines[start + i] as string;
    const end = offset + line.length;
    const textEnd = line.endsWith('\n') ? line.length - 1 : line.length;
    const onLine: [number, number][] = [];
    for (const [from, to] of marks) {
      const s = Math.max(from, offset) - offset;
      const e = Math.min(to, end) - offset;
      const clipped: [number, number] = [s, Math.min(e, textEnd)];
      if (clipped[1] > clipped[0]) onLine.push(clipped);
    }
    out.push(hunkLine(op, line, onLine));
    offset = end;
  }
  return out;
}

/** One mark per side from the first differing word to the last: the common start and end, widened to whole words. */
function markSpan(a: string, b: string): WordMarks {
  let prefix = 0;
  const shorter = Math.min(a.length, b.length);
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  // Back to the start of the word the first difference is in (both sides share it up to there).
  while (prefix > 0 && WORD_CHAR.test(a.charAt(prefix - 1))) prefix--;
  // On to the end of the word the last difference is in.
  while (suffix > 0 && WORD_CHAR.test(a.charAt(a.length - suffix))) suffix--;
  const mark = (text: string): [number, number][] => (text.length - suffix > prefix ? [[prefix, text.length - suffix]] : []);
  return { a: mark(a), b: mark(b), first: { a: prefix, b: prefix }, exact: true };
}
