import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { inspectJson, runCli } from '../support/fake-io.js';
import { ROOT } from '../support/samples.js';
import { chatStream, codes, jsonLines, run, sseData } from './support.js';

// Issue 16: images that arrive as data URLs in a message's content parts (Responses and Chat Completions) and as
// image items of their own: decoded, validated, written as files named after their item, listed, checked.

const DIALECTS = 'samples/dialects';
const work = mkdtempSync(join(tmpdir(), 'respcat-dialect-images-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The base64 of every PNG data URL in a file, read here without respcat. */
function dataUrls(path: string): string[] {
  return [...readFileSync(join(ROOT, path), 'utf8').matchAll(/"url":"data:image\/png;base64,([^"]+)"|"image_url":"data:image\/png;base64,([^"]+)"/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

/** Replays a capture into a fresh folder: the exit code, stdout and the files written. */
async function replayInto(path: string, name: string): Promise<{ code: number; stdout: string; dir: string; files: string[] }> {
  const dir = join(work, name);
  const { code, stdout } = await runCli(['replay', path, '--out-dir', dir]);
  let files: string[] = [];
  try {
    files = readdirSync(dir).sort();
  } catch {
    // No image written: no folder.
  }
  return { code, stdout, dir, files };
}

describe.each([
  ['responses-output-image-part.sse', 'msg_dialects_img_0001', 'Here is the chart.\n', [2, 2]],
  ['agent-framework-output-image-item.sse', 'img_dialects_0001', 'The forecast map is above.\n', [3, 2]],
  ['chat-content-image-url-part.sse', 'cmpl-dialects-img-0001', 'A swatch: amber on grey.\n', [2, 2]],
])('%s', (name, itemId, text, [width, height]) => {
  const path = `${DIALECTS}/${name}`;

  test('the image is written once, byte-exact, named after its item; the text is printed as it is', async () => {
    const [b64, ...copies] = dataUrls(path);
    expect(b64).toBeDefined();
    // The sample repeats the image in its done copies; every copy is the same image.
    for (const copy of copies) expect(copy).toBe(b64);
    const { code, stdout, dir, files } = await replayInto(path, name);
    expect([code, stdout]).toEqual([0, text]);
    expect(files).toEqual([`${itemId}.png`]);
    expect(readFileSync(join(dir, `${itemId}.png`))).toEqual(Buffer.from(b64 as string, 'base64'));
  });

  test('inspect lists it, validated; check is clean', async () => {
    const { code, report } = await inspectJson(path);
    expect(code).toBe(0);
    expect(report.responses).toHaveLength(1);
    expect(report.responses[0]?.images.map((i) => [i.itemId, i.kind, i.format, i.width, i.height, i.valid])).toEqual([[itemId, 'final', 'png', width, height, true]]);
    expect(report.diagnostics).toEqual([]);
  });
});

describe('Responses API: image parts and image items in every place a stream puts them', () => {
  const created = { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', output: [] } };
  const completed = (output: unknown[]) => ({ type: 'response.completed', response: { id: 'resp_1', status: 'completed', output } });
  const png = dataUrls(`${DIALECTS}/responses-output-image-part.sse`)[0] as string;

  test.each([
    ['input_image with image_url as a string', { type: 'input_image', image_url: `data:image/png;base64,${png}` }],
    ['image_url with image_url as {url}', { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }],
    ['output_image with image_url as {url}', { type: 'output_image', image_url: { url: `data:image/png;base64,${png}` } }],
  ])('%s, only in output_item.done and the terminal response: one image', (_name, part) => {
    const message = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'x', annotations: [] }, part] };
    const { responses, diagnostics } = run(jsonLines([created, { type: 'response.output_item.done', output_index: 0, item: message }, completed([message])]));
    expect(responses[0]?.images.map((i) => [i.itemId, i.kind, i.source, i.position.line])).toEqual([['msg_1', 'final', 'output_item.done', 2]]);
    expect(diagnostics).toEqual([]);
  });

  test('an image item only in the terminal response is read there', () => {
    const item = { id: 'img_1', type: 'output_image', image_url: `data:image/png;base64,${png}` };
    const { responses } = run(jsonLines([created, completed([item])]));
    expect(responses[0]?.images.map((i) => [i.itemId, i.source, i.position.line])).toEqual([['img_1', 'terminal-response', 2]]);
  });

  test('a broken data URL image part is invalid-image at its event; a link is no image', async () => {
    const broken = { type: 'output_image', image_url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA' };
    const link = { type: 'output_image', image_url: 'https://example.com/chart.png' };
    const message = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [broken, link] };
    const events = [
      created,
      { type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 0, part: broken },
      { type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 1, part: link },
      { type: 'response.output_item.done', output_index: 0, item: message },
      completed([message]),
    ];
    const path = join(work, 'broken-part.jsonl');
    writeFileSync(path, jsonLines(events));
    const result = await checkInput({ kind: 'file', path });
    expect(codes(result.diagnostics)).toEqual(['invalid-image@2']);
    expect(result.diagnostics[0]?.message).toMatch(/^The final image of msg_1 is not a whole, valid image: /);
    expect((await runCli(['check', '-q', path])).code).toBe(1);
  });
});

describe('Chat Completions: image_url content parts', () => {
  const png = dataUrls(`${DIALECTS}/chat-content-image-url-part.sse`)[0] as string;

  test("Mistral's image_url as the URL string itself is an image too; text parts around it are the answer", () => {
    const t = chatStream('cmpl-m');
    const { responses, stdout } = run(
      sseData([
        t.chunk([t.choice(0, { role: 'assistant', content: [{ type: 'text', text: 'See' }, { type: 'image_url', image_url: `data:image/png;base64,${png}` }] })]),
        t.chunk([t.choice(0, { content: ' this.' }, 'stop')]),
      ]),
    );
    expect(stdout).toBe('See this.\n');
    expect(responses[0]?.images.map((i) => [i.itemId, i.kind, i.source, i.declaredFormat])).toEqual([['cmpl-m', 'final', 'delta.content', 'png']]);
  });

  test('a broken image_url part is invalid-image at its chunk', async () => {
    const t = chatStream('cmpl-b');
    const path = join(work, 'broken-chat-part.sse');
    writeFileSync(path, sseData([t.chunk([t.choice(0, { content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,bm90IGEgcG5n' } }] })]), t.chunk([t.choice(0, {}, 'stop')])]));
    const result = await checkInput({ kind: 'file', path });
    expect(codes(result.diagnostics)).toEqual(['invalid-image@1']);
  });
});
