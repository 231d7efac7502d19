import { Readable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import { checkInput } from '../../src/commands/check.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { createProcessor } from '../../src/families/index.js';
import type { Rule } from '../../src/core/rules/index.js';

/** A finding reduced to what the rule tables assert: code, severity and 1-based line. */
export interface Finding {
  readonly code: string;
  readonly severity: string;
  readonly line: number;
}

/** Reduces diagnostics to `Finding`s, in order. */
export function findings(diagnostics: readonly Diagnostic[]): Finding[] {
  return diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.position.line }));
}

/** One event object a line (the JSON-lines framing), so an event's line is its index + 1; strings go in raw. */
export function jsonLines(lines: readonly (object | string)[]): string {
  return lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
}

/** Runs one rule alone over a capture (framing findings included) and keeps the findings of that rule's codes. */
export function runRule(rule: Rule, capture: string | Uint8Array): Diagnostic[] {
  const processor = createProcessor({ rules: [rule] });
  processor.feed(typeof capture === 'string' ? new TextEncoder().encode(capture) : capture);
  processor.end();
  return processor.diagnostics.filter((d) => rule.codes.includes(d.code));
}

/** Every finding of a capture through the whole pipeline (stream rules, framing, full image validation), sorted. */
export async function checkCapture(capture: string | Uint8Array): Promise<Diagnostic[]> {
  const bytes = typeof capture === 'string' ? Buffer.from(capture) : Buffer.from(capture);
  const result = await checkInput({ kind: 'stream', stream: Readable.from([bytes]), name: '<test>' });
  return [...result.diagnostics];
}

export const RESP = 'resp_1';
export const MSG = 'msg_1';
export const IG = 'ig_1';

/** Builders for Responses API events, shaped as the API sends them (only the fields respcat reads, plus a few). */
export const ev = {
  created: (id = RESP, seq?: number) => ({ type: 'response.created', ...sequence(seq), response: { id, status: 'in_progress', output: [] } }),
  inProgress: (seq?: number) => ({ type: 'response.in_progress', ...sequence(seq), response: { id: RESP, status: 'in_progress' } }),
  completed: (output: readonly object[] = [], seq?: number, id = RESP) => ({
    type: 'response.completed',
    ...sequence(seq),
    response: { id, status: 'completed', output },
  }),
  failed: (error: object | null, seq?: number) => ({ type: 'response.failed', ...sequence(seq), response: { id: RESP, status: 'failed', error, output: [] } }),
  incomplete: (reason: string | null, seq?: number) => ({
    type: 'response.incomplete',
    ...sequence(seq),
    response: { id: RESP, status: 'incomplete', incomplete_details: reason === null ? null : { reason }, output: [] },
  }),
  itemAdded: (item: object, outputIndex = 0, seq?: number) => ({ type: 'response.output_item.added', ...sequence(seq), output_index: outputIndex, item }),
  itemDone: (item: object, outputIndex = 0, seq?: number) => ({ type: 'response.output_item.done', ...sequence(seq), output_index: outputIndex, item }),
  delta: (text: string, seq?: number, itemId = MSG) => ({
    type: 'response.output_text.delta',
    ...sequence(seq),
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    delta: text,
  }),
  textDone: (text: string, seq?: number, itemId = MSG) => ({
    type: 'response.output_text.done',
    ...sequence(seq),
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    text,
  }),
  partialImage: (b64: string, index = 0, extra: object = {}) => ({
    type: 'response.image_generation_call.partial_image',
    item_id: IG,
    output_index: 0,
    partial_image_index: index,
    partial_image_b64: b64,
    ...extra,
  }),
  message: (text: string, status = 'completed') => ({
    id: MSG,
    type: 'message',
    status,
    role: 'assistant',
    content: [{ type: 'output_text', annotations: [], text }],
  }),
  imageItem: (extra: object = {}) => ({ id: IG, type: 'image_generation_call', status: 'completed', output_format: 'png', size: '1x1', ...extra }),
};

function sequence(seq: number | undefined): { sequence_number?: number } {
  return seq === undefined ? {} : { sequence_number: seq };
}

/** A whole, minimal text response as JSON lines (6 lines, no finding). */
export function wholeTextResponse(text = 'Hello, world.'): string {
  return jsonLines([
    ev.created(RESP, 0),
    ev.itemAdded({ id: MSG, type: 'message', status: 'in_progress', role: 'assistant', content: [] }, 0, 1),
    ev.delta(text.slice(0, 5), 2),
    ev.delta(text.slice(5), 3),
    ev.textDone(text, 4),
    ev.itemDone(ev.message(text), 0, 5),
    ev.completed([ev.message(text)], 6),
  ]);
}

// ---- image bytes ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), 8 + data.length);
  return out;
}

/** A greyscale 8-bit PNG whose header says `width` × `height` and whose image data is `raw` deflated (CRCs all correct). */
export function png(width: number, height: number, raw: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** A whole, valid 1×1 greyscale PNG, as base64. */
export const PNG_1X1 = png(1, 1, new Uint8Array([0, 0])).toString('base64');
/** A PNG whose header claims 100000 × 100000 pixels over a few bytes of image data, as base64. */
export const PNG_LIAR = png(100_000, 100_000, new Uint8Array(64)).toString('base64');
/** A whole, valid 1×1 GIF, as base64. */
export const GIF_1X1 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
/** The seed's cut-off GIF partial (no image data, no trailer), as base64. */
export const GIF_CUT = 'R0lGODlhAQABAAAAACw=';
