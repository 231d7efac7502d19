import { Chalk } from 'chalk';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { createDiagnostic, DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from '../../src/core/diagnostics.js';
import { countFindings, isFailing, sortFindings, type CheckFileResult } from '../../src/render/check-findings.js';
import { ANNOTATIONS_PER_RULE, escapeGithubData, escapeGithubProperty, renderCheckGithub } from '../../src/render/check-github.js';
import { renderCheckJson } from '../../src/render/check-json.js';
import { escapeXml, renderCheckJunit } from '../../src/render/check-junit.js';
import { renderCheckText } from '../../src/render/check-text.js';

const d = (code: DiagnosticCode, line: number, message = `${code} at ${line}`): Diagnostic => createDiagnostic(code, message, { line, byte: 0 });
const plain = new Chalk({ level: 0 });
const lenient = { strict: false };
const strict = { strict: true };

/** One file with an error, a warning and an info finding; one clean file. */
const MIXED: CheckFileResult[] = [
  { file: 'a.sse', diagnostics: [d('sequence-gap', 3), d('output-mismatch', 5), d('unknown-event', 7)] },
  { file: 'b.sse', diagnostics: [] },
];

/** A workflow command GitHub accepts: level, file, line and title properties (escaped), then the escaped message. */
const WORKFLOW_COMMAND = /^::(error|warning|notice) file=[^,:\r\n]*,line=[1-9]\d*,title=[^,:\r\n]*::[^\r\n]*$/;

describe('counting: what fails the check', () => {
  test('errors fail; warnings fail only with --strict; info never', () => {
    expect([d('sequence-gap', 1), d('output-mismatch', 1), d('unknown-event', 1)].map((x) => [isFailing(x, lenient), isFailing(x, strict)])).toEqual([
      [true, true],
      [false, true],
      [false, false],
    ]);
  });

  test('under --strict warnings are counted among the errors', () => {
    const diagnostics = MIXED[0]?.diagnostics ?? [];
    expect(countFindings(diagnostics, lenient)).toEqual({ errors: 1, warnings: 1, infos: 1 });
    expect(countFindings(diagnostics, strict)).toEqual({ errors: 2, warnings: 0, infos: 1 });
  });

  test('findings are ordered by line, then code in the order of docs/spec.md §5, then message, whatever order they came in', () => {
    const found = [d('image-size-mismatch', 6, 'b'), d('invalid-image', 6), d('image-size-mismatch', 6, 'a'), d('sequence-gap', 2), d('missing-terminal-event', 9)];
    const expected = ['2 sequence-gap', '6 invalid-image', '6 image-size-mismatch a', '6 image-size-mismatch b', '9 missing-terminal-event'];
    const show = (list: readonly Diagnostic[]) => list.map((x) => `${x.position.line} ${x.code}${x.message.length === 1 ? ` ${x.message}` : ''}`);
    expect(show(sortFindings(found))).toEqual(expected);
    expect(show(sortFindings([...found].reverse()))).toEqual(expected);
  });
});

describe('text report', () => {
  test('groups findings per file as file:line: severity: message [code], with a verdict per file and a totals line', () => {
    expect(renderCheckText(MIXED, { strict: false, quiet: false, style: plain })).toBe(
      [
        'a.sse:3: error: sequence-gap at 3 [sequence-gap]',
        'a.sse:5: warning: output-mismatch at 5 [output-mismatch]',
        'a.sse:7: info: unknown-event at 7 [unknown-event]',
        'a.sse: failed (1 error, 1 warning, 1 info)',
        '',
        'b.sse: ok',
        '',
        '2 files checked, 1 failed: 1 error, 1 warning, 1 info',
        '',
      ].join('\n'),
    );
  });

  test('--strict: the totals say warnings counted as errors', () => {
    const text = renderCheckText([{ file: 'w.sse', diagnostics: [d('output-mismatch', 5)] }], { strict: true, quiet: false, style: plain });
    expect(text).toContain('w.sse: failed (1 error, 0 warnings)');
    expect(text).toMatch(/1 file checked, 1 failed: 1 error, 0 warnings \(--strict: warnings count as errors\)\n$/);
  });

  test('a file with only warnings passes', () => {
    const text = renderCheckText([{ file: 'w.sse', diagnostics: [d('output-mismatch', 5)] }], { strict: false, quiet: false, style: plain });
    expect(text).toContain('w.sse: ok (0 errors, 1 warning)');
    expect(text).toMatch(/1 file checked, all passed: 0 errors, 1 warning\n$/);
  });

  test('--quiet: only failing findings and the totals line', () => {
    expect(renderCheckText(MIXED, { strict: false, quiet: true, style: plain })).toBe(
      'a.sse:3: error: sequence-gap at 3 [sequence-gap]\n\n2 files checked, 1 failed: 1 error, 1 warning, 1 info\n',
    );
    expect(renderCheckText([MIXED[1] as CheckFileResult], { strict: false, quiet: true, style: plain })).toBe('1 file checked, all passed: 0 errors, 0 warnings\n');
  });

  test('colour only through the chalk instance given', () => {
    const colored = renderCheckText(MIXED, { strict: false, quiet: false, style: new Chalk({ level: 1 }) });
    expect(colored).toContain('\u001b[31merror\u001b[39m');
    expect(colored).toContain('\u001b[32mok\u001b[39m');
    expect(renderCheckText(MIXED, { strict: false, quiet: false, style: plain })).not.toContain('\u001b');
  });

  test('control characters from the stream or a file name are shown escaped', () => {
    const text = renderCheckText([{ file: 'evil\u001b]0;x\u0007.sse', diagnostics: [d('invalid-json', 1, 'found "\u009b31m\u202e"')] }], {
      strict: false,
      quiet: false,
      style: plain,
    });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain('evil\\x1b]0;x\\x07.sse:1: error: found "\\x9b31m\\u202e" [invalid-json]');
  });

  test('no input at all still gets a totals line', () => {
    expect(renderCheckText([], { strict: false, quiet: false, style: plain })).toBe('0 files checked, all passed: 0 errors, 0 warnings\n');
  });
});

describe('json report', () => {
  test('has exactly the respcat.check/1 shape', () => {
    expect(JSON.parse(renderCheckJson(MIXED, lenient))).toEqual({
      schema: 'respcat.check/1',
      files: [
        {
          file: 'a.sse',
          errors: 1,
          warnings: 1,
          diagnostics: [
            { severity: 'error', code: 'sequence-gap', message: 'sequence-gap at 3', line: 3 },
            { severity: 'warning', code: 'output-mismatch', message: 'output-mismatch at 5', line: 5 },
            { severity: 'info', code: 'unknown-event', message: 'unknown-event at 7', line: 7 },
          ],
        },
        { file: 'b.sse', errors: 0, warnings: 0, diagnostics: [] },
      ],
      errors: 1,
      warnings: 1,
    });
  });

  test('--strict counts warnings in errors; each diagnostic keeps its own severity', () => {
    const report = JSON.parse(renderCheckJson(MIXED, strict)) as { files: { errors: number; warnings: number; diagnostics: { severity: string }[] }[]; errors: number; warnings: number };
    expect([report.errors, report.warnings, report.files[0]?.errors, report.files[0]?.warnings]).toEqual([2, 0, 2, 0]);
    expect(report.files[0]?.diagnostics.map((x) => x.severity)).toEqual(['error', 'warning', 'info']);
  });
});

type Testcase = { '@_name': string; '@_classname': string; '@_line'?: string; failure?: { '@_message': string; '@_type': string; '#text': string }; 'system-out'?: string };
type Testsuite = { '@_name': string; '@_tests': string; '@_failures': string; testcase: Testcase[] };
type Junit = { testsuites: { '@_tests': string; '@_failures': string; testsuite?: Testsuite[] } };

/** Parses JUnit XML back, after checking it is well-formed. */
function parseJunit(xml: string): Junit {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    htmlEntities: true,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as Junit;
}

describe('junit report', () => {
  test('parses as XML: one testsuite per file, one testcase per rule in the order of docs/spec.md §5', () => {
    const junit = parseJunit(renderCheckJunit(MIXED, lenient));
    const suites = junit.testsuites.testsuite ?? [];
    expect(suites.map((s) => s['@_name'])).toEqual(['a.sse', 'b.sse']);
    for (const suite of suites) {
      expect(suite.testcase.map((c) => c['@_name'])).toEqual([...DIAGNOSTIC_CODES]);
      expect(suite['@_tests']).toBe(String(DIAGNOSTIC_CODES.length));
      expect(suite.testcase.every((c) => c['@_classname'] === suite['@_name'])).toBe(true);
    }
    expect(junit.testsuites['@_tests']).toBe(String(2 * DIAGNOSTIC_CODES.length));
    expect(junit.testsuites['@_failures']).toBe('1');
  });

  test('a rule with error findings fails, listing them with their lines; warnings and info pass with a note', () => {
    const result: CheckFileResult = { file: 'a.sse', diagnostics: [d('sequence-gap', 3), d('sequence-gap', 9), d('output-mismatch', 5), d('unknown-event', 7)] };
    const [suite] = parseJunit(renderCheckJunit([result], lenient)).testsuites.testsuite ?? [];
    const byName = new Map(suite?.testcase.map((c) => [c['@_name'], c]));
    expect(suite?.['@_failures']).toBe('1');
    expect(byName.get('sequence-gap')?.failure).toEqual({
      '@_type': 'sequence-gap',
      '@_message': 'line 3: error: sequence-gap at 3 (and 1 more)',
      '#text': 'line 3: error: sequence-gap at 3\nline 9: error: sequence-gap at 9',
    });
    expect(byName.get('sequence-gap')?.['@_line']).toBe('3');
    expect(byName.get('output-mismatch')?.failure).toBeUndefined();
    expect(byName.get('output-mismatch')?.['system-out']).toBe('line 5: warning: output-mismatch at 5');
    expect(byName.get('unknown-event')?.['system-out']).toBe('line 7: info: unknown-event at 7');
    expect(byName.get('empty-stream')).toEqual({ '@_name': 'empty-stream', '@_classname': 'a.sse', '@_file': 'a.sse' });
  });

  test('--strict: a rule with warnings fails', () => {
    const [suite] = parseJunit(renderCheckJunit(MIXED, strict)).testsuites.testsuite ?? [];
    expect(suite?.['@_failures']).toBe('2');
    expect(suite?.testcase.find((c) => c['@_name'] === 'output-mismatch')?.failure?.['@_type']).toBe('output-mismatch');
    expect(suite?.testcase.find((c) => c['@_name'] === 'unknown-event')?.failure).toBeUndefined();
  });

  test('markup is escaped and characters XML forbids are dropped, in names and messages alike', () => {
    const nasty = `a & b <c> "d" 'e' \u0000\u0001\u0008\u000b\u000c\u001b\u001f \ud800 x\udc00 \ufffe\uffff 😀 tab\tcr\rlf\n end`;
    const kept = `a & b <c> "d" 'e'   x  😀 tab\tcr\rlf\n end`;
    const xml = renderCheckJunit([{ file: `dir/${nasty}.sse`, diagnostics: [d('invalid-json', 4, nasty)] }], lenient);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    const [suite] = parseJunit(xml).testsuites.testsuite ?? [];
    expect(suite?.['@_name']).toBe(`dir/${kept}.sse`);
    const failure = suite?.testcase.find((c) => c['@_name'] === 'invalid-json')?.failure;
    expect(failure?.['@_message']).toBe(`line 4: error: ${kept}`);
    expect(failure?.['#text']).toBe(`line 4: error: ${kept}`);
  });

  test('escapeXml escapes the five markup characters', () => {
    expect(escapeXml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&apos;');
    expect(escapeXml('a\nb\tc', true)).toBe('a&#10;b&#9;c');
    expect(escapeXml('a\nb\tc')).toBe('a\nb\tc');
  });

  test('no input still gives a valid document', () => {
    const junit = parseJunit(renderCheckJunit([], lenient));
    expect(junit.testsuites['@_tests']).toBe('0');
  });
});

describe('github report', () => {
  test('one workflow command per finding: ::error, ::warning, ::notice, then a plain summary line', () => {
    const out = renderCheckGithub(MIXED, { strict: false, quiet: false });
    expect(out).toBe(
      [
        '::error file=a.sse,line=3,title=sequence-gap::sequence-gap at 3',
        '::warning file=a.sse,line=5,title=output-mismatch::output-mismatch at 5',
        '::notice file=a.sse,line=7,title=unknown-event::unknown-event at 7',
        'respcat check: 2 files checked, 1 failed: 1 error, 1 warning, 1 info',
        '',
      ].join('\n'),
    );
  });

  test('--strict turns warnings into ::error; --quiet drops what does not fail', () => {
    const lines = renderCheckGithub(MIXED, { strict: true, quiet: true }).trimEnd().split('\n');
    expect(lines).toEqual([
      '::error file=a.sse,line=3,title=sequence-gap::sequence-gap at 3',
      '::error file=a.sse,line=5,title=output-mismatch::output-mismatch at 5',
      'respcat check: 2 files checked, 1 failed: 2 errors, 0 warnings, 1 info (--strict: warnings count as errors)',
    ]);
  });

  test('escapes data (%, CR, LF) and properties (also : and ,) as GitHub requires', () => {
    expect(escapeGithubData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeGithubProperty('C:\\dir,x%\n.sse')).toBe('C%3A\\dir%2Cx%25%0A.sse');
    const out = renderCheckGithub([{ file: 'we:ird,name%.sse', diagnostics: [d('invalid-json', 2, 'line one\nline two: 50%, done')] }], { strict: false, quiet: false });
    expect(out.split('\n')[0]).toBe('::error file=we%3Aird%2Cname%25.sse,line=2,title=invalid-json::line one%0Aline two: 50%25, done');
  });

  test('every line is a valid workflow command, whatever the stream put in the messages', () => {
    const nasty = 'a\r\nb %0A c::d, e\u001b[31m \u0000';
    const out = renderCheckGithub([{ file: `x${nasty}.sse`, diagnostics: [d('invalid-json', 1, nasty), d('output-mismatch', 2, nasty)] }], { strict: false, quiet: false });
    const lines = out.trimEnd().split('\n');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(WORKFLOW_COMMAND);
    expect(lines.at(-1)).toMatch(/^respcat check: /);
    expect(out).not.toContain('\u001b');
  });

  test('at most 10 annotations per file and code, then one saying how many more', () => {
    const gaps = Array.from({ length: 25 }, (_, k) => d('sequence-gap', 10 + k));
    const lines = renderCheckGithub([{ file: 'noisy.sse', diagnostics: gaps }], { strict: false, quiet: false }).trimEnd().split('\n');
    expect(lines).toHaveLength(ANNOTATIONS_PER_RULE + 2);
    expect(lines.slice(0, 10).map((l) => /line=(\d+)/.exec(l)?.[1])).toEqual(Array.from({ length: 10 }, (_, k) => String(10 + k)));
    expect(lines[10]).toBe(
      '::error file=noisy.sse,line=20,title=sequence-gap::15 more sequence-gap findings in this file (lines 20–34) not shown; respcat check noisy.sse lists them all',
    );
    expect(lines[11]).toBe('respcat check: 1 file checked, 1 failed: 25 errors, 0 warnings');
  });

  test('one noisy capture cannot drown the rest: every file and code gets its first annotation before any gets a second', () => {
    const results: CheckFileResult[] = [
      { file: 'noisy.sse', diagnostics: Array.from({ length: 30 }, (_, k) => d('sequence-gap', 1 + k)) },
      { file: 'quiet.sse', diagnostics: [d('response-failed', 40)] },
      { file: 'other.sse', diagnostics: [d('invalid-image', 5), d('text-mismatch', 6)] },
    ];
    const lines = renderCheckGithub(results, { strict: false, quiet: false }).trimEnd().split('\n');
    expect(lines.slice(0, 4).map((l) => /file=([^,]+),line=(\d+),title=([^:]+)/.exec(l)?.slice(1).join(' '))).toEqual([
      'noisy.sse 1 sequence-gap',
      'quiet.sse 40 response-failed',
      'other.sse 5 invalid-image',
      'other.sse 6 text-mismatch',
    ]);
    expect(lines.filter((l) => l.includes('file=noisy.sse'))).toHaveLength(11);
  });
});
