import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../support/samples.js';

const CORE = join(ROOT, 'src', 'core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('src/core is pure', () => {
  test.each(files(CORE).map((path) => relative(ROOT, path)))('%s imports only src/core and uses no process', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const match of text.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'/g)) {
      const target = match[1] as string;
      expect(target.startsWith('.'), `${file} imports ${target}`).toBe(true);
      const resolved = resolve(join(ROOT, file), '..', target);
      expect(resolved.startsWith(CORE), `${file} imports ${target} outside src/core`).toBe(true);
    }
    expect(text).not.toMatch(/\bprocess\.|\bBuffer\b|\brequire\(/);
  });
});
