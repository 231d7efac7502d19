import { open } from 'node:fs/promises';
import { MAX_PREAMBLE, readPreamble, type HttpPreamble } from '../input/http-preamble.js';

/** The `curl -i` preamble at the start of a capture file, or null when it has none (or cannot be read now: streaming it reports that). */
export async function readHead(path: string): Promise<HttpPreamble | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(MAX_PREAMBLE);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const preamble = readPreamble(buffer.subarray(0, bytesRead), true);
      return preamble === 'partial' ? null : preamble;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}
