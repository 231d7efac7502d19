import type { Update } from '../core/accumulator.js';
import { wire, type JsonObject, type TextStreamKind } from '../core/events.js';
import { itemsInOrder, partsValue, type ItemState, type ResponseState, type TextStreamState } from '../core/model.js';
import { escapeControls, escapeLine } from './terminal-safe.js';

/** How the printer writes: `write` gets stream text, `label` styles a block label (identity in a pipe). */
export interface TextPrinterOptions {
  readonly write: (text: string) => void;
  readonly label?: (text: string) => string;
  /** Escape control characters from the stream (on a terminal, unless `--raw`). */
  readonly escape?: boolean;
}

/**
 * Prints a stream as it goes: message text plain, every other kind as a short labelled block (docs/spec.md §3):
 * `[label]` on its own line, then the block's text. Plain text that follows a block starts after a blank line.
 * A chat stream with several choices prints its first choice live, exactly as a one-choice stream; each other
 * choice is held and printed whole as `[choice N]` blocks once it and the first choice have finished (or the
 * response ends), so interleaved deltas never cut one answer into pieces.
 */
export interface TextPrinter {
  onUpdate(update: Update): void;
  /** Ends the output with one newline unless it already ends in one. */
  finish(): void;
}

const { str, obj } = wire;

/** Streams whose parts make one block, and what goes between two parts (after the line is ended). */
const PART_SEPARATORS: Partial<Record<TextStreamKind, string>> = {
  reasoning_summary: '\n',
  reasoning_text: '\n',
  shell_command: '',
  shell_output: '',
};

/** What a held chat choice streamed, in arrival order, one piece per stream. */
interface HeldChoice {
  readonly pieces: { readonly item: ItemState; readonly stream: TextStreamState; text: string }[];
  finished: boolean;
  printed: boolean;
}

/** Per chat response: the choice printed live, whether it has finished, and the choices held back. */
interface ChatChoices {
  readonly live: number;
  liveDone: boolean;
  readonly held: Map<number, HeldChoice>;
}

/** Creates a printer; it writes synchronously from `onUpdate`, so text is out before the next read. */
export function createTextPrinter(options: TextPrinterOptions): TextPrinter {
  const label = options.label ?? ((text: string) => text);
  const clean = options.escape === true ? escapeControls : (text: string) => text;
  // Every heading passes here: tool, server and file names from the stream stay inside their one line.
  const cleanHeading = options.escape === true ? escapeLine : (text: string) => text;
  let wrote = false;
  let atLineStart = true;
  /** What is being written now: a message's text, or a labelled block. */
  let section: string | null = null;
  let inBlock = false;
  /** The index of the part being printed in the current section, and its stream while nothing else was printed. */
  let partIndex = 0;
  let lastStream: TextStreamState | null = null;
  /** Per item, the kinds of text already printed, so `stream-done` and `item-done` do not print them again. */
  const printed = new Map<ItemState, Set<TextStreamKind | 'item'>>();

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
    lastStream = null;
    if (section === key) return;
    freshLine();
    // A blank line tells plain text apart from the block before it.
    if (heading === null && inBlock) out('\n');
    section = key;
    inBlock = heading !== null;
    if (heading !== null) out(`${label(`[${cleanHeading(heading)}]`)}\n`);
  }

  function mark(item: ItemState, kind: TextStreamKind | 'item'): void {
    let kinds = printed.get(item);
    if (kinds === undefined) printed.set(item, (kinds = new Set()));
    kinds.add(kind);
  }

  function hasPrinted(item: ItemState, kind: TextStreamKind | 'item'): boolean {
    return printed.get(item)?.has(kind) === true;
  }

  const chats = new Map<ResponseState, ChatChoices>();

  /** A chat response's choices as printed; the live one is the first to appear (`choices` keeps that order). */
  function chatChoices(response: ResponseState): ChatChoices {
    let state = chats.get(response);
    if (state === undefined) {
      const [first = 0] = response.choices.keys();
      chats.set(response, (state = { live: first, liveDone: false, held: new Map() }));
    }
    return state;
  }

  /** The held record of an item's choice, or null when the item prints as it comes (not chat, the live choice, or already printed). */
  function heldChoice(response: ResponseState, item: ItemState): HeldChoice | null {
    if (response.family !== 'chat' || item.choiceIndex === null) return null;
    const state = chatChoices(response);
    if (item.choiceIndex === state.live) return null;
    let held = state.held.get(item.choiceIndex);
    if (held === undefined) state.held.set(item.choiceIndex, (held = { pieces: [], finished: false, printed: false }));
    return held.printed ? null : held;
  }

  function hold(held: HeldChoice, item: ItemState, stream: TextStreamState, text: string): void {
    const piece = held.pieces.find((p) => p.stream === stream);
    if (piece !== undefined) piece.text += text;
    else held.pieces.push({ item, stream, text });
  }

  /** Prints a held choice whole: its streamed pieces as labelled blocks, then whatever its items hold unstreamed. */
  function release(response: ResponseState, choice: number, held: HeldChoice): void {
    if (held.printed) return;
    held.printed = true;
    for (const piece of held.pieces) print(response, piece.item, piece.stream, piece.text);
    // Printed: the held copy of the text is not needed any more.
    held.pieces.length = 0;
    for (const item of itemsInOrder(response)) if (item.choiceIndex === choice) onItemDone(response, item);
    freshLine();
  }

  /** Releases the held choices that may print now (all of them once the response has ended), lowest index first. */
  function releaseChoices(response: ResponseState, all: boolean): void {
    const state = chats.get(response);
    if (state === undefined || (!all && !state.liveDone)) return;
    const ready = [...state.held].filter(([, held]) => all || held.finished).sort((a, b) => a[0] - b[0]);
    for (const [choice, held] of ready) release(response, choice, held);
  }

  function onChoiceDone(response: ResponseState, choice: number): void {
    const state = chatChoices(response);
    if (choice === state.live) state.liveDone = true;
    else {
      const held = state.held.get(choice);
      if (held !== undefined) held.finished = true;
      else state.held.set(choice, { pieces: [], finished: true, printed: false });
    }
    releaseChoices(response, false);
  }

  /** `choice N ` before the labels of a chat choice that is not the one printed live. */
  function choiceLabel(response: ResponseState, item: ItemState): string {
    if (response.family !== 'chat' || item.choiceIndex === null || item.choiceIndex === chatChoices(response).live) return '';
    return `choice ${item.choiceIndex} `;
  }

  function heading(response: ResponseState, item: ItemState, kind: TextStreamKind): string | null {
    const body = item.item;
    const choice = choiceLabel(response, item);
    switch (kind) {
      case 'output_text':
        return item.type === 'message' ? (choice === '' ? null : choice.trim()) : `${item.type.replace(/_/g, ' ')} text`;
      case 'refusal':
        return `${choice}refusal`;
      case 'reasoning_summary':
        return 'reasoning summary';
      case 'reasoning_text':
        return 'reasoning';
      case 'function_arguments':
        return `${choice}${callTitle('function call', body)}`;
      case 'custom_tool_input':
        return `${choice}${callTitle('custom tool call', body)}`;
      case 'mcp_arguments':
        return callTitle('mcp call', body);
      case 'code':
        return 'code interpreter';
      case 'audio_transcript':
        return 'audio transcript';
      case 'apply_patch_diff':
        return patchTitle(body);
      case 'shell_command':
        return 'shell';
      case 'shell_output':
        return 'shell output';
    }
  }

  function print(response: ResponseState, item: ItemState, stream: TextStreamState, text: string): void {
    // The common case, delta after delta of one stream: straight out.
    if (stream === lastStream) {
      out(clean(text));
      return;
    }
    const title = heading(response, item, stream.kind);
    // One message's parts run on as one text; the parts of a summary or shell call make one block, a line apart.
    const separator = title === null ? null : PART_SEPARATORS[stream.kind];
    const part = title === null || separator !== undefined ? 0 : stream.index;
    const key = `${response.index}:${item.outputIndex}:${title === null ? 'text' : stream.kind}:${part}`;
    if (section === key && separator !== undefined && separator !== null && partIndex !== stream.index) {
      freshLine();
      out(separator);
    }
    enter(key, title);
    partIndex = stream.index;
    mark(item, stream.kind);
    lastStream = stream;
    out(clean(text));
  }

  /** A labelled block printed whole (content that arrives in `output_item.done` or the terminal response). */
  function block(response: ResponseState, item: ItemState, title: string, text: string): void {
    enter(`${response.index}:${item.outputIndex}:item`, title);
    mark(item, 'item');
    out(clean(text));
    freshLine();
  }

  /** Text that was never streamed (final values only, items known only whole): printed once the item ends. */
  function unstreamed(response: ResponseState, item: ItemState, kind: TextStreamKind, title: string | null, separator = ''): void {
    if (hasPrinted(item, kind)) return;
    const text = partsValue(item, kind, separator);
    if (text === null || text === '') return;
    if (title === null) {
      enter(`${response.index}:${item.outputIndex}:text:0`, null);
      mark(item, kind);
      out(clean(text));
    } else block(response, item, title, text);
  }

  function onItemDone(response: ResponseState, item: ItemState): void {
    const body = item.item;
    switch (item.type) {
      case 'message':
        unstreamed(response, item, 'output_text', heading(response, item, 'output_text'));
        unstreamed(response, item, 'refusal', heading(response, item, 'refusal'));
        if (item.annotations.length > 0) block(response, item, 'sources', item.annotations.map(describeAnnotation).join('\n'));
        break;
      case 'reasoning':
        unstreamed(response, item, 'reasoning_summary', 'reasoning summary', '\n\n');
        unstreamed(response, item, 'reasoning_text', 'reasoning', '\n\n');
        break;
      case 'web_search_call': {
        const what = describeWebSearch(body);
        if (what !== null) block(response, item, 'web search', what);
        break;
      }
      case 'file_search_call': {
        const queries = strings(body.queries);
        if (queries.length > 0) block(response, item, 'file search', queries.join('\n'));
        break;
      }
      case 'mcp_list_tools': {
        const tools = Array.isArray(body.tools) ? body.tools : [];
        const names = tools.map((t) => str(obj(t)?.name)).filter((n): n is string => n !== null);
        block(response, item, `mcp tools${serverOf(body)}`, names.join(', '));
        break;
      }
      case 'function_call':
      case 'custom_tool_call':
      case 'mcp_call':
      case 'mcp_approval_request': {
        const kind = item.type === 'custom_tool_call' ? 'custom_tool_input' : item.type === 'function_call' ? 'function_arguments' : 'mcp_arguments';
        if (hasPrinted(item, kind)) break;
        const args = str(body.arguments) ?? str(body.input) ?? '';
        const title = item.type === 'mcp_approval_request' ? 'mcp approval request' : item.type.replace(/_/g, ' ');
        block(response, item, `${choiceLabel(response, item)}${callTitle(title, body)}`, args);
        break;
      }
      case 'code_interpreter_call': {
        const code = str(body.code);
        if (!hasPrinted(item, 'code') && code !== null && code !== '') block(response, item, 'code interpreter', code);
        break;
      }
      case 'shell_call':
      case 'local_shell_call': {
        const action = obj(body.action);
        const commands = strings(action?.commands);
        const command = strings(action?.command);
        const text = commands.length > 0 ? commands.join('\n') : command.join(' ');
        if (!hasPrinted(item, 'shell_command') && text !== '') block(response, item, 'shell', text);
        break;
      }
      case 'shell_call_output': {
        if (hasPrinted(item, 'shell_output')) break;
        const outputs = Array.isArray(body.output) ? body.output.map((o) => obj(o) ?? {}) : [];
        const text = outputs.map((o) => (str(o.stdout) ?? '') + (str(o.stderr) ?? '')).join('');
        if (text !== '') block(response, item, 'shell output', text);
        break;
      }
      case 'apply_patch_call': {
        const diff = str(obj(body.operation)?.diff);
        if (!hasPrinted(item, 'apply_patch_diff')) block(response, item, patchTitle(body), diff ?? '');
        break;
      }
      case 'computer_call': {
        const action = obj(body.action);
        block(response, item, 'computer call', str(action?.type) ?? '');
        break;
      }
    }
    // A streamed block ends with its item (plain text runs on until something else is printed).
    if (printed.has(item) && inBlock) freshLine();
  }

  return {
    onUpdate(update) {
      switch (update.kind) {
        case 'delta': {
          const held = heldChoice(update.response, update.item);
          if (held !== null) hold(held, update.item, update.stream, update.delta);
          else print(update.response, update.item, update.stream, update.delta);
          return;
        }
        case 'stream-done': {
          // Some servers send only final values: a `.done` no delta preceded prints its whole text.
          const { stream } = update;
          if (stream.deltas === 0 && stream.final !== null && stream.final !== '' && !hasPrinted(update.item, stream.kind)) {
            print(update.response, update.item, stream, stream.final);
          }
          return;
        }
        case 'item-done':
          // A held choice's items are printed when the choice is released.
          if (heldChoice(update.response, update.item) === null) onItemDone(update.response, update.item);
          return;
        case 'choice-done':
          onChoiceDone(update.response, update.choice);
          return;
        case 'response-end':
          // Whatever is still held (a choice cut off, or a stream without finish_reason) is printed now, not lost.
          if (update.response.family === 'chat') releaseChoices(update.response, true);
          return;
        default:
          return;
      }
    },
    finish() {
      freshLine();
    },
  };
}

/** `function call get_weather`, `mcp call deepwiki/ask_question`. */
function callTitle(what: string, body: JsonObject): string {
  const name = str(body.name);
  if (name === null) return what;
  const server = str(body.server_label);
  return `${what} ${server !== null ? `${server}/` : ''}${name}`;
}

/** `apply patch update_file notes.md`. */
function patchTitle(body: JsonObject): string {
  const operation = obj(body.operation);
  const parts = ['apply patch', str(operation?.type), str(operation?.path)].filter((p): p is string => p !== null);
  return parts.join(' ');
}

function serverOf(body: JsonObject): string {
  const server = str(body.server_label);
  return server !== null ? ` ${server}` : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A web search's action in a line or a few: its queries, the page it opened, or what it looked for in a page. */
export function describeWebSearch(body: JsonObject): string | null {
  const action = obj(body.action);
  if (action === null) return null;
  const url = str(action.url);
  switch (action.type) {
    case 'open_page':
      return `open ${url ?? '(no url)'}`;
    case 'find_in_page':
    case 'find':
      return `find ${JSON.stringify(str(action.pattern) ?? '')} in ${url ?? '(no url)'}`;
    default: {
      // `query` is deprecated but still sent; newer captures list `queries` (which repeat it).
      const queries = strings(action.queries);
      const query = str(action.query);
      const all = queries.length > 0 ? queries : query !== null ? [query] : [];
      return all.length > 0 ? all.join('\n') : (str(action.type) ?? null);
    }
  }
}

function describeAnnotation(annotation: JsonObject): string {
  const type = str(annotation.type) ?? 'annotation';
  const title = str(annotation.title) ?? str(annotation.filename);
  const where = str(annotation.url) ?? str(annotation.file_id) ?? '';
  return `- ${type}${title !== null ? `: ${title}` : ''}${where !== '' ? ` <${where}>` : ''}`;
}
