import type { Ora } from 'ora';
import type { Io } from './io.js';
import { isInteractive } from './tty.js';

/**
 * A "waiting for the stream" spinner on stderr that never touches printed text. ora draws from column 1
 * and clears what it drew line by line, so it may only start on a line of its own: where `mayDraw` says
 * the cursor is at the start of an empty line (before any text, or after a newline). A pause mid-line
 * shows no spinner rather than erase the partial line.
 */
export interface WaitIndicator {
  /** Shows the spinner after a short quiet period (cancelled by `stop`). */
  schedule(): void;
  /** Hides it now; call before writing anything. */
  stop(): void;
}

const QUIET_PERIOD_MS = 250;

/** Creates the spinner, or a no-op where it does not belong (pipes, CI, `--quiet`, a 0-column terminal). */
export function createWaitIndicator(io: Io, enabled: boolean, mayDraw: () => boolean = () => true, text = 'waiting for the stream'): WaitIndicator {
  // ora 9 loops forever on a 0-column pseudo-terminal: only start where the terminal reports a width.
  const columns = io.stderr.columns ?? 0;
  if (!enabled || !isInteractive(io.stderr, io.env) || columns <= 0) return { schedule() {}, stop() {} };
  // ora takes ~40 ms to load: only where a spinner can show, and off the start-up path (it is ready
  // long before the quiet period ends; if not, this wait simply shows no spinner).
  let ora: typeof import('ora').default | null = null;
  void import('ora').then((module) => {
    ora = module.default;
  });
  let spinner: Ora | null = null;
  let timer: NodeJS.Timeout | null = null;
  return {
    schedule() {
      if (timer !== null || spinner !== null) return;
      timer = setTimeout(() => {
        timer = null;
        if (ora === null || !mayDraw()) return;
        // respcat already decided the spinner belongs here (io.env, not process.env, is the truth in tests).
        spinner = ora({ text, stream: io.stderr, discardStdin: false, hideCursor: true, isEnabled: true }).start();
      }, QUIET_PERIOD_MS);
      timer.unref();
    },
    stop() {
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      if (spinner !== null) {
        spinner.stop();
        spinner = null;
      }
    },
  };
}
