import { STATUS_CODES } from 'node:http';
import type { Family } from '../families/index.js';

/** The body the OpenAI API sends with an HTTP error: `{"error": {message, type, param, code}}`. */
export interface ApiErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
  };
}

/** An HTTP error as respcat serves it: status, extra headers, the API-shaped JSON body, and the message in it. */
export interface ApiError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ApiErrorBody | { readonly [key: string]: unknown };
  readonly message: string;
}

/** What the API puts in `type` and `code` for the statuses clients handle specially (the SDK maps each status to an error class). */
const SHAPES: Readonly<Record<number, { type: string; code: string | null; message: string }>> = {
  400: { type: 'invalid_request_error', code: null, message: 'Bad request' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided' },
  403: { type: 'permission_error', code: null, message: 'You are not allowed to make this request' },
  404: { type: 'invalid_request_error', code: 'not_found', message: 'Not found' },
  405: { type: 'invalid_request_error', code: 'method_not_allowed', message: 'Method not allowed' },
  409: { type: 'invalid_request_error', code: 'conflict', message: 'Conflict' },
  413: { type: 'invalid_request_error', code: 'request_too_large', message: 'Request body too large' },
  422: { type: 'invalid_request_error', code: null, message: 'Unprocessable entity' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request' },
  502: { type: 'server_error', code: 'bad_gateway', message: 'Bad gateway' },
  503: { type: 'server_error', code: 'service_unavailable', message: 'The engine is currently overloaded, please try again later' },
  504: { type: 'server_error', code: 'timeout', message: 'Gateway timeout' },
};

/**
 * Builds the error response for `status` (any 400–599), with `message` in place of the default text, in the shape
 * of the API of the path's family (`family`: its `errorBody`; else OpenAI's, with `code` in place of the default one).
 */
export function apiError(status: number, message?: string, options: { readonly family?: Family | undefined; readonly code?: string } = {}): ApiError {
  const shape = SHAPES[status] ?? {
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
    message: STATUS_CODES[status] ?? `HTTP ${status}`,
  };
  // The SDK retries 429 and 5xx after `retry-after`; 0 keeps a client test that does retry fast.
  const headers: Record<string, string> = status === 429 || status >= 500 ? { 'retry-after': '0', 'retry-after-ms': '0' } : {};
  if (status === 429) {
    Object.assign(headers, { 'x-ratelimit-limit-requests': '1', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '0s' });
  }
  const own = options.family?.errorBody?.(status, message);
  if (own !== undefined) return { status, headers, body: own.body, message: own.message };
  const text = message ?? shape.message;
  // A wire with an error body of its own (Ollama's `{"error": "…"}`) carries the same message.
  const wireBody = options.family?.serveWire?.errorBody;
  if (wireBody !== undefined) return { status, headers, body: wireBody(text) as { readonly [key: string]: unknown }, message: text };
  return { status, headers, body: { error: { message: text, type: shape.type, param: null, code: options.code ?? shape.code } }, message: text };
}
