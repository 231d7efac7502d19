import { describe, expect, test } from 'vitest';
import { createFinalImageRule } from '../../../src/families/index.js';
import { ev, findings, IG, jsonLines, PNG_1X1, runRule, type Finding } from '../../check/captures.js';

const added = ev.itemAdded({ id: IG, type: 'image_generation_call', status: 'in_progress' });

describe('missing-final-image: an image item ends with no result anywhere', () => {
  test.each<[string, readonly object[], Finding[]]>([
    ['result in output_item.done', [ev.created(), added, ev.itemDone(ev.imageItem({ result: PNG_1X1 })), ev.completed([ev.imageItem({ result: PNG_1X1 })])], []],
    ['result only in the terminal response (the seed)', [ev.created(), added, ev.itemDone(ev.imageItem({ result: '' })), ev.completed([ev.imageItem({ result: PNG_1X1 })])], []],
    ['no result in either: at output_item.done', [ev.created(), added, ev.itemDone(ev.imageItem()), ev.completed([ev.imageItem()])], [
      { code: 'missing-final-image', severity: 'error', line: 3 },
    ]],
    ['an empty result in both', [ev.created(), added, ev.itemDone(ev.imageItem({ result: '' })), ev.completed([ev.imageItem({ result: '' })])], [
      { code: 'missing-final-image', severity: 'error', line: 3 },
    ]],
    ['a partial image is not a final one', [ev.created(), added, ev.partialImage(PNG_1X1), ev.itemDone(ev.imageItem()), ev.completed([])], [
      { code: 'missing-final-image', severity: 'error', line: 4 },
    ]],
    ['no output_item.done, completed without a result: at the terminal event', [ev.created(), added, ev.completed([])], [
      { code: 'missing-final-image', severity: 'error', line: 3 },
    ]],
    ['cut off before the item ended: missing-terminal-event says it, not this', [ev.created(), added, ev.partialImage(PNG_1X1)], []],
    ['not an image item', [ev.created(), ev.itemDone(ev.message('Hi')), ev.completed([ev.message('Hi')])], []],
  ])('%s', (_name, events, expected) => {
    expect(findings(runRule(createFinalImageRule(), jsonLines(events)))).toEqual(expected);
  });

  test('the message names the item', () => {
    const [finding] = runRule(createFinalImageRule(), jsonLines([ev.created(), added, ev.itemDone(ev.imageItem()), ev.completed([])]));
    expect(finding?.message).toBe(`Image item ${IG} ended with no result in output_item.done or the terminal response`);
  });
});
