import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../support/binary.js';
import { ROOT } from '../support/samples.js';

/** Writes one piece of a generated input, waiting while the pipe is full. */
export type Write = (piece: string | Uint8Array) => Promise<void>;

/** What the binary did with a generated input: exit code, output, and its peak RSS in MiB (Linux VmHWM). */
export interface StreamedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly peakMiB: number;
}

/**
 * Runs the built binary with `args`, its stdin fed by `produce` as it goes (nothing big is kept in the test
 * or on disk), or with no stdin when `produce` is null; the peak RSS comes from bench/rss-hook.mjs.
 */
export async function runBinStreamed(args: readonly string[], produce: ((write: Write) => Promise<void>) | null): Promise<StreamedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'respcat-streamed-'));
  const rss = join(dir, 'rss');
  try {
    const child = spawn(process.execPath, ['--import', join(ROOT, 'bench', 'rss-hook.mjs'), BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', RESPCAT_BENCH_RSS: rss },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // A child that stops reading early (a crash) must fail the test through its exit code, not an EPIPE here.
    child.stdin.on('error', () => {});
    const exited = once(child, 'close') as Promise<[number | null]>;
    if (produce !== null) {
      await produce(async (piece) => {
        if (child.stdin.destroyed) return;
        if (!child.stdin.write(piece)) await Promise.race([once(child.stdin, 'drain'), exited]);
      });
    }
    child.stdin.end();
    const [code] = await exited;
    // No figure (killed before its exit handler ran): as if unbounded.
    const peakMiB = existsSync(rss) ? Number(readFileSync(rss, 'utf8')) / 1024 : Infinity;
    return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), peakMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
