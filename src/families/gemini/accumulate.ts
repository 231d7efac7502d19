import type { ResponseBuilder } from '../../core/builder.js';
import type { Position } from '../../core/diagnostics.js';
import type { FamilyAccumulator } from '../../core/family.js';
import { itemsInOrder, type ItemState, type ResponseState } from '../../core/model.js';
import type { JsonObject } from '../../core/wire.js';
import { accumulateError } from '../openai-wire.js';
import type { GeminiCandidate, GeminiChunkEvent, GeminiEvent, GeminiEventOf, GeminiEventType, GeminiPart } from './catalog.js';

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type Handlers = { readonly [T in GeminiEventType]: (event: GeminiEventOf<T>, json: JsonObject, at: Position) => void };

const FAMILY = 'gemini';
/** Finish reasons that mean the model would not answer (or not all of it): the response is refused, with the reason. */
export const REFUSED_FINISH: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'LANGUAGE',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/** Per candidate: the item its next text or thought continues, and the next free place. */
interface CandidateState {
  open: ItemState | null;
  next: number;
}

/**
 * Accumulates Gemini chunks (docs/spec.md §8): each candidate is an alternative of the response; its parts become
 * items in order (a run of text parts one message, a run of thoughts one reasoning item, each call, code, result and
 * image its own item). The response is whole once every candidate has a finishReason; a blocked prompt fails it.
 */
export function createGeminiAccumulator(builder: ResponseBuilder): FamilyAccumulator<GeminiEvent> {
  const candidates = new WeakMap<ResponseState, Map<number, CandidateState>>();
  const stateOf = (response: ResponseState, index: number): CandidateState => {
    let byIndex = candidates.get(response);
    if (byIndex === undefined) candidates.set(response, (byIndex = new Map()));
    let state = byIndex.get(index);
    if (state === undefined) byIndex.set(index, (state = { open: null, next: 0 }));
    return state;
  };

  /** A new responseId begins the next response; so does a candidate that already finished getting more parts (logs of several streams). */
  function startsNext(response: ResponseState, event: GeminiChunkEvent): boolean {
    if (event.responseId !== null && response.id !== null && response.id !== event.responseId) return true;
    return event.candidates.some((c) => c.parts.length > 0 && (response.alternatives.get(c.index) ?? null) !== null);
  }

  function chunk(event: GeminiChunkEvent, _json: JsonObject, at: Position): void {
    let response = builder.current;
    if (response === null || response.family !== FAMILY || builder.hasEnded(response) || startsNext(response, event)) response = builder.start(FAMILY, at);
    response.events++;
    response.id ??= event.responseId;
    response.model = event.modelVersion ?? response.model;
    // usageMetadata is cumulative: the last one is the response's.
    if (event.usage !== null) response.usage = event.usage;
    if (event.blockReason !== null && response.terminal === null) {
      response.status = 'failed';
      response.error = { code: event.blockReason, message: event.blockReasonMessage ?? `The prompt was blocked (blockReason ${event.blockReason})` };
      response.terminal = { type: 'promptFeedback.blockReason', position: at };
    }
    let finished = false;
    for (const candidate of event.candidates) {
      if (!response.alternatives.has(candidate.index)) response.alternatives.set(candidate.index, null);
      const state = stateOf(response, candidate.index);
      for (const part of candidate.parts) addPart(response, candidate, state, part, at);
      if (candidate.sources !== null || candidate.queries.length > 0) ground(response, candidate, state, at);
      if (candidate.finishReason !== null && response.alternatives.get(candidate.index) === null) {
        finishCandidate(response, candidate.index, candidate.finishReason, at);
        finished = true;
      }
    }
    if (finished) settle(response, at);
  }

  /** The item a part goes into: the open run when it is of `type`, else a new one at the candidate's next place. */
  function itemFor(response: ResponseState, candidate: GeminiCandidate, state: CandidateState, type: string, at: Position, id: string | null = null): ItemState {
    if (state.open !== null && state.open.type === type && state.open.end === null) return state.open;
    closeOpen(response, state, at);
    const item = builder.item(response, { outputIndex: state.next++, alternative: candidate.index }, id, type, at);
    item.status = 'in_progress';
    if (candidate.role !== null) item.item = { ...item.item, role: candidate.role };
    return item;
  }

  /** A text or thought run ends where a part of another kind follows it. */
  function closeOpen(response: ResponseState, state: CandidateState, at: Position): void {
    const open = state.open;
    state.open = null;
    if (open === null || open.end !== null) return;
    open.status = 'completed';
    builder.itemDone(response, open, { source: 'next part', position: at });
  }

  /** A part that is whole in itself (a call, code, a result, an image) ends as it comes. */
  function whole(response: ResponseState, item: ItemState, at: Position): void {
    item.status = 'completed';
    builder.itemDone(response, item, { source: 'part', position: at });
  }

  function addPart(response: ResponseState, candidate: GeminiCandidate, state: CandidateState, part: GeminiPart, at: Position): void {
    switch (part.kind) {
      case 'text': {
        const item = itemFor(response, candidate, state, part.thought ? 'reasoning' : 'message', at);
        state.open = item;
        sign(item, part.signature);
        builder.delta(response, item, part.thought ? 'reasoning_text' : 'output_text', 0, part.text);
        return;
      }
      case 'function_call': {
        const item = itemFor(response, candidate, state, 'function_call', at);
        item.item = { ...item.item, type: 'function_call', ...(part.name !== null ? { name: part.name } : {}), ...(part.id !== null ? { call_id: part.id } : {}) };
        sign(item, part.signature);
        builder.delta(response, item, 'function_arguments', 0, part.args);
        whole(response, item, at);
        return;
      }
      case 'executable_code': {
        const item = itemFor(response, candidate, state, 'executable_code', at);
        item.item = { ...item.item, ...(part.language !== null ? { language: part.language } : {}) };
        sign(item, part.signature);
        builder.delta(response, item, 'code', 0, part.code);
        whole(response, item, at);
        return;
      }
      case 'code_execution_result': {
        const item = itemFor(response, candidate, state, 'code_execution_result', at);
        item.item = { ...item.item, output: part.output, ...(part.outcome !== null ? { outcome: part.outcome } : {}) };
        sign(item, part.signature);
        whole(response, item, at);
        return;
      }
      case 'inline_data': {
        const image = part.mimeType?.startsWith('image/') === true;
        const place = state.next;
        // docs/spec.md §7: an image is named after its response and its place: `<responseId>-<candidate>-<place>`.
        const id = `${response.id ?? `gemini-${response.index + 1}`}-${candidate.index}-${place}`;
        const item = itemFor(response, candidate, state, image ? 'image' : 'inline_data', at, id);
        item.item = { ...item.item, ...(part.mimeType !== null ? { mime_type: part.mimeType } : {}), data_length: part.data.length };
        sign(item, part.signature);
        if (image) {
          item.hasFinalImage = true;
          const declared = (part.mimeType as string).slice('image/'.length);
          builder.image(
            response,
            { itemId: id, outputIndex: place, kind: 'final', index: null, declaredFormat: declared === 'jpg' ? 'jpeg' : declared, declaredSize: null, position: at, source: 'inlineData' },
            part.data,
          );
        }
        whole(response, item, at);
        return;
      }
      case 'other': {
        const item = itemFor(response, candidate, state, 'other_part', at);
        item.item = { ...item.item, fields: part.fields };
        whole(response, item, at);
        return;
      }
    }
  }

  /** An item that carried a `thoughtSignature`: its length only, so it is never printed. */
  function sign(item: ItemState, length: number): void {
    if (length === 0) return;
    const before = typeof item.item.thought_signature_length === 'number' ? item.item.thought_signature_length : 0;
    item.item = { ...item.item, thought_signature_length: before + length };
  }

  /** `groundingMetadata`: the sources go onto the candidate's last message as annotations, once each. */
  function ground(response: ResponseState, candidate: GeminiCandidate, state: CandidateState, at: Position): void {
    const messages = itemsInOrder(response).filter((item) => item.alternative === candidate.index && item.type === 'message');
    let message = messages[messages.length - 1];
    if (message === undefined) {
      message = itemFor(response, candidate, state, 'message', at);
      state.open = message;
    }
    const seen = new Set(message.annotations.map((a) => `${String(a.url)}\n${String(a.title)}`));
    for (const source of candidate.sources ?? []) {
      const key = `${String(source.uri)}\n${String(source.title)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      builder.annotation(response, message, { type: 'grounding', ...(source.title !== null ? { title: source.title } : {}), ...(source.uri !== null ? { url: source.uri } : {}) });
    }
    if (candidate.queries.length > 0) message.item = { ...message.item, queries: candidate.queries };
  }

  /** A candidate got its finishReason: its open items end here, then the candidate (`alternative-done`). */
  function finishCandidate(response: ResponseState, index: number, reason: string, at: Position): void {
    const state = stateOf(response, index);
    state.open = null;
    const status = reason === 'STOP' ? 'completed' : 'incomplete';
    for (const item of itemsInOrder(response)) {
      if (item.alternative !== index || item.end !== null) continue;
      item.status = status;
      builder.itemDone(response, item, { source: 'finishReason', position: at });
    }
    builder.alternativeDone(response, index, reason, at);
  }

  /** Whole once every candidate has a finishReason: completed when all are STOP, else incomplete with the first other reason. */
  function settle(response: ResponseState, at: Position): void {
    const reasons = [...response.alternatives.values()];
    if (response.terminal !== null || reasons.some((r) => r === null)) return;
    const cut = [...response.alternatives].find(([, reason]) => reason !== 'STOP');
    response.status = cut === undefined ? 'completed' : 'incomplete';
    response.incompleteReason = cut === undefined ? null : response.alternatives.size > 1 ? `${cut[1]} (candidate ${cut[0]})` : (cut[1] ?? null);
    response.terminal = { type: 'finishReason', position: at };
  }

  const handlers: Handlers = {
    GenerateContentResponse: chunk,
    // An error after the 200 ends the stream: the SDK throws on it and reads no further.
    error: (event, _json, at) => accumulateError(builder, FAMILY, event, at, true),
  };

  return {
    push(event, json, at) {
      (handlers[event.type] as (e: GeminiEvent, j: JsonObject, at: Position) => void)(event, json, at);
    },
  };
}
