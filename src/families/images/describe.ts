import type { ItemState } from '../../core/model.js';
import { wire } from '../../core/wire.js';
import type { ItemDescriber, ItemFacts } from '../family.js';

const { str } = wire;

/** The Images API's one item per stream, for replay and inspect: its images and what the request declared. */
export const imagesDescriber: ItemDescriber = {
  alternativeName: 'image',
  // An image stream has no `output` array.
  placeOf: () => null,
  facts: (_response, item) => describeFacts(item),
  // Nothing streams as text, and nothing prints at the end: replay writes the images.
  label: () => null,
  endBlocks: () => [],
};

function describeFacts(item: ItemState): ItemFacts {
  const body = item.item;
  const facts: ItemFacts = { partialImages: item.partialImages, finalImage: item.hasFinalImage };
  const revisedPrompt = str(body.revised_prompt);
  if (revisedPrompt !== null) facts.revisedPrompt = revisedPrompt;
  const size = str(body.size);
  if (size !== null) facts.size = size;
  const outputFormat = str(body.output_format);
  if (outputFormat !== null) facts.outputFormat = outputFormat;
  return facts;
}
