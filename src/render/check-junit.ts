import { DIAGNOSTIC_CODES, GOLDEN_MISMATCH, positionWords, type Diagnostic, type DiagnosticCode } from '../core/diagnostics.js';
import type { CheckShard } from './check-json.js';
import { describeOmitted, isFailing, type CheckFileResult, type CheckGate } from './check-findings.js';

// XML 1.0 §2.2: C0 controls other than TAB, LF and CR, lone surrogates, U+FFFE and U+FFFF may not appear at all.
const XML_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Parsers turn a literal CR into LF, and TAB or LF inside an attribute into a space: references keep them.
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/**
 * Text made safe for XML: characters XML 1.0 forbids dropped, `& < > " '` and CR escaped, and in an
 * attribute value TAB and LF too (element content keeps its line breaks readable).
 */
export function escapeXml(text: string, inAttribute = false): string {
  const special = inAttribute ? /[&<>"'\r\n\t]/g : /[&<>"'\r]/g;
  return text.replace(XML_FORBIDDEN, '').replace(special, (c) => XML_ENTITIES[c] ?? c);
}

/**
 * JUnit XML: one `<testsuite>` per file, one `<testcase>` per rule code in the order of docs/spec.md §5. A rule fails
 * (`<failure>` listing its findings with their lines) when it has findings that fail the check
 * (errors, or warnings under `--strict`); otherwise it passes, and any findings it has that do not
 * fail (warnings, info) are listed in its `<system-out>`. Every rule runs on every input read; of an input
not a byte of which could be read, every rule is skipped (beside its errored `read` testcase), never passed;
a rule set to off for a file is skipped (`<skipped message="off"/>`) there.
 */
export function renderCheckJunit(results: readonly CheckFileResult[], gate: CheckGate, shard?: CheckShard): string {
  const codes: readonly DiagnosticCode[] = gate.golden !== undefined ? [...DIAGNOSTIC_CODES, GOLDEN_MISMATCH] : DIAGNOSTIC_CODES;
  const suites: string[] = [];
  let failures = 0;
  let errors = 0;
  let tests = 0;
  let skipped = 0;
  for (const result of results) {
    const byCode = groupByCode(result.diagnostics);
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const code of codes) {
      const findings = byCode.get(code) ?? [];
      const failing = findings.filter((d) => isFailing(d, gate));
      if (failing.length > 0) suiteFailures++;
      const omitted = result.omitted?.find((group) => group.code === code);
      const skip = result.unread === true ? 'not read' : result.off?.includes(code) === true ? 'off' : null;
      if (skip !== null) suiteSkipped++;
      cases.push(
        skip !== null
          ? `    <testcase ${attributes({ classname: result.file, name: code, file: result.file })}>\n      <skipped message="${skip}"/>\n    </testcase>`
          : renderTestcase(result.file, code, findings, failing, omitted?.count ?? 0, omitted !== undefined ? describeOmitted(omitted) : null),
      );
    }
    // An input that could not be read is an errored testcase of its own: the rules did not see all of it.
    const suiteErrors = result.readError !== undefined ? 1 : 0;
    if (result.readError !== undefined) {
      const message = escapeXml(`cannot be read: ${result.readError}`);
      cases.unshift(`    <testcase ${attributes({ classname: result.file, name: 'read', file: result.file })}>\n      <error message="${message}">${message}</error>\n    </testcase>`);
    }
    failures += suiteFailures;
    errors += suiteErrors;
    tests += cases.length;
    skipped += suiteSkipped;
    suites.push(
      `  <testsuite ${attributes({ name: result.file, tests: cases.length, failures: suiteFailures, errors: suiteErrors, skipped: suiteSkipped })}>\n` +
        `${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const name = shard === undefined ? 'respcat check' : `respcat check (shard ${shard.index}/${shard.total})`;
  const root = attributes({ name, tests, failures, errors, skipped });
  const body = suites.length > 0 ? `\n${suites.join('\n')}\n` : '\n';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${root}>${body}</testsuites>\n`;
}

function renderTestcase(
  file: string,
  code: DiagnosticCode,
  findings: readonly Diagnostic[],
  failing: readonly Diagnostic[],
  omittedCount: number,
  omittedNote: string | null,
): string {
  const first = findings[0];
  const open = `    <testcase ${attributes({ classname: file, name: code, file, ...(first !== undefined && first.position.line > 0 ? { line: first.position.line } : {}) })}`;
  if (first === undefined) return `${open}/>`;
  const list = escapeXml([...findings.map(describeFinding), ...(omittedNote !== null ? [omittedNote] : [])].join('\n'));
  if (failing.length > 0) {
    const others = findings.length - 1 + omittedCount;
    const more = others > 0 ? ` (and ${others} more)` : '';
    const failure = `<failure ${attributes({ type: code, message: `${describeFinding(first)}${more}` })}>${list}</failure>`;
    return `${open}>\n      ${failure}\n    </testcase>`;
  }
  return `${open}>\n      <system-out>${list}</system-out>\n    </testcase>`;
}

function describeFinding(diagnostic: Diagnostic): string {
  return `${positionWords(diagnostic.position)}: ${diagnostic.severity}: ${diagnostic.message}`;
}

function groupByCode(diagnostics: readonly Diagnostic[]): Map<DiagnosticCode, Diagnostic[]> {
  const groups = new Map<DiagnosticCode, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const group = groups.get(diagnostic.code);
    if (group === undefined) groups.set(diagnostic.code, [diagnostic]);
    else group.push(diagnostic);
  }
  return groups;
}

function attributes(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escapeXml(String(value), true)}"`)
    .join(' ');
}
