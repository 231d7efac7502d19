/** Short phrases for file-system errors, by what was being done when it failed. */
const PHRASES: Readonly<Record<'read' | 'write', Readonly<Record<string, string>>>> = {
  read: {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'is a directory, not a file',
  },
  write: {
    // ENOENT on a create means the folder is missing.
    ENOENT: 'no such folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'permission denied',
    EISDIR: 'is a directory, not a file',
    ENOTDIR: 'not a folder',
    EEXIST: 'not a folder',
    ENOSPC: 'no space left on the device',
  },
};

/** A one-line reason for a failed read or write (`ENOENT` on a read → "no such file"), else the error's own message. */
export function describeFsError(error: unknown, doing: 'read' | 'write'): string {
  const code = (error as { code?: unknown } | null)?.code;
  const phrase = typeof code === 'string' ? PHRASES[doing][code] : undefined;
  return phrase ?? (error instanceof Error ? error.message : String(error));
}
