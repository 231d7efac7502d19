import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { runCli } from '../support/fake-io.js';
import { ROOT } from '../support/samples.js';
import { checkCapture, ev, jsonLines as eventLines } from '../check/captures.js';
import { chatStream, codes, FAMILIES, imageEvent, jsonLines } from './support.js';

/** Every family sample: exactly the findings `check` reports (`code@line`), and its exit without and with --strict. */
const EXPECTED: Readonly<Record<string, { readonly findings: readonly string[]; readonly exit: number; readonly strictExit: number }>> = {
  'chat-text-tool-call.sse': { findings: [], exit: 0, strictExit: 0 },
  'chat-text-tool-call-cut-off.sse': { findings: ['missing-terminal-event@14'], exit: 1, strictExit: 1 },
  'chat-two-choices.sse': { findings: [], exit: 0, strictExit: 0 },
  'chat-finish-length.jsonl': { findings: ['response-incomplete@4'], exit: 1, strictExit: 1 },
  'chat-done-unfinished.sse': { findings: ['response-incomplete@5'], exit: 1, strictExit: 1 },
  'chat-error-mid-stream.sse': { findings: ['error-event@6'], exit: 1, strictExit: 1 },
  'chat-legacy-function-call.sse': { findings: [], exit: 0, strictExit: 0 },
  'chat-parallel-tool-calls.sse': { findings: [], exit: 0, strictExit: 0 },
  'chat-custom-tool-call.sse': { findings: [], exit: 0, strictExit: 0 },
  'chat-refusal.sse': { findings: [], exit: 0, strictExit: 0 },
  'chat-several-streams.sse': { findings: [], exit: 0, strictExit: 0 },
  'chat-several-streams.jsonl': { findings: [], exit: 0, strictExit: 0 },
  'images-generation.sse': { findings: [], exit: 0, strictExit: 0 },
  'images-cut-off.sse': { findings: ['missing-terminal-event@6'], exit: 1, strictExit: 1 },
  'images-edit-webp.sse': { findings: [], exit: 0, strictExit: 0 },
  'images-declared-mismatch.sse': {
    findings: ['image-format-mismatch@2', 'image-size-mismatch@2', 'image-format-mismatch@5', 'image-size-mismatch@5'],
    exit: 0,
    strictExit: 1,
  },
  'images-two-streams.jsonl': { findings: [], exit: 0, strictExit: 0 },
  'mixed-families.sse': { findings: [], exit: 0, strictExit: 0 },
};

describe('check over every family sample', () => {
  test('every sample in samples/families is in the table', () => {
    const samples = readdirSync(join(ROOT, FAMILIES)).filter((name) => /\.(sse|jsonl)$/.test(name));
    expect(Object.keys(EXPECTED).sort()).toEqual(samples.sort());
  });

  test.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const path = `${FAMILIES}/${name}`;
    const result = await checkInput({ kind: 'file', path: join(ROOT, path) });
    expect(codes(result.diagnostics)).toEqual(expected.findings);
    expect((await runCli(['check', path])).code).toBe(expected.exit);
    expect((await runCli(['check', '--strict', path])).code).toBe(expected.strictExit);
  });
});

describe('each family gets the rules that apply to it; the others are skipped, never failures', () => {
  const c = chatStream('chatcmpl-seq');

  test('a chat stream whose chunks carry a sequence_number with gaps and repeats: no sequence finding', async () => {
    const capture = jsonLines([
      c.chunk([c.choice(0, { content: 'a' })], { sequence_number: 1 }),
      c.chunk([c.choice(0, { content: 'b' })], { sequence_number: 5 }),
      c.chunk([c.choice(0, {}, 'stop')], { sequence_number: 5 }),
    ]);
    expect(codes(await checkCapture(capture))).toEqual([]);
  });

  test('Images API events with a sequence_number that goes back: no sequence finding', async () => {
    const capture = jsonLines([
      imageEvent('image_generation.partial_image', { sequence_number: 3 }),
      imageEvent('image_generation.completed', { sequence_number: 1 }),
    ]);
    expect(codes(await checkCapture(capture))).toEqual([]);
  });

  test('the Responses stream of a mixed capture still gets them: a sequence gap there is found', async () => {
    const capture =
      eventLines([ev.created(undefined, 0), ev.completed([], 2)]) +
      jsonLines([c.chunk([c.choice(0, { content: 'a' }, 'stop')], { sequence_number: 9 }), imageEvent('image_generation.completed', { sequence_number: 0 })]);
    expect(codes(await checkCapture(capture))).toEqual(['sequence-gap@2']);
  });

  test('a chat stream never reports text-mismatch or output-mismatch (it has no .done values or terminal copies)', async () => {
    const capture = jsonLines([c.chunk([c.choice(0, { content: 'Hello' })]), c.chunk([c.choice(0, { content: ' world' }, 'stop')])]);
    const result = await runCli(['check', '--strict', '--format', 'json', '-'], { stdin: capture });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ errors: 0, warnings: 0 });
  });

  test('JUnit: a clean chat file passes every rule (no failure, none reported as skipped or failing)', async () => {
    const { code, stdout } = await runCli(['check', '--format', 'junit', `${FAMILIES}/chat-two-choices.sse`]);
    expect(code).toBe(0);
    expect(stdout).toContain('failures="0"');
    expect(stdout).not.toContain('<failure');
  });

  test('the check text report of a cut-off chat stream names what was expected', async () => {
    const { code, stdout } = await runCli(['check', `${FAMILIES}/chat-text-tool-call-cut-off.sse`]);
    expect(code).toBe(1);
    expect(stdout).toContain('never finished: the input ends before a finish_reason on every choice or [DONE]');
  });

  test('github format of a chat error', async () => {
    const { code, stdout } = await runCli(['check', '--format', 'github', `${FAMILIES}/chat-error-mid-stream.sse`]);
    expect(code).toBe(1);
    expect(stdout).toContain(`::error file=${FAMILIES}/chat-error-mid-stream.sse,line=6,title=error-event::Error event: server_error: "Selected model is at capacity. Please try a different model."`);
  });
});
