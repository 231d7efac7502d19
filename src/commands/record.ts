import { OutputError } from '../images/image-writer.js';
import { describeFsError } from '../input/fs-errors.js';
import type { InputSource } from '../input/read-input.js';
import { createCaptureRecorder, loadTiming, timingPath, type CaptureRecorder, type TimingEntry } from '../input/timing.js';
import { UsageError } from './errors.js';
import { sameFile } from '../input/same-file.js';

/**
 * Opens `replay --save FILE` (and `FILE.timing`) before anything is read: a FILE that is the input
 * itself is a `UsageError`, one that cannot be created an `OutputError` (exit 3); `onError` hears,
 * as one line, the first write that fails later.
 */
export async function openSave(path: string, source: InputSource, onError: (message: string) => void): Promise<CaptureRecorder> {
  // Opening FILE truncates it: saving over the capture being replayed would destroy it before it is read.
  if (source.kind === 'file' && (await sameFile(path, source.path))) {
    throw new UsageError(`--save ${path} is the input itself; save to another file`);
  }
  try {
    return await createCaptureRecorder(path, {
      onError: (error) => onError(`${(error as { path?: string }).path ?? path}: write failed: ${describeFsError(error, 'write')}`),
    });
  } catch (error) {
    // The system error names the file that failed: FILE or FILE.timing.
    throw new OutputError((error as { path?: string }).path ?? path, `cannot write: ${describeFsError(error, 'write')}`);
  }
}

/**
 * The recorded pacing for `replay --speed X`: the sidecar's entries, or null (after one warning)
 * when the input is stdin, has no `FILE.timing`, or the sidecar does not fit the capture.
 */
export async function loadSpeed(source: InputSource, warn: (message: string) => void): Promise<readonly TimingEntry[] | null> {
  if (source.kind !== 'file') {
    warn('--speed needs a FILE with a FILE.timing sidecar beside it; stdin is replayed as it comes');
    return null;
  }
  const timing = await loadTiming(source.path);
  if (timing === null) {
    warn(`--speed: no ${timingPath(source.path)} beside the capture (respcat replay --save writes one); replaying at once`);
    return null;
  }
  if (!timing.ok) {
    warn(`--speed: ignoring ${timing.problem}; replaying at once`);
    return null;
  }
  return timing.entries;
}
