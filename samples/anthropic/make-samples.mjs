// Writes the Anthropic Messages samples of this folder: `node samples/anthropic/make-samples.mjs` from the project root.
// Every event is shaped after Anthropic's streaming docs and the @anthropic-ai/sdk types (see README.md); ids, texts
// and token counts are made up. Each event is written as the API sends it: `event: TYPE`, `data: JSON`, a blank line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('.', import.meta.url));

const start = (id, usage = { input_tokens: 25, output_tokens: 1 }) => ({
  type: 'message_start',
  message: {
    id,
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...usage },
  },
});
const ping = { type: 'ping' };
const blockStart = (index, content_block) => ({ type: 'content_block_start', index, content_block });
const delta = (index, d) => ({ type: 'content_block_delta', index, delta: d });
const text = (index, t) => delta(index, { type: 'text_delta', text: t });
const json = (index, partial_json) => delta(index, { type: 'input_json_delta', partial_json });
const stop = (index) => ({ type: 'content_block_stop', index });
const messageDelta = (stop_reason, output_tokens, extra = {}) => ({ type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage: { output_tokens, ...extra } });
const messageStop = { type: 'message_stop' };
/** A text block of the given pieces. */
const textBlock = (index, ...pieces) => [blockStart(index, { type: 'text', text: '' }), ...pieces.map((p) => text(index, p)), stop(index)];

const SAMPLES = {
  // The plain answer: text deltas, a ping, the cumulative usage in message_delta.
  'text.sse': [start('msg_01TextOnlyA1b2C3d4E5f6G7h8'), blockStart(0, { type: 'text', text: '' }), ping, text(0, 'Hello'), text(0, '! The sky is blue because air'), text(0, ' scatters short wavelengths more.'), stop(0), messageDelta('end_turn', 17), messageStop],
  // Extended thinking: thinking_delta, then the signature (never printed), then the answer.
  'thinking-signature.sse': [
    start('msg_01ThinkingB2c3D4e5F6g7H8i9', { input_tokens: 48, output_tokens: 3 }),
    blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
    delta(0, { type: 'thinking_delta', thinking: 'The user asks for 27 * 453.' }),
    delta(0, { type: 'thinking_delta', thinking: ' 27 * 453 = 12231.' }),
    delta(0, { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds6Zm0T0ZgpOzfB1XCkmPRqLDpXmV9dQmTGKFJA==' }),
    stop(0),
    ...textBlock(1, '27 * 453 = ', '12,231'),
    messageDelta('end_turn', 56),
    messageStop,
  ],
  // Redacted thinking: an encrypted block, whole at its start, shown only as its label.
  'redacted-thinking.sse': [
    start('msg_01RedactedC3d4E5f6G7h8I9j0'),
    blockStart(0, { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB8URj2pLmN0Kq5R+1tW' }),
    stop(0),
    ...textBlock(1, 'I thought about it ', 'and the answer is yes.'),
    messageDelta('end_turn', 31),
    messageStop,
  ],
  // Client tool calls: input_json_delta pieces joined into the input; a tool without arguments; stop_reason tool_use.
  'tool-use.sse': [
    start('msg_01ToolUseD4e5F6g7H8i9J0k1', { input_tokens: 472, output_tokens: 2 }),
    ...textBlock(0, "I'll check the weather ", 'in San Francisco for you.'),
    blockStart(1, { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {} }),
    json(1, ''),
    json(1, '{"location":'),
    json(1, ' "San Fra'),
    json(1, 'ncisco, CA", "unit": "fah'),
    json(1, 'renheit"}'),
    stop(1),
    blockStart(2, { type: 'tool_use', id: 'toolu_01Hm4Q2pXc8Lk3RzVn7Jd5Wb', name: 'get_time', input: {} }),
    json(2, ''),
    stop(2),
    messageDelta('tool_use', 89),
    messageStop,
  ],
  // The web search tool: the server's call, its results, and text whose citations_delta are shown as sources.
  'web-search-citations.sse': [
    start('msg_01WebSearchE5f6G7h8I9j0K1', { input_tokens: 2120, output_tokens: 3 }),
    blockStart(0, { type: 'server_tool_use', id: 'srvtoolu_014hJH82Qum7Td6UV8gDXThB', name: 'web_search', input: {} }),
    json(0, '{"query": "claude shannon'),
    json(0, ' birth date"}'),
    stop(0),
    blockStart(1, {
      type: 'web_search_tool_result',
      tool_use_id: 'srvtoolu_014hJH82Qum7Td6UV8gDXThB',
      content: [
        { type: 'web_search_result', title: 'Claude Shannon - Wikipedia', url: 'https://en.wikipedia.org/wiki/Claude_Shannon', encrypted_content: 'EqgfCioIARgBIiQ3YTAwMjY1Mi1mZjM5LTQ1NGUtODgxNC1kNjNjNTk1ZWI3Y2M', page_age: 'April 30, 2025' },
        { type: 'web_search_result', title: 'Claude E. Shannon | Britannica', url: 'https://www.britannica.com/biography/Claude-Shannon', encrypted_content: 'Eo8BCioIARgBIiQ3YTAwMjY1Mi1mZjM5LTQ1NGUtODgxNC1kNjNjNTk1ZWI3Y2M', page_age: null },
      ],
    }),
    stop(1),
    ...textBlock(2, 'Claude Shannon was born '),
    blockStart(3, { citations: [], type: 'text', text: '' }),
    delta(3, {
      type: 'citations_delta',
      citation: { type: 'web_search_result_location', cited_text: 'Claude Elwood Shannon (April 30, 1916 – February 24, 2001) was an American mathematician', url: 'https://en.wikipedia.org/wiki/Claude_Shannon', title: 'Claude Shannon - Wikipedia', encrypted_index: 'Eo8BCioIAhgBIiQyYjQ0OWJmZi1lNm' },
    }),
    text(3, 'on April 30, 1916, in Petoskey, Michigan'),
    stop(3),
    ...textBlock(4, '. He founded '),
    blockStart(5, { citations: [], type: 'text', text: '' }),
    delta(5, {
      type: 'citations_delta',
      citation: { type: 'web_search_result_location', cited_text: 'Shannon is known as the father of information theory.', url: 'https://www.britannica.com/biography/Claude-Shannon', title: 'Claude E. Shannon | Britannica', encrypted_index: 'EpABCioIAhgBIiQyYjQ0OWJmZi1lNm' },
    }),
    delta(5, {
      type: 'citations_delta',
      citation: { type: 'web_search_result_location', cited_text: 'Shannon founded information theory with a landmark paper', url: 'https://en.wikipedia.org/wiki/Claude_Shannon', title: 'Claude Shannon - Wikipedia', encrypted_index: 'EpABCioIAhgBIiQyYjQ0OWJmZi1lNx' },
    }),
    text(5, 'information theory'),
    stop(5),
    ...textBlock(6, '.'),
    messageDelta('end_turn', 96, { input_tokens: 10681, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, server_tool_use: { web_search_requests: 1 } }),
    messageStop,
  ],
  // The web fetch tool: the fetched document, and a document citation (char_location) of it.
  'web-fetch.sse': [
    start('msg_01WebFetchF6g7H8i9J0k1L2', { input_tokens: 3180, output_tokens: 2 }),
    blockStart(0, { type: 'server_tool_use', id: 'srvtoolu_01VfT5mYpW8nR2kQxJ3bLs9C', name: 'web_fetch', input: {} }),
    json(0, '{"url": "https://example.com/article"}'),
    stop(0),
    blockStart(1, {
      type: 'web_fetch_tool_result',
      tool_use_id: 'srvtoolu_01VfT5mYpW8nR2kQxJ3bLs9C',
      content: {
        type: 'web_fetch_result',
        url: 'https://example.com/article',
        retrieved_at: '2025-08-25T10:30:00Z',
        content: { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Full text content of the article: streaming is easy to get wrong.' }, title: 'Article Title', citations: { enabled: true } },
      },
    }),
    stop(1),
    ...textBlock(2, 'The article says '),
    blockStart(3, { citations: [], type: 'text', text: '' }),
    delta(3, { type: 'citations_delta', citation: { type: 'char_location', cited_text: 'streaming is easy to get wrong', document_index: 0, document_title: 'Article Title', start_char_index: 34, end_char_index: 64 } }),
    text(3, 'streaming is easy to get wrong'),
    stop(3),
    ...textBlock(4, '.'),
    messageDelta('end_turn', 40, { server_tool_use: { web_fetch_requests: 1 } }),
    messageStop,
  ],
  // Server tools that failed: the errors inside their result blocks are shown.
  'server-tool-errors.sse': [
    start('msg_01ToolErrorsG7h8I9j0K1l2M3', { input_tokens: 1450, output_tokens: 2 }),
    blockStart(0, { type: 'server_tool_use', id: 'srvtoolu_01Ab2Cd3Ef4Gh5Ij6Kl7Mn8Op', name: 'web_search', input: {} }),
    json(0, '{"query": "respcat"}'),
    stop(0),
    blockStart(1, { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_01Ab2Cd3Ef4Gh5Ij6Kl7Mn8Op', content: { type: 'web_search_tool_result_error', error_code: 'max_uses_exceeded' } }),
    stop(1),
    blockStart(2, { type: 'server_tool_use', id: 'srvtoolu_01Qr9St8Uv7Wx6Yz5Ab4Cd3Ef', name: 'web_fetch', input: {} }),
    json(2, '{"url": "https://example.invalid/"}'),
    stop(2),
    blockStart(3, { type: 'web_fetch_tool_result', tool_use_id: 'srvtoolu_01Qr9St8Uv7Wx6Yz5Ab4Cd3Ef', content: { type: 'web_fetch_tool_result_error', error_code: 'url_not_accessible' } }),
    stop(3),
    ...textBlock(4, 'Neither the search nor the fetch worked.'),
    messageDelta('end_turn', 52),
    messageStop,
  ],
  // The MCP connector: calls to a remote server, a result and an error result.
  'mcp-tools.sse': [
    start('msg_01McpToolsH8i9J0k1L2m3N4', { input_tokens: 610, output_tokens: 2 }),
    blockStart(0, { type: 'mcp_tool_use', id: 'mcptoolu_014Q35RayjACSWkSj4X2yov1', name: 'echo', server_name: 'example-mcp', input: {} }),
    json(0, '{"message": '),
    json(0, '"Hello"}'),
    stop(0),
    blockStart(1, { type: 'mcp_tool_result', tool_use_id: 'mcptoolu_014Q35RayjACSWkSj4X2yov1', is_error: false, content: [{ type: 'text', text: 'Tool result: Hello' }] }),
    stop(1),
    blockStart(2, { type: 'mcp_tool_use', id: 'mcptoolu_01Lp8Kn7Jm6Hb5Gv4Fc3Dx2Z', name: 'read_file', server_name: 'example-mcp', input: { path: '/etc/shadow' } }),
    stop(2),
    blockStart(3, { type: 'mcp_tool_result', tool_use_id: 'mcptoolu_01Lp8Kn7Jm6Hb5Gv4Fc3Dx2Z', is_error: true, content: 'Permission denied: /etc/shadow' }),
    stop(3),
    ...textBlock(4, 'The echo worked; reading the file was refused.'),
    messageDelta('end_turn', 77),
    messageStop,
  ],
  // Rule: a stream that ends before message_stop is cut off.
  'cut-off.sse': [start('msg_01CutOffI9j0K1l2M3n4O5'), blockStart(0, { type: 'text', text: '' }), text(0, 'The first half of the answer'), text(0, ' and then the connection')],
  // Rule: an error event after the 200 fails the message with its type and message.
  'overloaded-error.sse': [start('msg_01OverloadJ0k1L2m3N4o5P6'), blockStart(0, { type: 'text', text: '' }), text(0, 'Let me think about'), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
  // Rule: stop_reason max_tokens is incomplete.
  'max-tokens.sse': [start('msg_01MaxTokensK1l2M3n4O5p6Q7'), ...textBlock(0, 'Once upon a time, in a land', ' far away, there lived'), messageDelta('max_tokens', 16), messageStop],
  // Rule: stop_reason refusal is refused.
  'refusal.sse': [start('msg_01RefusalL2m3N4o5P6q7R8'), ...textBlock(0, 'I can help with the first part. For the'), messageDelta('refusal', 12), messageStop],
  // Rule: input_json_delta pieces that do not join into JSON.
  'invalid-tool-input.sse': [
    start('msg_01BadInputM3n4O5p6Q7r8S9'),
    blockStart(0, { type: 'tool_use', id: 'toolu_01Bad9Input8Joins7Nothing6', name: 'get_weather', input: {} }),
    json(0, '{"location": "Par'),
    json(0, 'is", "unit": '),
    stop(0),
    messageDelta('tool_use', 20),
    messageStop,
  ],
  // Tolerated: an event type, a block type and a delta type respcat does not know (Anthropic adds them).
  'unknown-types.sse': [
    start('msg_01UnknownN4o5P6q7R8s9T0'),
    { type: 'message_annotation', annotation: { kind: 'future' } },
    blockStart(0, { type: 'code_execution_tool_result', tool_use_id: 'srvtoolu_01Cx5Dy6Ez7Fa8Gb9Hc0Id1Je', content: { type: 'code_execution_result', stdout: '4\n', stderr: '', return_code: 0 } }),
    delta(0, { type: 'future_delta', payload: 'x' }),
    stop(0),
    ...textBlock(1, '2 + 2 = 4.'),
    messageDelta('end_turn', 9),
    messageStop,
  ],
};

/** An event as the API writes it. */
const frame = (event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

for (const [name, events] of Object.entries(SAMPLES)) writeFileSync(join(DIR, name), events.map(frame).join(''));
// samples/check keeps one capture per finding code: invalid-tool-input's is this folder's.
writeFileSync(join(DIR, '..', 'check', 'invalid-tool-input.sse'), SAMPLES['invalid-tool-input.sse'].map(frame).join(''));

// Routing between families: a Responses API stream, an Anthropic message, a chat stream, one input.
const responses = [
  { type: 'response.created', sequence_number: 0, response: { id: 'resp_mixed01', object: 'response', status: 'in_progress', model: 'gpt-4.1-mini', output: [] } },
  { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: 'msg_mixed01', type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
  { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_mixed01', output_index: 0, content_index: 0, delta: 'From OpenAI.' },
  {
    type: 'response.completed',
    sequence_number: 3,
    response: {
      id: 'resp_mixed01',
      object: 'response',
      status: 'completed',
      model: 'gpt-4.1-mini',
      output: [{ id: 'msg_mixed01', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'From OpenAI.', annotations: [] }] }],
      usage: { input_tokens: 5, output_tokens: 3, total_tokens: 8 },
    },
  },
];
const anthropic = [start('msg_01MixedO5p6Q7r8S9t0U1'), ping, ...textBlock(0, 'From Anthropic.'), messageDelta('end_turn', 5), messageStop];
const chat = { id: 'chatcmpl-mixed01', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { role: 'assistant', content: 'From chat.' }, finish_reason: 'stop' }] };
writeFileSync(join(DIR, 'mixed-families.sse'), [...responses, ...anthropic].map(frame).join('') + `data: ${JSON.stringify(chat)}\n\ndata: [DONE]\n\n`);
