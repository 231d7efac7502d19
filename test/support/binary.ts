import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './samples.js';

/** The built binary, exactly as `npx respcat` runs it. */
export const BIN = join(ROOT, 'bin', 'respcat.js');

/** The newest modification time of the files under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Makes sure dist/ (and its bundle) exists and is not older than src/ (npm test builds first; a lone `vitest run` may not have). */
export function ensureBuilt(): void {
  // tsc writes dist/cli/, then scripts/bundle.mjs the bundle bin/respcat.js runs (dist/bin/), its code caches last (check's after the default).
  const built = [join(ROOT, 'dist', 'cli', 'main.js'), join(ROOT, 'dist', 'bin', 'respcat.cjs.check.cache')];
  const newest = newestMtime(join(ROOT, 'src'));
  if (built.some((file) => !existsSync(file) || newest > statSync(file).mtimeMs)) {
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('npm run build failed');
  }
}

/** Runs the binary to completion. */
export function runBin(args: readonly string[], options: { input?: string | Uint8Array; env?: Record<string, string>; cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 1 << 28,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

/** Starts the binary with piped stdio, for tests that feed it slowly or signal it. */
export function startBin(args: readonly string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
}

/**
 * Runs `respcat ARGS | head -c BYTES` under `set -o pipefail` (with `both`, `2>&1` first, so stdout and
 * stderr share the pipe head closes): respcat's exit code is the pipeline's.
 */
export function pipeIntoHead(
  args: readonly string[],
  options: { bytes: number; both?: boolean; cwd?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const quoted = args.map((arg) => `'${arg}'`).join(' ');
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${quoted} ${options.both === true ? '2>&1 ' : ''}| head -c ${options.bytes}`], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
