import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError } from '../input/fs-errors.js';

/** Writes image files into one folder, atomically (temporary file, then rename). */
export interface ImageWriter {
  /** Writes `bytes` as `<name>` inside the folder; resolves to the path written. */
  write(name: string, bytes: Uint8Array): Promise<string>;
  /** Removes temporary files of writes still in flight (on Ctrl-C), synchronously. */
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

let counter = 0;

/** Creates a writer for `dir` (made on first write, so a replay with no image leaves no folder behind). */
export function createImageWriter(dir: string): ImageWriter {
  let made: Promise<void> | null = null;
  const temporary = new Set<string>();
  return {
    dir,
    async write(name, bytes) {
      // Names come from toSafeName: no separators, so the join stays inside `dir`.
      if (name.includes('/') || name.includes('\\') || name === '.' || name === '..') throw new OutputError(name, 'unsafe file name');
      made ??= mkdir(dir, { recursive: true }).then(
        () => undefined,
        (error: unknown) => {
          throw new OutputError(dir, describeFsError(error, 'write'));
        },
      );
      await made;
      const path = join(dir, name);
      const temp = join(dir, `.${name}.${process.pid}.${++counter}.tmp`);
      temporary.add(temp);
      try {
        await writeFile(temp, bytes, { flag: 'wx' });
        await rename(temp, path);
      } catch (error) {
        await unlink(temp).catch(() => {});
        throw new OutputError(path, describeFsError(error, 'write'));
      } finally {
        temporary.delete(temp);
      }
      return path;
    },
    abandon() {
      for (const temp of temporary) {
        try {
          unlinkSync(temp);
        } catch {
          // Already renamed or never created.
        }
      }
      temporary.clear();
    },
  };
}

