import { partsValue, streamValue, type ItemState, type TextStreamKind } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import { callTitle, factSetter, setCallFacts, setMessageFacts, streamLabels } from '../describe-helpers.js';
import type { ItemBlock, ItemDescriber, ItemFacts } from '../family.js';

const { str, num, obj } = wire;

/** Bedrock content blocks, for replay and inspect: the answer's text and its citations, reasoning, tool uses. */
export const bedrockDescriber: ItemDescriber = {
  alternativeName: 'alternative',
  placeOf: (_response, item) => item.outputIndex,
  facts: (_response, item) => describeFacts(item),
  label: (item, kind) => streamLabel(item, kind),
  endBlocks,
};

function describeFacts(item: ItemState): ItemFacts {
  const body = item.item;
  const facts: ItemFacts = {};
  const set = factSetter(facts);
  switch (item.type) {
    case 'message':
      setMessageFacts(set, item, str(body.stop_reason));
      if (item.annotations.length > 0) set('annotations', item.annotations);
      break;
    case 'reasoning':
      set('reasoningText', streamValue(item, 'reasoning_text') ?? '');
      if (body.redacted === true) set('encryptedContentLength', num(body.data_length, 0));
      break;
    case 'function_call':
      setCallFacts(set, item, callInput(item));
      break;
  }
  return facts;
}

/** The label above a streamed text: none for the answer, `[reasoning]`, `[tool use get_weather]`. */
const streamLabel = streamLabels({ reasoning_text: 'reasoning', function_arguments: (item) => callTitle('tool use', item.item) });

/** What prints once a block ends: its sources, a tool use whose input never streamed, that redacted reasoning is not shown. */
function endBlocks(item: ItemState, printed: (kind: TextStreamKind) => boolean): ItemBlock[] {
  switch (item.type) {
    case 'message':
      return item.annotations.length > 0 ? [{ title: 'sources', text: sourceLines(item.annotations) }] : [];
    case 'reasoning':
      return item.item.redacted === true ? [{ title: 'redacted reasoning', text: '(encrypted by the provider: not shown)' }] : [];
    case 'function_call':
      return printed('function_arguments') ? [] : [{ title: callTitle('tool use', item.item), text: callInput(item) }];
    default:
      return [];
  }
}

/** A tool use's input: its `toolUse.input` deltas joined (`{}` when none came). */
function callInput(item: ItemState): string {
  const streamed = streamValue(item, 'function_arguments');
  return streamed !== null && streamed !== '' ? streamed : '{}';
}

/** Each cited source once, in order of first citation: `- title <url>` (a web location's URL, else the source). */
function sourceLines(citations: readonly JsonObject[]): string {
  const lines = new Set<string>();
  for (const citation of citations) {
    const title = str(citation.title) ?? str(citation.source) ?? 'citation';
    const url = str(obj(obj(citation.location)?.web)?.url);
    lines.add(`- ${title}${url !== null ? ` <${url}>` : ''}`);
  }
  return [...lines].join('\n');
}
