import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../support/binary.js';
import { ROOT } from '../support/samples.js';

beforeAll(ensureBuilt);
const work = mkdtempSync(join(tmpdir(), 'respcat-unsupported-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Another provider's stream (Cohere v2 chat): no event of it belongs to a family respcat reads. */
const SAMPLE = 'samples/check/unsupported-stream.sse';
const FINDING =
  'Expected events of a stream family respcat reads (Responses API, Chat Completions, Images API, Anthropic Messages, Gemini, AI SDK UI message stream, Ollama, Amazon Bedrock ConverseStream), ' +
  'found 8 events of types "message-start", "content-start", "content-delta", "content-end", … [unsupported-stream]';

describe('a capture of no family respcat reads never passes (the built binary)', () => {
  test('check: exit 1, the finding at the first event, also quiet', () => {
    const result = runBin(['check', '-q', SAMPLE]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${SAMPLE}:2: error: ${FINDING}\n\n1 file checked, 1 failed: 1 error, 0 warnings, 8 info\n`);
    expect(result.stderr).toBe('');
  });

  test('check --format json counts it as the one error', () => {
    const result = runBin(['check', '--format', 'json', SAMPLE]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { errors: number; files: { diagnostics: { code: string; line: number }[] }[] };
    expect(report.errors).toBe(1);
    expect(report.files[0]?.diagnostics.filter((d) => d.code !== 'unknown-event')).toEqual([expect.objectContaining({ code: 'unsupported-stream', line: 2 })]);
  });

  test('replay: exit 1, nothing on stdout, the one line on stderr, no image folder', () => {
    const out = join(work, 'replay');
    const result = runBin(['replay', SAMPLE, '--out-dir', out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${SAMPLE}:2: error: ${FINDING}\n`);
    expect(() => readdirSync(out)).toThrow();
  });

  test('replay from stdin says the same of <stdin>', () => {
    const result = runBin(['replay', '--no-images'], { input: readFileSync(join(ROOT, SAMPLE)) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`<stdin>:2: error: ${FINDING}\n`);
  });

  test('inspect: exit 1, and the report says 0 responses instead of leaving the section out', () => {
    const result = runBin(['inspect', SAMPLE]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('    1  message-end\n  0 responses\n  diagnostics  9\n');
    expect(result.stdout).toContain(`    line 2: error: ${FINDING}\n`);
    const json = runBin(['inspect', '--json', SAMPLE]);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { responses: unknown[] }).responses).toEqual([]);
    // An empty input is still empty-stream alone, with no "0 responses".
    const empty = runBin(['inspect', 'samples/check/empty-stream.sse']);
    expect(empty.stdout).not.toContain('0 responses');
    expect(empty.stdout).not.toContain('unsupported-stream');
  });
});
