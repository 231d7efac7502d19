import type { Io } from '../terminal/io.js';
import type { InputSource } from '../input/read-input.js';
import { UsageError } from './errors.js';

/** Turns FILE arguments into sources: `-` is stdin, none is stdin unless stdin is a terminal (a usage error). */
export function resolveSources(files: readonly string[], io: Io, command: string): InputSource[] {
  if (files.length === 0) {
    if (io.stdin.isTTY === true) {
      throw new UsageError(`no input: give a FILE, or pipe a stream in (curl -N … | respcat ${command})`);
    }
    return [{ kind: 'stream', stream: io.stdin, name: '<stdin>' }];
  }
  return files.map((file) => (file === '-' ? { kind: 'stream', stream: io.stdin, name: '<stdin>' } : { kind: 'file', path: file }));
}
