import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './samples.js';

/** The slow producer the terminal tests pipe into respcat (test/support/slow-producer.mjs). */
export const SLOW_PRODUCER = join(ROOT, 'test', 'support', 'slow-producer.mjs');

/** Whether tmux runs here (CI installs it: .ci/run). */
export const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

/** Quotes one word for `sh -c`. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command running in a real pseudo-terminal: a detached tmux session on a socket of its own. */
export interface TmuxPane {
  /** What the screen and its scrollback show now, wrapped lines joined, trailing spaces and blank lines cut. */
  screen(): string;
  /** The same, with the colours and attributes on screen as SGR escape sequences (`capture-pane -e`). */
  styled(): string;
  /** The pane's title (what an OSC 0/2 sequence sets). */
  title(): string;
  /** Sends keys as a person types them (`C-c` for Ctrl-C). */
  keys(...keys: string[]): void;
  /** Resolves once the screen shows `text` (rejects after `ms`, with the screen in the message). */
  waitFor(text: string | RegExp, ms: number): Promise<void>;
  /** Resolves with the command's exit status once it has ended (rejects after `ms`). */
  exited(ms: number): Promise<number>;
  /** Kills the tmux server of this pane and removes its socket (always call it, in `afterEach` or `finally`). */
  kill(): void;
}

/**
 * Starts `command` (a `sh -c` line) in a WIDTH×HEIGHT tmux pane with TERM=xterm-256color and CI unset
 * (the spinner stays off in CI). The pane stays after the command ends so its screen can be read.
 */
export function startInTmux(command: string, options: { width?: number; height?: number; env?: Record<string, string> } = {}): TmuxPane {
  // A socket of its own (tmux leaves the file behind after kill-server: it goes with this folder).
  const dir = mkdtempSync(join(tmpdir(), 'respcat-tmux-'));
  const socket = join(dir, 'socket');
  const statusFile = join(dir, 'status');
  const env: Record<string, string | undefined> = { ...process.env, TERM: 'xterm-256color', ...options.env };
  delete env.CI;
  delete env.TMUX;
  const tmux = (...args: string[]) => {
    const result = spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
    if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  };
  const exports = Object.entries(options.env ?? {}).map(([k, v]) => `export ${k}=${shellQuote(v)}; `).join('');
  tmux(
    'new-session', '-d', '-x', String(options.width ?? 120), '-y', String(options.height ?? 30),
    // A trap that runs a command (not an ignored signal, which children would inherit) keeps the shell
    // alive through Ctrl-C, so it can still write the command's status.
    `trap true INT; unset CI; ${exports}${command}; echo $? > ${shellQuote(statusFile)}`,
    ';', 'set-option', '-t', '0', 'remain-on-exit', 'on',
    ';', 'set-option', '-g', 'history-limit', '5000',
  );
  const screen = (): string =>
    tmux('capture-pane', '-p', '-J', '-S', '-', '-t', '0')
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => !line.startsWith('Pane is dead'))
      .join('\n')
      .trimEnd();
  const poll = async <T>(check: () => T | null, ms: number, what: string): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = check();
      if (found !== null) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen shows:\n${screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    screen,
    styled: () => tmux('capture-pane', '-p', '-e', '-J', '-S', '-', '-t', '0').trimEnd(),
    title: () => tmux('display-message', '-p', '-t', '0', '#{pane_title}').trimEnd(),
    keys: (...keys) => void tmux('send-keys', '-t', '0', ...keys),
    waitFor: (text, ms) =>
      poll(() => {
        const shown = screen();
        return (typeof text === 'string' ? shown.includes(text) : text.test(shown)) ? true : null;
      }, ms, String(text)).then(() => undefined),
    exited: (ms) =>
      poll(() => {
        // The shell writes the status itself: tmux's own pane_dead_status is sometimes never filled in.
        const written = existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : '';
        return written.endsWith('\n') ? Number(written) : null;
      }, ms, 'the command to end'),
    kill: () => {
      spawnSync('tmux', ['-S', socket, 'kill-server'], { env });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
