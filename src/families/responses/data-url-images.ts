import { wire, type JsonObject } from '../../core/wire.js';
import { decodeDataUrlImage, type DataUrlImage } from '../data-url.js';

const { obj } = wire;

/**
 * Content part types that hold an image, as Responses-compatible servers put one in a message's `content`:
 * `output_image` (Microsoft Agent Framework's DevUI, OpenAI Swift clients' `ResponseOutputContent`), and the input
 * part shapes a server may echo as output (`input_image`, the Chat Completions style `image_url`).
 */
const IMAGE_PART_TYPES: ReadonlySet<unknown> = new Set(['output_image', 'input_image', 'image_url', 'image']);

/** Item types that are one image themselves (Agent Framework's DevUI streams `{type: "output_image", image_url}` items). */
const IMAGE_ITEM_TYPES: ReadonlySet<unknown> = new Set(['output_image', 'image']);

/** An image an item holds as a data URL, with the key that tells its copies (done item, terminal response) apart. */
export interface ItemDataUrlImage {
  readonly key: string;
  readonly image: DataUrlImage;
}

/** The image of a content part (`image_url` as a string or as `{url}`), when it is a base64 data URL; null otherwise. */
export function partImage(part: JsonObject): DataUrlImage | null {
  if (!IMAGE_PART_TYPES.has(part.type)) return null;
  return urlImage(part);
}

/**
 * Every data URL image an item object holds: a code interpreter's `outputs` of type `image` (`url`), a message's
 * image content parts, an image item's own `image_url`. Links and other URLs are no images (never fetched).
 */
export function itemImages(item: JsonObject): ItemDataUrlImage[] {
  const found: ItemDataUrlImage[] = [];
  if (item.type === 'code_interpreter_call' && Array.isArray(item.outputs)) {
    item.outputs.forEach((entry, index) => {
      const output = obj(entry);
      const image = output?.type === 'image' ? decodeDataUrlImage(output.url) : null;
      if (image !== null) found.push({ key: `outputs:${index}`, image });
    });
  } else if (item.type === 'message' && Array.isArray(item.content)) {
    item.content.forEach((entry, index) => {
      const part = obj(entry);
      const image = part !== null ? partImage(part) : null;
      if (image !== null) found.push({ key: contentKey(index), image });
    });
  } else if (IMAGE_ITEM_TYPES.has(item.type)) {
    const image = urlImage(item);
    if (image !== null) found.push({ key: 'item', image });
  }
  return found;
}

/** The key of a message's content part `index` (its `content_part` events and its copies in the item agree on it). */
export function contentKey(index: number): string {
  return `content:${index}`;
}

function urlImage(holder: JsonObject): DataUrlImage | null {
  const value = holder.image_url ?? holder.url;
  return decodeDataUrlImage(obj(value)?.url ?? value);
}
