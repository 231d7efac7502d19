import type { InputSource } from '../input/read-input.js';
import { UsageError } from './errors.js';

/** `--shard I/N`: which of N parts of the inputs this run checks (1-based). */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** Parses `I/N` (1 ≤ I ≤ N), as vitest and Playwright spell it. */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(total) || total < 1 || index < 1 || index > total) {
    throw new UsageError(`--shard: expected I/N with 1 ≤ I ≤ N (as in --shard 2/3), got ${JSON.stringify(value)}`);
  }
  return { index, total };
}

/**
 * The inputs shard I of N checks, each with its place among all the inputs: the inputs sorted by path are
 * cut into N runs as even as can be, and shard I takes the I-th, kept in the order they were given. The
 * same inputs give every CI job the same cut, so N jobs check disjoint sets whose union is the whole.
 */
export function selectShard(sources: readonly InputSource[], shard: Shard): { source: InputSource; position: number }[] {
  if (sources.some((source) => source.kind === 'stream')) throw new UsageError('--shard: stdin cannot be split across jobs; give files, folders or globs');
  const paths = sources.map((source, position) => ({ path: (source as { path: string }).path, position }));
  const sorted = [...paths].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.position - b.position));
  const from = Math.floor(((shard.index - 1) * sorted.length) / shard.total);
  const to = Math.floor((shard.index * sorted.length) / shard.total);
  const chosen = new Set(sorted.slice(from, to).map((entry) => entry.position));
  return sources.flatMap((source, position) => (chosen.has(position) ? [{ source, position }] : []));
}
