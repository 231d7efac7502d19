import type { Thumbnail } from '../images/thumbnail.js';

/** How an image is shown on the terminal: kitty graphics, iTerm2 inline images, or truecolour half-blocks. */
export type PreviewProtocol = 'kitty' | 'iterm' | 'blocks';

/** Kitty's graphics protocol sends base64 PNG data in pieces of at most 4096 bytes. */
const KITTY_CHUNK = 4096;

/** A PNG shown with the kitty graphics protocol, `columns` cells wide, followed by a newline. */
export function renderKittyPreview(png: Uint8Array, columns: number): string {
  const data = toBase64(png);
  let out = '';
  for (let at = 0; at < data.length || at === 0; at += KITTY_CHUNK) {
    const piece = data.slice(at, at + KITTY_CHUNK);
    const more = at + KITTY_CHUNK < data.length ? 1 : 0;
    const control = at === 0 ? `f=100,a=T,t=d,c=${columns},q=2,m=${more}` : `m=${more}`;
    out += `\u001b_G${control};${piece}\u001b\\`;
    if (more === 0) break;
  }
  return `${out}\n`;
}

/** An image shown with iTerm2's inline image protocol (OSC 1337), `columns` cells wide, followed by a newline. */
export function renderItermPreview(image: Uint8Array, columns: number): string {
  return `\u001b]1337;File=inline=1;size=${image.length};width=${columns};preserveAspectRatio=1:${toBase64(image)}\u0007\n`;
}

/** A thumbnail as truecolour half-blocks: each character cell shows two pixels (▀ foreground over background). */
export function renderHalfBlockPreview(thumbnail: Thumbnail): string {
  const { width, height, pixels } = thumbnail;
  const rgb = (x: number, y: number): string => {
    const o = (y * width + x) * 3;
    return `${pixels[o]};${pixels[o + 1]};${pixels[o + 2]}`;
  };
  const lines: string[] = [];
  for (let y = 0; y < height; y += 2) {
    let line = '';
    for (let x = 0; x < width; x++) {
      // An odd last row has no lower pixel: the upper half block alone, over the terminal's background.
      line += y + 1 < height ? `\u001b[38;2;${rgb(x, y)}m\u001b[48;2;${rgb(x, y + 1)}m▀` : `\u001b[49m\u001b[38;2;${rgb(x, y)}m▀`;
    }
    lines.push(`${line}\u001b[0m`);
  }
  return `${lines.join('\n')}\n`;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
