import { errorEventFinding, isUntypedError } from '../openai-wire.js';
import type { Family } from '../family.js';
import { createImagesAccumulator } from './accumulate.js';
import { IMAGES_EVENT_TYPES, type ImagesEvent } from './catalog.js';
import { decodeImagesEvent, isImagesType } from './decode.js';
import { imagesDescriber } from './describe.js';

/** The OpenAI Images API streams (`POST /v1/images/generations` and `/edits`, `stream: true`): partial images, then the image. */
export const imagesFamily: Family<ImagesEvent> = {
  name: 'images',
  label: 'Images API',
  eventTypes: IMAGES_EVENT_TYPES,
  claim(json, type) {
    if (type !== null && isImagesType(type)) return 'own';
    return type === 'error' || (type === null && isUntypedError(json)) ? 'shared' : null;
  },
  decode: decodeImagesEvent,
  createAccumulator: createImagesAccumulator,
  expectedEnd: 'a .completed image event',
  describeMissingImage: (response, item) => (item.type === 'image' ? `Image stream ${item.id ?? response.index + 1} completed with no b64_json` : null),
  outcomeOf: (event) => (event.type === 'error' ? errorEventFinding(event) : null),
  describer: imagesDescriber,
  createRules: () => [],
  servePaths: ['/v1/images/generations', '/v1/images/edits'],
};
