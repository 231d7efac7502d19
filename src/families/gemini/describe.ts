import { partsValue, streamValue, type ItemState, type ResponseState, type TextStreamKind } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import type { ItemBlock, ItemDescriber, ItemFacts } from '../family.js';
import { factSetter, setCallFacts, setMessageFacts, streamLabels } from '../describe-helpers.js';

const { str, num } = wire;

/** Gemini items, for replay and inspect: each candidate's text, thoughts, calls, code, results and images. */
export const geminiDescriber: ItemDescriber = {
  alternativeName: 'candidate',
  // Candidates' parts have no place in an `output` array.
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
      if (item.annotations.length > 0) set('annotations', item.annotations);
      if (Array.isArray(body.queries)) set('queries', body.queries.filter((q): q is string => typeof q === 'string'));
      break;
    case 'reasoning':
      set('reasoningText', partsValue(item, 'reasoning_text') ?? '');
      break;
    case 'function_call':
      setCallFacts(set, item);
      break;
    case 'executable_code':
      set('code', streamValue(item, 'code') ?? '');
      break;
    case 'code_execution_result':
      set('output', str(body.output));
      // Anything but OUTCOME_OK (OUTCOME_FAILED, OUTCOME_DEADLINE_EXCEEDED) is the code's failure.
      if (str(body.outcome) !== 'OUTCOME_OK') set('error', str(body.outcome));
      break;
    case 'image':
      set('partialImages', item.partialImages);
      set('finalImage', item.hasFinalImage);
      set('outputFormat', str(body.mime_type));
      break;
    case 'inline_data':
      set('outputFormat', str(body.mime_type));
      break;
    case 'other_part':
      set('name', str(body.fields));
      break;
  }
  // A thoughtSignature is opaque: only its size is shown.
  const signature = num(body.thought_signature_length, 0);
  if (signature > 0) set('encryptedContentLength', signature);
  return facts;
}

/** The label above a streamed text: none for the answer, `[reasoning]`, `[function call get_weather]`, `[executable code PYTHON]`. */
const streamLabel = streamLabels({
  reasoning_text: 'reasoning',
  function_arguments: (item) => titled('function call', str(item.item.name)),
  code: (item) => titled('executable code', str(item.item.language)),
});

/** What never streamed as text prints when its item ends: a code result, the sources, a part respcat only names. */
function endBlocks(item: ItemState, printed: (kind: TextStreamKind) => boolean): ItemBlock[] {
  const body = item.item;
  const blocks: ItemBlock[] = [];
  switch (item.type) {
    case 'message':
      if (item.annotations.length > 0) blocks.push({ title: 'sources', text: item.annotations.map(describeSource).join('\n') });
      break;
    case 'function_call':
      if (!printed('function_arguments')) blocks.push({ title: titled('function call', str(body.name)), text: '' });
      break;
    case 'code_execution_result':
      blocks.push({ title: titled('code execution result', str(body.outcome)), text: str(body.output) ?? '' });
      break;
    case 'inline_data':
      blocks.push({ title: titled('inline data', str(body.mime_type)), text: `${num(body.data_length, 0)} base64 characters` });
      break;
    case 'other_part':
      blocks.push({ title: 'part', text: str(body.fields) ?? '' });
      break;
  }
  return blocks;
}

function titled(what: string, detail: string | null): string {
  return detail === null || detail === '' ? what : `${what} ${detail}`;
}

/** `- Paris - Wikipedia <https://…>`. */
function describeSource(annotation: JsonObject): string {
  const title = str(annotation.title);
  const url = str(annotation.url);
  return `- ${title ?? 'source'}${url !== null ? ` <${url}>` : ''}`;
}
