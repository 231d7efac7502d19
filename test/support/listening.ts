import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { startBin } from './binary.js';

/** A `respcat serve` or `record` child process that is listening. */
export interface Listening {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Kills every listening child still running (for afterEach / afterAll). */
export function killListening(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
}

/** Starts `respcat ARGS` (the built binary) and resolves once the URL is the first line on stdout. */
export function startListening(args: readonly string[], env: Record<string, string> = {}): Promise<Listening> {
  const child = startBin(args, env);
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`respcat ${args[0]} did not print its URL within 15 s; stderr: ${stderr}`)), 15_000);
    const onData = (): void => {
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({
        url: stdout.slice(0, newline),
        child,
        exited,
        stdout: () => stdout,
        stderr: () => stderr,
        stop(signal = 'SIGTERM') {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`respcat ${args[0]} exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
}
