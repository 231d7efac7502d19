import { lazyZlib } from '../input/lazy-builtins.js';

/**
 * Below this many bytes the table-driven loop: loading node:zlib for its CRC costs ~5 ms of start-up
 * (issue 23), while the loop takes about a microsecond per 100 bytes.
 */
const NATIVE_FROM = 4096;

/** The CRC-32 of PNG chunks (and zlib): Node's native one for larger data where it has it, else a table-driven loop. */
export function crc32(data: Uint8Array): number {
  if (data.length < NATIVE_FROM) return crc32Js(data);
  const zlib = lazyZlib();
  return typeof zlib.crc32 === 'function' ? zlib.crc32(data) : crc32Js(data);
}

let crcTable: Uint32Array | null = null;

function crc32Js(data: Uint8Array): number {
  // Also the fallback for Node versions before zlib.crc32 (20.15); the table is built once on first use.
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    crc = (crcTable[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
