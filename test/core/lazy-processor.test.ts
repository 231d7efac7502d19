import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { createProcessor, type StreamProcessorOptions as ProcessorOptions } from '../../src/families/index.js';
import { createRules } from '../../src/families/index.js';
import { loadEventStreamCodec, nodeBytes } from '../../src/input/read-input.js';
import { createRandom, splitAt } from '../support/chunkings.js';
import { parseChunks } from '../support/parse.js';
import { listCorpus, listSamples, loadCapture as load, ROOT } from '../support/samples.js';

// nodeBytes reads binary event streams with the AWS codec, which readChunks loads for an input that may be one.
beforeAll(loadEventStreamCodec);

/** The cheap path as shipped, the cheap path on every payload and every non-empty value string, and none. */
const MODES: Record<string, NonNullable<ProcessorOptions['lazy']>> = {
  shipped: true,
  everywhere: { minPayload: 0, longString: 1 },
  full: false,
};

/** What a command observes, decoded with the given lazy mode (with or without the Node byte helpers). */
function observe(chunks: readonly Uint8Array[], lazy: NonNullable<ProcessorOptions['lazy']>, host = true, deferResults = false) {
  return parseChunks(chunks, { lazy, deferResults, ...(host ? nodeBytes : {}) });
}

/** Whole, in 64 KiB pieces (a pipe), and a few seeded random splits. */
function splits(bytes: Uint8Array, runs = 4): Uint8Array[][] {
  const out: Uint8Array[][] = [[bytes], splitAt(bytes, Array.from({ length: Math.floor(bytes.length / 65536) }, (_, i) => (i + 1) * 65536))];
  const random = createRandom(7);
  for (let run = 0; run < runs; run++) out.push(splitAt(bytes, Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * bytes.length))));
  return out;
}

function expectAllModesAgree(bytes: Uint8Array, name: string): void {
  const expected = observe([bytes], false);
  for (const chunks of splits(bytes)) {
    for (const [mode, lazy] of Object.entries(MODES)) {
      expect(observe(chunks, lazy), `${name}: ${mode}, ${chunks.length} chunks`).toEqual(expected);
    }
    expect(observe(chunks, { minPayload: 0, longString: 1 }, true, true), `${name}: results deferred, ${chunks.length} chunks`).toEqual(expected);
  }
  // Without the host's fast primitives (a browser): the same again.
  expect(observe([bytes], { minPayload: 0, longString: 1 }, false), `${name}: no host primitives`).toEqual(expected);
}

describe('the lazy path and the full path agree on every sample', () => {
  test.each(listSamples())('%s', (sample) => {
    expectAllModesAgree(load(join(ROOT, sample)), sample);
  });
});

describe.runIf(listCorpus().length > 0)('the lazy path and the full path agree on every corpus capture', () => {
  test.each(listCorpus())('%s', (path) => {
    expectAllModesAgree(load(path), path);
  });
});

/** Base64 of `n` pseudo-random bytes behind a PNG signature. */
function fakeImage(n: number, seed: number): string {
  const bytes = new Uint8Array(n);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let a = seed;
  for (let i = 8; i < n; i++) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    bytes[i] = a >>> 24;
  }
  return Buffer.from(bytes).toString('base64');
}

/** A capture with large image payloads in every shape the cheap path must get right. */
function largeCapture(): string {
  const images = [0, 1, 2, 3, 4, 5].map((i) => fakeImage(60_000 + i * 7_001, i + 1));
  let seq = 0;
  const lines: string[] = [];
  const sse = (json: string, event?: string): void => {
    if (event !== undefined) lines.push(`event: ${event}`);
    lines.push(`data: ${json}`, '');
  };
  sse(`{"type":"response.created","sequence_number":${seq++},"response":{"id":"resp_1","status":"in_progress","model":"m","output":[]}}`);
  sse(`{"type":"response.output_item.added","sequence_number":${seq++},"output_index":0,"item":{"id":"ig_1","type":"image_generation_call","status":"in_progress"}}`);
  // Key orders: type first, type last (Bedrock), sequence_number last, nested type keys first.
  sse(`{"type":"response.image_generation_call.partial_image","sequence_number":${seq++},"output_index":0,"item_id":"ig_1","partial_image_index":0,"partial_image_b64":"${images[0]}","output_format":"png"}`, 'response.image_generation_call.partial_image');
  sse(`{"partial_image_b64":"${images[1]}","item_id":"ig_1","output_index":0,"partial_image_index":1,"sequence_number":${seq++},"type":"response.image_generation_call.partial_image"}`);
  sse(`{"item":{"type":"image_generation_call","id":"ig_1","status":"completed","result":"${images[2]}","revised_prompt":"a \\"quoted\\" prompt\\nwith é and \\u00e9 and 😀","output_format":"png"},"output_index":0,"type":"response.output_item.done","sequence_number":${seq++}}`);
  // A second item whose final image is only in the terminal response (the seed's shape).
  sse(`{"type":"response.output_item.added","sequence_number":${seq++},"output_index":1,"item":{"id":"ig_2","type":"image_generation_call","status":"in_progress"}}`);
  sse(`{"type":"response.image_generation_call.partial_image","sequence_number":${seq++},"output_index":1,"item_id":"ig_2","partial_image_index":0,"partial_image_b64":"${images[3]}"}`);
  sse(`{"type":"response.output_item.done","sequence_number":${seq++},"output_index":1,"item":{"id":"ig_2","type":"image_generation_call","status":"completed","result":""}}`);
  // A long text delta with escapes, and one without any (lifted), then its done value.
  const plain = 'plain words, no escapes at all. '.repeat(3000);
  sse(`{"type":"response.output_item.added","sequence_number":${seq++},"output_index":2,"item":{"id":"msg_1","type":"message","status":"in_progress","content":[]}}`);
  sse(`{"type":"response.output_text.delta","sequence_number":${seq++},"item_id":"msg_1","output_index":2,"content_index":0,"delta":"${plain}"}`);
  sse(`{"type":"response.output_text.delta","sequence_number":${seq++},"item_id":"msg_1","output_index":2,"content_index":0,"delta":"${'line\\n\\"x\\" '.repeat(9000)}"}`);
  sse(`{"type":"response.output_text.done","sequence_number":${seq++},"item_id":"msg_1","output_index":2,"content_index":0,"text":"${plain}${'line\\n\\"x\\" '.repeat(9000)}"}`);
  // A broken large payload (cut short), an escaped NUL, a raw tab in a long string: the full path reports them.
  sse(`{"type":"response.image_generation_call.partial_image","sequence_number":${seq++},"output_index":0,"item_id":"ig_1","partial_image_index":2,"partial_image_b64":"${images[4]}`);
  sse(`{"type":"keepalive","sequence_number":${seq++},"note":"\\u0000","pad":"${images[4]}"}`);
  sse(`{"type":"keepalive","sequence_number":${seq++},"pad":"${images[4]}\t"}`);
  sse(`{"no_type":"${images[5]}"}`);
  // The terminal response repeating every result on one line.
  sse(
    `{"type":"response.completed","sequence_number":${seq++},"response":{"id":"resp_1","status":"completed","model":"m","output":[` +
      `{"id":"ig_1","type":"image_generation_call","status":"completed","result":"${images[2]}","output_format":"png"},` +
      `{"id":"ig_2","type":"image_generation_call","status":"completed","result":"${images[5]}"},` +
      `{"id":"msg_1","type":"message","status":"completed","content":[{"type":"output_text","text":"${plain}"}]}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}}`,
    'response.completed',
  );
  lines.push('data: [DONE]', '');
  return lines.join('\n');
}

describe('the lazy path and the full path agree on large payloads', () => {
  const capture = Buffer.from(largeCapture());

  test('a capture of large image, text and terminal payloads, whole and split anywhere', () => {
    expect(capture.length).toBeGreaterThan(1_000_000);
    expectAllModesAgree(capture, 'large capture');
  });

  test('the same capture with CRLF line ends and as bare JSON lines', () => {
    const text = capture.toString('utf8');
    expectAllModesAgree(Buffer.from(text.replaceAll('\n', '\r\n')), 'CRLF');
    const jsonLines = text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => line.slice('data: '.length))
      .join('\n');
    expectAllModesAgree(Buffer.from(jsonLines), 'JSON lines');
  });

  test('a terminal response of many megabytes in 64 KiB pieces (a pipe) is read in its pieces, never joined', () => {
    const results = Array.from({ length: 7 }, (_, i) => fakeImage(1_000_000 + i * 3, 100 + i));
    const text =
      `data: {"type":"response.created","sequence_number":0,"response":{"id":"r","status":"in_progress","output":[]}}\n\n` +
      `data: {"type":"response.completed","sequence_number":1,"response":{"id":"r","status":"completed","output":[` +
      results.map((result, i) => `{"id":"ig_${i}","type":"image_generation_call","status":"completed","result":"${result}"}`).join(',') +
      `]}}\n\n` +
      // The same as a bare JSON line, and as a data line that is cut off (the full path reports it).
      `{"type":"keepalive","pad":"${results[0]}${results[1]}${results[2]}${results[3]}${results[4]}${results[5]}${results[6]}"}\n` +
      `data: {"type":"keepalive","pad":"${results.join('')}`;
    const bytes = Buffer.from(text);
    expect(bytes.length).toBeGreaterThan(9_000_000);
    const expected = observe([bytes], false);
    for (const size of [65536, 1 << 20, 3_000_001]) {
      const chunks = splitAt(bytes, Array.from({ length: Math.floor(bytes.length / size) }, (_, i) => (i + 1) * size));
      expect(observe(chunks, true), `${size}-byte chunks`).toEqual(expected);
      expect(observe(chunks, true, true, true), `${size}-byte chunks, results deferred`).toEqual(expected);
      expect(observe(chunks, false), `${size}-byte chunks, full path`).toEqual(expected);
      expect(observe(chunks, true, false), `${size}-byte chunks, no host primitives`).toEqual(expected);
    }
  }, 120_000); // twelve passes over 9 MB: ~10 s on a busy 2-core machine, over 30 s inside a loaded full run

  test('the cheap path is taken where it can be (it is not just falling back)', () => {
    // The ASCII decoder is only ever called for lifted strings.
    const lifted: number[] = [];
    const processor = createProcessor({
      decodeAscii: (bytes) => {
        lifted.push(bytes.length);
        return nodeBytes.decodeAscii(bytes);
      },
    });
    processor.feed(capture);
    processor.end();
    // Partial images 0, 1 and ig_2's, ig_1's result, the plain delta, the headless payload, the terminal's two results and text.
    expect(lifted.length).toBe(9);
    expect(Math.min(...lifted)).toBeGreaterThan(50_000);
  });
});

describe('deferred image results (deferResults: what replay runs)', () => {
  // Three image items; ig_1's final image is only in the terminal response (the seed's shape). The
  // terminal line is over 8 MiB, so it arrives in pieces and is never joined.
  const images = [0, 1, 2].map((i) => fakeImage(2_400_000 + i, 200 + i));
  const done = (i: number, result: string): string =>
    `data: {"type":"response.output_item.done","sequence_number":${1 + i},"output_index":${i},"item":{"id":"ig_${i}","type":"image_generation_call","status":"completed","result":"${result}"}}\n\n`;
  const capture = (terminalResults: readonly string[]): Buffer =>
    Buffer.from(
      `data: {"type":"response.created","sequence_number":0,"response":{"id":"r","status":"in_progress","output":[]}}\n\n` +
        done(0, images[0] as string) +
        done(1, '') +
        done(2, images[2] as string) +
        `data: {"type":"response.completed","sequence_number":4,"response":{"id":"r","status":"completed","output":[` +
        terminalResults.map((result, i) => `{"id":"ig_${i}","type":"image_generation_call","status":"completed","result":"${result}"}`).join(',') +
        `]}}\n\n`,
    );
  const inPieces = (bytes: Buffer): Uint8Array[] => splitAt(bytes, Array.from({ length: Math.floor(bytes.length / (1 << 20)) }, (_, i) => (i + 1) << 20));

  function run(bytes: Buffer, rules?: ProcessorOptions['rules']) {
    let terminal: Record<string, unknown>[] = [];
    const finals: string[] = [];
    const processor = createProcessor({
      ...nodeBytes,
      deferResults: true,
      ...(rules !== undefined ? { rules } : {}),
      onEvent: (e) => {
        if (e.event.type === 'response.completed') terminal = e.event.response.output as Record<string, unknown>[];
      },
      onUpdate: (u) => {
        if (u.kind === 'image' && u.image.kind === 'final') finals.push(`${u.image.itemId}:${u.image.source}:${u.b64 === images[Number(u.image.itemId.slice(3))] ? 'exact' : 'wrong'}`);
      },
    });
    for (const chunk of inPieces(bytes)) processor.feed(chunk);
    processor.end();
    return { terminal, finals, diagnostics: processor.diagnostics.map((d) => d.code) };
  }

  test('without the output-mismatch rule, results already written are never decoded; the missing one is', () => {
    const bytes = capture(images);
    expect(bytes.length).toBeGreaterThan(9_000_000);
    const { terminal, finals, diagnostics } = run(bytes, createRules().filter((rule) => !rule.codes.includes('output-mismatch')));
    expect(finals).toEqual(['ig_0:output_item.done:exact', 'ig_2:output_item.done:exact', 'ig_1:terminal-response:exact']);
    expect(diagnostics).toEqual([]);
    const accessor = (i: number) => Object.getOwnPropertyDescriptor(terminal[i], 'result')?.get;
    expect(accessor(0)).toBeTypeOf('function');
    expect(accessor(1)).toBeUndefined();
    expect(accessor(2)).toBeTypeOf('function');
    // Read later, they are still exactly the wire's strings.
    expect(terminal.map((item) => item.result)).toEqual(images);
  });

  test('with every rule (check, inspect), output-mismatch still compares them', () => {
    // ig_1's empty result in output_item.done differs from the terminal copy (the seed's warning).
    const same = run(capture(images), createRules());
    expect(same.diagnostics).toEqual(['output-mismatch']);
    // Same length, different bytes: only the digest tells them apart.
    const changed = [images[0] as string, images[1] as string, `${(images[2] as string).slice(0, -12)}AAAAAAAAAAA=`];
    expect(changed[2]?.length).toBe(images[2]?.length);
    const processor = createProcessor({ ...nodeBytes, deferResults: true });
    for (const chunk of inPieces(capture(changed))) processor.feed(chunk);
    processor.end();
    expect(processor.diagnostics.map((d) => `${d.code}@${d.position.line}: ${d.message.slice(0, 40)}`)).toEqual([
      'output-mismatch@5: Item ig_1 in output_item.done differs fr',
      'output-mismatch@7: Item ig_2 in output_item.done differs fr',
    ]);
  });
});
