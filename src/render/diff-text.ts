import type { ChalkInstance } from 'chalk';
import type { DiffResult, DiffSide, Difference, DifferenceKind, IgnoreKind, SideResponse, SideTiming } from '../diff/model.js';
import type { HunkLine } from '../diff/text-diff.js';
import { escapeControls, escapeLine as oneLine } from './terminal-safe.js';

/** What the text report shows beside the comparison. */
export interface DiffTextOptions {
  /** Colours (a level-0 instance for none). */
  readonly style: ChalkInstance;
  /** Kinds `--ignore` left out, named in the verdict (ids, never compared without `--strict-ids`, are not named). */
  readonly ignored: readonly IgnoreKind[];
}

/**
 * The human report of `respcat diff`: the two file names, a header per response (equal, or its differences,
 * each with its path and both input lines, as `-`/`+` lines; texts as unified hunks with changed words marked
 * when coloured), the input's diagnostic codes that differ, timing facts when sidecars exist, and a one-line
 * verdict. Everything from the captures is escaped: CI log viewers interpret escape sequences too.
 */
export function renderDiffText(a: DiffSide, b: DiffSide, result: DiffResult, options: DiffTextOptions): string {
  const { style } = options;
  const out: string[] = [style.bold(`--- a ${oneLine(a.file)}`), style.bold(`+++ b ${oneLine(b.file)}`)];
  const byResponse = new Map<number | null, Difference[]>();
  for (const difference of result.differences) {
    const list = byResponse.get(difference.response) ?? [];
    list.push(difference);
    byResponse.set(difference.response, list);
  }
  for (const pair of result.responses) {
    const head = `response ${pair.index}: ${describeResponse(pair.a ?? pair.b)}`;
    const listed = byResponse.get(pair.index) ?? [];
    if (pair.differences === 0) {
      out.push(`${style.bold(head)}: ${style.green('equal')}`);
      continue;
    }
    out.push(style.bold(head));
    for (const difference of listed) out.push(...renderDifference(difference, style));
    if (listed.length < pair.differences) out.push(style.dim(`  ${pair.differences - listed.length} more differences not listed`));
  }
  const inputLevel = byResponse.get(null) ?? [];
  if (inputLevel.length > 0) {
    out.push(style.bold('findings'));
    for (const difference of inputLevel) out.push(...renderDifference(difference, style));
  }
  if (!options.ignored.includes('timing') && (a.timing !== null || b.timing !== null)) out.push(renderTiming(a.timing, b.timing));
  out.push(renderVerdict(result, options));
  return `${out.join('\n')}\n`;
}

function describeResponse(response: SideResponse | null): string {
  if (response === null) return 'none';
  const { id, model, status } = response.view;
  return [id ?? '(no id)', model ?? '(no model)', status].map(oneLine).join(' · ');
}

function renderLines(difference: Difference): string {
  const parts: string[] = [];
  // Line 0: a binary capture, which has no lines (its byte offsets are in inspect and check).
  if (difference.lineA !== null) parts.push(difference.lineA === 0 ? 'A binary' : `A line ${difference.lineA}`);
  if (difference.lineB !== null) parts.push(difference.lineB === 0 ? 'B binary' : `B line ${difference.lineB}`);
  return parts.length > 0 ? `  (${parts.join(', ')})` : '';
}

/** One difference: its path and lines, then what each side holds. */
function renderDifference(difference: Difference, style: ChalkInstance): string[] {
  const lines = [`  ${style.cyan(oneLine(difference.path))}${style.dim(renderLines(difference))}`];
  const minus = (text: string): string => style.red(`    -${text}`);
  const plus = (text: string): string => style.green(`    +${text}`);
  if (difference.hunk !== undefined) {
    const { hunk } = difference;
    // A one-line value needs no line numbers; a longer text gets its hunk header.
    const single = hunk.whole && hunk.a.count <= 1 && hunk.b.count <= 1;
    if (!single) lines.push(style.magenta(`    @@ -${range(hunk.a.start, hunk.a.count)} +${range(hunk.b.start, hunk.b.count)} @@`));
    for (const line of hunk.lines) {
      lines.push(renderHunkLine(line, style));
      if (!line.endsWithLf && line.op !== ' ' && !single) lines.push(style.dim('    \\ no line end'));
    }
    if (difference.exact === false) lines.push(style.dim('    (past the diff limits: the differing middle is shown as one replaced block)'));
    return lines;
  }
  if (difference.kind === 'diagnostics') {
    const [op, count] = difference.change === 'added' ? ['+', difference.b] : ['-', difference.a];
    const text = `${oneLine(difference.code ?? '')}: ${String(count)} finding${count === 1 ? '' : 's'}`;
    lines.push(op === '+' ? plus(text) : minus(text));
    return lines;
  }
  if (difference.path.endsWith('.pixels')) {
    const counted = difference.pixels ?? null;
    lines.push(
      counted === null
        ? '    the pixels differ (not counted: not PNGs decoded under the pixel limit, or bytes not kept)'
        : `    ${counted.differing} of ${counted.total} pixels differ (${formatShare(counted.differing / counted.total)})`,
    );
    return lines;
  }
  if (difference.change !== 'added') lines.push(minus(renderValue(difference.a)));
  if (difference.change !== 'removed') lines.push(plus(renderValue(difference.b)));
  return lines;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}

function renderHunkLine(line: HunkLine, style: ChalkInstance): string {
  if (line.op === ' ') return style.dim(`     ${escapeControls(line.text)}`);
  const paint = line.op === '-' ? style.red : style.green;
  // Changed words stand out (inverse) on a coloured terminal; plain output is the line itself.
  let text = '';
  let at = 0;
  for (const [start, end] of line.marks) {
    text += paint(escapeControls(line.text.slice(at, start))) + paint.inverse(escapeControls(line.text.slice(start, end)));
    at = end;
  }
  text += paint(escapeControls(line.text.slice(at)));
  return `${paint(`    ${line.op}`)}${text}`;
}

/** A value as JSON, so `"3"` and `3` (or `"null"` and null) read apart; escaped, since JSON leaves some controls raw. */
function renderValue(value: unknown): string {
  return oneLine(JSON.stringify(value) ?? 'null');
}

/** A share of pixels as people read it: 100%, 25%, 0.02%, <0.01%. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.0001) return '<0.01%';
  const percent = share * 100;
  return `${Number(percent.toFixed(percent >= 10 ? 1 : 2))}%`;
}

function renderTiming(a: SideTiming | null, b: SideTiming | null): string {
  const ms = (value: number | null): string => (value === null ? '—' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`);
  const side = (timing: SideTiming | null, pick: (t: SideTiming & { ok: true }) => number | null): string =>
    timing === null ? 'no sidecar' : !timing.ok ? 'unusable sidecar' : ms(pick(timing));
  const parts = [
    `first text ${side(a, (t) => t.firstTextMs)} → ${side(b, (t) => t.firstTextMs)}`,
    `duration ${side(a, (t) => t.durationMs)} → ${side(b, (t) => t.durationMs)}`,
  ];
  const problems = [a, b].flatMap((t, i) => (t !== null && !t.ok ? [`${i === 0 ? 'A' : 'B'}: ${oneLine(t.problem)}`] : []));
  return `timing (reported, not compared): ${parts.join(' · ')}${problems.length > 0 ? ` (${problems.join('; ')})` : ''}`;
}

function renderVerdict(result: DiffResult, options: DiffTextOptions): string {
  const { style } = options;
  const ignored = options.ignored.length > 0 ? style.dim(` · not compared: ${options.ignored.join(', ')}`) : '';
  const responses = result.responses.length;
  if (result.equal) return `${style.green('equal')}: ${responses} response${responses === 1 ? '' : 's'}, no differences${ignored}`;
  const total = result.differences.length + result.omitted;
  const kinds = (Object.entries(result.counts) as [DifferenceKind, number][]).map(([kind, n]) => `${kind} ${n}`).join(', ');
  const differing = result.responses.filter((pair) => pair.differences > 0).length;
  const omitted = result.omitted > 0 ? `, ${result.omitted} not listed` : '';
  const where = differing > 0 && responses > 1 ? ` in ${differing} of ${responses} responses` : '';
  return `${style.red('different')}: ${total} difference${total === 1 ? '' : 's'} (${kinds}${omitted})${where}${ignored}`;
}
