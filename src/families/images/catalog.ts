import type { UnknownEvent } from '../../core/family.js';
import type { JsonObject } from '../../core/wire.js';
import type { ErrorEvent } from '../openai-wire.js';

/**
 * The Images API event catalog (`POST /v1/images/generations` or `/edits` with `stream: true`): partial images,
 * then the final one; an error object may interrupt (openai-python `image_gen_*_event.py`, `image_edit_*_event.py`).
 */
export const IMAGES_EVENT_TYPES = ['image_generation.partial_image', 'image_generation.completed', 'image_edit.partial_image', 'image_edit.completed', 'error'] as const;

/** An Images API streaming event; these carry no `sequence_number`, id or `output_index`. */
export interface ImagesApiEvent {
  readonly type: 'image_generation.partial_image' | 'image_generation.completed' | 'image_edit.partial_image' | 'image_edit.completed';
  /** The image as base64; "" when the server left it out. */
  readonly b64_json: string;
  /** 0-based index of a partial image; null on `.completed` (and on a partial that omits it). */
  readonly partial_image_index: number | null;
  readonly size: string | null;
  readonly quality: string | null;
  readonly background: string | null;
  readonly output_format: string | null;
  readonly created_at: number | null;
  /** Token usage, on `.completed` only. */
  readonly usage: JsonObject | null;
}

/** Every Images API event respcat decodes. */
export type ImagesEvent = ImagesApiEvent | ErrorEvent;

/** An Images API event type respcat knows. */
export type ImagesEventType = ImagesEvent['type'];

// Compile-time: the catalog list and the union name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const catalogMatchesUnion: Same<(typeof IMAGES_EVENT_TYPES)[number], ImagesEventType> = true;
void catalogMatchesUnion;

/** Decoded: an Images API event, or one of its operations' types respcat does not know. */
export type DecodedImagesEvent = ImagesEvent | UnknownEvent;
