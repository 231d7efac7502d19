import { itemParts, partsValue, streamValue, type ItemState, type TextStreamKind } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import type { ItemBlock, ItemDescriber, ItemFacts } from '../family.js';
import { callTitle, factSetter } from '../describe-helpers.js';

const { str, obj } = wire;

/** The Responses API's item kinds, for replay and inspect: what each holds, its streams' labels, what prints at its end. */
export const responsesDescriber: ItemDescriber = {
  alternativeName: 'choice',
  placeOf: (_response, item) => (item.outputIndex < 0 ? null : item.outputIndex),
  facts: (_response, item) => describeFacts(item),
  label: (item, kind) => streamLabel(item, kind),
  endBlocks: (item, printed) => endBlocks(item, printed),
};

/** What an item holds, by kind: the facts of `InspectItem` that apply to it. */
function describeFacts(item: ItemState): ItemFacts {
  const body = item.item;
  const facts: ItemFacts = {};
  const set = factSetter(facts);
  switch (item.type) {
    case 'message': {
      set('role', str(body.role));
      set('phase', str(body.phase));
      set('text', partsValue(item, 'output_text') ?? '');
      set('refusal', partsValue(item, 'refusal'));
      if (item.annotations.length > 0) set('annotations', item.annotations);
      else set('annotations', annotationsOf(body));
      break;
    }
    case 'reasoning': {
      set('summary', itemParts(item, 'reasoning_summary') ?? []);
      set('reasoningText', partsValue(item, 'reasoning_text', '\n\n'));
      const encrypted = str(body.encrypted_content);
      if (encrypted !== null) set('encryptedContentLength', encrypted.length);
      break;
    }
    case 'function_call':
      set('name', str(body.name));
      set('callId', str(body.call_id));
      set('arguments', streamValue(item, 'function_arguments') ?? str(body.arguments) ?? '');
      break;
    case 'custom_tool_call':
      set('name', str(body.name));
      set('callId', str(body.call_id));
      set('input', streamValue(item, 'custom_tool_input') ?? str(body.input) ?? '');
      break;
    case 'mcp_call':
    case 'mcp_approval_request':
      set('serverLabel', str(body.server_label));
      set('name', str(body.name));
      set('arguments', streamValue(item, 'mcp_arguments') ?? str(body.arguments) ?? '');
      set('output', str(body.output));
      set('error', errorText(body.error));
      break;
    case 'mcp_list_tools': {
      set('serverLabel', str(body.server_label));
      set('tools', toolNames(body));
      set('error', errorText(body.error));
      break;
    }
    case 'web_search_call': {
      const action = obj(body.action);
      if (action !== null) {
        const { sources, ...rest } = action;
        set('action', rest);
        if (Array.isArray(sources)) set('sources', sources.length);
      }
      break;
    }
    case 'file_search_call':
      set('queries', strings(body.queries));
      if (Array.isArray(body.results)) set('results', body.results.length);
      break;
    case 'code_interpreter_call':
      set('code', streamValue(item, 'code') ?? str(body.code) ?? '');
      set('containerId', str(body.container_id));
      if (Array.isArray(body.outputs)) set('outputs', body.outputs.length);
      break;
    case 'image_generation_call':
    case 'image':
      set('partialImages', item.partialImages);
      set('finalImage', item.hasFinalImage);
      set('revisedPrompt', str(body.revised_prompt));
      set('size', str(body.size));
      set('outputFormat', str(body.output_format));
      break;
    case 'shell_call': {
      const streamed = itemParts(item, 'shell_command');
      set('commands', streamed ?? strings(obj(body.action)?.commands));
      break;
    }
    case 'local_shell_call':
      set('commands', [strings(obj(body.action)?.command).join(' ')]);
      break;
    case 'shell_call_output':
      set('output', streamValue(item, 'shell_output') ?? shellOutput(body));
      break;
    case 'local_shell_call_output':
    case 'function_call_output':
    case 'custom_tool_call_output':
      set('callId', str(body.call_id));
      set('output', str(body.output));
      break;
    case 'apply_patch_call': {
      const operation = obj(body.operation);
      if (operation !== null) {
        const { diff: _diff, ...rest } = operation;
        set('operation', rest);
      }
      set('diff', streamValue(item, 'apply_patch_diff') ?? str(operation?.diff));
      set('callId', str(body.call_id));
      break;
    }
    case 'computer_call': {
      const action = obj(body.action);
      set('callId', str(body.call_id));
      if (action !== null) set('action', action);
      break;
    }
    case 'compaction': {
      const encrypted = str(body.encrypted_content);
      if (encrypted !== null) set('encryptedContentLength', encrypted.length);
      break;
    }
    case 'audio':
      set('transcript', streamValue(item, 'audio_transcript') ?? '');
      set('audioChunks', item.audioChunks);
      set('audioBytes', item.audioBytes);
      break;
  }
  return facts;
}

/** The label replay prints above a streamed text: `[function call get_weather]`; null for a message's text. */
function streamLabel(item: ItemState, kind: TextStreamKind): string | null {
  const body = item.item;
  switch (kind) {
    case 'output_text':
      return item.type === 'message' ? null : `${item.type.replace(/_/g, ' ')} text`;
    case 'refusal':
      return 'refusal';
    case 'reasoning_summary':
      return 'reasoning summary';
    case 'reasoning_text':
      return 'reasoning';
    case 'function_arguments':
      return callTitle('function call', body);
    case 'custom_tool_input':
      return callTitle('custom tool call', body);
    case 'mcp_arguments':
      return callTitle('mcp call', body);
    case 'code':
      return 'code interpreter';
    case 'audio_transcript':
      return 'audio transcript';
    case 'apply_patch_diff':
      return patchTitle(body);
    case 'shell_command':
      return 'shell';
    case 'shell_output':
      return 'shell output';
  }
}

/** Text that was never streamed (final values only, items known only whole): what replay prints once the item ends. */
function endBlocks(item: ItemState, printed: (kind: TextStreamKind) => boolean): ItemBlock[] {
  const body = item.item;
  const blocks: ItemBlock[] = [];
  const unstreamed = (kind: TextStreamKind, separator = ''): void => {
    if (printed(kind)) return;
    const text = partsValue(item, kind, separator);
    if (text !== null && text !== '') blocks.push({ title: streamLabel(item, kind), text, stream: kind });
  };
  switch (item.type) {
    case 'message':
      unstreamed('output_text');
      unstreamed('refusal');
      if (item.annotations.length > 0) blocks.push({ title: 'sources', text: item.annotations.map(describeAnnotation).join('\n') });
      break;
    case 'reasoning':
      unstreamed('reasoning_summary', '\n\n');
      unstreamed('reasoning_text', '\n\n');
      break;
    case 'web_search_call': {
      const what = describeWebSearch(body);
      if (what !== null) blocks.push({ title: 'web search', text: what });
      break;
    }
    case 'file_search_call': {
      const queries = strings(body.queries);
      if (queries.length > 0) blocks.push({ title: 'file search', text: queries.join('\n') });
      break;
    }
    case 'mcp_list_tools': {
      const server = str(body.server_label);
      blocks.push({ title: `mcp tools${server !== null ? ` ${server}` : ''}`, text: toolNames(body).join(', ') });
      break;
    }
    case 'function_call':
    case 'custom_tool_call':
    case 'mcp_call':
    case 'mcp_approval_request': {
      const kind = item.type === 'custom_tool_call' ? 'custom_tool_input' : item.type === 'function_call' ? 'function_arguments' : 'mcp_arguments';
      if (printed(kind)) break;
      const title = item.type === 'mcp_approval_request' ? 'mcp approval request' : item.type.replace(/_/g, ' ');
      blocks.push({ title: callTitle(title, body), text: str(body.arguments) ?? str(body.input) ?? '' });
      break;
    }
    case 'code_interpreter_call': {
      const code = str(body.code);
      if (!printed('code') && code !== null && code !== '') blocks.push({ title: 'code interpreter', text: code });
      break;
    }
    case 'shell_call':
    case 'local_shell_call': {
      const action = obj(body.action);
      const commands = strings(action?.commands);
      const command = strings(action?.command);
      const text = commands.length > 0 ? commands.join('\n') : command.join(' ');
      if (!printed('shell_command') && text !== '') blocks.push({ title: 'shell', text });
      break;
    }
    case 'shell_call_output': {
      const text = shellOutput(body);
      if (!printed('shell_output') && text !== '') blocks.push({ title: 'shell output', text });
      break;
    }
    case 'apply_patch_call':
      if (!printed('apply_patch_diff')) blocks.push({ title: patchTitle(body), text: str(obj(body.operation)?.diff) ?? '' });
      break;
    case 'computer_call':
      blocks.push({ title: 'computer call', text: str(obj(body.action)?.type) ?? '' });
      break;
  }
  return blocks;
}

/** `apply patch update_file notes.md`. */
function patchTitle(body: JsonObject): string {
  const operation = obj(body.operation);
  const parts = ['apply patch', str(operation?.type), str(operation?.path)].filter((p): p is string => p !== null);
  return parts.join(' ');
}

/** A web search's action in a line or a few: its queries, the page it opened, or what it looked for in a page. */
function describeWebSearch(body: JsonObject): string | null {
  const action = obj(body.action);
  if (action === null) return null;
  const url = str(action.url);
  switch (action.type) {
    case 'open_page':
      return `open ${url ?? '(no url)'}`;
    case 'find_in_page':
    case 'find':
      return `find ${JSON.stringify(str(action.pattern) ?? '')} in ${url ?? '(no url)'}`;
    default: {
      // `query` is deprecated but still sent; newer captures list `queries` (which repeat it).
      const queries = strings(action.queries);
      const query = str(action.query);
      const all = queries.length > 0 ? queries : query !== null ? [query] : [];
      return all.length > 0 ? all.join('\n') : (str(action.type) ?? null);
    }
  }
}

function describeAnnotation(annotation: JsonObject): string {
  const type = str(annotation.type) ?? 'annotation';
  const title = str(annotation.title) ?? str(annotation.filename);
  const where = str(annotation.url) ?? str(annotation.file_id) ?? '';
  return `- ${type}${title !== null ? `: ${title}` : ''}${where !== '' ? ` <${where}>` : ''}`;
}

function annotationsOf(body: JsonObject): JsonObject[] | null {
  const content = Array.isArray(body.content) ? body.content : [];
  const all = content.flatMap((part) => {
    const annotations = obj(part)?.annotations;
    return Array.isArray(annotations) ? annotations.map((a) => obj(a)).filter((a): a is JsonObject => a !== null) : [];
  });
  return all.length > 0 ? all : null;
}

/** An MCP server's tool names. */
function toolNames(body: JsonObject): string[] {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  return tools.map((tool) => str(obj(tool)?.name)).filter((name): name is string => name !== null);
}

/** A shell call's output as one text: each output's stdout and stderr. */
function shellOutput(body: JsonObject): string {
  const outputs = Array.isArray(body.output) ? body.output.map((o) => obj(o) ?? {}) : [];
  return outputs.map((o) => (str(o.stdout) ?? '') + (str(o.stderr) ?? '')).join('');
}

function errorText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const error = obj(value);
  return error !== null ? (str(error.message) ?? JSON.stringify(error)) : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
