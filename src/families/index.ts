/**
 * The registry: every stream family respcat reads, in the order they are asked about a payload. Adding a
 * family is its folder (see docs/adding-a-family.md) and one line in FAMILIES; everything else here is
 * the pipeline over them, ready to use.
 */
import { defineGetters } from '../core/getters.js';
import type { Update } from '../core/builder.js';
import type { Position } from '../core/diagnostics.js';
import type { FamilyEvent, UnknownEvent } from '../core/family.js';
import { createProcessor as createCoreProcessor, type PositionedEvent, type Processor, type ProcessorOptions } from '../core/processor.js';
import { createRouter, decodeWith, type DecodeResult } from '../core/router.js';
import * as generic from '../core/rules/index.js';
import type { ResponseState } from '../core/model.js';
import type { JsonObject } from '../core/wire.js';
import type { AnthropicEvent } from './anthropic/catalog.js';
import { anthropicFamily } from './anthropic/index.js';
import type { BedrockEvent } from './bedrock/catalog.js';
import { bedrockFamily } from './bedrock/index.js';
import type { ChatEvent } from './chat/catalog.js';
import { chatFamily } from './chat/index.js';
import type { Family } from './family.js';
import type { GeminiEvent } from './gemini/catalog.js';
import { geminiFamily } from './gemini/index.js';
import type { ImagesEvent } from './images/catalog.js';
import { imagesFamily } from './images/index.js';
import type { OllamaEvent } from './ollama/catalog.js';
import { ollamaFamily } from './ollama/index.js';
import type { ResponsesEvent } from './responses/catalog.js';
import { currentTypeName } from './responses/decode.js';
import { responsesFamily } from './responses/index.js';
import type { UiMessageEvent } from './ui-message/catalog.js';
import { uiMessageFamily } from './ui-message/index.js';

/** Every family, in the order a payload is offered to them (ambiguous payloads go to the first that shares them). */
export const FAMILIES: readonly Family[] = [responsesFamily, chatFamily, imagesFamily, anthropicFamily, geminiFamily, uiMessageFamily, ollamaFamily, bedrockFamily];

const BY_NAME = new Map<string, Family>(FAMILIES.map((family) => [family.name, family]));

/** The family of a response (by its `family` name); undefined for a name no family has. */
export function familyNamed(name: string): Family | undefined {
  return BY_NAME.get(name);
}

/** Every event type the families know, in catalog order (an `error` once). */
export const KNOWN_EVENT_TYPES: readonly string[] = [...new Set(FAMILIES.flatMap((family) => family.eventTypes))];
const KNOWN = new Set(KNOWN_EVENT_TYPES);

/** Whether a type string is one some family knows (legacy Responses names mapped). */
export function isKnownType(type: string): boolean {
  return KNOWN.has(currentTypeName(type));
}

/** Every event a family decodes, or the unknown event. */
export type StreamEvent = ResponsesEvent | ChatEvent | ImagesEvent | AnthropicEvent | GeminiEvent | UiMessageEvent | OllamaEvent | BedrockEvent | UnknownEvent;

/** The API paths `respcat serve` answers, every family's (a path two families share once). */
export const SERVE_PATHS: readonly string[] = [...new Set(FAMILIES.flatMap((family) => family.servePaths))];

/** The family whose captures `respcat serve` answers on an API path, or undefined. */
export function familyServing(path: string): Family | undefined {
  return FAMILIES.find((family) => family.servePaths.includes(path));
}

/** Decodes one JSON value with no stream in flight: the family it belongs to and its event, or why it is none. */
export function decodeEvent(value: unknown): DecodeResult<StreamEvent> {
  // The registry's families decode to their unions, which StreamEvent joins.
  return decodeWith(FAMILIES, value) as DecodeResult<StreamEvent>;
}

/** `empty-stream`. */
export const createEmptyStreamRule = generic.createEmptyStreamRule;
/** `missing-terminal-event`, in each family's words. */
export const createTerminalRule = (): generic.Rule => generic.createTerminalRule(FAMILIES);
/** `error-event`, `response-failed`, `response-incomplete`, as each family's events say. */
export const createOutcomeRule = (): generic.Rule => generic.createOutcomeRule(FAMILIES);
/** `text-mismatch`, for the families that send final values. */
export const createTextMismatchRule = (): generic.Rule => generic.createTextMismatchRule(FAMILIES);
/** `missing-final-image`, for each family's image items. */
export const createFinalImageRule = (): generic.Rule => generic.createFinalImageRule(FAMILIES);
/** `secret-in-capture`. */
export const createSecretRule = generic.createSecretRule;
/** `unsupported-stream`. */
export const createUnsupportedStreamRule = (): generic.Rule => generic.createUnsupportedStreamRule(FAMILIES);
export { createOutputMismatchRule, createSequenceRule } from './responses/rules.js';

/** A fresh instance of every stream rule, generic and the families' own (rules keep per-input state). */
export function createRules(): generic.Rule[] {
  return [
    generic.createEmptyStreamRule(),
    ...FAMILIES.flatMap((family) => family.createRules()),
    createTerminalRule(),
    createOutcomeRule(),
    createTextMismatchRule(),
    createFinalImageRule(),
    generic.createSecretRule(),
    createUnsupportedStreamRule(),
  ];
}

/** A decoded event of one of the registered families, with where it sat. */
export interface StreamPositionedEvent extends PositionedEvent {
  readonly event: StreamEvent;
}

/** Options of the processor over every family: the core's, with the families given and every rule by default. */
export interface StreamProcessorOptions extends Omit<ProcessorOptions, 'families' | 'rules' | 'onEvent'> {
  readonly rules?: readonly generic.Rule[];
  onEvent?(event: StreamPositionedEvent): void;
}

/** Creates the pipeline for one input over every registered family (framer → router → rules). */
export function createProcessor(options: StreamProcessorOptions = {}): Processor {
  return createCoreProcessor({ ...options, families: FAMILIES, rules: options.rules ?? createRules() });
}

/** Turns decoded events into responses; never throws on stream content. */
export interface Accumulator {
  /** Accumulates an event `decodeEvent` gave for `json`, in the family the stream in flight decides. */
  push(event: FamilyEvent, json: JsonObject, position: Position): void;
  /** `data: [DONE]`: the current stream ends; what follows is a further stream. */
  done(position: Position): void;
  /** The input ended: finish every open response (emits `response-end` for each). */
  end(): void;
  readonly responses: readonly ResponseState[];
  /** The response the last event went to. */
  readonly current: ResponseState | null;
}

/** Creates an accumulator over every family that reports each change to `onUpdate` synchronously. */
export function createAccumulator(onUpdate?: (update: Update) => void): Accumulator {
  const router = createRouter(FAMILIES, onUpdate);
  const methods: Omit<Accumulator, 'current'> = {
    push: (event, json, position) => router.push(router.familyFor(json), event, json, position),
    done: (position) => router.done(position),
    end: () => router.end(),
    responses: router.responses,
  };
  return defineGetters(methods, { current: () => router.builder.current });
}

export { currentTypeName, isResponsesType, textStreamOf } from './responses/decode.js';
export { LEGACY_EVENT_TYPES, TEXT_STREAMS } from './responses/catalog.js';
export { decodeUsage } from './openai-wire.js';
export type { Family, ItemBlock, ItemDescriber, ItemFacts, ServeWire } from './family.js';
