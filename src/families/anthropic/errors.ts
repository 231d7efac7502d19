import type { JsonObject } from '../../core/wire.js';

/** The error `type` Anthropic's API sends with each HTTP status (its errors page), and its usual message. */
const SHAPES: Readonly<Record<number, { readonly type: string; readonly message: string }>> = {
  400: { type: 'invalid_request_error', message: 'Invalid request' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  402: { type: 'billing_error', message: 'Billing error' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource' },
  404: { type: 'not_found_error', message: 'Not found' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes' },
  429: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' },
  500: { type: 'api_error', message: 'Internal server error' },
  504: { type: 'timeout_error', message: 'Request timed out' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

/** The body Anthropic's API answers an HTTP error with: `{"type":"error","error":{"type","message"}}`. */
export function anthropicErrorBody(status: number, message: string | undefined): { readonly message: string; readonly body: JsonObject } {
  const shape = SHAPES[status] ?? { type: status >= 500 ? 'api_error' : 'invalid_request_error', message: `HTTP ${status}` };
  const text = message ?? shape.message;
  return { message: text, body: { type: 'error', error: { type: shape.type, message: text } } };
}
