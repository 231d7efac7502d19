import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, DiagnosticCode, OmittedDiagnostics, Severity } from '../core/diagnostics.js';
import { describeFsError } from '../input/fs-errors.js';
import type { CheckFileResult, Suppression } from '../render/check-findings.js';
import { UsageError } from './errors.js';
import { isDiagnosticCode } from './rule-settings.js';

const SEVERITIES: readonly unknown[] = ['error', 'warning', 'info'];

/**
 * The files of the `respcat.check/1` JSON reports in DIR (`*.json`), as one run's results (docs/spec.md §5): shard
 * reports in the order of the unsharded run (each file's `position`), after checking that every shard
 * 1…N of one split is there once; reports without a shard one after another, in file-name order. Anything
 * else (no report, a report that is not respcat's, a shard missing or twice) is a usage error naming it.
 */
export function readCheckReports(dir: string): CheckFileResult[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new UsageError(`--merge-reports ${dir}: ${describeFsError(error, 'read')}`);
  }
  if (names.length === 0) throw new UsageError(`--merge-reports ${dir}: no .json report in this folder`);
  const reports = names.map((name) => readReport(join(dir, name)));
  const sharded = reports.filter((report) => report.shard !== null);
  if (sharded.length === 0) return reports.flatMap((report) => report.files.map((file) => file.result));
  if (sharded.length !== reports.length) throw new UsageError(`--merge-reports ${dir}: some reports are of shards and some are not`);
  const first = sharded[0]?.shard as ShardInfo;
  const seen = new Map<number, string>();
  for (const report of sharded) {
    const shard = report.shard as ShardInfo;
    if (shard.total !== first.total || shard.inputs !== first.inputs) throw new UsageError(`${report.path}: shard ${shard.index}/${shard.total} of ${shard.inputs} inputs is of another split than ${first.index}/${first.total} of ${first.inputs}`);
    const other = seen.get(shard.index);
    if (other !== undefined) throw new UsageError(`${report.path}: shard ${shard.index}/${shard.total} is also ${other}`);
    seen.set(shard.index, report.path);
  }
  const missing = Array.from({ length: first.total }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new UsageError(`--merge-reports ${dir}: shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${first.total}`).join(', ')} missing`);
  const files = sharded.flatMap((report) => report.files).sort((a, b) => a.position - b.position);
  if (files.length !== first.inputs || files.some((file, i) => file.position !== i)) throw new UsageError(`--merge-reports ${dir}: the shards do not hold each of the ${first.inputs} inputs once`);
  return files.map((file) => file.result);
}

interface ShardInfo {
  readonly index: number;
  readonly total: number;
  readonly inputs: number;
}

function readReport(path: string): { path: string; shard: ShardInfo | null; files: { result: CheckFileResult; position: number }[] } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not a respcat.check/1 report: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bad = (what: string): UsageError => new UsageError(`${path}: not a respcat.check/1 report: ${what}`);
  if (!isObject(json) || json.schema !== 'respcat.check/1' || !Array.isArray(json.files)) throw bad('no "schema": "respcat.check/1" and "files"');
  const shard = json.shard === undefined ? null : readShard(json.shard, bad);
  const files = json.files.map((entry: unknown, i) => {
    if (!isObject(entry) || typeof entry.file !== 'string' || !Array.isArray(entry.diagnostics)) throw bad(`files[${i}]`);
    const position = shard === null ? i : entry.position;
    if (typeof position !== 'number') throw bad(`files[${i}]: no "position"`);
    const error = typeof entry.error === 'string' ? entry.error.replace(/^cannot be read: /, '') : undefined;
    const result: CheckFileResult = {
      file: entry.file,
      diagnostics: entry.diagnostics.map((d: unknown, j) => readDiagnostic(d, bad(`files[${i}].diagnostics[${j}]`))),
      ...(Array.isArray(entry.omitted) ? { omitted: entry.omitted.map((o: unknown, j) => readOmitted(o, bad(`files[${i}].omitted[${j}]`))) } : {}),
      ...(error !== undefined ? { readError: error } : {}),
      ...(entry.unread === true ? { unread: true } : {}),
      ...(Array.isArray(entry.off) ? { off: entry.off.filter((code): code is DiagnosticCode => typeof code === 'string' && isDiagnosticCode(code)) } : {}),
      ...(Array.isArray(entry.suppressed) ? { suppressed: entry.suppressed as Suppression[] } : {}),
    };
    return { result, position };
  });
  return { path, shard, files };
}

function readShard(value: unknown, bad: (what: string) => UsageError): ShardInfo {
  if (!isObject(value) || !isCount(value.index) || !isCount(value.total) || !isCount(value.inputs) || value.index < 1 || value.index > value.total) throw bad('"shard"');
  return { index: value.index, total: value.total, inputs: value.inputs };
}

function readDiagnostic(value: unknown, bad: UsageError): Diagnostic {
  if (!isObject(value) || !SEVERITIES.includes(value.severity) || typeof value.code !== 'string' || !isDiagnosticCode(value.code) || typeof value.message !== 'string' || !isCount(value.line)) throw bad;
  return { severity: value.severity as Severity, code: value.code, message: value.message, position: { line: value.line, byte: isCount(value.byte) ? value.byte : 0 } };
}

function readOmitted(value: unknown, bad: UsageError): OmittedDiagnostics {
  if (!isObject(value) || !SEVERITIES.includes(value.severity) || typeof value.code !== 'string' || !isDiagnosticCode(value.code) || !isCount(value.count) || !isCount(value.firstLine) || !isCount(value.lastLine)) throw bad;
  return { severity: value.severity as Severity, code: value.code, count: value.count, firstLine: value.firstLine, lastLine: value.lastLine };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
