import { describe, expect, test } from 'vitest';
import type { TextStreamKind } from '../../../src/core/model.js';
import { TEXT_STREAMS } from '../../../src/families/index.js';
import { createTextMismatchRule } from '../../../src/families/index.js';
import { ev, findings, jsonLines, runRule, type Finding } from '../../check/captures.js';

const KINDS = Object.keys(TEXT_STREAMS) as TextStreamKind[];

const delta = (kind: TextStreamKind, text: string, index = 0) => ({
  type: TEXT_STREAMS[kind].delta,
  item_id: 'item_1',
  output_index: 0,
  content_index: index,
  delta: text,
});
const done = (kind: TextStreamKind, value: string | undefined, index = 0) => ({
  type: TEXT_STREAMS[kind].done,
  item_id: 'item_1',
  output_index: 0,
  content_index: index,
  ...(value === undefined ? {} : { [TEXT_STREAMS[kind].field]: value }),
});

/**
 * Text, refusal and reasoning text parts are opened by a part event in the API; unopened, a delta at the next index
 * continues the open part (vLLM gives every reasoning delta the next content_index: docs/spec.md §8), so the test
 * opens them as the API does.
 */
const opened = (kind: TextStreamKind, index: number): object[] =>
  kind === 'output_text' || kind === 'refusal' || kind === 'reasoning_text'
    ? [{ type: 'response.content_part.added', item_id: 'item_1', output_index: 0, content_index: index, part: { type: kind, [kind === 'refusal' ? 'refusal' : 'text']: '' } }]
    : [];

describe.each(KINDS)('text-mismatch on %s: deltas against the .done value', (kind) => {
  test.each<[string, readonly object[], Finding[]]>([
    ['deltas add up', [ev.created(), delta(kind, '{"a":'), delta(kind, '1}'), done(kind, '{"a":1}')], []],
    ['a delta lost', [ev.created(), delta(kind, '{"a":'), done(kind, '{"a":1}')], [{ code: 'text-mismatch', severity: 'error', line: 3 }]],
    ['a delta doubled', [ev.created(), delta(kind, 'ab'), delta(kind, 'ab'), done(kind, 'ab')], [{ code: 'text-mismatch', severity: 'error', line: 4 }]],
    ['same length, one character differs', [ev.created(), delta(kind, 'abc'), done(kind, 'abd')], [{ code: 'text-mismatch', severity: 'error', line: 3 }]],
    ['only empty deltas before a non-empty value', [ev.created(), delta(kind, ''), done(kind, 'x')], [{ code: 'text-mismatch', severity: 'error', line: 3 }]],
    ['no delta before .done (servers that send only final values)', [ev.created(), done(kind, 'all at once')], []],
    ['.done without its value field', [ev.created(), delta(kind, 'abc'), done(kind, undefined)], []],
    ['two parts kept apart by index', [ev.created(), ...opened(kind, 0), delta(kind, 'a', 0), ...opened(kind, 1), delta(kind, 'b', 1), done(kind, 'a', 0), done(kind, 'b', 1)], []],
  ])('%s', (_name, events, expected) => {
    expect(findings(runRule(createTextMismatchRule(), jsonLines(events)))).toEqual(expected);
  });
});

describe('reasoning text deltas at the next index with no part event (vLLM)', () => {
  test('continue one part: the .done at the index after them matches their sum', () => {
    const events = [ev.created(), delta('reasoning_text', 'a', 0), delta('reasoning_text', 'b', 1), delta('reasoning_text', 'c', 2), done('reasoning_text', 'abc', 3)];
    expect(findings(runRule(createTextMismatchRule(), jsonLines(events)))).toEqual([]);
  });
  test('a lost delta is still found', () => {
    const events = [ev.created(), delta('reasoning_text', 'a', 0), delta('reasoning_text', 'c', 1), done('reasoning_text', 'abc', 2)];
    expect(findings(runRule(createTextMismatchRule(), jsonLines(events)))).toEqual([{ code: 'text-mismatch', severity: 'error', line: 4 }]);
  });
});

describe('text-mismatch messages', () => {
  test('say how many deltas, both lengths, and where they first differ', () => {
    const [finding] = runRule(createTextMismatchRule(), jsonLines([ev.created(), ev.delta('Hello'), ev.delta(', world.'), ev.textDone('Hello, world!')]));
    expect(finding?.message).toBe('2 deltas add up to 13 characters but output_text.done has 13; they differ at character 12: "." vs "!"');
  });

  test('name the .done event of the stream', () => {
    const [finding] = runRule(createTextMismatchRule(), jsonLines([ev.created(), delta('function_arguments', '{}'), done('function_arguments', '{"x":1}')]));
    expect(finding?.message).toMatch(/^1 delta adds up to 2 characters but function_call_arguments\.done has 7; they differ at character 1/);
  });

  test('quote at most a short stretch of each side, whatever the sizes', () => {
    const big = 'x'.repeat(100_000);
    const [finding] = runRule(createTextMismatchRule(), jsonLines([ev.created(), ev.delta(big), ev.textDone(`${big}y`)]));
    expect(finding?.message.length).toBeLessThan(200);
  });
});
