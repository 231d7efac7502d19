import type { Frame } from '../core/sse.js';
import { decodeEventStreamMessage, eventStreamCodec } from '../input/event-stream-codec.js';
import { createFrameMapper, type FrameMapper } from './frame-mapper.js';

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8');
const header = (value: string) => ({ type: 'string' as const, value });

/**
 * Creates the reframer of the binary AWS event stream wire (docs/spec.md §9, Bedrock's ConverseStream): each event
 * of a capture, binary or JSON lines (`{"contentBlockDelta": {…}}`), goes out as one event stream message encoded by
 * the AWS SDK's codec: `:message-type: event` and `:event-type` its member's name, a member named `…Exception` as
 * `:message-type: exception`, and the event stream's own error (`eventStreamError`) as `:message-type: error`.
 * Anything else (a payload that is not one such member, a framing problem) is left out: the wire cannot carry it.
 */
export function createEventStreamReframer(): FrameMapper {
  return createFrameMapper(
    (frame: Frame) => (frame.kind === 'payload' ? encodeEvent(frame.bytes) : null),
    () => null,
    { decodeEventStream: decodeEventStreamMessage },
  );
}

function encodeEvent(payload: Uint8Array): Uint8Array | null {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(payload));
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  const [name, body] = entries[0] ?? [];
  if (entries.length !== 1 || name === undefined || body === null || typeof body !== 'object') return null;
  const json = { ':content-type': header('application/json') };
  if (name === 'eventStreamError') {
    const error = body as { errorCode?: unknown; errorMessage?: unknown };
    const headers = { ':message-type': header('error'), ':error-code': header(String(error.errorCode ?? 'InternalError')), ':error-message': header(String(error.errorMessage ?? '')) };
    return eventStreamCodec.encode({ headers, body: new Uint8Array(0) });
  }
  const headers = name.endsWith('Exception')
    ? { ':message-type': header('exception'), ':exception-type': header(name), ...json }
    : { ':message-type': header('event'), ':event-type': header(name), ...json };
  return eventStreamCodec.encode({ headers, body: encoder.encode(JSON.stringify(body)) });
}
