import { describe, expect, test } from 'vitest';
import { checkCapture, ev, findings, GIF_1X1, GIF_CUT, IG, jsonLines, png, PNG_1X1, PNG_LIAR, type Finding } from './captures.js';

const IMAGE_CODES = new Set(['invalid-image', 'image-format-mismatch', 'image-size-mismatch']);

/** A whole image generation response: a partial (line 3), output_item.done with `result` (line 4), completed (line 5). */
function imageResponse(partial: string, options: { partial?: object; item?: object; result?: string } = {}): string {
  const item = ev.imageItem(options.item ?? {});
  return jsonLines([
    ev.created(),
    ev.itemAdded({ id: IG, type: 'image_generation_call', status: 'in_progress' }),
    ev.partialImage(partial, 0, options.partial ?? {}),
    ev.itemDone({ ...item, result: options.result ?? PNG_1X1 }),
    ev.completed([{ ...item, result: options.result ?? PNG_1X1 }]),
  ]);
}

async function imageFindings(capture: string): Promise<Finding[]> {
  return findings((await checkCapture(capture)).filter((d) => IMAGE_CODES.has(d.code)));
}

describe('image findings, through the whole pipeline with full validation', () => {
  test.each<[string, string, Finding[]]>([
    ['valid PNG partial and final', imageResponse(PNG_1X1), []],
    ['valid GIF declared gif', imageResponse(GIF_1X1, { partial: { output_format: 'gif' } }), []],

    ['invalid-image: base64 cut with "..." (as upstream fixtures do)', imageResponse(`${PNG_1X1.slice(0, 20)}...${PNG_1X1.slice(-20)}`), [
      { code: 'invalid-image', severity: 'error', line: 3 },
    ]],
    ['invalid-image: a GIF with no image data and no trailer (the seed\'s partial)', imageResponse(GIF_CUT, { partial: { output_format: 'gif' } }), [
      { code: 'invalid-image', severity: 'error', line: 3 },
    ]],
    ['invalid-image: a PNG cut short', imageResponse(Buffer.from(PNG_1X1, 'base64').subarray(0, 40).toString('base64')), [
      { code: 'invalid-image', severity: 'error', line: 3 },
    ]],
    ['invalid-image: a PNG whose header lies about its size', imageResponse(PNG_LIAR), [{ code: 'invalid-image', severity: 'error', line: 3 }]],
    ['invalid-image: bytes that are no image format', imageResponse(Buffer.from('not an image at all').toString('base64')), [
      { code: 'invalid-image', severity: 'error', line: 3 },
    ]],
    ['invalid-image: an empty partial', imageResponse(''), [{ code: 'invalid-image', severity: 'error', line: 3 }]],
    ['invalid-image: the final image in output_item.done', imageResponse(PNG_1X1, { result: GIF_CUT, item: { output_format: 'gif' } }), [
      { code: 'invalid-image', severity: 'error', line: 4 },
    ]],

    ['image-format-mismatch: GIF bytes, output_format png', imageResponse(GIF_1X1, { partial: { output_format: 'png' } }), [
      { code: 'image-format-mismatch', severity: 'warning', line: 3 },
    ]],
    ['image-format-mismatch: the final image too', imageResponse(PNG_1X1, { item: { output_format: 'webp' } }), [
      { code: 'image-format-mismatch', severity: 'warning', line: 4 },
    ]],
    ['output_format in capitals names the same format', imageResponse(PNG_1X1, { item: { output_format: 'png' }, partial: { output_format: 'PNG' } }), []],
    ['an output_format respcat cannot compare is not a mismatch', imageResponse(PNG_1X1, { partial: { output_format: 'auto' } }), []],

    ['image-size-mismatch: 1×1 bytes, size 1024x1024', imageResponse(PNG_1X1, { partial: { size: '1024x1024' } }), [
      { code: 'image-size-mismatch', severity: 'warning', line: 3 },
    ]],
    ['image-size-mismatch: on the final image from output_item.done', imageResponse(PNG_1X1, { item: { size: '1536x1024' } }), [
      { code: 'image-size-mismatch', severity: 'warning', line: 4 },
    ]],
    ['size auto is not a mismatch', imageResponse(PNG_1X1, { item: { size: 'auto' } }), []],
  ])('%s', async (_name, capture, expected) => {
    expect(await imageFindings(capture)).toEqual(expected);
  });

  test('a final image only in the terminal response is checked at the terminal event\'s line', async () => {
    const capture = jsonLines([
      ev.created(),
      ev.itemDone(ev.imageItem({ size: '1024x1024', result: '' })),
      ev.completed([ev.imageItem({ size: '1024x1024', result: PNG_1X1 })]),
    ]);
    expect(await imageFindings(capture)).toEqual([{ code: 'image-size-mismatch', severity: 'warning', line: 3 }]);
  });

  test('a PNG claiming 20000 × 20000 pixels is rejected from its header, without allocating the pixels', async () => {
    const liar = png(20_000, 20_000, new Uint8Array(64)).toString('base64');
    const before = process.memoryUsage().arrayBuffers;
    const diagnostics = await checkCapture(imageResponse(liar));
    const grown = process.memoryUsage().arrayBuffers - before;
    const invalid = diagnostics.filter((d) => d.code === 'invalid-image');
    expect(invalid.map((d) => d.message)).toEqual([
      expect.stringMatching(/^The partial 0 of ig_1 is not a whole, valid image: PNG header claims 20000 × 20000 pixels, more than its \d+ bytes of image data can hold$/),
    ]);
    // 20000 × 20001 bytes of scanlines would be 400 MB.
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  });

  test('messages name the image and the problem', async () => {
    const diagnostics = await checkCapture(imageResponse(GIF_CUT, { partial: { output_format: 'png', size: '1024x1024' } }));
    expect(diagnostics.map((d) => `${d.position.line} ${d.code}: ${d.message}`)).toEqual([
      '3 invalid-image: The partial 0 of ig_1 is not a whole, valid image: GIF ends before its trailer (cut off?)',
      '3 image-format-mismatch: The partial 0 of ig_1 is GIF but output_format says png',
      '3 image-size-mismatch: The partial 0 of ig_1 is 1×1 but size says 1024x1024',
    ]);
  });
});
