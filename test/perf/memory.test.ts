import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { COLLECT_EVERY, createCollector } from '../../src/input/memory.js';
import { ensureBuilt } from '../support/binary.js';
import { ROOT } from '../support/samples.js';

describe('createCollector (replay paces garbage collections)', () => {
  test('collects once enough bytes were counted, then counts again from zero', () => {
    const collector = createCollector(1000);
    collector.add(999);
    expect(collector.collectIfDue()).toBe(false);
    collector.add(1);
    expect(collector.collectIfDue()).toBe(true);
    expect(collector.collectIfDue()).toBe(false);
    collector.add(600);
    collector.add(600);
    expect(collector.collectIfDue()).toBe(true);
  });

  test('a collection frees buffers nothing refers to any more (memory outside the V8 heap)', async () => {
    const collector = createCollector(COLLECT_EVERY);
    // Warm up: the first collection builds the context `gc` comes from.
    collector.add(COLLECT_EVERY);
    collector.collectIfDue();
    const before = process.memoryUsage().arrayBuffers;
    let garbage: Buffer[] | null = Array.from({ length: 40 }, () => Buffer.alloc(1 << 20, 1));
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThanOrEqual(40 << 20);
    garbage = null;
    void garbage;
    collector.add(COLLECT_EVERY);
    expect(collector.collectIfDue()).toBe(true);
    // Backing stores are released by V8's sweeper, which may finish on a background thread just after.
    for (let wait = 0; wait < 200 && process.memoryUsage().arrayBuffers - before >= 8 << 20; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 << 20);
  });
});

describe('keepYoungGenerationSmall', () => {
  // Flags are per process: each case runs in a node of its own, on the built module.
  const script = (small: boolean): string => `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { keepYoungGenerationSmall } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'input', 'memory.js')).href)};
    if (${small}) keepYoungGenerationSmall();
    const newSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    const start = newSpace();
    // A stream's pattern: short-lived objects, a few of each batch surviving a while.
    let kept = [];
    for (let i = 0; i < 3e6; i++) { const o = { i, s: 'x' + i }; if (i % 50 === 0) kept.push(o); if (kept.length > 20000) kept = []; }
    process.stdout.write(JSON.stringify({ start, end: newSpace() }));`;
  const run = (small: boolean): { start: number; end: number } => {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script(small)], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as { start: number; end: number };
  };

  test('the young generation stays near its first size instead of growing to V8 maximum', () => {
    ensureBuilt();
    const grown = run(false);
    const kept = run(true);
    expect(grown.end).toBeGreaterThanOrEqual(8 * grown.start);
    expect(kept.end).toBeLessThanOrEqual(2 * kept.start);
  });
});
