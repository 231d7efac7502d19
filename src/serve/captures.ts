import { createProcessor } from '../families/index.js';
import { decodeEventStreamMessage } from '../input/event-stream-codec.js';
import { openSource, readChunks } from '../input/read-input.js';
import { loadTiming, type TimingEntry } from '../input/timing.js';
import { readHead } from './capture-head.js';
import type { HttpPreamble } from '../input/http-preamble.js';
import type { RecordedRoute } from './recordings.js';

/** One capture `respcat serve` can answer with. */
export interface Capture {
  readonly path: string;
  /** The model its first response names (`response.created`'s `response.model`, a chat chunk's `model`); null when none does. */
  readonly model: string | null;
  /** The pacing recorded in its sidecar, when one sits beside it and fits. */
  readonly timing: readonly TimingEntry[] | null;
  /** A recording's method, path and model (`serve DIR`): only such requests get it. Null for a FILE. */
  readonly route: RecordedRoute | null;
  /** Its `curl -i` preamble: the status and headers it is answered with, its body sent after it. */
  readonly preamble: HttpPreamble | null;
  /** The stream family of its first response (how it is sent: docs/spec.md §9); null when respcat finds none. */
  readonly family: string | null;
}

/**
 * Loads a capture for serving: reads its first bytes (an unreadable file rejects with `InputError`),
 * its sidecar (one `warn` when it does not fit), and, with `model`, reads on until a model is named.
 */
export async function loadCapture(
  path: string,
  options: { readonly model: boolean; readonly warn: (message: string) => void; readonly route?: RecordedRoute | null },
): Promise<Capture> {
  const stream = openSource({ kind: 'file', path });
  let model: string | null = null;
  let family: string | null = null;
  try {
    // The processor, rules off, is how respcat reads any framing; only the family and the model are wanted here.
    const processor = createProcessor({ rules: [], decodeEventStream: decodeEventStreamMessage });
    for await (const chunk of readChunks(stream, path, options.warn)) {
      processor.feed(chunk);
      family ??= processor.responses[0]?.family ?? null;
      if (options.model) model = processor.responses.find((response) => response.model !== null)?.model ?? null;
      if (family !== null && (!options.model || model !== null)) break;
    }
  } finally {
    stream.destroy();
  }
  const timing = await loadTiming(path);
  if (timing !== null && !timing.ok) options.warn(`ignoring ${timing.problem}; ${path} is sent unpaced`);
  const route = options.route ?? null;
  // A recording is matched by the model its request asked for, which is what a client asks for again.
  return { path, model: route?.model ?? model, timing: timing?.ok === true ? timing.entries : null, route, preamble: await readHead(path), family };
}

/** Chooses the capture for each request. */
export interface CapturePicker {
  /**
   * Round-robin over all captures; with `--match model` and a requested model, over those whose model
   * equals it, else starts with it, else none (null: the server answers 404).
   */
  pick(requestedModel: string | null): Capture | null;
}

/** Creates the picker for `captures` (at least one); `match` is the `--match` field, if any. */
export function createPicker(captures: readonly Capture[], match: 'model' | null): CapturePicker {
  // One turn counter per candidate set, so each model's captures take turns among themselves.
  const turns = new Map<string, number>();
  const rotate = (key: string, candidates: readonly Capture[]): Capture => {
    const turn = turns.get(key) ?? 0;
    turns.set(key, turn + 1);
    return candidates[turn % candidates.length] as Capture;
  };
  return {
    pick(requestedModel) {
      if (match === 'model' && requestedModel !== null && requestedModel !== '') {
        const exact = captures.filter((capture) => capture.model === requestedModel);
        if (exact.length > 0) return rotate(`=${requestedModel}`, exact);
        // A request for `gpt-4.1-mini` matches a capture of `gpt-4.1-mini-2025-04-14`.
        const prefixed = captures.filter((capture) => capture.model?.startsWith(requestedModel) === true);
        if (prefixed.length > 0) return rotate(`^${requestedModel}`, prefixed);
        return null;
      }
      return rotate('', captures);
    },
  };
}
