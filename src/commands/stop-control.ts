import type { Io } from '../terminal/io.js';

/** Why a command should stop reading early, and the signal that tells its reader. */
export interface StopControl {
  /** Aborted on Ctrl-C or when stdout is closed (`| head`). */
  readonly signal: AbortSignal;
  /** stdout was closed by its reader: end quietly and successfully. */
  readonly stdoutClosed: () => boolean;
  /** Detaches the listeners (call once the input is read). */
  dispose(): void;
}

/** Watches Ctrl-C (`io.signal`) and a closed stdout (EPIPE) for one command run. */
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
  io.stdout.on('error', onStdoutError);
  if (io.signal?.aborted === true) stop.abort();
  io.signal?.addEventListener('abort', onInterrupt, { once: true });
  return {
    signal: stop.signal,
    stdoutClosed: () => closed,
    dispose() {
      io.stdout.off('error', onStdoutError);
      io.signal?.removeEventListener('abort', onInterrupt);
    },
  };
}
