// omggif ships no types: the little of it the tests use.
declare module 'omggif' {
  export class GifReader {
    constructor(bytes: Uint8Array);
    readonly width: number;
    readonly height: number;
    decodeAndBlitFrameRGBA(frame: number, pixels: Uint8Array): void;
  }
  export class GifWriter {
    constructor(buffer: Uint8Array, width: number, height: number, options?: { palette?: number[] });
    addFrame(x: number, y: number, width: number, height: number, indices: Uint8Array | number[], options?: { palette?: number[] }): number;
    end(): number;
  }
}
