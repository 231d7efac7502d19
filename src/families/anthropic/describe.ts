import { partsValue, streamValue, type ItemState, type TextStreamKind } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import type { ItemBlock, ItemDescriber, ItemFacts } from '../family.js';
import { callTitle, factSetter, setCallFacts, setMessageFacts, streamLabels } from '../describe-helpers.js';
import { inputStreamOf } from './accumulate.js';
import type { WebSearchHit } from './catalog.js';

const { str, num, obj } = wire;

/** Anthropic content blocks, for replay and inspect: the answer's text, thinking, tool calls and the server tools' results. */
export const anthropicDescriber: ItemDescriber = {
  alternativeName: 'alternative',
  placeOf: (_response, item) => item.outputIndex,
  facts: (_response, item) => describeFacts(item),
  label: (item, kind) => streamLabel(item, kind),
  endBlocks: (item, printed) => endBlocks(item, printed),
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
      if (body.type === 'redacted_thinking') set('encryptedContentLength', num(body.data_length, 0));
      else set('reasoningText', streamValue(item, 'reasoning_text') ?? '');
      break;
    case 'function_call':
    case 'server_tool_use':
    case 'mcp_tool_use':
      set('serverLabel', str(body.server_label));
      setCallFacts(set, item, callInput(item));
      break;
    case 'web_search_tool_result':
      set('callId', str(body.tool_use_id));
      set('results', hitsOf(body).length);
      set('error', str(body.error_code));
      break;
    case 'web_fetch_tool_result':
      set('callId', str(body.tool_use_id));
      set('output', str(body.url));
      set('error', str(body.error_code));
      break;
    case 'mcp_tool_result':
      set('callId', str(body.tool_use_id));
      set(body.is_error === true ? 'error' : 'output', str(body.text) ?? '');
      break;
  }
  return facts;
}

/** The label above a streamed text: none for the answer, `[thinking]`, `[tool use get_weather]`. */
const streamLabel = streamLabels({ reasoning_text: 'thinking', function_arguments: toolTitle, mcp_arguments: toolTitle });

/** What prints once a block ends: its sources, a call whose input never streamed, a tool's result or error. */
function endBlocks(item: ItemState, printed: (kind: TextStreamKind) => boolean): ItemBlock[] {
  const body = item.item;
  const blocks: ItemBlock[] = [];
  switch (item.type) {
    case 'message':
      if (item.annotations.length > 0) blocks.push({ title: 'sources', text: sourceLines(item.annotations) });
      break;
    case 'reasoning':
      if (body.type === 'redacted_thinking') blocks.push({ title: 'redacted thinking', text: '' });
      break;
    case 'function_call':
    case 'server_tool_use':
    case 'mcp_tool_use': {
      const kind = inputStreamOf(item.type);
      if (kind !== null && !printed(kind)) blocks.push({ title: toolTitle(item), text: callInput(item) });
      break;
    }
    case 'web_search_tool_result': {
      const error = str(body.error_code);
      if (error !== null) blocks.push({ title: 'web search error', text: error });
      else blocks.push({ title: 'web search results', text: hitsOf(body).map((hit) => `- ${hit.title ?? '(no title)'} <${hit.url ?? ''}>`).join('\n') });
      break;
    }
    case 'web_fetch_tool_result': {
      const error = str(body.error_code);
      if (error !== null) blocks.push({ title: 'web fetch error', text: error });
      else blocks.push({ title: 'web fetch result', text: `${str(body.title) ?? '(no title)'} <${str(body.url) ?? ''}>` });
      break;
    }
    case 'mcp_tool_result':
      blocks.push({ title: body.is_error === true ? 'mcp tool error' : 'mcp tool result', text: str(body.text) ?? '' });
      break;
  }
  return blocks;
}

/** `tool use get_weather`, `server tool use web_search`, `mcp tool use deepwiki/ask_question`. */
function toolTitle(item: ItemState): string {
  return callTitle(item.type === 'function_call' ? 'tool use' : item.type.replace(/_/g, ' '), item.item);
}

/** A call's input: its `input_json_delta`s joined, or the input its start gave whole (`{}` when neither). */
function callInput(item: ItemState): string {
  const kind = inputStreamOf(item.type);
  const streamed = kind === null ? null : streamValue(item, kind);
  return streamed !== null && streamed !== '' ? streamed : (str(item.item.input) ?? '{}');
}

/** Each source once, in order of first citation: `- title <url>` (a document citation names its document). */
function sourceLines(citations: readonly JsonObject[]): string {
  const lines = new Set<string>();
  for (const citation of citations) {
    const title = str(citation.title) ?? str(citation.document_title) ?? str(citation.type) ?? 'citation';
    const url = str(citation.url);
    const index = citation.document_index;
    const where = url !== null ? ` <${url}>` : typeof index === 'number' ? ` (document ${index})` : '';
    lines.add(`- ${title}${where}`);
  }
  return [...lines].join('\n');
}

function hitsOf(body: JsonObject): WebSearchHit[] {
  return Array.isArray(body.hits) ? body.hits.map((hit) => obj(hit) ?? {}).map((hit) => ({ title: str(hit.title), url: str(hit.url) })) : [];
}
