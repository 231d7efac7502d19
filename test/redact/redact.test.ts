import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SECRET_MARKERS } from '../../src/core/secrets.js';
import { loadTiming } from '../../src/input/timing.js';
import { rewriteCapture } from '../../src/redact/rewrite.js';
import { ensureBuilt, runBin } from '../support/binary.js';
import { responseEvents, toDataLines } from '../support/captures.js';
import { chunkings } from '../support/chunkings.js';
import { PLANTED } from './planted.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-redact-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HEADER_SECRETS = {
  authorization: `Bearer ${PLANTED['openai-project-key']}`,
  'x-api-key': 'hdr-SECRET-x-api-key',
  'set-cookie': '__cf_bm=SECRET-cookie; path=/',
  'openai-organization': 'org-SECRETorganization',
  'openai-project': 'proj_SECRETproject',
};
const BODY_SECRETS = [PLANTED['openai-api-key'], PLANTED['anthropic-api-key'], PLANTED['aws-access-key-id'], PLANTED['google-api-key'], PLANTED.jwt];

/** A `curl -i` capture with credentials in its headers and keys in a comment, the instructions and the streamed text. */
function plantedCapture(): string {
  const events = responseEvents({ model: 'gpt-4.1-mini', text: ['Your key is ', PLANTED['openai-api-key'], '; keep it.'] });
  const created = events[0] as { response: Record<string, unknown> };
  created.response.instructions = `Use ${PLANTED['anthropic-api-key']} for Claude and ${PLANTED['aws-access-key-id']} for AWS.`;
  const preamble = ['HTTP/2 200', 'content-type: text/event-stream; charset=utf-8', ...Object.entries(HEADER_SECRETS).map(([name, value]) => `${name}: ${value}`), 'x-request-id: req_123', '', ''].join('\r\n');
  return `${preamble}: debug ?key=${PLANTED['google-api-key']} token=${PLANTED.jwt}\n${toDataLines(events)}`;
}
const ALL_SECRETS = [...Object.values(HEADER_SECRETS).map((value) => value.replace(/^Bearer /, '')), ...BODY_SECRETS];

function write(name: string, content: string | Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

function findingsOf(path: string) {
  const report = JSON.parse(runBin(['check', '--format', 'json', path]).stdout) as { files: { diagnostics: { code: string; line: number; severity: string }[] }[] };
  return report.files[0]?.diagnostics.map(({ code, line, severity }) => ({ code, line, severity })) ?? [];
}

describe('respcat redact FILE -o OUT', () => {
  test('no planted credential or key survives; lines, replay and check stay the same but for the markers; the report names kinds and lines only', () => {
    const input = write('planted.sse', plantedCapture());
    const output = join(work, 'planted.safe.sse');
    const result = runBin(['redact', input, '-o', output]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const redacted = readFileSync(output, 'latin1');
    for (const secret of ALL_SECRETS) {
      expect(redacted).not.toContain(secret);
      expect(result.stderr).not.toContain(secret);
    }
    const original = readFileSync(input, 'latin1');
    expect(redacted.split('\n')).toHaveLength(original.split('\n').length);
    expect(redacted).toContain('authorization: [redacted]\r\n');
    expect(redacted).toContain('openai-project: [redacted]\r\n');
    expect(redacted).toContain('x-request-id: req_123\r\n');
    expect(result.stderr).toContain(`${input}:3: replaced the value of authorization\n`);
    expect(result.stderr).toContain(`${input}:5: replaced the value of set-cookie\n`);
    expect(result.stderr).toContain(`${input}:10: replaced a Google API key (AIza…) [google-api-key]\n`);
    expect(result.stderr).toContain(`${input}:10: replaced a JSON Web Token (eyJ…) [jwt]\n`);
    expect(result.stderr).toContain(`${input}:11: replaced an Anthropic API key (sk-ant-…) [anthropic-api-key]\n`);
    expect(result.stderr).toContain(`${input}:11: replaced an AWS access key id (AKIA…) [aws-access-key-id]\n`);
    expect(result.stderr).toMatch(new RegExp(`respcat: ${input} → ${output}: 13 secrets replaced\\n$`));

    // replay prints the same text, the key replaced by its marker.
    const before = runBin(['replay', '--no-images', input]);
    const after = runBin(['replay', '--no-images', output]);
    expect(after.code).toBe(before.code);
    expect(after.stdout).toBe(before.stdout.replace(PLANTED['openai-api-key'], SECRET_MARKERS['openai-api-key']));
    // check: the same findings, less the secrets (the original fails on them).
    const originalFindings = findingsOf(input);
    expect(originalFindings.filter((f) => f.code === 'secret-in-capture').length).toBeGreaterThan(0);
    expect(findingsOf(output)).toEqual(originalFindings.filter((f) => f.code !== 'secret-in-capture'));
    expect(runBin(['check', output]).code).toBe(0);
  });

  test('redacting twice changes nothing more', () => {
    const once = join(work, 'once.sse');
    const twice = join(work, 'twice.sse');
    runBin(['redact', write('again.sse', plantedCapture()), '-o', once]);
    const result = runBin(['redact', once, '-o', twice]);
    expect(result.code).toBe(0);
    expect(readFileSync(twice).equals(readFileSync(once))).toBe(true);
    expect(result.stderr).toMatch(/: no secret found\n$/);
  });

  test('JSON members named like credential headers (a logged request) are replaced too', () => {
    const input = write('logged.request.json', `${JSON.stringify({ method: 'POST', headers: { Authorization: 'Basic dXNlcjpTRUNSRVQ=', cookie: 'sid=SECRET-sid', accept: '*/*' } }, null, 2)}\n`);
    const result = runBin(['redact', input]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ method: 'POST', headers: { Authorization: '[redacted]', cookie: '[redacted]', accept: '*/*' } });
    expect(result.stderr).toContain(`${input}:4: replaced the value of authorization\n`);
  });
});

describe('framing kept: gzip, stdin, sidecars, in place', () => {
  test('a gzip capture comes out gzip, redacted', () => {
    const input = write('planted.sse.gz', gzipSync(plantedCapture()));
    const output = join(work, 'planted.safe.sse.gz');
    expect(runBin(['redact', input, '-o', output]).code).toBe(0);
    const bytes = readFileSync(output);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const text = gunzipSync(bytes).toString('latin1');
    for (const secret of ALL_SECRETS) expect(text).not.toContain(secret);
    expect(findingsOf(output)).toEqual(findingsOf(input).filter((f) => f.code !== 'secret-in-capture'));
  });

  test('stdin to stdout', () => {
    const result = runBin(['redact', '-'], { input: plantedCapture() });
    expect(result.code).toBe(0);
    for (const secret of ALL_SECRETS) expect(result.stdout).not.toContain(secret);
    expect(result.stderr).toMatch(/respcat: <stdin>: 13 secrets replaced\n$/);
  });

  test('--in-place rewrites FILE and its sidecar (the same times, chunk sizes that add up); a clean file is left untouched', async () => {
    const content = plantedCapture();
    const input = write('inplace.sse', content);
    const cuts = [0, 200, 700, content.length];
    write('inplace.sse.timing', cuts.slice(1).map((end, i) => `{"t":${i * 100},"n":${end - (cuts[i] as number)}}\n`).join(''));
    const result = runBin(['redact', '--in-place', input]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/inplace\.sse: 13 secrets replaced \(inplace\.sse\.timing rewritten to match\)\n$/);
    const timing = await loadTiming(input);
    expect(timing).toMatchObject({ ok: true });
    if (timing?.ok !== true) return;
    expect(timing.entries.map((entry) => entry.t)).toEqual([0, 100, 200]);
    expect(timing.entries.reduce((sum, entry) => sum + entry.n, 0)).toBe(statSync(input).size);
    for (const secret of ALL_SECRETS) expect(readFileSync(input, 'latin1')).not.toContain(secret);

    const clean = write('clean.sse', toDataLines(responseEvents({ text: ['nothing secret'] })));
    const mtime = statSync(clean).mtimeMs;
    const untouched = runBin(['redact', '--in-place', clean]);
    expect(untouched.stderr).toMatch(/clean\.sse: no secret found; left as it was\n$/);
    expect(statSync(clean).mtimeMs).toBe(mtime);
  });

  test('the same output however the input is split (CRLF, lone CR and long lines included)', async () => {
    const bytes = Buffer.from(`${plantedCapture()}data: {"type":"keepalive"}\r${'x'.repeat(5000)}\r\n`, 'latin1');
    const rewrite = async (chunks: readonly Uint8Array[]): Promise<Buffer> => {
      const parts: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          parts.push(chunk);
          done();
        },
      });
      await rewriteCapture(
        (async function* () {
          yield* chunks;
        })(),
        sink,
        { packing: { kind: 'plain' }, shrinkImages: false },
      );
      return Buffer.concat(parts);
    };
    const whole = await rewrite([bytes]);
    for (const secret of ALL_SECRETS) expect(whole.toString('latin1')).not.toContain(secret);
    for (const { name, chunks } of chunkings(bytes, { random: 30 })) expect((await rewrite(chunks)).equals(whole), name).toBe(true);
  });
});

describe('usage and failures', () => {
  test.each([
    [['redact', 'a.sse', '-o', 'x', '--in-place'], '-o and --in-place exclude each other'],
    [['redact', 'a.sse', 'b.sse'], 'several FILEs need -o DIR or --in-place'],
    [['redact', '--in-place', '-'], '--in-place rewrites FILEs; stdin has no file to rewrite'],
  ])('%j: exit 2, one line', (args, message) => {
    const result = runBin(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`respcat: ${message}\n`);
  });

  test('a missing FILE: exit 3, named; the other FILEs are still rewritten', () => {
    const good = write('good.sse', plantedCapture());
    const out = join(work, 'out-dir');
    const result = runBin(['redact', join(work, 'no-such.sse'), good, '-o', out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`respcat: ${join(work, 'no-such.sse')}: no such file\n`);
    expect(readFileSync(join(out, 'good.sse'), 'latin1')).not.toContain(PLANTED['openai-api-key']);
  });
});
