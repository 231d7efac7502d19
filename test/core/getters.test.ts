import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineGetters } from '../../src/core/getters.js';
import { ensureBuilt } from '../support/binary.js';
import { ROOT } from '../support/samples.js';

describe('defineGetters', () => {
  it('reads live values and looks like an object with literal getters', () => {
    let count = 0;
    const object = defineGetters({ name: 'a', bump: () => count++ }, { count: () => count });
    expect(object.count).toBe(0);
    object.bump();
    object.bump();
    expect(object.count).toBe(2);
    expect(Object.keys(object)).toEqual(['name', 'bump', 'count']);
    expect(JSON.stringify(object)).toBe('{"name":"a","count":2}');
    expect({ ...object }).toEqual({ name: 'a', bump: object.bump, count: 2 });
    expect(object).toEqual({ name: 'a', bump: object.bump, count: 2 });
    expect(Object.getOwnPropertySymbols(object).every((symbol) => !Object.getOwnPropertyDescriptor(object, symbol)?.enumerable)).toBe(true);
  });

  it('gives each object its own values under one getter', () => {
    const a = defineGetters({}, { value: () => 'a' });
    const b = defineGetters({}, { value: () => 'b' });
    expect([a.value, b.value]).toEqual(['a', 'b']);
    expect(Object.getOwnPropertyDescriptor(a, 'value')?.get).toBe(Object.getOwnPropertyDescriptor(b, 'value')?.get);
  });
});

// The reason for defineGetters (src/core/getters.ts): objects made by the same factory must keep fast
// properties and share V8's hidden class. Checked with V8's own %HasFastProperties and %HaveSameMap, on the
// built modules, in a child node started with --allow-natives-syntax.
describe('per-input objects share their hidden class', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  const run = (body: string): string => {
    const dist = (path: string): string => JSON.stringify(pathToFileURL(join(ROOT, 'dist', path)).href);
    const script = `
      const { createProcessor, createAccumulator } = await import(${dist('families/index.js')});
      const { createFramer } = await import(${dist('core/sse.js')});
      const { createResponseBuilder } = await import(${dist('core/builder.js')});
      const capture = new TextEncoder().encode([
        'data: {"type":"response.created","response":{"id":"r1","status":"in_progress","output":[]}}',
        'data: {"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Hi"}',
        'data: {"type":"response.completed","response":{"id":"r1","status":"completed","output":[]}}',
        '',
      ].join('\\n\\n'));
      const fed = () => { const p = createProcessor(); p.feed(capture); p.end(); return p; };
      // Fast properties and one hidden class: an object literal with a getter closure ends in dictionary mode.
      const same = (a, b) => %HasFastProperties(a) && %HasFastProperties(b) && %HaveSameMap(a, b);
      ${body}
    `;
    const result = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return result.stdout.trim();
  };

  it('processors, framers, builders, accumulators and text streams', () => {
    const out = run(`
      const [a, b] = [fed(), fed()];
      const text = (p) => [...p.responses[0].items.values()][0].streams.values().next().value;
      console.log(JSON.stringify({
        processor: same(a, b),
        text: text(a).text === 'Hi' && same(text(a), text(b)),
        framer: same(createFramer(() => {}), createFramer(() => {})),
        builder: same(createResponseBuilder(), createResponseBuilder()),
        accumulator: same(createAccumulator(), createAccumulator()),
      }));
    `);
    expect(JSON.parse(out)).toEqual({ processor: true, text: true, framer: true, builder: true, accumulator: true });
  });

  it('the check can fail: a getter closure in an object literal leaves it in dictionary mode', () => {
    const out = run(`
      const make = () => { let n = 0; return { get n() { return n; } }; };
      console.log(JSON.stringify({ literal: same(make(), make()) }));
    `);
    expect(JSON.parse(out)).toEqual({ literal: false });
  });
});
