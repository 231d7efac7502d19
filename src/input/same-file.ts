import { stat } from './fs-async.js';

/** Whether two paths name one file (same device and inode): an output must never be its own input. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    // One of them does not exist yet (the usual case for a new output): not the same file.
    return false;
  }
}
