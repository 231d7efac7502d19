import { DIAGNOSTIC_CODES } from '../core/diagnostics.js';
import { diffJson, keySegment, parseJsonValue } from './json-diff.js';
import {
  lineAt,
  MAX_DIFFERENCES,
  type DiffResult,
  type DiffSide,
  type Difference,
  type DifferenceKind,
  type IgnoreKind,
  type ItemView,
  type PixelComparer,
  type ResponseView,
  type ResponsePair,
  type SideImage,
  type SideItem,
  type SideResponse,
  type TextOrigin,
} from './model.js';
import { diffText } from './text-diff.js';

/** How two sides are compared. */
export interface CompareOptions {
  /** `--ignore`: kinds left out. */
  readonly ignore: ReadonlySet<IgnoreKind>;
  /** `--strict-ids`: response, item and call ids are compared too. */
  readonly strictIds: boolean;
  /** Unchanged lines shown around each text change. */
  readonly context: number;
}

/** What an item fact is to the comparison (see FACT_ROLES). */
type FactRole = 'id' | 'text' | 'json-text' | 'place' | 'detail';

/**
 * What each item fact is to the comparison: an id (compared only with `--strict-ids`), the message or reasoning
 * text (`--ignore text`; a line diff), JSON text (tool call arguments: compared as JSON, key order and spacing
 * ignored, when both sides parse), or any other detail of the item (`--ignore items`); `type` is how items are
 * matched (another type is another item). Typed over every fact: a fact a describer gains must be placed here.
 */
const FACT_ROLES: { readonly [K in keyof Required<ItemView>]: FactRole } = {
  id: 'id',
  callId: 'id',
  otherItemIds: 'id',
  text: 'text',
  // A file part's URL and media type, an app data part's JSON (the UI message stream).
  url: 'detail',
  mediaType: 'detail',
  data: 'json-text',
  refusal: 'text',
  summary: 'text',
  reasoningText: 'text',
  arguments: 'json-text',
  type: 'place',
  choice: 'detail',
  status: 'detail',
  ended: 'detail',
  name: 'detail',
  input: 'detail',
  serverLabel: 'detail',
  finishReason: 'detail',
  role: 'detail',
  phase: 'detail',
  annotations: 'detail',
  encryptedContentLength: 'detail',
  action: 'detail',
  queries: 'detail',
  results: 'detail',
  sources: 'detail',
  code: 'detail',
  containerId: 'detail',
  outputs: 'detail',
  output: 'detail',
  error: 'detail',
  tools: 'detail',
  commands: 'detail',
  operation: 'detail',
  diff: 'detail',
  partialImages: 'detail',
  finalImage: 'detail',
  revisedPrompt: 'detail',
  size: 'detail',
  outputFormat: 'detail',
  transcript: 'detail',
  audioChunks: 'detail',
  audioBytes: 'detail',
};

function roleOf(field: string): FactRole {
  return (FACT_ROLES as Readonly<Record<string, FactRole>>)[field] ?? 'detail';
}

/**
 * Compares two inputs response by response, in order (docs/spec.md, `respcat diff`): status, error, family and
 * model; items by place (type, name, status, arguments as JSON, text as a line diff, sources); images (kind,
 * format, size, validity, pixels); usage; and the set of diagnostic codes. Framing, ids, sequence numbers and
 * timestamps are not part of what inspect reports, so they never differ; ids only with `strictIds`.
 */
export function compareSides(a: DiffSide, b: DiffSide, options: CompareOptions, pixels: PixelComparer): DiffResult {
  const found: Difference[] = [];
  const counts: Partial<Record<DifferenceKind, number>> = {};
  let omitted = 0;
  const ignored = (kind: DifferenceKind): boolean => (kind === 'ids' ? !options.strictIds || options.ignore.has('ids') : options.ignore.has(kind as IgnoreKind));
  const add = (difference: Difference): void => {
    if (ignored(difference.kind)) return;
    counts[difference.kind] = (counts[difference.kind] ?? 0) + 1;
    if (found.length < MAX_DIFFERENCES) found.push(difference);
    else omitted++;
  };

  const responses: ResponsePair[] = [];
  for (let index = 0; index < Math.max(a.responses.length, b.responses.length); index++) {
    const before = found.length + omitted;
    const ra = a.responses[index] ?? null;
    const rb = b.responses[index] ?? null;
    const at = `responses[${index}]`;
    if (ra === null || rb === null) {
      add({
        path: at,
        kind: 'responses',
        change: ra === null ? 'added' : 'removed',
        a: ra === null ? null : summarizeResponse(ra.view),
        b: rb === null ? null : summarizeResponse(rb.view),
        lineA: ra?.view.line ?? null,
        lineB: rb?.view.line ?? null,
        response: index,
      });
    } else {
      compareResponse(ra, rb, index, options, pixels, add);
    }
    responses.push({ index, a: ra, b: rb, differences: found.length + omitted - before });
  }

  for (const code of [...new Set([...a.diagnostics.keys(), ...b.diagnostics.keys()])].sort(byCodeRank)) {
    const da = a.diagnostics.get(code);
    const db = b.diagnostics.get(code);
    if (da !== undefined && db !== undefined) continue;
    add({
      path: `diagnostics${keySegment(code)}`,
      kind: 'diagnostics',
      change: da === undefined ? 'added' : 'removed',
      a: da?.count ?? null,
      b: db?.count ?? null,
      lineA: da?.line ?? null,
      lineB: db?.line ?? null,
      response: null,
      code,
    });
  }
  return { equal: found.length + omitted === 0, responses, differences: found, omitted, counts };
}

type Add = (difference: Difference) => void;

const CODE_RANK = new Map<string, number>(DIAGNOSTIC_CODES.map((code, index) => [code, index]));

/** Codes in the order of docs/spec.md §5; codes it does not list after them, by name. */
function byCodeRank(x: string, y: string): number {
  return (CODE_RANK.get(x) ?? CODE_RANK.size) - (CODE_RANK.get(y) ?? CODE_RANK.size) || (x < y ? -1 : x > y ? 1 : 0);
}

/** The few facts that name a response in a report of one that is only on one side. */
function summarizeResponse(view: ResponseView): { id: string | null; model: string | null; status: string } {
  return { id: view.id, model: view.model, status: view.status };
}

function compareResponse(a: SideResponse, b: SideResponse, index: number, options: CompareOptions, pixels: PixelComparer, add: Add): void {
  const at = `responses[${index}]`;
  const va = a.view;
  const vb = b.view;
  const scalar = (field: string, kind: DifferenceKind, x: unknown, y: unknown, lineA: number, lineB: number): void => {
    if (x !== y) add({ path: `${at}.${field}`, kind, change: 'changed', a: x, b: y, lineA, lineB, response: index });
  };
  scalar('id', 'ids', va.id, vb.id, va.line, vb.line);
  scalar('family', 'model', va.family, vb.family, va.line, vb.line);
  scalar('model', 'model', va.model, vb.model, va.line, vb.line);
  scalar('status', 'status', va.status, vb.status, a.endLine, b.endLine);
  scalar('finished', 'status', va.finished, vb.finished, a.endLine, b.endLine);
  scalar('incompleteReason', 'status', va.incompleteReason, vb.incompleteReason, a.endLine, b.endLine);
  jsonFields(`${at}.error`, 'status', va.error, vb.error, a.endLine, b.endLine, index, add);

  for (let k = 0; k < Math.max(a.items.length, b.items.length); k++) {
    compareItem(a.items[k] ?? null, b.items[k] ?? null, `${at}.items[${k}]`, index, options, add);
  }
  for (let k = 0; k < Math.max(a.images.length, b.images.length); k++) {
    compareImage(a.images[k] ?? null, b.images[k] ?? null, `${at}.images[${k}]`, index, pixels, add);
  }
  jsonFields(`${at}.usage`, 'usage', va.usage, vb.usage, a.endLine, b.endLine, index, add);
}

/** Two JSON values (an error, usage, an item's action): each differing leaf, or the whole when one side is null. */
function jsonFields(path: string, kind: DifferenceKind, x: unknown, y: unknown, lineA: number | null, lineB: number | null, response: number, add: Add): void {
  if (x === null || x === undefined || y === null || y === undefined) {
    if ((x ?? null) !== (y ?? null)) {
      add({ path, kind, change: x == null ? 'added' : y == null ? 'removed' : 'changed', a: x ?? null, b: y ?? null, lineA, lineB, response });
    }
    return;
  }
  for (const change of diffJson(x, y)) {
    add({ path: `${path}${change.path}`, kind, change: change.change, a: change.a, b: change.b, lineA, lineB, response });
  }
}

function summarizeItem(view: ItemView): Record<string, unknown> {
  return { type: view.type, ...(view.name !== undefined ? { name: view.name } : {}), status: view.status };
}

function compareItem(a: SideItem | null, b: SideItem | null, at: string, response: number, options: CompareOptions, add: Add): void {
  if (a === null || b === null || a.view.type !== b.view.type) {
    add({
      path: at,
      kind: 'items',
      change: a === null ? 'added' : b === null ? 'removed' : 'changed',
      a: a === null ? null : summarizeItem(a.view),
      b: b === null ? null : summarizeItem(b.view),
      lineA: a?.line ?? null,
      lineB: b?.line ?? null,
      response,
    });
    return;
  }
  const va = a.view as unknown as Record<string, unknown>;
  const vb = b.view as unknown as Record<string, unknown>;
  const fields = new Set([...Object.keys(va), ...Object.keys(vb)]);
  for (const field of fields) {
    const role = roleOf(field);
    if (role === 'place') continue;
    const kind: DifferenceKind = role === 'id' ? 'ids' : role === 'text' ? 'text' : 'items';
    const path = `${at}${keySegment(field)}`;
    const x = textValue(role, va[field]);
    const y = textValue(role, vb[field]);
    const lineA = a.endLine ?? a.line;
    const lineB = b.endLine ?? b.line;
    if (typeof x === 'string' && typeof y === 'string') {
      if (x === y) continue;
      if (role === 'json-text') {
        const ja = parseJsonValue(x);
        const jb = parseJsonValue(y);
        if (ja.ok && jb.ok) {
          const origins = { a: a.origins[field as keyof ItemView], b: b.origins[field as keyof ItemView] };
          for (const change of diffJson(ja.value, jb.value)) {
            add({
              path: `${path}${change.path}`,
              kind,
              change: change.change,
              a: change.a,
              b: change.b,
              lineA: change.change === 'added' ? null : lineOf(origins.a, locate(x, change.a), lineA),
              lineB: change.change === 'removed' ? null : lineOf(origins.b, locate(y, change.b), lineB),
              response,
            });
          }
          continue;
        }
      }
      const origins = { a: a.origins[field as keyof ItemView], b: b.origins[field as keyof ItemView] };
      if (role !== 'text' && !x.includes('\n') && !y.includes('\n')) {
        // A one-line detail (a status, a name, a finish reason) is a changed value, not a text to diff by lines.
        const first = commonPrefixLength(x, y);
        add({ path, kind, change: 'changed', a: x, b: y, lineA: lineAt(origins.a, first, lineA), lineB: lineAt(origins.b, first, lineB), response });
        continue;
      }
      compareText(path, kind, x, y, { origin: origins.a, fallback: lineA }, { origin: origins.b, fallback: lineB }, response, options, add);
      continue;
    }
    jsonFields(path, kind, x, y, x === undefined ? null : lineA, y === undefined ? null : lineB, response, add);
  }
}

function commonPrefixLength(x: string, y: string): number {
  let n = 0;
  while (n < x.length && n < y.length && x.charCodeAt(n) === y.charCodeAt(n)) n++;
  return n;
}

/**
 * Where a JSON value's text sits in the JSON text it was parsed from, when it is a string, number or boolean
 * written there once, as JSON.stringify writes it (the argument delta that brought it names the line); else -1.
 */
function locate(text: string, value: unknown): number {
  if (value === null || typeof value === 'object') return -1;
  const written = JSON.stringify(value);
  const at = text.indexOf(written);
  return at >= 0 && text.indexOf(written, at + 1) < 0 ? at : -1;
}

function lineOf(origin: TextOrigin | undefined, offset: number, fallback: number): number {
  return offset < 0 ? fallback : lineAt(origin, offset, fallback);
}

/** A text of parts (a reasoning summary: one string per part) is diffed as one text, parts a blank line apart, as replay prints it. */
function textValue(role: FactRole, value: unknown): unknown {
  return role === 'text' && Array.isArray(value) && value.every((part) => typeof part === 'string') ? value.join('\n\n') : value;
}

interface TextSide {
  readonly origin: TextOrigin | undefined;
  readonly fallback: number;
}

/**
 * Two texts that differ, as a unified line diff: one difference per hunk, each at the input lines its first
 * changed word came from.
 */
function compareText(path: string, kind: DifferenceKind, a: string, b: string, sa: TextSide, sb: TextSide, response: number, options: CompareOptions, add: Add): void {
  const diff = diffText(a, b, options.context);
  for (const hunk of diff.hunks) {
    add({
      path,
      kind,
      change: 'changed',
      a: hunk.removed,
      b: hunk.added,
      lineA: lineAt(sa.origin, hunk.firstChange.a, sa.fallback),
      lineB: lineAt(sb.origin, hunk.firstChange.b, sb.fallback),
      response,
      hunk,
      ...(diff.exact ? {} : { exact: false }),
    });
  }
}

/** Image facts compared (docs/spec.md); the byte count and where the image came from are not. */
const IMAGE_FIELDS = ['kind', 'index', 'format', 'width', 'height', 'valid'] as const;

function compareImage(a: SideImage | null, b: SideImage | null, at: string, response: number, pixels: PixelComparer, add: Add): void {
  if (a === null || b === null) {
    const only = (a ?? b) as SideImage;
    add({
      path: at,
      kind: 'images',
      change: a === null ? 'added' : 'removed',
      a: a === null ? null : describeImage(only),
      b: b === null ? null : describeImage(only),
      lineA: a?.view.line ?? null,
      lineB: b?.view.line ?? null,
      response,
    });
    return;
  }
  const line = (side: SideImage): number => side.view.line;
  if (a.view.itemId !== b.view.itemId) {
    add({ path: `${at}.itemId`, kind: 'ids', change: 'changed', a: a.view.itemId, b: b.view.itemId, lineA: line(a), lineB: line(b), response });
  }
  let sameShape = true;
  for (const field of IMAGE_FIELDS) {
    if (a.view[field] === b.view[field]) continue;
    if (field !== 'valid' && field !== 'index') sameShape = false;
    add({ path: `${at}.${field}`, kind: 'images', change: 'changed', a: a.view[field], b: b.view[field], lineA: line(a), lineB: line(b), response });
  }
  if (a.digest === b.digest) return;
  const counted = sameShape && a.bytes !== null && b.bytes !== null ? pixels.compare(a.bytes, b.bytes) : null;
  // A re-encoded image with the same pixels is the same image.
  if (counted !== null && counted.differing === 0) return;
  if (counted === null && fingerprintOf(a, pixels) === fingerprintOf(b, pixels)) return;
  // Another format or size already says the picture changed; the pixels are only news when the shape is the same.
  if (!sameShape) return;
  add({ path: `${at}.pixels`, kind: 'images', change: 'changed', a: a.digest, b: b.digest, lineA: line(a), lineB: line(b), response, pixels: counted });
}

function fingerprintOf(image: SideImage, pixels: PixelComparer): string {
  return image.pixelFingerprint ?? (image.bytes !== null ? pixels.fingerprint(image.bytes) : image.digest);
}

function describeImage(image: SideImage): Record<string, unknown> {
  const { kind, index, format, width, height, valid } = image.view;
  return { kind, index, format, width, height, valid };
}
