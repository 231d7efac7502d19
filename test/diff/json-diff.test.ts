import { describe, expect, test } from 'vitest';
import { diffJson, isDeepEqual, keySegment, parseJsonValue } from '../../src/diff/json-diff.js';

describe('diffJson: key order ignored, each differing leaf at its path', () => {
  test.each([
    { name: 'reordered keys and spacing', a: '{"city":"Paris","unit":"celsius","days":3}', b: '{"days": 3, "unit": "celsius", "city": "Paris"}', changes: [] },
    { name: 'a changed value', a: '{"city":"Paris","days":3}', b: '{"days":3,"city":"Lyon"}', changes: [{ path: '.city', change: 'changed', a: 'Paris', b: 'Lyon' }] },
    {
      name: 'a key added and one removed',
      a: '{"city":"Paris","unit":"c"}',
      b: '{"city":"Paris","days":2}',
      changes: [
        { path: '.unit', change: 'removed', a: 'c', b: null },
        { path: '.days', change: 'added', a: null, b: 2 },
      ],
    },
    {
      name: 'nested objects and arrays by index',
      a: '{"stops":[{"name":"A","at":1},{"name":"B"}],"meta":{"x":[1,2]}}',
      b: '{"meta":{"x":[1,3,4]},"stops":[{"at":1,"name":"A"}]}',
      changes: [
        { path: '.stops[1]', change: 'removed', a: { name: 'B' }, b: null },
        { path: '.meta.x[1]', change: 'changed', a: 2, b: 3 },
        { path: '.meta.x[2]', change: 'added', a: null, b: 4 },
      ],
    },
    { name: 'a type change is one change', a: '{"v":{"x":1}}', b: '{"v":[1]}', changes: [{ path: '.v', change: 'changed', a: { x: 1 }, b: [1] }] },
    { name: 'numbers by value (1 and 1.0 are one number)', a: '{"n":1}', b: '{"n":1.0}', changes: [] },
    { name: 'null and absent are different', a: '{"n":null}', b: '{}', changes: [{ path: '.n', change: 'removed', a: null, b: null }] },
    {
      name: 'keys that are not identifiers are quoted',
      a: '{"a key":1,"__proto__":2,"x.y":3}',
      b: '{"a key":2,"__proto__":3,"x.y":4}',
      changes: [
        { path: '["a key"]', change: 'changed', a: 1, b: 2 },
        { path: '.__proto__', change: 'changed', a: 2, b: 3 },
        { path: '["x.y"]', change: 'changed', a: 3, b: 4 },
      ],
    },
  ])('$name', ({ a, b, changes }) => {
    expect(diffJson(JSON.parse(a), JSON.parse(b))).toEqual(changes);
  });

  test('keySegment', () => {
    expect(keySegment('city')).toBe('.city');
    expect(keySegment('$ref')).toBe('.$ref');
    expect(keySegment('2x')).toBe('["2x"]');
    expect(keySegment('text-mismatch')).toBe('["text-mismatch"]');
    expect(keySegment('say "hi"')).toBe('["say \\"hi\\""]');
  });
});

describe('deep values never exhaust the stack', () => {
  const deep = (depth: number, leaf: unknown): unknown => {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = { next: value };
    return value;
  };

  test('isDeepEqual is iterative: 200,000 levels', () => {
    expect(isDeepEqual(deep(200_000, 1), deep(200_000, 1))).toBe(true);
    expect(isDeepEqual(deep(200_000, 1), deep(200_000, 2))).toBe(false);
  });

  test('diffJson stops descending at 64 levels and reports the subtree there', () => {
    const changes = diffJson(deep(1000, 1), deep(1000, 2));
    expect(changes).toHaveLength(1);
    expect(changes[0]?.path).toBe('.next'.repeat(64));
  });

  test('parseJsonValue: objects and arrays only, at most 64 deep, else text', () => {
    expect(parseJsonValue(' {"a":[1,{"b":2}]}')).toEqual({ ok: true, value: { a: [1, { b: 2 }] } });
    expect(parseJsonValue('[1]')).toEqual({ ok: true, value: [1] });
    expect(parseJsonValue('"a string"')).toEqual({ ok: false });
    expect(parseJsonValue('42')).toEqual({ ok: false });
    expect(parseJsonValue('{"cut off":')).toEqual({ ok: false });
    expect(parseJsonValue('['.repeat(65) + ']'.repeat(65))).toEqual({ ok: false });
    expect(parseJsonValue('['.repeat(64) + ']'.repeat(64)).ok).toBe(true);
    // Brackets inside strings do not count.
    expect(parseJsonValue(`{"s":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`).ok).toBe(true);
    expect(parseJsonValue('['.repeat(1_000_000))).toEqual({ ok: false });
  });
});
