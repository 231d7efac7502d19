import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../support/samples.js';

const SRC = join(ROOT, 'src');

/**
 * Which folders of src/ each folder may import from: the layering cli → commands → (terminal → render →
 * images → input; record → serve → input; redact → render) → diff → families → core reads one way
 * (architecture.md). `index.ts` is the library API over the pure layers.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: ['core'],
  families: ['families', 'core'],
  diff: ['diff', 'families', 'core'],
  input: ['input', 'families', 'core'],
  images: ['images', 'input', 'families', 'core'],
  render: ['render', 'images', 'input', 'diff', 'families', 'core'],
  terminal: ['terminal', 'render', 'images', 'input', 'diff', 'families', 'core'],
  serve: ['serve', 'input', 'families', 'core'],
  record: ['record', 'serve', 'input', 'families', 'core'],
  redact: ['redact', 'render', 'images', 'input', 'diff', 'families', 'core'],
  commands: ['commands', 'terminal', 'render', 'images', 'input', 'serve', 'record', 'redact', 'diff', 'families', 'core'],
  cli: ['cli', 'commands', 'terminal', 'render', 'images', 'input', 'serve', 'record', 'redact', 'diff', 'families', 'core'],
  'index.ts': ['families', 'core'],
};

/** Folders that hold no I/O: no node: modules, no process, no Buffer. */
const PURE = new Set(['core', 'families', 'diff']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The top folder of src/ a path is in (or `index.ts`). */
function layerOf(path: string): string {
  return relative(SRC, path).split(sep)[0] as string;
}

/** Every import and re-export of a file, as written. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((match) => (match[1] ?? match[2]) as string);
}

describe('every folder of src imports only the layers below it', () => {
  test('the table names every folder of src', () => {
    expect(readdirSync(SRC).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  test.each(files(SRC).map((path) => relative(ROOT, path)))('%s', (file) => {
    const layer = layerOf(join(ROOT, file));
    const allowed = ALLOWED[layer] ?? [];
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const target of importsOf(text)) {
      if (!target.startsWith('.')) {
        expect(PURE.has(layer) && target.startsWith('node:'), `${file} imports ${target}: ${layer} does no I/O`).toBe(false);
        expect(PURE.has(layer) && !target.startsWith('node:'), `${file} imports the package ${target}: ${layer} depends on nothing`).toBe(false);
        continue;
      }
      const resolved = resolve(join(ROOT, file), '..', target);
      expect(resolved.startsWith(SRC), `${file} imports ${target} outside src`).toBe(true);
      const to = layerOf(resolved);
      expect(allowed, `${file} (${layer}) imports ${target} (${to})`).toContain(to);
    }
    if (PURE.has(layer)) expect(text).not.toMatch(/\bprocess\.|\bBuffer\b|\brequire\(/);
  });
});

describe('src/core and src/diff are family-neutral', () => {
  test.each([...files(join(SRC, 'core')), ...files(join(SRC, 'diff'))].map((path) => relative(ROOT, path)))('%s names no event type of a provider', (file) => {
    expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/response\.output_text|chat\.completion|image_generation\.|response\.completed/);
  });
});
