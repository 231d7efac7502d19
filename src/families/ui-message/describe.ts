import { partsValue, streamValue, type ItemState, type ResponseState, type TextStreamKind } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import type { ItemBlock, ItemDescriber, ItemFacts } from '../family.js';
import { factSetter, streamLabels } from '../describe-helpers.js';

const { str, num } = wire;

/** UI message stream parts, for replay and inspect: text, reasoning, tool calls and their results, sources, files, app data. */
export const uiMessageDescriber: ItemDescriber = {
  alternativeName: 'alternative',
  placeOf: (_response, item) => item.outputIndex,
  facts: describeFacts,
  label: (item, kind) => streamLabel(item, kind),
  endBlocks,
};

function describeFacts(_response: ResponseState, item: ItemState): ItemFacts {
  const body = item.item;
  const facts: ItemFacts = {};
  const set = factSetter(facts);
  switch (item.type) {
    case 'message':
      set('role', str(body.role));
      set('text', partsValue(item, 'output_text') ?? '');
      break;
    case 'reasoning':
      set('reasoningText', streamValue(item, 'reasoning_text') ?? '');
      break;
    case 'function_call':
      set('name', str(body.name));
      set('callId', str(body.call_id));
      set('arguments', streamValue(item, 'function_arguments') ?? '');
      set('error', str(body.error));
      break;
    case 'function_call_output':
      set('name', str(body.name));
      set('callId', str(body.call_id));
      set('output', str(body.output));
      set('error', str(body.error));
      break;
    case 'approval_request':
      set('name', str(body.name));
      set('callId', str(body.call_id));
      break;
    case 'source':
      set('name', str(body.title));
      set('url', str(body.url));
      set('mediaType', str(body.media_type));
      break;
    case 'file':
      set('mediaType', str(body.media_type));
      set('url', str(body.url));
      if (item.hasFinalImage) set('finalImage', true);
      break;
    case 'data':
      set('name', str(body.name));
      set('data', str(body.data));
      break;
  }
  return facts;
}

/** The label above a streamed text: none for the answer, `[reasoning]`, `[function call get_weather]`. */
const streamLabel = streamLabels({ reasoning_text: 'reasoning', function_arguments: (item) => titled('function call', item.item) });

/**
 * What prints when a part ends: a tool's result or error, a source, a file that is no written image. App data
 * (`data-*`) is never printed; a tool call's input that never streamed prints from `tool-input-available`.
 */
function endBlocks(item: ItemState, printed: (kind: TextStreamKind) => boolean): ItemBlock[] {
  const body = item.item;
  switch (item.type) {
    case 'function_call': {
      const error = str(body.error);
      if (error !== null) return [{ title: `${titled('tool input error', body)}`, text: error }];
      return printed('function_arguments') ? [] : [{ title: titled('function call', body), text: streamValue(item, 'function_arguments') ?? '' }];
    }
    case 'approval_request':
      return [{ title: titled('approval requested', body), text: `call ${str(body.call_id) ?? ''}` }];
    case 'function_call_output': {
      if (body.denied === true) return [{ title: titled('tool call denied', body), text: `call ${str(body.call_id) ?? ''}` }];
      const error = str(body.error);
      if (error !== null) return [{ title: titled('tool error', body), text: error }];
      return [{ title: titled('tool output', body), text: str(body.output) ?? '' }];
    }
    case 'source': {
      const lines = [str(body.title), str(body.url), [str(body.media_type), str(body.filename)].filter((p) => p !== null).join(' ')].filter((l): l is string => l !== null && l !== '');
      return [{ title: 'source', text: lines.join('\n') }];
    }
    case 'file': {
      if (item.hasFinalImage) return [];
      const url = str(body.url);
      const chars = num(body.data_url_chars, 0);
      return [{ title: `file${body.media_type !== undefined ? ` ${String(body.media_type)}` : ''}`, text: url ?? `(a data: URL of ${chars} characters)` }];
    }
    default:
      return [];
  }
}

/** `function call get_weather`. */
function titled(what: string, body: JsonObject): string {
  const name = str(body.name);
  return name === null ? what : `${what} ${name}`;
}
