import type { Io } from '../terminal/io.js';
import { EXIT } from './errors.js';

/** Why a command should stop reading early, and the signal that tells its reader. */
export interface StopControl {
  /** Aborted on Ctrl-C, SIGTERM or when stdout is closed (`| head`). */
  readonly signal: AbortSignal;
  /** stdout was closed by its reader: end quietly and successfully. */
  readonly stdoutClosed: () => boolean;
  /**
   * Runs `cleanup` on a forced stop (a second Ctrl-C or SIGTERM), after which the process exits at once:
   * it must undo synchronously what would be left half done (temporary files).
   */
  onForcedStop(cleanup: () => void): void;
  /** Detaches the listeners (call once the input is read). */
  dispose(): void;
}

/** Watches Ctrl-C and SIGTERM (`io.signal`, `io.forcedStop`) and a closed stdout (EPIPE) for one command run. */
export function createStopControl(io: Io): StopControl {
  const stop = new AbortController();
  let closed = false;
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      stop.abort();
    }
  };
  const onInterrupt = (): void => stop.abort();
  const cleanups: (() => void)[] = [];
  io.stdout.on('error', onStdoutError);
  if (io.signal?.aborted === true) stop.abort();
  io.signal?.addEventListener('abort', onInterrupt, { once: true });
  return {
    signal: stop.signal,
    stdoutClosed: () => closed,
    onForcedStop(cleanup) {
      if (io.forcedStop === undefined) return;
      if (io.forcedStop.aborted) return cleanup();
      io.forcedStop.addEventListener('abort', cleanup, { once: true });
      cleanups.push(cleanup);
    },
    dispose() {
      io.stdout.off('error', onStdoutError);
      io.signal?.removeEventListener('abort', onInterrupt);
      for (const cleanup of cleanups.splice(0)) io.forcedStop?.removeEventListener('abort', cleanup);
    },
  };
}

/** The signals that stop respcat, and the exit code of each (128 + its number, as a shell reports it). */
export const STOP_SIGNALS = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * The exit code of a command that returned `code`: a command stopped by SIGTERM returns 130 like one
 * stopped by Ctrl-C (one stop path); the signal's reason (`SIGTERM`) makes it 143.
 */
export function stoppedExitCode(code: number, signal: AbortSignal | undefined): number {
  return code === EXIT.interrupted && signal?.aborted === true && signal.reason === 'SIGTERM' ? EXIT.terminated : code;
}

/** What bin/respcat.js hands main: aborted on the first stop signal, and on a second one. */
export interface ProcessStop {
  /** Aborted on the first SIGINT or SIGTERM, with the signal's name as its reason: commands stop cleanly. */
  readonly signal: AbortSignal;
  /** Aborted on a second one: its listeners clean up synchronously, then the process exits at once. */
  readonly forcedStop: AbortSignal;
}

/**
 * Listens for SIGINT and SIGTERM for the whole run. The first asks the command to stop (it keeps finished
 * files, writes its summary and returns 130 or 143); a second one, when the stop takes too long for
 * the user, runs the forced-stop cleanups and exits at once with the code of that second signal.
 */
export function watchStopSignals(proc: Pick<NodeJS.Process, 'on' | 'exit'>): ProcessStop {
  const first = new AbortController();
  const forced = new AbortController();
  for (const name of Object.keys(STOP_SIGNALS) as StopSignal[]) {
    proc.on(name, () => {
      if (!first.signal.aborted) return first.abort(name);
      forced.abort(name);
      // Nothing can wait any longer: this is the one place respcat ends the process itself.
      proc.exit(STOP_SIGNALS[name]);
    });
  }
  return { signal: first.signal, forcedStop: forced.signal };
}
