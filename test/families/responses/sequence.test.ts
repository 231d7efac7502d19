import { describe, expect, test } from 'vitest';
import { createSequenceRule } from '../../../src/families/index.js';
import { ev, findings, jsonLines, MSG, runRule, type Finding } from '../../check/captures.js';

const keepalive = (seq?: number) => ({ type: 'keepalive', ...(seq === undefined ? {} : { sequence_number: seq }) });

describe('sequence-gap and sequence-order: sequence_number per response', () => {
  test.each<[string, readonly object[], Finding[]]>([
    ['consecutive numbers', [ev.created('r', 0), ev.delta('a', 1), ev.delta('b', 2), ev.completed([], 3)], []],
    ['no sequence_number at all (captures from before it existed)', [ev.created('r'), ev.delta('a'), ev.completed([])], []],
    ['numbers restart with each response', [ev.created('r1', 0), ev.completed([], 1, 'r1'), ev.created('r2', 0), ev.delta('a', 1), ev.completed([], 2, 'r2')], []],
    ['an event without a number in between is skipped over', [ev.created('r', 0), keepalive(), ev.delta('a', 1)], []],
    ['a numbered event after an unnumbered stretch', [ev.created('r'), ev.delta('a'), ev.delta('b', 7), ev.delta('c', 8)], []],
    ['one event dropped: the gap is at the event after it', [ev.created('r', 0), ev.delta('a', 1), ev.delta('c', 3)], [{ code: 'sequence-gap', severity: 'error', line: 3 }]],
    ['several dropped at once: one finding', [ev.created('r', 0), ev.delta('a', 4)], [{ code: 'sequence-gap', severity: 'error', line: 2 }]],
    ['two separate gaps', [ev.created('r', 0), ev.delta('a', 2), ev.delta('b', 3), ev.delta('c', 5)], [
      { code: 'sequence-gap', severity: 'error', line: 2 },
      { code: 'sequence-gap', severity: 'error', line: 4 },
    ]],
    ['a number repeats', [ev.created('r', 0), ev.delta('a', 1), ev.delta('a', 1)], [{ code: 'sequence-order', severity: 'error', line: 3 }]],
    ['a number goes back', [ev.created('r', 0), ev.delta('a', 1), ev.delta('b', 2), ev.delta('c', 1)], [{ code: 'sequence-order', severity: 'error', line: 4 }]],
    ['swapped events: one goes back, nothing is missing after them', [ev.created('r', 0), ev.delta('b', 2), ev.delta('a', 1), ev.delta('c', 3)], [
      { code: 'sequence-gap', severity: 'error', line: 2 },
      { code: 'sequence-order', severity: 'error', line: 3 },
    ]],
  ])('%s', (_name, events, expected) => {
    expect(findings(runRule(createSequenceRule(), jsonLines(events)))).toEqual(expected);
  });

  test('messages say what jumped where and how many events are missing', () => {
    const gap = runRule(createSequenceRule(), jsonLines([ev.created('r', 0), ev.delta('a', 4)]));
    expect(gap.map((d) => d.message)).toEqual(['sequence_number jumps from 0 to 4 (3 events missing)']);
    const one = runRule(createSequenceRule(), jsonLines([ev.created('r', 0), ev.delta('a', 2)]));
    expect(one.map((d) => d.message)).toEqual(['sequence_number jumps from 0 to 2 (1 event missing)']);
    const repeat = runRule(createSequenceRule(), jsonLines([ev.created('r', 0), ev.delta('a', 0)]));
    expect(repeat.map((d) => d.message)).toEqual(['sequence_number 0 repeats']);
    const back = runRule(createSequenceRule(), jsonLines([ev.created('r', 0), ev.delta('a', 1), ev.delta('b', 0)]));
    expect(back.map((d) => d.message)).toEqual(['sequence_number goes back from 1 to 0']);
  });

  test('the line is where the event JSON starts, in SSE framing too', () => {
    const sse = [ev.created('r', 0), ev.delta('a', 1), ev.delta('c', 3)]
      .map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`)
      .join('');
    expect(findings(runRule(createSequenceRule(), sse))).toEqual([{ code: 'sequence-gap', severity: 'error', line: 8 }]);
  });

  test('an item id does not matter, only the response', () => {
    const events = [ev.created('r', 0), ev.delta('a', 1, MSG), ev.delta('b', 2, 'msg_other')];
    expect(runRule(createSequenceRule(), jsonLines(events))).toEqual([]);
  });
});
