/** How serious a finding is; `check` fails on errors (and on warnings with `--strict`). */
export type Severity = 'error' | 'warning' | 'info';

/** Every diagnostic code respcat reports (docs/spec.md §5). */
export type DiagnosticCode =
  // Only `check --golden` reports it: an input that differs from its golden capture.
  | 'golden-mismatch'
  | 'empty-stream'
  | 'invalid-json'
  | 'invalid-utf8'
  | 'unrecognized-line'
  | 'event-too-large'
  | 'invalid-frame'
  | 'nesting-too-deep'
  | 'missing-type'
  | 'unknown-event'
  | 'unsupported-stream'
  | 'http-error'
  | 'sequence-gap'
  | 'sequence-order'
  | 'response-id-changed'
  | 'content-index-changed'
  | 'output-index-changed'
  | 'missing-terminal-event'
  | 'response-failed'
  | 'response-incomplete'
  | 'error-event'
  | 'text-mismatch'
  | 'invalid-tool-input'
  | 'output-mismatch'
  | 'invalid-image'
  | 'image-format-mismatch'
  | 'image-size-mismatch'
  | 'missing-final-image'
  | 'secret-in-capture'
  | 'slow-stream';

/** The severity each code carries (docs/spec.md §5). */
export const SEVERITY: Readonly<Record<DiagnosticCode, Severity>> = {
  'golden-mismatch': 'error',
  'empty-stream': 'error',
  'invalid-json': 'error',
  'invalid-utf8': 'error',
  'unrecognized-line': 'warning',
  'event-too-large': 'error',
  'invalid-frame': 'error',
  'nesting-too-deep': 'error',
  'missing-type': 'error',
  'unknown-event': 'info',
  'unsupported-stream': 'error',
  'http-error': 'error',
  'sequence-gap': 'error',
  'sequence-order': 'error',
  'response-id-changed': 'info',
  'content-index-changed': 'info',
  'output-index-changed': 'info',
  'missing-terminal-event': 'error',
  'response-failed': 'error',
  'response-incomplete': 'error',
  'error-event': 'error',
  'text-mismatch': 'error',
  'invalid-tool-input': 'error',
  'output-mismatch': 'warning',
  'invalid-image': 'error',
  'image-format-mismatch': 'warning',
  'image-size-mismatch': 'warning',
  'missing-final-image': 'error',
  'secret-in-capture': 'error',
  'slow-stream': 'warning',
};

/** The code of `check --golden`'s comparison, which runs only when asked for. */
export const GOLDEN_MISMATCH = 'golden-mismatch' satisfies DiagnosticCode;

/**
 * The codes of the rules every check runs, in the order of docs/spec.md §5 (reports list rules in this order);
 * `golden-mismatch` follows them in a report only when `check --golden` ran.
 */
export const DIAGNOSTIC_CODES: readonly DiagnosticCode[] = (Object.keys(SEVERITY) as DiagnosticCode[]).filter((code) => code !== GOLDEN_MISMATCH);

/** Codes that make `replay` and `inspect` exit 1 (docs/spec.md §6): the stream itself is broken or unfinished. */
export const STREAM_FAILURE_CODES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'empty-stream',
  'invalid-json',
  'invalid-utf8',
  'event-too-large',
  'invalid-frame',
  'nesting-too-deep',
  'missing-type',
  'unsupported-stream',
  'http-error',
  'missing-terminal-event',
  'response-failed',
  'response-incomplete',
  'error-event',
]);

/**
 * Where something sits in the input: 1-based line and 0-based byte offset of that line's start. A binary input
 * (an AWS event stream) has no lines: its positions have line 0 and the byte offset of their message.
 */
export interface Position {
  readonly line: number;
  readonly byte: number;
}

/** A finding about the stream: data, never an exception. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly position: Position;
}

/** How reports name a position: `12` (a line), or `byte 1234` in a binary input (line 0). */
export function positionLabel(position: Position): string {
  return position.line === 0 ? `byte ${position.byte}` : String(position.line);
}

/** A position in words: `line 12`, or `byte 1234` in a binary input. */
export function positionWords(position: Position): string {
  return position.line === 0 ? `byte ${position.byte}` : `line ${position.line}`;
}

/** A position's fields in JSON reports: `line`, and `byte` as well in a binary input (where `line` is 0). */
export function positionFields(position: Position): { readonly line: number; readonly byte?: number } {
  return position.line === 0 ? { line: 0, byte: position.byte } : { line: position.line };
}

/** Builds a diagnostic with the severity its code carries. */
export function createDiagnostic(code: DiagnosticCode, message: string, position: Position): Diagnostic {
  return { code, severity: SEVERITY[code], message, position };
}

/** Quotes a value for a message, cut to about 40 characters so a multi-MB line never floods a report. */
export function quote(value: string, max = 40): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut);
}

/**
 * Diagnostics of one code an input keeps; the rest are only counted. A gigabyte of lines that are no
 * capture at all must not take gigabytes: memory stays bounded by the largest event, not by the input.
 */
export const KEPT_PER_CODE = 1000;

/** Diagnostics of one code beyond those kept: how many there were. Reports print it as it is, in this key order. */
export interface OmittedDiagnostics {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  /** How many were found and not kept. */
  count: number;
  /** The line of the first one not kept. */
  readonly firstLine: number;
  /** The line of the last one not kept. */
  lastLine: number;
}

/** Diagnostics as found, the first {@link KEPT_PER_CODE} of each code kept and the rest counted. */
export interface DiagnosticLog {
  /** Keeps or counts a diagnostic; true when kept. */
  add(diagnostic: Diagnostic): boolean;
  readonly kept: readonly Diagnostic[];
  /** Per code, what was counted and not kept (in the order codes first overflowed). */
  readonly omitted: readonly OmittedDiagnostics[];
}

/** Creates an empty log keeping at most `limit` diagnostics of each code. */
export function createDiagnosticLog(limit: number = KEPT_PER_CODE): DiagnosticLog {
  const kept: Diagnostic[] = [];
  const keptPerCode = new Map<DiagnosticCode, number>();
  const omitted = new Map<DiagnosticCode, OmittedDiagnostics>();
  const omittedList: OmittedDiagnostics[] = [];
  return {
    add(diagnostic) {
      const count = keptPerCode.get(diagnostic.code) ?? 0;
      if (count < limit) {
        keptPerCode.set(diagnostic.code, count + 1);
        kept.push(diagnostic);
        return true;
      }
      const line = diagnostic.position.line;
      const entry = omitted.get(diagnostic.code);
      if (entry === undefined) {
        const created: OmittedDiagnostics = { severity: diagnostic.severity, code: diagnostic.code, count: 1, firstLine: line, lastLine: line };
        omitted.set(diagnostic.code, created);
        omittedList.push(created);
      } else {
        entry.count++;
        entry.lastLine = line;
      }
      return false;
    },
    kept,
    omitted: omittedList,
  };
}
