import { partsValue, streamValue, type ItemState, type ResponseState, type TextStreamKind } from '../../core/model.js';
import { wire } from '../../core/wire.js';
import type { ItemDescriber, ItemFacts } from '../family.js';
import { streamLabels } from '../describe-helpers.js';

const { str } = wire;

/** Ollama's items, for replay and inspect: thinking, the answer, tool calls, images. */
export const ollamaDescriber: ItemDescriber = {
  alternativeName: 'alternative',
  placeOf: (_response, item) => item.outputIndex,
  facts: describeFacts,
  label: (item, kind) => streamLabel(item, kind),
  // Everything streams (a tool call's arguments are one delta); images are written, not printed.
  endBlocks: () => [],
};

function describeFacts(_response: ResponseState, item: ItemState): ItemFacts {
  const body = item.item;
  const facts: ItemFacts = {};
  switch (item.type) {
    case 'message':
      if (str(body.role) !== null) facts.role = str(body.role) as string;
      facts.text = partsValue(item, 'output_text') ?? '';
      break;
    case 'reasoning':
      facts.reasoningText = streamValue(item, 'reasoning_text') ?? '';
      break;
    case 'function_call':
      if (str(body.name) !== null) facts.name = str(body.name) as string;
      if (str(body.call_id) !== null) facts.callId = str(body.call_id) as string;
      facts.arguments = streamValue(item, 'function_arguments') ?? '';
      break;
    case 'image':
      facts.finalImage = item.hasFinalImage;
      break;
  }
  return facts;
}

/** The label above a streamed text: none for the answer, `[thinking]`, `[function call get_weather]`. */
const streamLabel = streamLabels({
  reasoning_text: 'thinking',
  function_arguments: (item) => {
    const name = str(item.item.name);
    return name === null ? 'function call' : `function call ${name}`;
  },
});
