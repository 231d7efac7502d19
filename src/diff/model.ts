import type { Usage } from '../core/model.js';
import type { ItemFacts } from '../families/family.js';
import type { TextHunk } from './text-diff.js';

/** What `--ignore` can leave out of a comparison (docs/spec.md, `respcat diff`). */
export const IGNORE_KINDS = ['usage', 'model', 'text', 'images', 'items', 'timing', 'ids'] as const;

/** One kind `--ignore` leaves out. */
export type IgnoreKind = (typeof IGNORE_KINDS)[number];

/** What a difference is about; `timing` is only ever reported, never a difference. */
export type DifferenceKind = Exclude<IgnoreKind, 'timing'> | 'status' | 'responses' | 'diagnostics';

/**
 * Which input line each part of a text came from: `offsets[i]` is where a run of characters that arrived on
 * input line `lines[i]` starts (ascending; the first is 0).
 */
export interface TextOrigin {
  readonly offsets: readonly number[];
  readonly lines: readonly number[];
}

/** The input line the character at `offset` of a text came from, or `fallback` when its origin is unknown. */
export function lineAt(origin: TextOrigin | undefined, offset: number, fallback: number): number {
  if (origin === undefined || origin.offsets.length === 0) return fallback;
  let low = 0;
  let high = origin.offsets.length - 1;
  // The last run starting at or before `offset` (past the end: the last run).
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((origin.offsets[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return origin.lines[low] as number;
}

/** A response as compared: what the common model holds about it (never its ids' place, its events or framing). */
export interface ResponseView {
  readonly id: string | null;
  /** The stream family's name (`responses`, `chat`, `images`). */
  readonly family: string;
  readonly model: string | null;
  readonly status: string;
  /** False when the input ended before the response's terminal event. */
  readonly finished: boolean;
  readonly usage: Usage | null;
  readonly error: { readonly code: string | null; readonly message: string } | null;
  readonly incompleteReason: string | null;
  /** The line the response's first event is on. */
  readonly line: number;
}

/**
 * An item as compared: its type and status from the common model, how it ended, and the facts its family's
 * describer gives for its kind (the inspect report's item fields, docs/spec.md §4).
 */
export interface ItemView extends Readonly<ItemFacts> {
  readonly id: string | null;
  readonly type: string;
  readonly status: string | null;
  /** How the item ended, in its family's words (inspect's `ended`); null when it never did. */
  readonly ended: string | null;
  /** Events that named the item by another id (a proxy rotating ids). */
  readonly otherItemIds?: number;
}

/** An image as compared: what validating its bytes found (inspect's image fields, without the byte count). */
export interface ImageView {
  readonly itemId: string;
  readonly kind: 'partial' | 'final';
  /** The partial's index; null for a final image. */
  readonly index: number | null;
  /** The format its bytes are (by their magic); null when none respcat knows. */
  readonly format: string | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly valid: boolean;
  readonly line: number;
}

/** One output item of a side: the view of it and where it sat in the input. */
export interface SideItem {
  readonly view: ItemView;
  /** The line the item first appeared on. */
  readonly line: number;
  /** The line it ended on (its `output_item.done`, …), or null when it never ended. */
  readonly endLine: number | null;
  /** For the item's streamed text fields (`text`, `arguments`, `summary`, …): where their characters came from. */
  readonly origins: Readonly<Partial<Record<keyof ItemView, TextOrigin>>>;
}

/** One image of a side: the view of it and what its pixels are compared by. */
export interface SideImage {
  readonly view: ImageView;
  /** `sha256:<hex>` of the decoded (base64) bytes. */
  readonly digest: string;
  /** The bytes, when they were kept for a pixel comparison (within a budget); else null. */
  readonly bytes: Uint8Array | null;
  /** When the bytes were not kept: what the pixels were fingerprinted as then (see {@link PixelComparer}). */
  readonly pixelFingerprint: string | null;
}

/** One response of a side. */
export interface SideResponse {
  readonly view: ResponseView;
  /** The line of its terminal event, else the input's last line (status, usage and errors are reported there). */
  readonly endLine: number;
  readonly items: readonly SideItem[];
  readonly images: readonly SideImage[];
}

/** Time facts of a capture with a `.timing` sidecar (reported, never a difference). */
export type SideTiming =
  | { readonly ok: true; readonly firstTextMs: number | null; readonly durationMs: number }
  | { readonly ok: false; readonly problem: string };

/** Everything one input of `respcat diff` is compared by. */
export interface DiffSide {
  readonly file: string;
  readonly responses: readonly SideResponse[];
  /** Per diagnostic code: how many findings and the line of the first. */
  readonly diagnostics: ReadonlyMap<string, { readonly count: number; readonly line: number }>;
  readonly timing: SideTiming | null;
  readonly lastLine: number;
}

/** Compares pixels; kept out of the pure comparison (decoding is pngjs's). */
export interface PixelComparer {
  /** How many pixels differ, of how many; null when either is not a PNG decoded under the pixel limit, or sizes differ. */
  compare(a: Uint8Array, b: Uint8Array): { readonly differing: number; readonly total: number } | null;
  /** A string equal for two images exactly when their pixels are (for PNGs decoded under the limit), else their bytes are. */
  fingerprint(bytes: Uint8Array): string;
}

/** One difference between the two inputs. */
export interface Difference {
  /** Where: `responses[0].items[2].arguments.city`, `responses[0].status`, `diagnostics["invalid-image"]`. */
  readonly path: string;
  readonly kind: DifferenceKind;
  readonly change: 'changed' | 'added' | 'removed';
  /** A's and B's values there (null on the side that lacks it); for text, the hunk's changed lines of each side. */
  readonly a: unknown;
  readonly b: unknown;
  /** The 1-based input lines it concerns in A and in B (null on the side that lacks it). */
  readonly lineA: number | null;
  readonly lineB: number | null;
  /** The response it belongs to (null for the input's diagnostics). */
  readonly response: number | null;
  /** For a text: the hunk of a unified line diff. */
  readonly hunk?: TextHunk;
  /** For a text diff that hit a size limit: false (part of it is one replaced block). */
  readonly exact?: boolean;
  /** For a diagnostic code present on one side only: the code. */
  readonly code?: string;
  /** For image pixels: how many differ, of how many (null when they could not be counted). */
  readonly pixels?: { readonly differing: number; readonly total: number } | null;
}

/** A response of A beside the same place in B. */
export interface ResponsePair {
  readonly index: number;
  readonly a: SideResponse | null;
  readonly b: SideResponse | null;
  /** Differences in it (listed or not). */
  readonly differences: number;
}

/** What comparing two sides found. */
export interface DiffResult {
  readonly equal: boolean;
  readonly responses: readonly ResponsePair[];
  /** The differences listed (the first {@link MAX_DIFFERENCES}). */
  readonly differences: readonly Difference[];
  /** Differences found beyond those listed. */
  readonly omitted: number;
  /** Every difference found, by kind. */
  readonly counts: Readonly<Partial<Record<DifferenceKind, number>>>;
}

/** Differences listed at most; the rest are counted (two unrelated captures of many MB must not print forever). */
export const MAX_DIFFERENCES = 1000;
