import type { Io } from '../terminal/io.js';

/**
 * replay's two outputs. Stream text is gathered while a chunk is handled and written once after it (one
 * write per chunk, never across reads). stdout and stderr on one terminal share a cursor, so there a
 * stderr line written while a line of text is open would split it: such lines wait until the text
 * reaches a line end, or the stream ends.
 */
export interface ReplayOutput {
  /** Adds stream text, written by the next `flush`. */
  text(text: string): void;
  /** Writes the gathered text; stderr lines that waited for a line end go out at the first one. */
  flush(): void;
  /** Writes stderr text made of whole lines (a message, a preview), after the gathered text; on a shared terminal it waits while a line of text is open. */
  err(text: string): void;
  /** Writes every stderr line still waiting (the text has ended, or stdout is gone). */
  release(): void;
  /** Whether a line of text is open on a terminal stderr shares: nothing else may draw there until it ends. */
  readonly lineOpen: boolean;
}

/** stderr text held while a line of text is open, at most: beyond it lines are only counted (a capture can hold any number of images). */
export const HELD_ERR_LIMIT = 1 << 20;

/** Creates replay's outputs; `beforeWrite` runs before anything is written (the spinner clears itself). */
export function createReplayOutput(io: Io, options: { readonly stdoutClosed: () => boolean; readonly beforeWrite: () => void }): ReplayOutput {
  const shared = io.stdout.isTTY === true && io.stderr.isTTY === true;
  let pending = '';
  let atLineStart = true;
  const held: string[] = [];
  let heldBytes = 0;
  let notHeld = 0;

  const writeOut = (text: string): void => {
    if (text === '') return;
    atLineStart = text.endsWith('\n');
    io.stdout.write(text);
  };
  const release = (): void => {
    if (held.length === 0 && notHeld === 0) return;
    options.beforeWrite();
    io.stderr.write(held.join(''));
    if (notHeld > 0) io.stderr.write(`respcat: ${notHeld} more stderr line${notHeld === 1 ? '' : 's'} not shown (held back while a line of text was open)\n`);
    held.length = 0;
    heldBytes = 0;
    notHeld = 0;
  };
  const lineOpen = (): boolean => shared && !atLineStart && !options.stdoutClosed();

  const flush = (): void => {
    if (pending === '' || options.stdoutClosed()) return;
    options.beforeWrite();
    const text = pending;
    pending = '';
    const lineEnd = held.length > 0 || notHeld > 0 ? text.indexOf('\n') : -1;
    if (lineEnd < 0) return writeOut(text);
    writeOut(text.slice(0, lineEnd + 1));
    release();
    writeOut(text.slice(lineEnd + 1));
  };

  return {
    text(text) {
      if (!options.stdoutClosed()) pending += text;
    },
    flush,
    err(text) {
      flush();
      if (!lineOpen()) {
        release();
        options.beforeWrite();
        io.stderr.write(text);
      } else if (heldBytes + text.length <= HELD_ERR_LIMIT) {
        held.push(text);
        heldBytes += text.length;
      } else {
        notHeld += text.split('\n').length - 1;
      }
    },
    release,
    get lineOpen() {
      return lineOpen();
    },
  };
}
