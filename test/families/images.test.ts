import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { itemsInOrder, type ImageRecord } from '../../src/core/model.js';
import { runCli } from '../support/fake-io.js';
import { checkCapture } from '../check/captures.js';
import { chatStream, codes, imageEvent, jsonLines, PNG_1X1, run, sseData } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-images-api-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const partial = (index: number, fields: Record<string, unknown> = {}) => imageEvent('image_generation.partial_image', { partial_image_index: index, ...fields });
const completed = (fields: Record<string, unknown> = {}) => imageEvent('image_generation.completed', fields);
const editPartial = (index: number) => imageEvent('image_edit.partial_image', { partial_image_index: index });
const editCompleted = () => imageEvent('image_edit.completed');

/** An image's file name without extension (docs/spec.md §3): `<item_id>.partial-<n>` or `<item_id>`. */
const stem = (i: ImageRecord): string => (i.kind === 'partial' ? `${i.itemId}.partial-${i.index}` : i.itemId);

/** The image records of each response: `stem kind line`. */
function images(capture: string): string[][] {
  return run(capture).responses.map((r) => r.images.map((i) => `${stem(i)} ${i.kind} ${i.position.line}`));
}

describe('Images API: one stream is partials in rising order, then .completed', () => {
  test('a whole stream: image-1 with its partials and final, usage, completed', () => {
    const { responses, diagnostics } = run(jsonLines([partial(0), partial(1), completed()]));
    expect(diagnostics).toEqual([]);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      family: 'images',
      id: 'image-1',
      model: null,
      status: 'completed',
      terminal: { type: 'image_generation.completed', position: { line: 3 } },
      usage: { input_tokens: 20, output_tokens: 272, total_tokens: 292, cached_tokens: 0, reasoning_tokens: 0 },
    });
    const [item] = responses[0] ? itemsInOrder(responses[0]) : [];
    expect(item).toMatchObject({ type: 'image', status: 'completed', partialImages: 2, hasFinalImage: true, end: { source: 'image_generation.completed' } });
    expect(item?.item).toEqual({ type: 'image', size: '1x1', quality: 'low', background: 'opaque', output_format: 'png' });
    expect(responses[0]?.images.map((i) => [stem(i), i.kind, i.index, i.source, i.declaredFormat, i.declaredSize])).toEqual([
      ['image-1.partial-0', 'partial', 0, 'images-api', 'png', '1x1'],
      ['image-1.partial-1', 'partial', 1, 'images-api', 'png', '1x1'],
      ['image-1', 'final', null, 'images-api', 'png', '1x1'],
    ]);
  });

  test.each([
    ['two whole streams: k counts them from 1', jsonLines([partial(0), completed(), partial(0), partial(1), completed()]), [
      ['image-1.partial-0 partial 1', 'image-1 final 2'],
      ['image-2.partial-0 partial 3', 'image-2.partial-1 partial 4', 'image-2 final 5'],
    ]],
    ['a generation then an edit', jsonLines([completed(), editPartial(0), editCompleted()]), [['image-1 final 1'], ['image-2.partial-0 partial 2', 'image-2 final 3']]],
    ['a partial index that does not rise begins the next stream (the one before is cut off)', jsonLines([partial(0), partial(1), partial(0), completed()]), [
      ['image-1.partial-0 partial 1', 'image-1.partial-1 partial 2'],
      ['image-2.partial-0 partial 3', 'image-2 final 4'],
    ]],
    ['another operation begins the next stream', jsonLines([partial(0), editPartial(1), editCompleted()]), [
      ['image-1.partial-0 partial 1'],
      ['image-2.partial-1 partial 2', 'image-2 final 3'],
    ]],
    ['a partial without partial_image_index counts on from the last', jsonLines([partial(0), imageEvent('image_generation.partial_image', { partial_image_index: undefined }), completed()]), [
      ['image-1.partial-0 partial 1', 'image-1.partial-1 partial 2', 'image-1 final 3'],
    ]],
  ])('%s', (_name, capture, expected) => {
    expect(images(capture)).toEqual(expected);
  });

  test('k counts image streams only: Responses and chat streams around them do not move it', () => {
    const c = chatStream('chatcmpl-x');
    const capture = sseData([c.chunk([c.choice(0, { content: 'hi' }, 'stop')])]) + `data: ${JSON.stringify(partial(0))}\n\n` + `data: ${JSON.stringify(completed())}\n\n`;
    const { responses } = run(capture);
    expect(responses.map((r) => [r.family, r.id])).toEqual([
      ['chat', 'chatcmpl-x'],
      ['images', 'image-1'],
    ]);
  });

  test('the last declaration wins: a .completed may name the size the request left to auto', () => {
    const { responses } = run(jsonLines([partial(0, { size: 'auto' }), completed({ size: '1x1' })]));
    expect(responses[0]?.images.map((i) => i.declaredSize)).toEqual(['auto', '1x1']);
  });
});

describe('Images API: when a stream did not finish well', () => {
  test.each([
    ['partials and no .completed: cut off', jsonLines([partial(0), partial(1)]), 'in_progress', ['missing-terminal-event@2']],
    ['an error event: failed, error-event only', jsonLines([partial(0), { type: 'error', error: { type: 'image_generation_user_error', code: 'moderation_blocked', message: 'Blocked.', param: null } }]), 'failed', ['error-event@2']],
    ['a .completed without b64_json: missing-final-image', jsonLines([partial(0), completed({ b64_json: '' })]), 'completed', ['missing-final-image@2']],
    ['a .completed whose b64_json is absent: missing-final-image', jsonLines([completed({ b64_json: undefined })]), 'completed', ['missing-final-image@1']],
  ])('%s', (_name, capture, status, expected) => {
    const { responses, diagnostics } = run(capture);
    expect(responses[0]?.status).toBe(status);
    expect(codes(diagnostics)).toEqual(expected);
  });

  test('the missing-final-image message speaks of the Images API', () => {
    expect(run(jsonLines([completed({ b64_json: '' })])).diagnostics.map((d) => d.message)).toEqual(['Image stream image-1 completed with no b64_json']);
  });

  test('an empty partial is an invalid image, as for Responses partials', async () => {
    expect(codes(await checkCapture(jsonLines([partial(0, { b64_json: '' }), completed()])))).toEqual(['invalid-image@1']);
  });
});

describe('Images API: images are checked like the Responses ones', () => {
  test.each([
    ['bytes as declared: nothing', {}, []],
    ['output_format says webp over PNG bytes', { output_format: 'webp' }, ['image-format-mismatch@1', 'image-format-mismatch@2']],
    ['size says 1024x1024 over a 1×1 image', { size: '1024x1024' }, ['image-size-mismatch@1', 'image-size-mismatch@2']],
    ['size auto: nothing to compare', { size: 'auto' }, []],
    ['bytes that are not an image', { b64_json: Buffer.from('not an image at all').toString('base64') }, ['invalid-image@1', 'invalid-image@2']],
    ['base64 that does not decode', { b64_json: `${PNG_1X1.slice(0, 20)}!!!${PNG_1X1.slice(20)}` }, ['invalid-image@1', 'invalid-image@2']],
  ])('%s', async (_name, fields, expected) => {
    expect(codes(await checkCapture(jsonLines([partial(0, fields), completed(fields)])))).toEqual(expected);
  });
});

describe('Images API: replay writes image-<k>.partial-<n>.<ext> and image-<k>.<ext> (docs/spec.md §8)', () => {
  test('two streams, the extension from the bytes (png here, though one declares webp)', async () => {
    const path = join(work, 'two.jsonl');
    writeFileSync(path, jsonLines([partial(0), partial(1), completed(), editPartial(0), imageEvent('image_edit.completed', { output_format: 'webp' })]));
    const dir = join(work, 'out-two');
    const { code, stderr } = await runCli(['replay', path, '--out-dir', dir]);
    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['image-1.partial-0.png', 'image-1.partial-1.png', 'image-1.png', 'image-2.partial-0.png', 'image-2.png']);
    expect(stderr.match(/^saved /gm)).toHaveLength(5);
    // Declarations are check's business: a replay does not warn about them.
    expect(stderr).not.toContain('image-format-mismatch');
  });

  test('a cut-off stream keeps its partials on disk and exits 1', async () => {
    const path = join(work, 'cut.jsonl');
    writeFileSync(path, jsonLines([partial(0), partial(1)]));
    const dir = join(work, 'out-cut');
    const { code, stderr } = await runCli(['replay', path, '--out-dir', dir]);
    expect(code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['image-1.partial-0.png', 'image-1.partial-1.png']);
    expect(stderr).toContain('[missing-terminal-event]');
  });
});
