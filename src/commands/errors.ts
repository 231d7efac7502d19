/** A usage error (exit 2): bad option value, no input on a terminal. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The exit codes of docs/spec.md §6. */
export const EXIT = { ok: 0, failed: 1, usage: 2, io: 3, interrupted: 130, terminated: 143 } as const;
