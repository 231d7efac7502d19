import { itemParts, partsValue, streamValue, type ItemState, type ResponseState, type TextStreamKind } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import type { ItemBlock, ItemDescriber, ItemFacts } from '../family.js';
import { factSetter, setCallFacts, setMessageFacts, streamLabels } from '../describe-helpers.js';

const { str } = wire;

/** Chat Completions items, for replay and inspect: each choice's message and tool calls. */
export const chatDescriber: ItemDescriber = {
  alternativeName: 'choice',
  // Choices have no place in an `output` array.
  placeOf: () => null,
  facts: describeFacts,
  label: (item, kind) => streamLabel(item, kind),
  endBlocks,
};

function describeFacts(response: ResponseState, item: ItemState): ItemFacts {
  const body = item.item;
  const facts: ItemFacts = {};
  const set = factSetter(facts);
  if (item.alternative !== null) set('choice', item.alternative);
  switch (item.type) {
    case 'message':
      setMessageFacts(set, item, item.alternative !== null ? response.alternatives.get(item.alternative) : null);
      set('refusal', partsValue(item, 'refusal'));
      break;
    case 'reasoning':
      // The names of the Responses API's reasoning items, so inspect counts reasoning alike in both families.
      set('summary', itemParts(item, 'reasoning_summary'));
      set('reasoningText', partsValue(item, 'reasoning_text'));
      if (typeof body.encrypted_length === 'number') set('encryptedContentLength', body.encrypted_length);
      break;
    case 'function_call':
      setCallFacts(set, item);
      break;
    case 'custom_tool_call':
      set('name', str(body.name));
      set('callId', str(body.call_id));
      set('input', streamValue(item, 'custom_tool_input') ?? '');
      break;
  }
  return facts;
}

/** The label above a streamed text: none for the answer, `[reasoning]`, `[refusal]`, `[function call get_weather]`. */
const streamLabel = streamLabels({
  reasoning_text: 'reasoning',
  reasoning_summary: 'reasoning summary',
  function_arguments: (item) => callTitle('function call', item.item),
  custom_tool_input: (item) => callTitle('custom tool call', item.item),
});

/** A message's text that never streamed, and a call whose arguments never did, print when the choice ends. */
function endBlocks(item: ItemState, printed: (kind: TextStreamKind) => boolean): ItemBlock[] {
  const blocks: ItemBlock[] = [];
  const unstreamed = (kind: TextStreamKind): void => {
    const text = printed(kind) ? null : partsValue(item, kind);
    if (text !== null && text !== '') blocks.push({ title: streamLabel(item, kind), text, stream: kind });
  };
  switch (item.type) {
    case 'message':
      unstreamed('output_text');
      unstreamed('refusal');
      break;
    case 'reasoning':
      // Encrypted reasoning is said to be there, never shown.
      if (typeof item.item.encrypted_length === 'number') blocks.push({ title: 'reasoning', text: `encrypted, ${item.item.encrypted_length} characters (not shown)` });
      break;
    case 'function_call':
    case 'custom_tool_call': {
      const kind = item.type === 'custom_tool_call' ? 'custom_tool_input' : 'function_arguments';
      if (!printed(kind)) blocks.push({ title: callTitle(item.type.replace(/_/g, ' '), item.item), text: '' });
      break;
    }
  }
  return blocks;
}

/** `function call get_weather`. */
function callTitle(what: string, body: JsonObject): string {
  const name = str(body.name);
  return name === null ? what : `${what} ${name}`;
}
