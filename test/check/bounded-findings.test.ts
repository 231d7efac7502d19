import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, test } from 'vitest';
import { createDiagnostic, createDiagnosticLog, KEPT_PER_CODE } from '../../src/core/diagnostics.js';
import { createProcessor } from '../../src/families/index.js';
import { BIN, ensureBuilt } from '../support/binary.js';
import { runCli } from '../support/fake-io.js';
import { ROOT } from '../support/samples.js';
import { wholeTextResponse } from './captures.js';

// A file of log lines is not a capture, but check must say so in bounded memory: an input keeps the first
// KEPT_PER_CODE diagnostics of each code and counts the rest, and every report still counts them all.
const work = mkdtempSync(join(tmpdir(), 'respcat-bounded-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GARBAGE = 2500;
/** 2,500 log lines, then a whole response: lines 1–2500 are unrecognized, the events follow. */
function noisyCapture(): string {
  const path = join(work, 'noisy.sse');
  writeFileSync(path, `${'a log line, not an event\n'.repeat(GARBAGE)}${wholeTextResponse()}`);
  return path;
}

describe('createDiagnosticLog', () => {
  test('keeps the first of each code and counts the rest with the lines they span', () => {
    const log = createDiagnosticLog(2);
    const at = (line: number) => ({ line, byte: line * 10 });
    const kept = [1, 2, 3, 4, 5].map((line) => log.add(createDiagnostic('unrecognized-line', `line ${line}`, at(line))));
    expect(kept).toEqual([true, true, false, false, false]);
    expect(log.add(createDiagnostic('invalid-json', 'x', at(6)))).toBe(true);
    expect(log.kept.map((d) => `${d.code}@${d.position.line}`)).toEqual(['unrecognized-line@1', 'unrecognized-line@2', 'invalid-json@6']);
    expect(log.omitted).toEqual([{ code: 'unrecognized-line', severity: 'warning', count: 3, firstLine: 3, lastLine: 5 }]);
  });
});

describe('an input with more findings of one kind than respcat keeps', () => {
  const path = noisyCapture();

  test('the processor keeps the first 1000 and counts the rest; onDiagnostic still sees every one', () => {
    let seen = 0;
    const processor = createProcessor({ onDiagnostic: () => seen++ });
    processor.feed(readFileSync(path));
    processor.end();
    expect(seen).toBe(GARBAGE);
    expect(processor.diagnostics).toHaveLength(KEPT_PER_CODE);
    expect(processor.omittedDiagnostics).toEqual([{ code: 'unrecognized-line', severity: 'warning', count: GARBAGE - KEPT_PER_CODE, firstLine: 1001, lastLine: GARBAGE }]);
    expect(processor.responses[0]?.status).toBe('completed');
  });

  test('check text lists 1000, names the rest, and counts all 2500', async () => {
    const { code, stdout } = await runCli(['check', path]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.includes('[unrecognized-line]'))).toHaveLength(KEPT_PER_CODE);
    expect(lines).toContain(`${path}: 1500 more unrecognized-line warnings (lines 1001–2500) not listed: respcat keeps the first 1000 of each kind`);
    expect(lines).toContain(`${path}: ok (0 errors, 2500 warnings)`);
    expect(lines.at(-1)).toBe('1 file checked, all passed: 0 errors, 2500 warnings');
  });

  test('check --strict fails on them all, in JSON, JUnit and GitHub formats alike', async () => {
    const json = await runCli(['check', path, '--strict', '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { errors: number; warnings: number; files: { errors: number; diagnostics: unknown[]; omitted: unknown[] }[] };
    expect([report.errors, report.warnings, report.files[0]?.errors, report.files[0]?.diagnostics.length]).toEqual([GARBAGE, 0, GARBAGE, KEPT_PER_CODE]);
    expect(report.files[0]?.omitted).toEqual([{ severity: 'warning', code: 'unrecognized-line', count: 1500, firstLine: 1001, lastLine: GARBAGE }]);

    const junit = await runCli(['check', path, '--strict', '--format', 'junit']);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(junit.stdout) as { testsuites: { testsuite: { testcase: { '@_name': string; failure?: { '@_message': string; '#text': string } }[] } } };
    const testcase = xml.testsuites.testsuite.testcase.find((t) => t['@_name'] === 'unrecognized-line');
    expect(testcase?.failure?.['@_message']).toMatch(/^line 1: warning: .* \(and 2499 more\)$/);
    expect(testcase?.failure?.['#text']).toContain('1500 more unrecognized-line warnings (lines 1001–2500) not listed');

    const github = await runCli(['check', path, '--strict', '--format', 'github']);
    const annotations = github.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(annotations).toHaveLength(11);
    expect(annotations[10]).toContain('2490 more unrecognized-line findings in this file (lines 11–2500) not shown; respcat check');
    expect(annotations[10]).toContain('lists the first 1000 of each kind');
    expect(github.stdout.trimEnd().split('\n').at(-1)).toBe('respcat check: 1 file checked, 1 failed: 2500 errors, 0 warnings (--strict: warnings count as errors)');
  });

  test('inspect counts them all and says how many its JSON lists', async () => {
    const text = await runCli(['inspect', path]);
    expect(text.stdout).toMatch(/diagnostics\s+2500\n/);
    expect(text.stdout).toContain('… 2490 more unrecognized-line (--json lists the first 1000)');
    const json = await runCli(['inspect', path, '--json']);
    const report = JSON.parse(json.stdout) as { diagnostics: unknown[]; omittedDiagnostics: unknown[] };
    expect(report.diagnostics).toHaveLength(KEPT_PER_CODE);
    expect(report.omittedDiagnostics).toEqual([{ severity: 'warning', code: 'unrecognized-line', count: 1500, firstLine: 1001, lastLine: GARBAGE }]);
  });

  test('replay shows five, then how many more', async () => {
    const { code, stdout, stderr } = await runCli(['replay', path, '--no-images']);
    expect(code).toBe(0);
    expect(stdout).toBe('Hello, world.\n');
    expect(stderr.split('\n').filter((line) => line.includes('[unrecognized-line]'))).toHaveLength(5);
    expect(stderr).toContain(`respcat: ${path}: 2495 more unrecognized-line not shown`);
  });
});

describe('memory stays bounded on a large file of log lines', () => {
  test('check of 600,000 garbage lines (30 MB) peaks far below what keeping them would take', () => {
    ensureBuilt();
    const path = join(work, 'garbage.log');
    writeFileSync(path, 'a log line that is not an event, repeated many times over\n'.repeat(600_000));
    const rss = join(work, 'rss.txt');
    const hook = join(ROOT, 'bench', 'rss-hook.mjs');
    const result = spawnSync(process.execPath, ['--import', hook, BIN, 'check', path], { env: { ...process.env, NO_COLOR: '1', RESPCAT_BENCH_RSS: rss }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('1 file checked, 1 failed: 1 error, 600000 warnings');
    // Keeping every finding took ~1.2 GB here; bounded, it is node plus the file's chunks in flight.
    expect(Number(readFileSync(rss, 'utf8')) / 1024).toBeLessThan(200);
  });
});
