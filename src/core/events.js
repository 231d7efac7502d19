/**
 * The event catalog: every streamed `type` respcat knows, as a typed union over the wire shapes
 * (snake_case fields as the API sends them). `decodeEvent` is the one place `unknown` JSON becomes these types.
 */
/** Lifecycle events: each carries the whole response object as it stands. */
export const LIFECYCLE_TYPES = [
    'response.created',
    'response.queued',
    'response.in_progress',
    'response.completed',
    'response.failed',
    'response.incomplete',
];
/** Lifecycle types that end a response. */
export const TERMINAL_TYPES = ['response.completed', 'response.failed', 'response.incomplete'];
/** Events that carry a piece of a text-like value, and the `.done` event that carries the whole. */
export const TEXT_STREAMS = {
    output_text: { delta: 'response.output_text.delta', done: 'response.output_text.done', field: 'text' },
    refusal: { delta: 'response.refusal.delta', done: 'response.refusal.done', field: 'refusal' },
    function_arguments: {
        delta: 'response.function_call_arguments.delta',
        done: 'response.function_call_arguments.done',
        field: 'arguments',
    },
    custom_tool_input: {
        delta: 'response.custom_tool_call_input.delta',
        done: 'response.custom_tool_call_input.done',
        field: 'input',
    },
    mcp_arguments: { delta: 'response.mcp_call_arguments.delta', done: 'response.mcp_call_arguments.done', field: 'arguments' },
    reasoning_summary: {
        delta: 'response.reasoning_summary_text.delta',
        done: 'response.reasoning_summary_text.done',
        field: 'text',
    },
    reasoning_text: { delta: 'response.reasoning_text.delta', done: 'response.reasoning_text.done', field: 'text' },
    code: {
        delta: 'response.code_interpreter_call_code.delta',
        done: 'response.code_interpreter_call_code.done',
        field: 'code',
    },
    audio_transcript: { delta: 'response.audio.transcript.delta', done: 'response.audio.transcript.done', field: 'transcript' },
    apply_patch_diff: {
        delta: 'response.apply_patch_call_operation_diff.delta',
        done: 'response.apply_patch_call_operation_diff.done',
        field: 'diff',
    },
};
/** Per-item progress events that carry only `item_id` and `output_index`. */
export const PROGRESS_TYPES = [
    'response.image_generation_call.in_progress',
    'response.image_generation_call.generating',
    'response.image_generation_call.completed',
    'response.web_search_call.in_progress',
    'response.web_search_call.searching',
    'response.web_search_call.completed',
    'response.file_search_call.in_progress',
    'response.file_search_call.searching',
    'response.file_search_call.completed',
    'response.code_interpreter_call.in_progress',
    'response.code_interpreter_call.interpreting',
    'response.code_interpreter_call.completed',
    'response.mcp_call.in_progress',
    'response.mcp_call.completed',
    'response.mcp_call.failed',
    'response.mcp_list_tools.in_progress',
    'response.mcp_list_tools.completed',
    'response.mcp_list_tools.failed',
];
/** Every Responses API event type respcat understands, plus the other families' synthetic types. */
export const KNOWN_EVENT_TYPES = [
    ...LIFECYCLE_TYPES,
    'error',
    'keepalive',
    'response.output_item.added',
    'response.output_item.done',
    'response.content_part.added',
    'response.content_part.done',
    'response.output_text.annotation.added',
    'response.reasoning_summary_part.added',
    'response.reasoning_summary_part.done',
    'response.image_generation_call.partial_image',
    'response.audio.delta',
    'response.audio.done',
    ...PROGRESS_TYPES,
    ...Object.values(TEXT_STREAMS).flatMap((s) => [s.delta, s.done]),
    'chat.completion.chunk',
    'image_generation.partial_image',
    'image_generation.completed',
    'image_edit.partial_image',
    'image_edit.completed',
];
/** Older names some logs carry, mapped to the current ones. */
export const LEGACY_EVENT_TYPES = {
    'response.output_text_annotation.added': 'response.output_text.annotation.added',
    'response.reasoning_summary.delta': 'response.reasoning_summary_text.delta',
    'response.reasoning_summary.done': 'response.reasoning_summary_text.done',
    'response.reasoning.delta': 'response.reasoning_text.delta',
    'response.reasoning.done': 'response.reasoning_text.done',
    'response.audio_transcript.delta': 'response.audio.transcript.delta',
    'response.audio_transcript.done': 'response.audio.transcript.done',
};
const catalogMatchesUnion = true;
void catalogMatchesUnion;
const KNOWN = new Set(KNOWN_EVENT_TYPES);
const LIFECYCLE = new Set(LIFECYCLE_TYPES);
const PROGRESS = new Set(PROGRESS_TYPES);
const DELTA_KIND = new Map();
const DONE_KIND = new Map();
for (const [kind, def] of Object.entries(TEXT_STREAMS)) {
    DELTA_KIND.set(def.delta, kind);
    DONE_KIND.set(def.done, kind);
}
/** The text stream a delta or done type belongs to, or null. */
export function textStreamOf(type) {
    const delta = DELTA_KIND.get(type);
    if (delta !== undefined)
        return { kind: delta, done: false };
    const done = DONE_KIND.get(type);
    if (done !== undefined)
        return { kind: done, done: true };
    return null;
}
/** Whether a type string is one respcat knows (after legacy names are mapped). */
export function isKnownType(type) {
    return KNOWN.has(LEGACY_EVENT_TYPES[type] ?? type);
}
const str = (v) => (typeof v === 'string' ? v : null);
const num = (v, fallback) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const obj = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null);
const seq = (json) => typeof json.sequence_number === 'number' ? { sequence_number: json.sequence_number } : {};
/** Turns a parsed JSON value into a typed event; the only place wire JSON is trusted into types. */
export function decodeEvent(value) {
    const json = obj(value);
    if (json === null)
        return { ok: false, problem: 'missing-type', json: value };
    const rawType = json.type;
    if (typeof rawType !== 'string') {
        // Chat Completions chunks and their mid-stream errors carry no `type`.
        if (json.object === 'chat.completion.chunk')
            return { ok: true, event: decodeChatChunk(json), json, rawType: 'chat.completion.chunk' };
        const nested = obj(json.error);
        if (nested !== null)
            return { ok: true, event: decodeError(json), json, rawType: 'error' };
        return { ok: false, problem: 'missing-type', json: value };
    }
    const type = LEGACY_EVENT_TYPES[rawType] ?? rawType;
    if (!KNOWN.has(type))
        return { ok: true, event: { type: 'unknown', rawType }, json, rawType };
    return { ok: true, event: decodeKnown(type, json), json, rawType };
}
function decodeKnown(type, json) {
    const item_id = str(json.item_id) ?? '';
    const output_index = num(json.output_index, -1);
    if (LIFECYCLE.has(type)) {
        return { type: type, response: obj(json.response) ?? {}, ...seq(json) };
    }
    if (PROGRESS.has(type))
        return { type: type, item_id, output_index, ...seq(json) };
    const stream = textStreamOf(type);
    if (stream !== null) {
        const index = num(json.content_index ?? json.summary_index, 0);
        if (!stream.done) {
            return { type: type, item_id, output_index, index, delta: str(json.delta) ?? '', ...seq(json) };
        }
        const field = TEXT_STREAMS[stream.kind].field;
        return {
            type: type,
            item_id,
            output_index,
            index,
            value: str(json[field]),
            name: str(json.name),
            ...seq(json),
        };
    }
    switch (type) {
        case 'error':
            return decodeError(json);
        case 'keepalive':
            return { type, ...seq(json) };
        case 'response.output_item.added':
        case 'response.output_item.done':
            return { type, output_index, item: obj(json.item) ?? {}, ...seq(json) };
        case 'response.content_part.added':
        case 'response.content_part.done':
            return { type, item_id, output_index, content_index: num(json.content_index, 0), part: obj(json.part) ?? {}, ...seq(json) };
        case 'response.reasoning_summary_part.added':
        case 'response.reasoning_summary_part.done':
            return { type, item_id, output_index, summary_index: num(json.summary_index, 0), part: obj(json.part) ?? {}, ...seq(json) };
        case 'response.output_text.annotation.added':
            return {
                type,
                item_id,
                output_index,
                content_index: num(json.content_index, 0),
                annotation_index: num(json.annotation_index, 0),
                annotation: obj(json.annotation) ?? {},
                ...seq(json),
            };
        case 'response.image_generation_call.partial_image':
            return {
                type,
                item_id,
                output_index,
                partial_image_index: num(json.partial_image_index, 0),
                partial_image_b64: str(json.partial_image_b64) ?? '',
                size: str(json.size),
                output_format: str(json.output_format),
                ...seq(json),
            };
        case 'response.audio.delta':
        case 'response.audio.done':
            return { type, delta: str(json.delta) ?? '', ...seq(json) };
        case 'chat.completion.chunk':
            return decodeChatChunk(json);
        case 'image_generation.partial_image':
        case 'image_generation.completed':
        case 'image_edit.partial_image':
        case 'image_edit.completed':
            return {
                type,
                b64_json: str(json.b64_json) ?? '',
                partial_image_index: typeof json.partial_image_index === 'number' ? json.partial_image_index : null,
                size: str(json.size),
                output_format: str(json.output_format),
                usage: obj(json.usage),
            };
    }
    // Unreachable for well-formed catalogs; kept total so a catalog slip degrades to "unknown".
    return { type: 'unknown', rawType: type };
}
function decodeError(json) {
    const nested = obj(json.error);
    const source = nested ?? json;
    return {
        type: 'error',
        code: str(source.code) ?? str(source.type),
        message: str(source.message) ?? '',
        param: str(source.param),
        ...seq(json),
    };
}
function decodeChatChunk(json) {
    const choices = Array.isArray(json.choices) ? json.choices.map((c) => obj(c) ?? {}) : [];
    return { type: 'chat.completion.chunk', id: str(json.id), model: str(json.model), choices, usage: obj(json.usage) };
}
/** Reads usage from a response object (Responses), chunk (Chat) or Images API event, in the Responses names. */
export function decodeUsage(value) {
    const u = obj(value);
    if (u === null)
        return null;
    const input = num(u.input_tokens ?? u.prompt_tokens, 0);
    const output = num(u.output_tokens ?? u.completion_tokens, 0);
    const inputDetails = obj(u.input_tokens_details) ?? obj(u.prompt_tokens_details);
    const outputDetails = obj(u.output_tokens_details) ?? obj(u.completion_tokens_details);
    return {
        input_tokens: input,
        output_tokens: output,
        total_tokens: num(u.total_tokens, input + output),
        cached_tokens: num(inputDetails?.cached_tokens, 0),
        reasoning_tokens: num(outputDetails?.reasoning_tokens, 0),
    };
}
/** Small readers for wire objects the decoder leaves as JSON (items, response objects). */
export const wire = { str, num, obj };
