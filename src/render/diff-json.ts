import type { DiffResult, DiffSide, Difference, IgnoreKind, SideResponse, SideTiming } from '../diff/model.js';
import { escapeJson } from './terminal-safe.js';

/** The `respcat.diff/1` report (docs/spec.md, `respcat diff`). */
export interface DiffJson {
  readonly schema: 'respcat.diff/1';
  readonly equal: boolean;
  readonly a: DiffJsonInput;
  readonly b: DiffJsonInput;
  /** Kinds not compared: `--ignore`, and `ids` unless `--strict-ids`. */
  readonly ignored: readonly IgnoreKind[];
  /** Every difference found, by kind. */
  readonly counts: DiffResult['counts'];
  readonly differences: readonly DiffJsonDifference[];
  /** Differences found beyond those listed. */
  readonly omitted: number;
  readonly responses: readonly {
    readonly index: number;
    readonly a: DiffJsonResponse | null;
    readonly b: DiffJsonResponse | null;
    readonly differences: number;
  }[];
}

/** One input of the report. */
export interface DiffJsonInput {
  readonly file: string;
  readonly responses: number;
  /** From the `.timing` sidecar (null without one; left out with `--ignore timing`). */
  readonly timing: SideTiming | null;
}

/** A response named by the facts that tell it apart. */
export interface DiffJsonResponse {
  readonly id: string | null;
  readonly model: string | null;
  readonly status: string;
  readonly line: number;
}

/** One difference: its path, both values and both input lines; a text's hunk; image pixels counted. */
export interface DiffJsonDifference {
  readonly path: string;
  readonly kind: Difference['kind'];
  readonly change: Difference['change'];
  readonly a: unknown;
  readonly b: unknown;
  readonly lineA: number | null;
  readonly lineB: number | null;
  /** A text's hunk: line ranges in the text, and its lines prefixed ` `, `-` or `+` (without their LF). */
  readonly hunk?: { readonly a: { start: number; count: number }; readonly b: { start: number; count: number }; readonly lines: readonly string[] };
  readonly exact?: false;
  readonly pixels?: { readonly differing: number; readonly total: number; readonly share: number } | null;
}

/** Builds the report's value (its shape is the contract; `renderDiffJson` prints it). */
export function buildDiffJson(a: DiffSide, b: DiffSide, result: DiffResult, ignored: readonly IgnoreKind[]): DiffJson {
  const timing = (side: DiffSide): SideTiming | null => (ignored.includes('timing') ? null : side.timing);
  const response = (side: SideResponse | null): DiffJsonResponse | null =>
    side === null ? null : { id: side.view.id, model: side.view.model, status: side.view.status, line: side.view.line };
  return {
    schema: 'respcat.diff/1',
    equal: result.equal,
    a: { file: a.file, responses: a.responses.length, timing: timing(a) },
    b: { file: b.file, responses: b.responses.length, timing: timing(b) },
    ignored,
    counts: result.counts,
    differences: result.differences.map(toJson),
    omitted: result.omitted,
    responses: result.responses.map((pair) => ({ index: pair.index, a: response(pair.a), b: response(pair.b), differences: pair.differences })),
  };
}

function toJson(difference: Difference): DiffJsonDifference {
  const { path, kind, change, a, b, lineA, lineB, hunk, exact, pixels } = difference;
  return {
    path,
    kind,
    change,
    a,
    b,
    lineA,
    lineB,
    ...(hunk !== undefined ? { hunk: { a: hunk.a, b: hunk.b, lines: hunk.lines.map((line) => `${line.op}${line.text}`) } } : {}),
    ...(exact === false ? { exact: false as const } : {}),
    ...(pixels !== undefined ? { pixels: pixels === null ? null : { ...pixels, share: pixels.differing / pixels.total } } : {}),
  };
}

/** The report as JSON text, two-space indented, with characters a terminal would act on written as escapes. */
export function renderDiffJson(report: DiffJson): string {
  return `${escapeJson(JSON.stringify(report, null, 2))}\n`;
}
