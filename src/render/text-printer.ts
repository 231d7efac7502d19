import type { Update } from '../core/accumulator.js';
import { wire, type JsonObject } from '../core/events.js';
import type { ItemState, ResponseState, TextStreamState } from '../core/model.js';
import { escapeControls } from './terminal-safe.js';

/** How the printer writes: `write` gets stream text, `label` styles a block label (identity in a pipe). */
export interface TextPrinterOptions {
  readonly write: (text: string) => void;
  readonly label?: (text: string) => string;
  /** Escape control characters from the stream (on a terminal, unless `--raw`). */
  readonly escape?: boolean;
}

/** Prints a stream as it goes: message text plain, every other kind as a short labelled block (SPEC §3). */
export interface TextPrinter {
  onUpdate(update: Update): void;
  /** Ends the output with one newline unless it already ends in one. */
  finish(): void;
  /** Ends the current line if text is open (before a stderr line on a shared terminal). */
  breakLine(): void;
}

const { str, obj } = wire;

/** Creates a printer; it writes synchronously from `onUpdate`, so text is out before the next read. */
export function createTextPrinter(options: TextPrinterOptions): TextPrinter {
  const label = options.label ?? ((text: string) => text);
  const clean = options.escape === true ? escapeControls : (text: string) => text;
  let wrote = false;
  let atLineStart = true;
  /** What is being written now: a message's text, or a labelled block. */
  let section: string | null = null;
  /** Items that had a labelled block printed, so `item-done` does not print them again. */
  const printed = new Set<ItemState>();

  function out(text: string): void {
    if (text.length === 0) return;
    options.write(text);
    wrote = true;
    atLineStart = text.endsWith('\n');
  }

  function freshLine(): void {
    if (wrote && !atLineStart) out('\n');
  }

  function enter(key: string, heading: string | null): void {
    if (section === key) return;
    freshLine();
    section = key;
    if (heading !== null) out(`${label(`[${heading}]`)}\n`);
  }

  function choiceLabel(response: ResponseState, item: ItemState): string {
    return response.family === 'chat' && response.choices.size > 1 && item.choiceIndex !== null ? `choice ${item.choiceIndex} ` : '';
  }

  function heading(response: ResponseState, item: ItemState, stream: TextStreamState): string | null {
    const name = str(item.item.name);
    const choice = choiceLabel(response, item);
    switch (stream.kind) {
      case 'output_text':
        return item.type === 'message' ? (choice === '' ? null : choice.trim()) : `${item.type} text`;
      case 'refusal':
        return `${choice}refusal`;
      case 'reasoning_summary':
        return 'reasoning summary';
      case 'reasoning_text':
        return 'reasoning';
      case 'function_arguments':
        return `${choice}function call${name !== null ? ` ${name}` : ''}`;
      case 'custom_tool_input':
        return `custom tool call${name !== null ? ` ${name}` : ''}`;
      case 'mcp_arguments': {
        const server = str(item.item.server_label);
        return `mcp call${name !== null ? ` ${server !== null ? `${server}/` : ''}${name}` : ''}`;
      }
      case 'code':
        return 'code interpreter';
      case 'audio_transcript':
        return 'audio transcript';
      case 'apply_patch_diff':
        return 'apply patch';
    }
  }

  function onDelta(response: ResponseState, item: ItemState, stream: TextStreamState, delta: string): void {
    const title = heading(response, item, stream);
    enter(`${response.index}:${item.outputIndex}:${title === null ? 'text' : stream.kind}:${stream.kind === 'output_text' ? 0 : stream.index}`, title);
    if (title !== null) printed.add(item);
    out(clean(delta));
  }

  /** Items whose content arrives whole in `output_item.done` (searches, calls without deltas). */
  function onItemDone(response: ResponseState, item: ItemState): void {
    const body = item.item;
    const key = `${response.index}:${item.outputIndex}:done`;
    const block = (title: string, text: string): void => {
      enter(key, title);
      out(clean(text));
      freshLine();
    };
    switch (item.type) {
      case 'web_search_call': {
        const action = obj(body.action);
        const query = str(action?.query) ?? (Array.isArray(action?.queries) ? action.queries.join('; ') : null);
        const url = str(action?.url);
        const what = query ?? (url !== null ? `${str(action?.type) ?? 'open'} ${url}` : (str(action?.type) ?? ''));
        block('web search', what);
        return;
      }
      case 'file_search_call': {
        const queries = Array.isArray(body.queries) ? body.queries.filter((q): q is string => typeof q === 'string') : [];
        block('file search', queries.join('; '));
        return;
      }
      case 'mcp_list_tools': {
        const tools = Array.isArray(body.tools) ? body.tools : [];
        const names = tools.map((t) => str(obj(t)?.name)).filter((n): n is string => n !== null);
        block(`mcp tools${str(body.server_label) !== null ? ` ${str(body.server_label)}` : ''}`, names.join(', '));
        return;
      }
      case 'function_call':
      case 'custom_tool_call':
      case 'mcp_call': {
        if (printed.has(item)) break;
        const name = str(body.name) ?? '';
        const args = str(body.arguments) ?? str(body.input) ?? '';
        block(`${item.type.replace(/_/g, ' ')} ${name}`.trim(), args);
        return;
      }
      case 'code_interpreter_call': {
        if (printed.has(item)) break;
        const code = str(body.code);
        if (code !== null) block('code interpreter', code);
        return;
      }
      case 'message':
        if (item.annotations.length > 0) block('sources', item.annotations.map(describeAnnotation).join('\n'));
        return;
    }
    if (printed.has(item)) freshLine();
  }

  return {
    onUpdate(update) {
      switch (update.kind) {
        case 'delta':
          onDelta(update.response, update.item, update.stream, update.delta);
          return;
        case 'item-done':
          onItemDone(update.response, update.item);
          return;
        case 'response-end':
          // A chat choice whose message was only whitespace-free refusal etc. still ends its line.
          return;
        default:
          return;
      }
    },
    finish() {
      freshLine();
    },
    breakLine() {
      freshLine();
    },
  };
}

function describeAnnotation(annotation: JsonObject): string {
  const type = str(annotation.type) ?? 'annotation';
  const title = str(annotation.title) ?? str(annotation.filename);
  const where = str(annotation.url) ?? str(annotation.file_id) ?? '';
  return `- ${type}${title !== null ? `: ${title}` : ''}${where !== '' ? ` <${where}>` : ''}`;
}
