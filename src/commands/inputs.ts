import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Io } from '../terminal/io.js';
import type { InputSource } from '../input/read-input.js';
import { UsageError } from './errors.js';
import { resolveSources } from './sources.js';

/** The endings of the files a folder is searched for (each also with `.gz`), docs/spec.md §2. */
export const CAPTURE_EXTENSIONS = ['sse', 'jsonl', 'ndjson', 'txt', 'log', 'eventstream'] as const;

const IN_FOLDER = `**/*.{${CAPTURE_EXTENSIONS.join(',')}}{,.gz}`;
// Dependencies' folders are never captures of the project's own, and walking them is slow.
const SKIPPED = ['**/node_modules/**'];

/** How inputs are expanded. */
export interface ExpandOptions {
  /** A file a folder or glob found that is to be left out (the config file's `ignore`); files named as they are always count. */
  readonly ignored?: (path: string) => boolean;
}

/**
 * FILE arguments of `check` and `inspect` as inputs (docs/spec.md §2): `-` is stdin; a folder is walked for
 * captures (hidden folders and files, and `node_modules`, skipped); a glob that names no file as it is
 * (`'fixtures/**\/*.sse'`, quoted so the shell leaves it) is expanded here; anything else is a file, read
 * (or reported unreadable, exit 3) as it is. A folder or glob that finds nothing is a usage error (exit 2):
 * a gate must never pass because it checked nothing. What a folder or glob finds is sorted; a file found
 * twice is checked once.
 */
export async function resolveInputs(args: readonly string[], io: Io, command: string, options: ExpandOptions = {}): Promise<InputSource[]> {
  if (args.length === 0) return resolveSources(args, io, command);
  const sources: InputSource[] = [];
  const seen = new Set<string>();
  const named = new Set(args.filter((arg) => arg !== '-').map((arg) => resolve(arg)));
  for (const arg of args) {
    const kind = argumentKind(arg);
    if (kind === 'file') {
      sources.push(...resolveSources([arg], io, command));
      seen.add(resolve(arg));
      continue;
    }
    const found = kind === 'folder' ? await walkFolder(arg) : await expandGlob(arg);
    const kept = found.filter((path) => !(options.ignored?.(path) ?? false));
    if (kept.length === 0) throw new UsageError(describeNothingFound(arg, kind, found.length));
    for (const path of kept) {
      const key = resolve(path);
      if (seen.has(key) || named.has(key)) continue;
      seen.add(key);
      sources.push({ kind: 'file', path });
    }
  }
  return sources;
}

function argumentKind(arg: string): 'file' | 'folder' | 'glob' {
  if (arg === '-') return 'file';
  const stat = statSync(arg, { throwIfNoEntry: false });
  if (stat !== undefined) return stat.isDirectory() ? 'folder' : 'file';
  return isDynamicPattern(arg) ? 'glob' : 'file';
}

async function walkFolder(folder: string): Promise<string[]> {
  const found = await glob(IN_FOLDER, { cwd: folder, ignore: SKIPPED, dot: false, onlyFiles: true, caseSensitiveMatch: false, expandDirectories: false });
  return found.sort(byPath).map((path) => joinAsTyped(folder, path));
}

async function expandGlob(pattern: string): Promise<string[]> {
  // Matched under its static base, so that the paths shown start as the user typed them (`./fixtures/a.sse`).
  const scanned = picomatch.scan(pattern);
  const base = `${scanned.prefix}${scanned.base}`;
  const rest = scanned.glob;
  const found = await glob(rest, { cwd: base === '' ? '.' : base, ignore: SKIPPED, dot: false, onlyFiles: true, expandDirectories: false });
  return found.sort(byPath).map((path) => (base === '' ? path : joinAsTyped(base, path)));
}

function joinAsTyped(folder: string, path: string): string {
  return folder.endsWith('/') ? `${folder}${path}` : `${folder}/${path}`;
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeNothingFound(arg: string, kind: 'folder' | 'glob', ignored: number): string {
  const why = ignored > 0 ? ` (the ${ignored} found are all ignored by the config file)` : '';
  if (kind === 'glob') return `${arg}: no file matches this pattern${why}`;
  return `${arg}: no captures in this folder (files ending .${CAPTURE_EXTENSIONS.join(', .')}, or those with .gz)${why}`;
}
