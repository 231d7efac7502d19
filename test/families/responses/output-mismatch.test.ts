import { describe, expect, test } from 'vitest';
import { createOutputMismatchRule } from '../../../src/families/index.js';
import { ev, findings, jsonLines, PNG_1X1, runRule, type Finding } from '../../check/captures.js';

const reasoning = (encrypted: string) => ({ id: 'rs_1', type: 'reasoning', summary: [], encrypted_content: encrypted });

describe('output-mismatch: output_item.done against the terminal response', () => {
  test.each<[string, readonly object[], Finding[]]>([
    ['the same item in both', [ev.created(), ev.itemDone(ev.message('Hi')), ev.completed([ev.message('Hi')])], []],
    ['keys in another order are the same item', [ev.created(), ev.itemDone({ type: 'message', id: 'msg_1', status: 'completed' }), ev.completed([{ id: 'msg_1', status: 'completed', type: 'message' }])], []],
    ['the status differs', [ev.created(), ev.itemDone(ev.message('Hi')), ev.completed([ev.message('Hi', 'in_progress')])], [
      { code: 'output-mismatch', severity: 'warning', line: 2 },
    ]],
    ['the text differs', [ev.created(), ev.itemDone(ev.message('Hi')), ev.completed([ev.message('Hello')])], [{ code: 'output-mismatch', severity: 'warning', line: 2 }]],
    ['a field only one copy has', [ev.created(), ev.itemDone({ ...ev.message('Hi'), extra: 1 }), ev.completed([ev.message('Hi')])], [
      { code: 'output-mismatch', severity: 'warning', line: 2 },
    ]],
    ['an empty result there and the image in the terminal response (the seed)', [
      ev.created(),
      ev.itemDone(ev.imageItem({ result: '' })),
      ev.completed([ev.imageItem({ result: PNG_1X1 })]),
    ], [{ code: 'output-mismatch', severity: 'warning', line: 2 }]],
    ['the same result in both', [ev.created(), ev.itemDone(ev.imageItem({ result: PNG_1X1 })), ev.completed([ev.imageItem({ result: PNG_1X1 })])], []],
    ['results of the same length that differ', [
      ev.created(),
      ev.itemDone(ev.imageItem({ result: 'AAAA' })),
      ev.completed([ev.imageItem({ result: 'BBBB' })]),
    ], [{ code: 'output-mismatch', severity: 'warning', line: 2 }]],
    ['encrypted reasoning is encrypted anew for each copy: not a mismatch', [
      ev.created(),
      ev.itemDone(reasoning('gAAAAABo-first')),
      ev.completed([reasoning('gAAAAABo-second')]),
    ], []],
    ['an item the terminal response leaves out', [ev.created(), ev.itemDone(ev.message('Hi')), ev.completed([])], []],
    ['an item with no output_item.done', [ev.created(), ev.completed([ev.message('Hi')])], []],
    ['a failed response\'s copy is compared too', [ev.created(), ev.itemDone(ev.message('Hi')), {
      type: 'response.failed',
      response: { id: 'resp_1', status: 'failed', output: [ev.message('Hi', 'incomplete')] },
    }], [{ code: 'output-mismatch', severity: 'warning', line: 2 }]],
    ['items matched by id when the output order changed', [
      ev.created(),
      ev.itemDone({ id: 'a', type: 'message', status: 'completed' }, 0),
      ev.itemDone({ id: 'b', type: 'message', status: 'completed' }, 1),
      ev.completed([{ id: 'b', type: 'message', status: 'completed' }, { id: 'a', type: 'message', status: 'completed' }]),
    ], []],
  ])('%s', (_name, events, expected) => {
    expect(findings(runRule(createOutputMismatchRule(), jsonLines(events)))).toEqual(expected);
  });

  test('messages name the item and show both values as on the wire', () => {
    const messages = (events: readonly object[]) => runRule(createOutputMismatchRule(), jsonLines(events)).map((d) => d.message);
    expect(messages([ev.created(), ev.itemDone(ev.message('Hi')), ev.completed([ev.message('Hi', 'in_progress')])])).toEqual([
      'Item msg_1 in output_item.done differs from the terminal response: status is "completed" there and "in_progress" in the terminal response',
    ]);
    expect(messages([ev.created(), ev.itemDone({ ...ev.message('Hi'), extra: 1 }), ev.completed([ev.message('Hi')])])).toEqual([
      'Item msg_1 in output_item.done differs from the terminal response: extra is 1 there and absent in the terminal response',
    ]);
    expect(messages([ev.created(), ev.itemDone(ev.imageItem({ result: '' })), ev.completed([ev.imageItem({ result: PNG_1X1 })])])).toEqual([
      `Item ig_1 in output_item.done differs from the terminal response: result has 0 characters there and ${PNG_1X1.length} in the terminal response`,
    ]);
  });
});
