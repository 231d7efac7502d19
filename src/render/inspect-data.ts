import { positionFields, type Diagnostic, type OmittedDiagnostics, type Severity } from '../core/diagnostics.js';
import type { TimingFigures } from '../core/latency.js';
import { itemsInOrder, messageText, type ImageRecord, type ItemState, type ResponseState, type ResponseTiming, type Usage } from '../core/model.js';
import type { FramingStats } from '../core/sse.js';
import { familyNamed, type ItemFacts } from '../families/index.js';
import { formatBytes } from './summary-line.js';

/** What `respcat inspect` reports about one input: the `respcat.inspect/1` JSON shape (docs/spec.md §4). */
export interface InspectReport {
  readonly schema: 'respcat.inspect/1';
  readonly file: string;
  readonly framing: InspectFraming;
  readonly events: number;
  /** Events per raw `type`, most frequent first. */
  readonly eventTypes: Readonly<Record<string, number>>;
  readonly responses: readonly InspectResponse[];
  readonly diagnostics: readonly InspectDiagnostic[];
  /** Present when some code had more diagnostics than respcat keeps (KEPT_PER_CODE): how many more. */
  readonly omittedDiagnostics?: readonly OmittedDiagnostics[];
  /** The input failed part way through (what came before it is reported); null when it was read whole. */
  readonly readError: string | null;
}

/** The framings found in an input (docs/spec.md §2), in words and in counts. */
export interface InspectFraming {
  /** One line: `SSE event:/data: blocks · LF · 71 lines · 7.8 kB`. */
  readonly description: string;
  readonly formats: readonly string[];
  readonly lineEndings: { readonly lf: number; readonly crlf: number; readonly cr: number };
  readonly lines: number;
  readonly bytes: number;
  readonly bom: boolean;
  readonly comments: number;
  readonly doneMarkers: number;
  readonly httpStatus: number | null;
  readonly unrecognizedLines: number;
}

/** One response of an input. */
export interface InspectResponse {
  readonly id: string | null;
  /** The stream family's name (`responses`, `chat`, `images`). */
  readonly family: string;
  readonly model: string | null;
  readonly status: string;
  /** False when the input ended before the response's terminal event. */
  readonly finished: boolean;
  readonly usage: Usage | null;
  /** The server's own timing (Ollama's durations) in ms, with token rates; only where the stream reports one. */
  readonly serverTiming?: InspectTiming;
  readonly error: { readonly code: string | null; readonly message: string } | null;
  readonly incompleteReason: string | null;
  /** The concatenated message text. */
  readonly text: string;
  /** The line the response's first event is on (0 in a binary input: `byte` is its offset). */
  readonly line: number;
  readonly byte?: number;
  readonly events: number;
  readonly items: readonly InspectItem[];
  readonly images: readonly InspectImage[];
  /** Latency figures from the capture's `.timing` sidecar (docs/spec.md §4); null without one. */
  readonly timing: TimingFigures | null;
}

/** A response's timing as its server measured it: milliseconds, and tokens per second where the counts allow. */
export interface InspectTiming extends ResponseTiming {
  readonly promptTokensPerSecond: number | null;
  readonly outputTokensPerSecond: number | null;
}

/**
 * One output item, in output order: where it sits and how it ended, then the facts its family's describer
 * gives for its kind (`name` and `arguments` for calls, and so on).
 */
export interface InspectItem extends Readonly<ItemFacts> {
  readonly id: string | null;
  readonly type: string;
  readonly status: string | null;
  /** Null for what has no place in `output` (chat choices, Images API images, audio). */
  readonly outputIndex: number | null;
  /**
   * How the item ended, in its family's words: its `output_item.done`, only the terminal response, its chat
   * choice's `finish_reason`, the Images API's `.completed` event, or not at all (null).
   */
  readonly ended: string | null;
  /** Events that named this item by another `item_id` (a proxy rotating ids). */
  readonly otherItemIds?: number;
}

/** One partial or final image, as validated (never its bytes). */
export interface InspectImage {
  readonly itemId: string;
  readonly kind: 'partial' | 'final';
  /** The partial's index; null for a final image. */
  readonly index: number | null;
  /** The format the bytes are (by their magic), not the declared one; null when they are none of png, jpeg, webp, gif. */
  readonly format: string | null;
  readonly bytes: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly valid: boolean;
  /** Why the image is not valid; null when it is. */
  readonly problem: string | null;
  readonly declaredFormat: string | null;
  readonly declaredSize: string | null;
  /** Where the image came from: a partial_image event, output_item.done, the terminal response, an Images API event. */
  readonly from: string;
  readonly line: number;
}

/** One diagnostic, with the 1-based line it concerns (0 in a binary input, which has `byte`, its offset, instead). */
export interface InspectDiagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly byte?: number;
}

/** An image as the image processor validated it (structurally an `ImageOutcome` without its bytes). */
export interface InspectedImage {
  readonly record: ImageRecord;
  readonly check: {
    readonly format: string | null;
    readonly width: number | null;
    readonly height: number | null;
    readonly bytes: number;
    readonly valid: boolean;
    readonly problem: string | null;
  };
  readonly base64Valid: boolean;
}

/** Everything one input produced, as `buildInspectReport` needs it. */
export interface InspectInput {
  readonly file: string;
  readonly stats: Readonly<FramingStats>;
  readonly events: number;
  readonly eventTypes: ReadonlyMap<string, number>;
  readonly responses: readonly ResponseState[];
  readonly diagnostics: readonly Diagnostic[];
  readonly omitted?: readonly OmittedDiagnostics[];
  readonly images: readonly InspectedImage[];
  readonly readError: string | null;
  /** A response's latency figures (null: no sidecar). */
  readonly timing?: (response: ResponseState) => TimingFigures | null;
}

/** Builds the report of one input from what the pipeline produced. */
export function buildInspectReport(input: InspectInput): InspectReport {
  // Every payload became an event or an invalid-json / missing-type finding; those that were not JSON lines were data:.
  const unparsed = (code: string): boolean => code === 'invalid-json' || code === 'missing-type';
  const omitted = input.omitted ?? [];
  const payloads =
    input.events + input.diagnostics.filter((d) => unparsed(d.code)).length + omitted.filter((o) => unparsed(o.code)).reduce((sum, o) => sum + o.count, 0);
  return {
    schema: 'respcat.inspect/1',
    file: input.file,
    framing: describeFraming(input.stats, Math.max(0, payloads - input.stats.jsonLines - input.stats.jsonArrayElements)),
    events: input.events,
    eventTypes: Object.fromEntries([...input.eventTypes.entries()].sort((a, b) => b[1] - a[1])),
    responses: input.responses.map((response) =>
      describeResponse(
        response,
        input.images.filter((image) => image.record.responseIndex === response.index),
        input.timing?.(response) ?? serverFigures(response),
      ),
    ),
    diagnostics: [...input.diagnostics]
      .sort((a, b) => a.position.line - b.position.line || a.position.byte - b.position.byte)
      .map((d) => ({ severity: d.severity, code: d.code, message: d.message, ...positionFields(d.position) })),
    ...(omitted.length > 0 ? { omittedDiagnostics: omitted } : {}),
    readError: input.readError,
  };
}

/** Describes the framings the framer counted; `dataPayloads` (events framed from `data:` lines) tells multi-line data apart. */
export function describeFraming(stats: Readonly<FramingStats>, dataPayloads: number): InspectFraming {
  const formats: string[] = [];
  if (stats.httpStatus !== null) formats.push(`curl -i preamble (HTTP ${stats.httpStatus})`);
  const dataLines = stats.dataLines - stats.done;
  if (dataLines > 0) {
    let sse = stats.eventLines > 0 ? 'SSE event:/data: blocks' : stats.blankLines > 0 ? 'SSE data: blocks' : 'data: lines with no blank line between events';
    if (dataLines > dataPayloads) sse += ', multi-line data';
    formats.push(sse);
  }
  if (stats.jsonLines > 0) formats.push('JSON lines');
  if (stats.jsonArrayElements > 0) formats.push('streamed JSON array');
  if (stats.binary) formats.push('AWS event stream (binary)');
  if (formats.length === 0) formats.push(stats.bytes === 0 ? 'empty' : 'no events');

  const endings = (
    [
      ['LF', stats.lf],
      ['CRLF', stats.crlf],
      ['CR', stats.cr],
    ] as const
  ).filter(([, n]) => n > 0);
  const lineEndings =
    endings.length === 0 ? 'no line ends' : endings.length === 1 ? `${endings[0]?.[0]}` : `mixed line ends (${endings.map(([name, n]) => `${name} ${n}`).join(', ')})`;
  // A binary input has no lines: its messages are counted instead.
  const extras: string[] = stats.binary ? [plural(stats.eventStreamMessages, 'message')] : [lineEndings];
  if (stats.bom) extras.push('UTF-8 BOM');
  if (stats.comments > 0) extras.push(plural(stats.comments, 'comment line'));
  if (stats.idLines + stats.retryLines > 0) extras.push(`${stats.idLines + stats.retryLines} id:/retry: lines`);
  if (stats.done > 0) extras.push(`[DONE] ×${stats.done}`);
  if (stats.unrecognized > 0) extras.push(plural(stats.unrecognized, 'unrecognized line'));
  extras.push(...(stats.binary ? [] : [plural(stats.lines, 'line')]), formatBytes(stats.bytes));
  return {
    description: [formats.join(' + '), ...extras].join(' · '),
    formats,
    lineEndings: { lf: stats.lf, crlf: stats.crlf, cr: stats.cr },
    lines: stats.lines,
    bytes: stats.bytes,
    bom: stats.bom,
    comments: stats.comments,
    doneMarkers: stats.done,
    httpStatus: stats.httpStatus,
    unrecognizedLines: stats.unrecognized,
  };
}

function describeResponse(response: ResponseState, images: readonly InspectedImage[], timing: TimingFigures | null): InspectResponse {
  return {
    id: response.id,
    family: response.family,
    model: response.model,
    status: response.status,
    finished: response.terminal !== null,
    usage: response.usage,
    ...(response.timing !== null ? { serverTiming: describeTiming(response.timing, response.usage) } : {}),
    error: response.error,
    incompleteReason: response.incompleteReason,
    text: messageText(response),
    ...positionFields(response.position),
    events: response.events,
    items: itemsInOrder(response).map((item) => describeItem(response, item)),
    images: images.map(describeImage),
    timing,
  };
}

/** Without a sidecar, the latency figures the stream's own durations give (Ollama's): its duration and output rate. */
function serverFigures(response: ResponseState): TimingFigures | null {
  const timing = response.timing;
  if (timing === null || timing.totalMs === null) return null;
  return {
    source: 'server',
    firstByteMs: null,
    firstTextMs: null,
    firstReasoningMs: null,
    firstImageMs: null,
    finalImageMs: null,
    durationMs: timing.totalMs,
    maxGapMs: null,
    maxGapLine: null,
    outputTokensPerSecond: describeTiming(timing, response.usage).outputTokensPerSecond,
  };
}

function describeTiming(timing: ResponseTiming, usage: Usage | null): InspectTiming {
  const rate = (tokens: number | undefined, ms: number | null): number | null =>
    tokens === undefined || ms === null || ms <= 0 ? null : Math.round((tokens / (ms / 1000)) * 10) / 10;
  return { ...timing, promptTokensPerSecond: rate(usage?.input_tokens, timing.promptMs), outputTokensPerSecond: rate(usage?.output_tokens, timing.outputMs) };
}

function describeImage({ record, check, base64Valid }: InspectedImage): InspectImage {
  const problem = !base64Valid ? `not valid base64${check.problem !== null ? `; ${check.problem}` : ''}` : check.problem;
  return {
    itemId: record.itemId,
    kind: record.kind,
    index: record.index,
    format: check.format,
    bytes: check.bytes,
    width: check.width,
    height: check.height,
    valid: base64Valid && check.valid,
    problem: base64Valid && check.valid ? null : (problem ?? 'not a valid image'),
    declaredFormat: record.declaredFormat,
    declaredSize: record.declaredSize,
    from: record.source,
    line: record.position.line,
  };
}

/** What an item holds, by kind (its family's describer says): the fields of `InspectItem` that apply to it. */
export function describeItem(response: ResponseState, item: ItemState): InspectItem {
  const describer = familyNamed(response.family)?.describer;
  return {
    id: item.id,
    type: item.type,
    status: item.status,
    outputIndex: describer?.placeOf(response, item) ?? null,
    ended: item.end?.source ?? null,
    ...describer?.facts(response, item),
    ...(item.otherIds > 0 ? { otherItemIds: item.otherIds } : {}),
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
