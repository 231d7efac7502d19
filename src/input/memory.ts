import { lazyV8, lazyVm } from './lazy-builtins.js';

// Keeping a streaming command's peak memory near what is live, whatever the input's length. Two things
// otherwise grow it, both decided by V8's heuristics rather than by what respcat keeps (docs/benchmarks.md):
// garbage outside V8's heap, and the young generation.

/**
 * Full garbage collections paced by the bytes respcat turned into garbage (chunks read, image base64
 * decoded). A capture's big buffers (1 MiB read chunks, a 1.3 MB string and a 1 MB byte buffer per image)
 * live outside V8's heap, and V8 collects them only once 64 MiB more of such memory has piled up since
 * its last full collection, plus whatever arrives while its marking runs; a collection that lands in the
 * middle of a 27 MB terminal line raises that baseline further. respcat knows these buffers die young, and
 * a full collection of its small heap takes a few milliseconds.
 */
export interface Collector {
  /** Counts bytes that became (or will soon be) garbage. */
  add(bytes: number): void;
  /**
   * Collects when enough has been counted since the last collection; call between chunks, with the bytes
   * of an unfinished line the parser still holds. Says whether it did. While a long line (a terminal
   * response of many images) is being gathered its chunks are all alive, so a collection then would free
   * little and the line's bytes would be dead weight until the next one: it waits for the line to end.
   */
  collectIfDue(heldBytes?: number): boolean;
}

/**
 * Bytes of garbage between two collections. 16 MiB: on the benchmark's capture and on it five times over,
 * replay's peak was 90 / 102 MiB against 93 / 119 MiB at 32 MiB, in no more CPU time (fewer fresh pages to fault in).
 */
export const COLLECT_EVERY = 16 << 20;

/** Bytes counted before the young generation is kept at its first size: it grows only on long streams. */
export const YOUNG_GENERATION_FROM = 1 << 20;

/** A collector; a no-op where the engine does not let respcat ask for a collection. */
export function createCollector(every: number = COLLECT_EVERY): Collector {
  let counted = 0;
  let total = 0;
  let gc: (() => void) | null | undefined;
  return {
    add(bytes) {
      counted += bytes;
      // Set once a stream is long enough to matter, so a short run never loads node:v8 (issue 23).
      if (total < YOUNG_GENERATION_FROM && (total += bytes) >= YOUNG_GENERATION_FROM) keepYoungGenerationSmall();
    },
    collectIfDue(heldBytes = 0) {
      if (counted < every || heldBytes >= every / 2) return false;
      counted = 0;
      // Looked up at the first collection only: small inputs never need one.
      gc ??= exposeGc();
      gc?.();
      return gc !== null;
    },
  };
}

/**
 * `gc()`: the global one when node runs with --expose-gc, else one from a fresh context created with the
 * flag set (V8 installs `gc` in contexts created while it is on; the main context is left as it was).
 */
function exposeGc(): (() => void) | null {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as () => void;
  try {
    lazyV8().setFlagsFromString('--expose-gc');
    const gc: unknown = lazyVm().runInNewContext('gc');
    // Set back: V8 refuses a code cache made under other flags (a worker's bundle, scripts/bundle.mjs).
    lazyV8().setFlagsFromString('--no-expose-gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/**
 * Keeps V8's young generation at its first size. V8 doubles it (up to 16 MiB per semi-space) each time as
 * many bytes have survived young collections as it holds, counted over the whole run: on a long stream even
 * a few percent surviving (the current chunk's events) gets it to the maximum, so the longer the capture,
 * the bigger the heap. A replay keeps little, and collecting a small young generation more often costs no
 * measurable time. The flag is read whenever V8 would grow the space; it is set only on the V8 versions
 * known to have it (Node 20–24), since an unknown flag prints an error.
 */
export function keepYoungGenerationSmall(): void {
  const major = Number(process.versions.v8.split('.')[0]);
  if (major >= 11 && major <= 13) lazyV8().setFlagsFromString('--semi-space-growth-factor=1');
}
