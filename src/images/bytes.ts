/** Byte readers the format modules share; each reads 0 past the end, so callers check bounds first. */

/** True when `bytes` holds `ascii` at `offset`. */
export function hasAscii(bytes: Uint8Array, offset: number, ascii: string): boolean {
  if (offset < 0 || offset + ascii.length > bytes.length) return false;
  for (let i = 0; i < ascii.length; i++) {
    if (bytes[offset + i] !== ascii.charCodeAt(i)) return false;
  }
  return true;
}

/** Reads a big-endian unsigned 16-bit integer. */
export function u16be(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

/** Reads a little-endian unsigned 16-bit integer. */
export function u16le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

/** Reads a little-endian unsigned 24-bit integer. */
export function u24le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16);
}

/** Reads a big-endian unsigned 32-bit integer. */
export function u32be(bytes: Uint8Array, offset: number): number {
  // Multiply instead of shifting the top byte so the result stays unsigned.
  return (
    (bytes[offset] ?? 0) * 0x1000000 +
    (((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0))
  );
}

/** Reads a little-endian unsigned 32-bit integer. */
export function u32le(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset + 3] ?? 0) * 0x1000000 +
    (((bytes[offset + 2] ?? 0) << 16) | ((bytes[offset + 1] ?? 0) << 8) | (bytes[offset] ?? 0))
  );
}

/** A byte as `0x0A`, for problems that quote one. */
export const hex = (value: number): string => `0x${value.toString(16).padStart(2, '0').toUpperCase()}`;

/** `1 byte`, `12 bytes`. */
export const countBytes = (count: number): string => (count === 1 ? '1 byte' : `${count} bytes`);
