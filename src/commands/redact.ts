import { createWriteStream, unlinkSync, type WriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Io } from '../terminal/io.js';
import { OutputError } from '../images/image-writer.js';
import { describeFsError } from '../input/fs-errors.js';
import { MAX_PREAMBLE, readPreamble } from '../input/http-preamble.js';
import { InputError, openSource, readChunks, sourceName, type InputSource } from '../input/read-input.js';
import { loadTiming, timingPath, type TimingEntry } from '../input/timing.js';
import { describeRedactions, describeImages } from '../redact/report.js';
import { rewriteCapture, type Packing, type RewriteResult, type Segment } from '../redact/rewrite.js';
import { EXIT, UsageError } from './errors.js';
import { resolveSources } from './sources.js';
import { sameFile } from '../input/same-file.js';

/** `respcat redact` options, as the CLI parsed them. */
export interface RedactOptions {
  readonly files: readonly string[];
  /** `-o OUT`: a file for one FILE, a folder for several (or when OUT is a folder). */
  readonly out: string | null;
  readonly inPlace: boolean;
  readonly shrinkImages: boolean;
}

/** Where one input's rewrite goes. */
type Target = { readonly kind: 'stdout' } | { readonly kind: 'file'; readonly path: string };

/**
 * Rewrites captures so they are safe to commit (docs/spec.md §11): to stdout (one FILE), to `-o OUT`, or
 * in place, each written whole to a temporary file and renamed over the target, its `.timing` sidecar
 * rewritten to match. The report goes to stderr. Exit 0, 3 when an input or output fails, 130 on Ctrl-C.
 */
export async function redact(options: RedactOptions, io: Io): Promise<number> {
  if (options.out !== null && options.inPlace) throw new UsageError('-o and --in-place exclude each other');
  const sources = resolveSources(options.files, io, 'redact');
  if (options.inPlace && sources.some((source) => source.kind !== 'file')) throw new UsageError('--in-place rewrites FILEs; stdin has no file to rewrite');
  if (sources.length > 1 && options.out === null && !options.inPlace) throw new UsageError('several FILEs need -o DIR or --in-place');
  const paths = new Set(options.files);
  // A sidecar given beside its capture is rewritten with it, never copied over the rewritten one.
  const inputs = sources.filter((source) => !(source.kind === 'file' && source.path.endsWith('.timing') && paths.has(source.path.slice(0, -'.timing'.length))));
  const outDir = options.out !== null && (inputs.length > 1 || (await isDirectory(options.out))) ? options.out : null;
  if (outDir !== null) {
    try {
      await mkdir(outDir, { recursive: true });
    } catch (error) {
      throw new OutputError(outDir, `cannot create the folder: ${describeFsError(error, 'write')}`);
    }
  }
  const say = (line: string): void => {
    io.stderr.write(`respcat: ${line}\n`);
  };

  let code: number = EXIT.ok;
  for (const source of inputs) {
    if (io.signal?.aborted === true) return EXIT.interrupted;
    const name = sourceName(source);
    const target: Target = options.inPlace
      ? { kind: 'file', path: name }
      : outDir !== null
        ? { kind: 'file', path: join(outDir, basename(name)) }
        : options.out !== null
          ? { kind: 'file', path: options.out }
          : { kind: 'stdout' };
    if (!options.inPlace && target.kind === 'file' && source.kind === 'file' && (await sameFile(target.path, source.path))) {
      throw new UsageError(`${target.path} is the input itself; use --in-place to rewrite it`);
    }
    try {
      const result = await redactOne(source, target, options, io);
      if (result === 'stopped') return EXIT.interrupted;
      // Its reader closed stdout (`| head`): nothing more to say, and nobody to say it to.
      if (result === 'closed') return EXIT.ok;
      for (const line of describeRedactions(name, result.rewrite.redactions)) say(line);
      for (const line of describeImages(name, result.rewrite.images)) say(line);
      for (const warning of result.warnings) say(warning);
      say(result.summary);
    } catch (error) {
      if (error instanceof InputError) say(`${error.inputName}: ${error.message}`);
      else if (error instanceof OutputError) say(`${error.path}: ${error.message}`);
      else throw error;
      code = EXIT.io;
    }
  }
  return code;
}

interface Redacted {
  readonly rewrite: RewriteResult;
  readonly warnings: readonly string[];
  readonly summary: string;
}

async function redactOne(source: InputSource, target: Target, options: RedactOptions, io: Io): Promise<Redacted | 'stopped' | 'closed'> {
  const name = sourceName(source);
  const packing = source.kind === 'file' ? await peekPacking(source.path) : ({ kind: 'plain' } as const);
  const timing = source.kind === 'file' ? await loadTiming(source.path) : null;
  const warnings: string[] = [];
  if (timing !== null && !timing.ok) warnings.push(`${name}: ${timing.problem}; the sidecar is not rewritten`);
  const entries = timing?.ok === true && target.kind === 'file' ? timing.entries : null;
  if (timing?.ok === true && target.kind === 'stdout') warnings.push(`${name}: ${timingPath(name)} is not rewritten when the capture goes to stdout`);
  const mapper = entries !== null && packing.kind === 'plain' ? createBoundaryMapper(entries) : null;

  const temp = target.kind === 'file' ? join(dirname(target.path), `.${basename(target.path)}.${process.pid}.redact.tmp`) : null;
  let sink: WriteStream | null = null;
  if (temp !== null) {
    try {
      sink = createWriteStream(temp, { flags: 'wx' });
      await once(sink, 'open');
    } catch (error) {
      throw new OutputError((target as { path: string }).path, `cannot write: ${describeFsError(error, 'write')}`);
    }
  }
  const stream = openSource(source);
  const stop = (): void => void stream.destroy();
  io.signal?.addEventListener('abort', stop, { once: true });
  // A second Ctrl-C or SIGTERM exits at once: the half-written temporary files go with it. Left listening
  // until the process ends, since they live until the renames below; once renamed, nothing is there.
  const abandon = (): void => {
    if (temp === null) return;
    for (const path of [temp, `${temp}.timing`]) {
      try {
        unlinkSync(path);
      } catch {
        // Not there (renamed, or never made).
      }
    }
  };
  io.forcedStop?.addEventListener('abort', abandon, { once: true });
  let rewrite: RewriteResult;
  try {
    const chunks = readChunks(stream, name, (message) => warnings.push(message));
    rewrite = await rewriteCapture(chunks, sink ?? io.stdout, {
      packing,
      shrinkImages: options.shrinkImages,
      ...(mapper !== null ? { onSegment: mapper.segment } : {}),
    });
    if (io.signal?.aborted === true) throw new Stopped();
    if (sink !== null) await new Promise<void>((resolve, reject) => (sink as WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    sink?.destroy();
    if (temp !== null) await unlink(temp).catch(() => {});
    if (error instanceof Stopped || io.signal?.aborted === true) return 'stopped';
    if (error instanceof InputError) throw error;
    // A closed pipe (`respcat redact x.sse | head`) ends quietly.
    if (sink === null && (error as { code?: unknown }).code === 'EPIPE') return 'closed';
    if (sink !== null && isFsError(error)) throw new OutputError((target as { path: string }).path, `write failed: ${describeFsError(error, 'write')}`);
    throw error;
  } finally {
    io.signal?.removeEventListener('abort', stop);
    stream.destroy();
  }

  const changed = rewrite.redactions.length > 0 || rewrite.images.some((image) => image.kept === null);
  const counts = summarize(rewrite);
  if (target.kind === 'stdout') return { rewrite, warnings, summary: `${name}: ${counts}` };
  const path = target.path;
  if (options.inPlace && !changed) {
    await unlink(temp as string).catch(() => {});
    return { rewrite, warnings, summary: `${name}: ${counts}; left as it was` };
  }
  try {
    if (entries !== null) {
      const sizes = mapper?.sizes(rewrite.decodedOut) ?? scaleSizes(entries, rewrite.bytesOut);
      const sidecar = `${temp as string}.timing`;
      await writeFile(sidecar, entries.map((entry, i) => `${JSON.stringify({ t: entry.t, n: sizes[i] })}\n`).join(''), { flag: 'wx' });
      await rename(sidecar, timingPath(path));
    }
    await rename(temp as string, path);
  } catch (error) {
    await unlink(temp as string).catch(() => {});
    throw new OutputError(path, `cannot write: ${describeFsError(error, 'write')}`);
  }
  return { rewrite, warnings, summary: `${name}${options.inPlace ? '' : ` → ${path}`}: ${counts}${entries !== null ? ` (${basename(timingPath(path))} rewritten to match)` : ''}` };
}

class Stopped extends Error {}

function summarize(rewrite: RewriteResult): string {
  const replaced = rewrite.redactions.length;
  const shrunk = rewrite.images.filter((image) => image.kept === null);
  const parts = [replaced === 0 ? 'no secret found' : `${replaced} secret${replaced === 1 ? '' : 's'} replaced`];
  if (rewrite.images.length > 0) {
    const before = shrunk.reduce((sum, image) => sum + image.before, 0);
    const after = shrunk.reduce((sum, image) => sum + image.after, 0);
    parts.push(`${shrunk.length} of ${rewrite.images.length} image${rewrite.images.length === 1 ? '' : 's'} shrunk (${before} → ${after} base64 characters)`);
  }
  return parts.join(', ');
}

/** How a file's bytes are packed, read from its first bytes. */
async function peekPacking(path: string): Promise<Packing> {
  let head: Uint8Array;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(MAX_PREAMBLE);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new InputError(path, describeFsError(error, 'read'));
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  const preamble = readPreamble(head, true);
  return preamble !== null && preamble !== 'partial' && preamble.gzipBody ? { kind: 'gzip-body', preambleLength: preamble.length } : { kind: 'plain' };
}

/**
 * Maps the sidecar's chunk boundaries (offsets in the input) to the output as lines go by: a boundary
 * inside a line keeps its distance from the line's start, capped at the rewritten line's length.
 */
function createBoundaryMapper(entries: readonly TimingEntry[]) {
  const boundaries: number[] = [];
  let total = 0;
  for (const entry of entries) boundaries.push((total += entry.n));
  const mapped: number[] = [];
  return {
    segment(segment: Segment): void {
      for (let b = boundaries[mapped.length]; b !== undefined && b < segment.inEnd; b = boundaries[mapped.length]) {
        mapped.push(segment.outStart + Math.min(Math.max(0, b - segment.inStart), segment.outEnd - segment.outStart));
      }
    },
    sizes(outputLength: number): number[] {
      while (mapped.length < boundaries.length) mapped.push(outputLength);
      return mapped.map((end, i) => end - (i === 0 ? 0 : (mapped[i - 1] as number)));
    },
  };
}

/** Chunk sizes scaled to a new total (gzip output has no byte-for-byte map to its input). */
function scaleSizes(entries: readonly TimingEntry[], total: number): number[] {
  const original = entries.reduce((sum, entry) => sum + entry.n, 0);
  let before = 0;
  let cumulative = 0;
  return entries.map((entry) => {
    cumulative += entry.n;
    const end = original === 0 ? total : Math.round((cumulative * total) / original);
    const size = end - before;
    before = end;
    return size;
  });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function isFsError(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === 'string';
}
