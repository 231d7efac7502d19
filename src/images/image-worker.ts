import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { createCollector } from '../input/memory.js';
import { decodeImageBase64 } from './image-processor.js';
import type { ImageJob, ImageJobResult } from './image-offload.js';
import { extensionFor, sniffFormat } from './sniff.js';
import { validateImage } from './validate.js';

// The image thread of replay (image-offload.ts): each job's base64 is decoded, checked and written to the
// file descriptor the main thread opened for it, while the main thread goes on parsing. The main thread
// closes and renames the file, so which files exist is only ever changed there.
// Its garbage (each image's text and bytes) is collected as replay's main thread collects its own (memory.ts):
// every 32 MiB (every 8 MiB cost more CPU and kept the peak no lower).
const collector = createCollector(32 << 20);
parentPort?.on('message', (job: ImageJob) => {
  void run(job).then((result) => {
    collector.add(job.b64.length * 2);
    collector.collectIfDue();
    const transfer = result.bytes !== null ? [result.bytes.buffer as ArrayBuffer] : [];
    parentPort?.postMessage(result, transfer);
  });
});

async function run(job: ImageJob): Promise<ImageJobResult> {
  const { bytes, valid } = decodeImageBase64(job.b64);
  const check = await validateImage(bytes, { inflate: !job.quick });
  let writeError: ImageJobResult['writeError'] = null;
  if (job.fd !== null) {
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(job.fd, bytes, at, bytes.length - at);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      writeError = { code: code ?? null, message: String(message) };
    }
  }
  // Sent back (moved, not copied) only for a preview; a small Buffer shares Node's pool, so it is copied out first.
  const kept = job.wantBytes ? (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes)) : null;
  return { id: job.id, check, base64Valid: valid, extension: extensionFor(sniffFormat(bytes)), writeError, bytes: kept };
}
