import { closeSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { close as closeFd, mkdir, writeFile as writeToFd } from '../input/fs-async.js';
import { describeFsError } from '../input/fs-errors.js';
import { lazyCrypto } from '../input/lazy-builtins.js';

/** A temporary file opened for one image, written by whoever holds `fd` (this thread, or an image worker). */
export interface OpenImageFile {
  readonly path: string;
  readonly temp: string;
  readonly fd: number;
}

/** Writes image files into one folder, atomically (temporary file, then rename). */
export interface ImageWriter {
  /** Writes `bytes` as `<name>` inside the folder; resolves to the path written. */
  write(name: string, bytes: Uint8Array): Promise<string>;
  /**
   * `write` in three steps, for bytes written elsewhere (an image worker writes to `fd`): opens the
   * temporary file of `<name>`; `commit` closes and renames it, resolving to the path; `discard` closes and
   * removes it and throws `error` as an OutputError. The temporary file is this writer's, so abandon() removes it.
   */
  open(name: string): Promise<OpenImageFile>;
  commit(file: OpenImageFile): Promise<string>;
  discard(file: OpenImageFile, error: unknown): never;
  /**
   * Stops the writer, synchronously (for a signal handler that cannot wait): removes the temporary files
   * its writes in flight created and have not renamed yet, and nothing else; later writes fail.
   */
  abandon(): void;
  readonly dir: string;
}

/** Thrown when the folder or a file in it cannot be written: exit 3. */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Names a temporary file tries before the write gives up: each is taken only if nothing is there yet. */
const TEMPORARY_ATTEMPTS = 8;

/**
 * The temporary file for `name`, hidden beside it: the first try is the same for one process, later
 * ones random, so a file squatting a name (left by a crash, or planted) only costs a try.
 */
export function temporaryName(name: string, attempt: number): string {
  return attempt === 0 ? `.${name}.${process.pid}.tmp` : `.${name}.${process.pid}-${lazyCrypto().randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Creates a writer for `dir` (made on first write, so a replay with no image leaves no folder behind).
 * A temporary file is created, renamed and removed synchronously, and only the bytes are written
 * asynchronously: the set of files it created changes in the same instant as the folder, so abandon() in a
 * signal handler that exits at once leaves none of them and can never remove a file it did not create.
 */
export function createImageWriter(dir: string): ImageWriter {
  let made: Promise<void> | null = null;
  // Exactly the files this writer created (opened exclusively) and has not renamed or removed: all it may remove.
  const created = new Set<string>();
  let abandoned = false;
  const stopped = (path: string): OutputError => new OutputError(path, 'stopped before the file was written');

  /** Creates a new temporary file for `name` with O_EXCL ('wx'): an existing file is never opened, so never overwritten. */
  function createTemporary(name: string): { temp: string; fd: number } {
    for (let attempt = 0; ; attempt++) {
      const temp = join(dir, temporaryName(name, attempt));
      try {
        const fd = openSync(temp, 'wx');
        created.add(temp);
        return { temp, fd };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new OutputError(join(dir, name), describeFsError(error, 'write'));
        if (attempt + 1 >= TEMPORARY_ATTEMPTS) throw new OutputError(temp, 'cannot create a temporary file: every name tried exists');
      }
    }
  }

  /** Removes `temp` if it is still this writer's; never anything else. */
  function removeOwn(temp: string): void {
    if (!created.delete(temp)) return;
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
  }

  async function open(name: string): Promise<OpenImageFile> {
    // Names come from toSafeName: no separators, so the join stays inside `dir`.
    if (name.includes('/') || name.includes('\\') || name === '.' || name === '..') throw new OutputError(name, 'unsafe file name');
    const path = join(dir, name);
    if (abandoned) throw stopped(path);
    made ??= mkdir(dir, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        throw new OutputError(dir, describeFsError(error, 'write'));
      },
    );
    await made;
    if (abandoned) throw stopped(path);
    return { path, ...createTemporary(name) };
  }

  function discard(file: OpenImageFile, error: unknown, isOpen = true): never {
    if (isOpen) {
      try {
        closeSync(file.fd);
      } catch {
        // The write's own error is the one to report.
      }
    }
    removeOwn(file.temp);
    throw error instanceof OutputError ? error : new OutputError(file.path, describeFsError(error, 'write'));
  }

  /** Closes `file` (its bytes are written) and renames it into place. */
  async function commit(file: OpenImageFile): Promise<string> {
    try {
      await closeFd(file.fd);
      // abandon() removed the temporary file already; whatever is at its name now is not ours to rename.
      if (abandoned) throw stopped(file.path);
      renameSync(file.temp, file.path);
      created.delete(file.temp);
    } catch (error) {
      discard(file, error, false);
    }
    return file.path;
  }

  return {
    dir,
    open,
    commit,
    discard: (file, error) => discard(file, error),
    async write(name, bytes) {
      const file = await open(name);
      try {
        await writeToFd(file.fd, bytes);
      } catch (error) {
        discard(file, error);
      }
      return commit(file);
    },
    abandon() {
      abandoned = true;
      for (const temp of [...created]) removeOwn(temp);
    },
  };
}
