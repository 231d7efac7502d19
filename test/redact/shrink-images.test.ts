import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as decodeWebp } from '@cwasm/webp';
import jpeg from 'jpeg-js';
import { GifReader, GifWriter } from 'omggif';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readDimensions, sniffFormat, type ImageFormat } from '../../src/images/sniff.js';
import { validateImage } from '../../src/images/validate.js';
import { createFlatImage, flatImageProblem, MAX_FLAT_PIXELS } from '../../src/redact/flat-image.js';
import { ensureBuilt, runBin } from '../support/binary.js';
import { noisyPng, responseEvents, toDataLines } from '../support/captures.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-shrink-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Width, height and the first pixel's RGBA, read by a decoder that is not respcat's. */
function decodeIndependently(format: ImageFormat, bytes: Uint8Array): { width: number; height: number; pixel: number[] } {
  switch (format) {
    case 'png': {
      const png = PNG.sync.read(Buffer.from(bytes));
      return { width: png.width, height: png.height, pixel: [...png.data.subarray(0, 4)] };
    }
    case 'jpeg': {
      const image = jpeg.decode(bytes, { useTArray: true, maxMemoryUsageInMB: 1024 });
      return { width: image.width, height: image.height, pixel: [...image.data.subarray(0, 4)] };
    }
    case 'gif': {
      const reader = new GifReader(bytes);
      const pixels = new Uint8Array(reader.width * reader.height * 4);
      reader.decodeAndBlitFrameRGBA(0, pixels);
      return { width: reader.width, height: reader.height, pixel: [...pixels.subarray(0, 4)] };
    }
    case 'webp': {
      const image = decodeWebp(bytes);
      return { width: image.width, height: image.height, pixel: [...image.data.subarray(0, 4)] };
    }
  }
}

describe('flat images: valid in every format, at the size asked for', () => {
  const sizes: [number, number][] = [[1, 1], [7, 3], [1024, 1024], [1536, 1024], [1024, 1536], [9, 2051]];
  test.each((['png', 'jpeg', 'gif', 'webp'] as const).flatMap((format) => sizes.map(([w, h]) => [format, w, h] as const)))('%s %i×%i', async (format, width, height) => {
    const colour = { r: 200, g: 30, b: 90 };
    const bytes = createFlatImage(format, width, height, colour);
    expect(sniffFormat(bytes)).toBe(format);
    expect(readDimensions(bytes)).toEqual({ width, height });
    expect(await validateImage(bytes)).toMatchObject({ valid: true, problem: null, width, height });
    const decoded = decodeIndependently(format, bytes);
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width, height });
    // JPEG is grey (one component, the colour's luma); the others keep the colour.
    expect(decoded.pixel).toEqual(format === 'jpeg' ? [88, 88, 88, 255] : [200, 30, 90, 255]);
    if (width * height >= 1 << 20) expect(bytes.length).toBeLessThan(8192);
  });

  test('sizes a format cannot hold, or too many pixels, are refused with a reason', () => {
    expect(flatImageProblem('webp', 16385, 10)).toMatch(/over the WEBP limit of 16384/);
    expect(flatImageProblem('gif', 70000, 1)).toMatch(/over the GIF limit of 65535/);
    expect(flatImageProblem('png', 100000, 100000)).toMatch(new RegExp(`over the ${MAX_FLAT_PIXELS}-pixel limit`));
    expect(flatImageProblem('png', 0, 5)).toMatch(/claims 0 × 5 pixels/);
    expect(flatImageProblem('jpeg', 8192, 8192)).toBeNull();
  });
});

/** Originals in each format, each larger than its flat stand-in. */
function noisyJpeg(width: number, height: number): string {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return Buffer.from(jpeg.encode({ data, width, height }, 90).data).toString('base64');
}
function noisyGif(width: number, height: number): string {
  const buffer = new Uint8Array(width * height * 2 + 1024);
  const writer = new GifWriter(buffer, width, height, { palette: Array.from({ length: 256 }, (_, i) => i * 0x010101) });
  writer.addFrame(0, 0, width, height, Array.from({ length: width * height }, (_, i) => (i * 2654435761) >>> 24));
  return Buffer.from(buffer.subarray(0, writer.end())).toString('base64');
}
function paddedWebp(width: number, height: number): string {
  // A valid lossless WebP with a 20 kB metadata chunk after the image, as an encoder with XMP writes.
  const flat = createFlatImage('webp', width, height, { r: 1, g: 2, b: 3 });
  const extra = Buffer.concat([Buffer.from('XMP '), Buffer.from([0x20, 0x4e, 0, 0]), Buffer.alloc(20000, 0x41)]);
  const out = Buffer.concat([Buffer.from(flat), extra]);
  out.writeUInt32LE(out.length - 8, 4);
  return out.toString('base64');
}

function imageCapture(name: string, partials: string[], final: string): string {
  const path = join(work, name);
  writeFileSync(path, toDataLines(responseEvents({ model: 'gpt-image-1', imageItemId: 'ig_1', partials, finalImage: final, text: ['Here it is.'] })));
  return path;
}

function inspectImages(path: string) {
  const report = JSON.parse(runBin(['inspect', '--json', path]).stdout) as { responses: { images: { kind: string; index: number; format: string; width: number; height: number; valid: boolean }[] }[] };
  // Everything but `bytes`, which is what shrinking changes.
  return (report.responses[0]?.images ?? []).map(({ kind, index, format, width, height, valid }) => ({ kind, index, format, width, height, valid }));
}

function findingsOf(path: string) {
  const report = JSON.parse(runBin(['check', '--format', 'json', path]).stdout) as { files: { diagnostics: { code: string; line: number; severity: string }[] }[] };
  return report.files[0]?.diagnostics.map(({ code, line, severity }) => ({ code, line, severity })) ?? [];
}

describe('respcat redact --shrink-images', () => {
  test('real 1024×1024 PNGs: under 5 % of the size, every image valid and of its original size, the same findings', () => {
    const input = imageCapture('png.sse', [noisyPng(1024, 1024, 1), noisyPng(1024, 1024, 2)], noisyPng(1024, 1024, 3));
    const output = join(work, 'png.small.sse');
    const result = runBin(['redact', '--shrink-images', input, '-o', output]);
    expect(result.code).toBe(0);
    expect(statSync(output).size / statSync(input).size).toBeLessThan(0.05);
    expect(readFileSync(output, 'utf8').split('\n')).toHaveLength(readFileSync(input, 'utf8').split('\n').length);
    expect(result.stderr).toMatch(/png\.sse:3: PNG 1024×1024: \d+ → \d+ base64 characters\n/);
    expect(result.stderr).toMatch(/: no secret found, 4 of 4 images shrunk \(\d+ → \d+ base64 characters\)\n$/);
    const before = inspectImages(input);
    const after = inspectImages(output);
    expect(after).toEqual(before);
    expect(after.every((image) => image.valid && image.width === 1024 && image.height === 1024)).toBe(true);
    expect(findingsOf(output)).toEqual(findingsOf(input));
    // The images replay as files a decoder reads, of the same size.
    const out = join(work, 'png-out');
    expect(runBin(['replay', '-q', output, '-o', out]).code).toBe(0);
    const png = PNG.sync.read(readFileSync(join(out, 'ig_1.png')));
    expect([png.width, png.height]).toEqual([1024, 1024]);
  });

  test.each([
    ['jpeg', () => noisyJpeg(320, 200), 320, 200],
    ['gif', () => noisyGif(200, 150), 200, 150],
    ['webp', () => paddedWebp(640, 480), 640, 480],
  ] as const)('%s stays that format, valid and of its size', (format, make, width, height) => {
    const b64 = make();
    const input = imageCapture(`${format}.sse`, [b64], b64);
    const output = join(work, `${format}.small.sse`);
    expect(runBin(['redact', '--shrink-images', input, '-o', output]).code).toBe(0);
    expect(statSync(output).size).toBeLessThan(statSync(input).size);
    const after = inspectImages(output);
    expect(after).toEqual(inspectImages(input));
    expect(after.map((image) => [image.format, image.width, image.height, image.valid])).toEqual([
      [format, width, height, true],
      [format, width, height, true],
    ]);
    // The same original became the same bytes in both places (output-mismatch compares them).
    expect(findingsOf(output)).toEqual(findingsOf(input));
    const line = readFileSync(output, 'utf8').split('\n').find((l) => l.includes('partial_image_b64')) ?? '';
    const shrunk = Buffer.from((JSON.parse(line.slice(6)) as { partial_image_b64: string }).partial_image_b64, 'base64');
    expect(decodeIndependently(format, shrunk)).toMatchObject({ width, height });
  });

  test('a hand-truncated image (a literal "..." in its base64) becomes a valid one of its declared size; only its invalid-image finding goes', () => {
    const good = noisyPng(300, 200, 4);
    const broken = `${good.slice(0, 2000)}...${good.slice(-100)}`;
    const input = imageCapture('dots.sse', [good], broken);
    const output = join(work, 'dots.small.sse');
    expect(runBin(['redact', '--shrink-images', input, '-o', output]).code).toBe(0);
    const original = findingsOf(input);
    expect(original.some((f) => f.code === 'invalid-image')).toBe(true);
    expect(findingsOf(output)).toEqual(original.filter((f) => f.code !== 'invalid-image' && f.code !== 'output-mismatch'));
    expect(inspectImages(output).map((image) => [image.kind, image.width, image.height, image.valid])).toEqual([
      ['partial', 300, 200, true],
      ['final', 300, 200, true],
    ]);
  });

  test('images already smaller than a flat one (the seed\'s) are kept as they are, and said so', () => {
    const result = runBin(['redact', '--shrink-images', 'samples/seed-image-gen.sse']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync('samples/seed-image-gen.sse', 'utf8'));
    expect(result.stderr).toContain('samples/seed-image-gen.sse:6: GIF 1×1: kept as it was (it is already as small)\n');
    expect(result.stderr).toMatch(/0 of 3 images shrunk/);
  });
});
