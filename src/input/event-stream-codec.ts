import { Crc32 } from '@smithy/core/checksum';
import { EventStreamCodec } from '@smithy/core/event-streams';
import type { EventStreamMessage } from '../core/frames.js';

// The AWS SDK's own event stream codec (@smithy/core, the home of @smithy/eventstream-codec): the core may import
// no package, so the framer (src/core/event-stream.ts) cuts the messages and is handed this to read each one.
const toUtf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const fromUtf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** The codec both ways, for serve's binary answers (src/serve/event-stream-wire.ts). */
export const eventStreamCodec = codec;

function crc32(bytes: Uint8Array): number {
  const sum = new Crc32();
  sum.update(bytes);
  return sum.digestSync();
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Reads one whole event stream message (docs/spec.md §2): its two CRC32s are checked first, so a finding says
 * which one failed, then the codec decodes its headers and payload. Never throws.
 */
export function decodeEventStreamMessage(bytes: Uint8Array): EventStreamMessage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prelude = crc32(bytes.subarray(0, 8));
  if (prelude !== view.getUint32(8)) return { ok: false, problem: `its prelude CRC32 is ${hex(view.getUint32(8))}, its prelude's bytes give ${hex(prelude)}` };
  const whole = crc32(bytes.subarray(0, bytes.length - 4));
  if (whole !== view.getUint32(bytes.length - 4)) return { ok: false, problem: `its message CRC32 is ${hex(view.getUint32(bytes.length - 4))}, its bytes give ${hex(whole)}` };
  try {
    const message = codec.decode(bytes);
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
    return { ok: true, headers, body: message.body };
  } catch (error) {
    return { ok: false, problem: `its headers do not decode (${error instanceof Error ? error.message.slice(0, 120) : 'unknown error'})` };
  }
}
