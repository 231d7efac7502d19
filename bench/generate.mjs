// Input generators for the benchmark: deterministic captures written into bench/.data/ (git-ignored).
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

/** Where generated inputs live. */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '.data');

/** Bumped whenever the generated shapes change, so stale inputs are rebuilt. */
const VERSION = 2;

/** mulberry32: the same "noise" on every machine (integers of 32 bits; bench/settle.mjs draws with it too). */
export function createRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function pngChunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A real, valid RGB PNG of `width`×`height` noisy pixels (Sub filter over 1–2 bits of noise), different
 * for every seed: about 0.99 MB at 1024×1024, which is ~1.3 MB of base64, like gpt-image output.
 * IDAT is split into 64 KiB chunks as common encoders do.
 */
export function makeNoisyPng(seed, width = 1024, height = 1024) {
  const random = createRandom(seed);
  const stride = 1 + width * 3;
  const raw = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    raw[row] = 1; // Sub
    for (let x = 1; x < stride; x += 4) {
      const v = random();
      raw[row + x] = v & 3;
      if (x + 1 < stride) raw[row + x + 1] = (v >>> 8) & 3;
      if (x + 2 < stride) raw[row + x + 2] = (v >>> 16) & 1;
      if (x + 3 < stride) raw[row + x + 3] = (v >>> 24) & 1;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const compressed = deflateSync(raw, { level: 1 });
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr)];
  for (let at = 0; at < compressed.length; at += 65536) parts.push(pngChunk('IDAT', compressed.subarray(at, at + 65536)));
  parts.push(pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** A PNG of about `bytes` bytes with stored (uncompressed) deflate blocks: cheap to make at any size. */
export function makeLargePng(seed, bytes) {
  const side = Math.max(16, Math.floor(Math.sqrt(bytes)));
  const stride = 1 + side;
  const raw = Buffer.alloc(side * stride);
  const random = createRandom(seed);
  for (let i = 0; i < raw.length; i += 4) raw.writeUInt32LE(random(), Math.min(i, raw.length - 4));
  for (let y = 0; y < side; y++) raw[y * stride] = 0;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8;
  ihdr[9] = 0; // grey
  const compressed = deflateSync(raw, { level: 0 });
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr)];
  for (let at = 0; at < compressed.length; at += 1 << 20) parts.push(pngChunk('IDAT', compressed.subarray(at, at + (1 << 20))));
  parts.push(pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

const WORDS = (
  'the a of to and in is it that for on with as was at by an be this which or from but not are have had ' +
  'image stream model response partial final base64 token delta event capture replay check render light ' +
  'river mountain quiet city evening window paper garden music signal'
).split(' ');

/**
 * Words of real answers that are not ASCII: accented letters, CJK, emoji and typographic quotes and dashes.
 * Mixed in with WORDS (NON_ASCII_PER_100), about a quarter of the text's characters are non-ASCII (the
 * generator's self-check below keeps it so), as in answers in most languages but English.
 */
const NON_ASCII_WORDS = [
  'café', 'naïve', 'über', 'señor', 'déjà', 'façade', 'crème', 'Zürich', 'smörgåsbord', 'élan', 'Ångström', 'piñata',
  '日本語', '東京', '模型', '图像', '流式', '你好', '世界', '한국어', 'データ', '画像生成',
  '🙂', '🚀', '🎨', '👍🏽', '✨', '❤️',
  '“quoted”', '‘it’s’', '—', '…', '«bien»', '„so“',
];
/** How many words in a hundred are NON_ASCII_WORDS ones (the spaces and ASCII words make up the rest of the text). */
const NON_ASCII_PER_100 = 70;

/** The share of non-ASCII characters (code points) in `text`. */
export function nonAsciiShare(text) {
  let all = 0;
  let other = 0;
  for (const c of text) {
    all++;
    if (c.codePointAt(0) > 0x7f) other++;
  }
  return all === 0 ? 0 : other / all;
}

/** Buffered writer: appends strings and buffers to a file in ~4 MiB writes. */
function createSink(path) {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  let pending = [];
  let size = 0;
  let total = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const buffer = Buffer.concat(pending);
    let at = 0;
    while (at < buffer.length) at += writeSync(fd, buffer, at);
    pending = [];
    size = 0;
  };
  return {
    write(part) {
      const buffer = typeof part === 'string' ? Buffer.from(part) : part;
      pending.push(buffer);
      size += buffer.length;
      total += buffer.length;
      if (size >= 4 << 20) flush();
    },
    close() {
      flush();
      closeSync(fd);
      renameSync(temp, path);
      return total;
    },
  };
}

/**
 * The image-heavy capture of the issue: per response, `items` image_generation_call items with
 * `partials` partial images and a final image each (every PNG different), a message streamed as
 * `deltas` text deltas, and a terminal `response.completed` repeating every result on one line.
 * `responses` repeats the whole response (the "5× longer" capture for the memory check).
 * Standard SSE framing (`event:` + `data:` + blank line), as the API sends it.
 */
export function writeImageCapture(path, { items = 20, partials = 3, deltas = 200_000, responses = 1, text = 'mixed' } = {}) {
  const sink = createSink(path);
  const random = createRandom(1234);
  // Every image of one response is different; repeated responses reuse them (memory, not realism, is measured).
  const images = [];
  for (let i = 0; i < items * (partials + 1); i++) images.push(makeNoisyPng(1000 + i).toString('base64'));
  for (let r = 0; r < responses; r++) {
    let seq = 0;
    const send = (event) => {
      const body = JSON.stringify({ type: event.type, sequence_number: seq++, ...event });
      sink.write(`event: ${event.type}\ndata: `);
      sink.write(body);
      sink.write('\n\n');
    };
    const id = `resp_${String(r).padStart(4, '0')}bench0000000000000000000000000000000000000000`;
    const base = {
      id,
      object: 'response',
      created_at: 1750000000 + r,
      status: 'in_progress',
      background: false,
      error: null,
      incomplete_details: null,
      model: 'gpt-5-bench',
      output: [],
      tools: [{ type: 'image_generation', output_format: 'png', quality: 'high', size: '1024x1024', partial_images: partials }],
      usage: null,
      metadata: {},
    };
    send({ type: 'response.created', response: base });
    send({ type: 'response.in_progress', response: base });
    const output = [];
    for (let i = 0; i < items; i++) {
      const itemId = `ig_${String(r).padStart(4, '0')}${String(i).padStart(4, '0')}bench00000000000000000000000000000000000000`;
      send({ type: 'response.output_item.added', output_index: i, item: { id: itemId, type: 'image_generation_call', status: 'in_progress' } });
      send({ type: 'response.image_generation_call.in_progress', output_index: i, item_id: itemId });
      send({ type: 'response.image_generation_call.generating', output_index: i, item_id: itemId });
      for (let p = 0; p < partials; p++) {
        send({
          type: 'response.image_generation_call.partial_image',
          output_index: i,
          item_id: itemId,
          partial_image_index: p,
          partial_image_b64: images[i * (partials + 1) + p],
          size: '1024x1024',
          quality: 'high',
          background: 'opaque',
          output_format: 'png',
        });
      }
      send({ type: 'response.image_generation_call.completed', output_index: i, item_id: itemId });
      const item = {
        id: itemId,
        type: 'image_generation_call',
        status: 'completed',
        background: 'opaque',
        output_format: 'png',
        quality: 'high',
        result: images[i * (partials + 1) + partials],
        revised_prompt: `Benchmark image ${i}`,
        size: '1024x1024',
      };
      send({ type: 'response.output_item.done', output_index: i, item });
      output.push(item);
    }
    const msgId = `msg_${String(r).padStart(4, '0')}bench0000000000`;
    const m = items;
    send({ type: 'response.output_item.added', output_index: m, item: { id: msgId, type: 'message', status: 'in_progress', content: [], role: 'assistant' } });
    send({ type: 'response.content_part.added', item_id: msgId, output_index: m, content_index: 0, part: { type: 'output_text', annotations: [], text: '' } });
    const pieces = [];
    for (let d = 0; d < deltas; d++) {
      const pick = random();
      const word = text === 'mixed' && pick % 100 < NON_ASCII_PER_100 ? NON_ASCII_WORDS[(pick >>> 8) % NON_ASCII_WORDS.length] : WORDS[(pick >>> 4) % WORDS.length];
      const delta = d % 40 === 39 ? '.\n' : d === 0 ? word : ` ${word}`;
      pieces.push(delta);
      send({ type: 'response.output_text.delta', item_id: msgId, output_index: m, content_index: 0, delta });
    }
    const joined = pieces.join('');
    // The figures are meant to describe real text: fail loudly if the mix drifts from about a quarter.
    const share = nonAsciiShare(joined);
    if (text === 'mixed' && (share < 0.2 || share > 0.3)) throw new Error(`bench: generated text is ${(share * 100).toFixed(1)} % non-ASCII, not ~25 %`);
    const part = { type: 'output_text', annotations: [], logprobs: [], text: joined };
    send({ type: 'response.output_text.done', item_id: msgId, output_index: m, content_index: 0, text: joined, logprobs: [] });
    send({ type: 'response.content_part.done', item_id: msgId, output_index: m, content_index: 0, part });
    const message = { id: msgId, type: 'message', status: 'completed', content: [part], role: 'assistant' };
    send({ type: 'response.output_item.done', output_index: m, item: message });
    output.push(message);
    send({
      type: 'response.completed',
      response: {
        ...base,
        status: 'completed',
        output,
        usage: { input_tokens: 42, input_tokens_details: { cached_tokens: 0 }, output_tokens: deltas, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: deltas + 42 },
      },
    });
  }
  return sink.close();
}

/** One capture that is a single huge line: a partial image event whose base64 is `mb` MB (a real, stored-deflate PNG). */
export function writeHugeLine(path, mb) {
  const sink = createSink(path);
  const png = makeLargePng(mb, Math.floor((mb * 1e6 * 3) / 4));
  const b64 = png.toString('base64');
  sink.write(
    'data: {"type":"response.image_generation_call.partial_image","sequence_number":0,"output_index":0,' +
      '"item_id":"ig_huge","partial_image_index":0,"partial_image_b64":"',
  );
  sink.write(b64);
  sink.write('","size":"auto","output_format":"png"}\n');
  return sink.close();
}

/** Makes (or reuses) one input; `name` says what it holds (a version prefix retires stale ones). */
export function ensureInput(name, make) {
  const path = join(DATA_DIR, `v${VERSION}-${name}`);
  if (!existsSync(path)) make(path);
  return { path, bytes: statSync(path).size };
}

// `node bench/generate.mjs` makes the full run's inputs (the names the runner uses), for a look at them.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  for (const [name, make] of [
    ['images-20x200000.sse', (p) => writeImageCapture(p)],
    ['images-20x200000-ascii.sse', (p) => writeImageCapture(p, { text: 'ascii' })],
    ['images-20x200000-x5.sse', (p) => writeImageCapture(p, { responses: 5 })],
    ['line-50mb.sse', (p) => writeHugeLine(p, 50)],
    ['line-100mb.sse', (p) => writeHugeLine(p, 100)],
  ]) {
    const { path, bytes } = ensureInput(name, make);
    console.log(`${path}: ${(bytes / 1e6).toFixed(1)} MB`);
  }
  console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
}
