import type { ItemState, TextStreamKind } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';

const { str, obj } = wire;

/** The item type each text stream belongs to. */
export const STREAM_ITEM_TYPES: Readonly<Record<TextStreamKind, string>> = {
  output_text: 'message',
  refusal: 'message',
  function_arguments: 'function_call',
  custom_tool_input: 'custom_tool_call',
  mcp_arguments: 'mcp_call',
  reasoning_summary: 'reasoning',
  reasoning_text: 'reasoning',
  code: 'code_interpreter_call',
  audio_transcript: 'audio',
  apply_patch_diff: 'apply_patch_call',
  shell_command: 'shell_call',
  shell_output: 'shell_call_output',
};

/** Takes over an item object; a final copy (`output_item.done`, the terminal response) also decides the status, absent or not. */
export function adoptItem(item: ItemState, source: JsonObject, final = false): void {
  const id = str(source.id);
  if (id !== null) item.id = id;
  const type = str(source.type);
  if (type !== null) item.type = type;
  const status = str(source.status);
  if (status !== null || final) item.status = status;
  item.item = withoutResult(source);
}

/**
 * A finished message keeps its parts' text once: a part's `text` equal to the text its deltas streamed
 * becomes that same string (the value is unchanged; a long answer is otherwise held twice more).
 */
export function shareStreamedText(item: ItemState): void {
  const content = item.item.content;
  if (!Array.isArray(content)) return;
  content.forEach((entry, index) => {
    const part = obj(entry) as { text?: unknown } | null;
    const stream = item.streams.get(`output_text:${index}`);
    if (part === null || stream === undefined || typeof part.text !== 'string' || part.text.length < 1024) return;
    if (part.text === stream.text) part.text = stream.text;
  });
}

/** The stream a content part is streamed as (`output_text`, `refusal`, `reasoning_text`), or null for other parts. */
export function partKind(part: JsonObject): TextStreamKind | null {
  switch (part.type) {
    case 'output_text':
      return 'output_text';
    case 'refusal':
      return 'refusal';
    case 'reasoning_text':
      return 'reasoning_text';
    default:
      return null;
  }
}

/** How many bytes a base64 string stands for (without decoding it). */
export function base64Bytes(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - padding);
}

/** The item without its `result`, which is never read here (it may be decoded on first read: deferResults). */
function withoutResult(item: JsonObject): JsonObject {
  if (!Object.hasOwn(item, 'result')) return item;
  const rest: JsonObject = {};
  for (const key of Object.keys(item)) {
    // Defined, not assigned: a `__proto__` key is an own data property, as in the original.
    if (key !== 'result') Object.defineProperty(rest, key, { value: item[key], writable: true, enumerable: true, configurable: true });
  }
  return rest;
}
