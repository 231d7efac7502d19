import type { Update } from '../core/builder.js';
import { itemsInOrder, type ItemState, type ResponseState, type TextStreamKind, type TextStreamState } from '../core/model.js';
import { familyNamed, type ItemDescriber } from '../families/index.js';
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
 * A response with several alternatives (chat choices) prints its first alternative live, exactly as a response
 * with one answer; each other alternative is held and printed whole as `[choice N]` blocks once it and the first
 * have finished (or the response ends), so interleaved deltas never cut one answer into pieces. What each item
 * kind is called and what it prints at its end, its family's describer says.
 */
export interface TextPrinter {
  onUpdate(update: Update): void;
  /** Ends the output with one newline unless it already ends in one. */
  finish(): void;
}

/** Streams whose parts make one block, and what goes between two parts (after the line is ended). */
const PART_SEPARATORS: Partial<Record<TextStreamKind, string>> = {
  reasoning_summary: '\n',
  reasoning_text: '\n',
  shell_command: '',
  shell_output: '',
};

/** For a response of a family respcat does not have: streams labelled by their kind, nothing at an item's end. */
const FALLBACK_DESCRIBER: Pick<ItemDescriber, 'alternativeName' | 'label' | 'endBlocks'> = {
  alternativeName: 'alternative',
  label: (_item, kind) => kind.replace(/_/g, ' '),
  endBlocks: () => [],
};

/** What a held alternative streamed, in arrival order, one piece per stream. */
interface HeldAlternative {
  readonly pieces: { readonly item: ItemState; readonly stream: TextStreamState; text: string }[];
  finished: boolean;
  printed: boolean;
}

/** Per response with alternatives: the one printed live, whether it has finished, and those held back. */
interface Alternatives {
  readonly live: number;
  liveDone: boolean;
  readonly held: Map<number, HeldAlternative>;
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

  function describerOf(response: ResponseState): Pick<ItemDescriber, 'alternativeName' | 'label' | 'endBlocks'> {
    return familyNamed(response.family)?.describer ?? FALLBACK_DESCRIBER;
  }

  /** A section key per item (alternatives' items share places). */
  function keyOf(response: ResponseState, item: ItemState): string {
    return `${response.index}:${item.alternative ?? '-'}:${item.outputIndex}`;
  }

  const alternatives = new Map<ResponseState, Alternatives>();

  /** A response's alternatives as printed; the live one is the first to appear (`alternatives` keeps that order). */
  function alternativesOf(response: ResponseState): Alternatives {
    let state = alternatives.get(response);
    if (state === undefined) {
      const [first = 0] = response.alternatives.keys();
      alternatives.set(response, (state = { live: first, liveDone: false, held: new Map() }));
    }
    return state;
  }

  /** The held record of an item's alternative, or null when the item prints as it comes (one answer, the live alternative, or already printed). */
  function heldAlternative(response: ResponseState, item: ItemState): HeldAlternative | null {
    if (item.alternative === null) return null;
    const state = alternativesOf(response);
    if (item.alternative === state.live) return null;
    let held = state.held.get(item.alternative);
    if (held === undefined) state.held.set(item.alternative, (held = { pieces: [], finished: false, printed: false }));
    return held.printed ? null : held;
  }

  function hold(held: HeldAlternative, item: ItemState, stream: TextStreamState, text: string): void {
    const piece = held.pieces.find((p) => p.stream === stream);
    if (piece !== undefined) piece.text += text;
    else held.pieces.push({ item, stream, text });
  }

  /** Prints a held alternative whole: its streamed pieces as labelled blocks, then whatever its items hold unstreamed. */
  function release(response: ResponseState, alternative: number, held: HeldAlternative): void {
    if (held.printed) return;
    held.printed = true;
    for (const piece of held.pieces) print(response, piece.item, piece.stream, piece.text);
    // Printed: the held copy of the text is not needed any more.
    held.pieces.length = 0;
    for (const item of itemsInOrder(response)) if (item.alternative === alternative) onItemDone(response, item);
    freshLine();
  }

  /** Releases the held alternatives that may print now (all of them once the response has ended), lowest index first. */
  function releaseAlternatives(response: ResponseState, all: boolean): void {
    const state = alternatives.get(response);
    if (state === undefined || (!all && !state.liveDone)) return;
    const ready = [...state.held].filter(([, held]) => all || held.finished).sort((a, b) => a[0] - b[0]);
    for (const [alternative, held] of ready) release(response, alternative, held);
  }

  function onAlternativeDone(response: ResponseState, alternative: number): void {
    const state = alternativesOf(response);
    if (alternative === state.live) state.liveDone = true;
    else {
      const held = state.held.get(alternative);
      if (held !== undefined) held.finished = true;
      else state.held.set(alternative, { pieces: [], finished: true, printed: false });
    }
    releaseAlternatives(response, false);
  }

  /** A label with `choice N` before it, for an item of an alternative that is not the one printed live. */
  function withAlternative(response: ResponseState, item: ItemState, title: string | null): string | null {
    if (item.alternative === null || item.alternative === alternativesOf(response).live) return title;
    const name = `${describerOf(response).alternativeName} ${item.alternative}`;
    return title === null ? name : `${name} ${title}`;
  }

  function heading(response: ResponseState, item: ItemState, kind: TextStreamKind): string | null {
    return withAlternative(response, item, describerOf(response).label(item, kind));
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
    const key = `${keyOf(response, item)}:${title === null ? 'text' : stream.kind}:${part}`;
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

  /** What the item holds that did not stream, printed once it ends: plain answer text, or labelled blocks. */
  function onItemDone(response: ResponseState, item: ItemState): void {
    for (const block of describerOf(response).endBlocks(item, (kind) => hasPrinted(item, kind))) {
      const title = withAlternative(response, item, block.title);
      if (title === null) {
        enter(`${keyOf(response, item)}:text:0`, null);
        if (block.stream !== undefined) mark(item, block.stream);
        out(clean(block.text));
      } else {
        enter(`${keyOf(response, item)}:item`, title);
        mark(item, 'item');
        out(clean(block.text));
        freshLine();
      }
    }
    // A streamed block ends with its item (plain text runs on until something else is printed).
    if (printed.has(item) && inBlock) freshLine();
  }

  return {
    onUpdate(update) {
      switch (update.kind) {
        case 'delta': {
          const held = heldAlternative(update.response, update.item);
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
          // A held alternative's items are printed when it is released.
          if (heldAlternative(update.response, update.item) === null) onItemDone(update.response, update.item);
          return;
        case 'alternative-done':
          onAlternativeDone(update.response, update.alternative);
          return;
        case 'response-end':
          // Whatever is still held (an alternative cut off, or a stream without finish reasons) is printed now, not lost.
          releaseAlternatives(update.response, true);
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
