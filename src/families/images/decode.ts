import { wire, type JsonObject } from '../../core/wire.js';
import { decodeError } from '../openai-wire.js';
import { IMAGES_EVENT_TYPES, type DecodedImagesEvent, type ImagesApiEvent } from './catalog.js';

const { str, obj } = wire;
const KNOWN = new Set<string>(IMAGES_EVENT_TYPES);

/** Whether a type names an operation of the Images API (`image_generation.*`, `image_edit.*`). */
export function isImagesType(type: string): boolean {
  return type.startsWith('image_generation.') || type.startsWith('image_edit.');
}

/** Turns a payload the family claimed into its typed event: the only place Images API wire JSON is trusted into types. */
export function decodeImagesEvent(json: JsonObject, type: string | null): DecodedImagesEvent {
  if (type === null || type === 'error') return decodeError(json);
  if (!KNOWN.has(type)) return { type: 'unknown', rawType: type };
  return {
    type: type as ImagesApiEvent['type'],
    b64_json: str(json.b64_json) ?? '',
    partial_image_index: typeof json.partial_image_index === 'number' ? json.partial_image_index : null,
    size: str(json.size),
    quality: str(json.quality),
    background: str(json.background),
    output_format: str(json.output_format),
    created_at: typeof json.created_at === 'number' ? json.created_at : null,
    usage: obj(json.usage),
  };
}
