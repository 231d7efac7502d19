import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CREDENTIAL_HEADERS, CREDENTIAL_QUERY_KEYS, REDACTED } from '../core/secrets.js';

/** The files of one recorded exchange, in `--out`: `<n>-<path-slug>[-<model>].sse`, its `.timing` and `.request.json`. */
export interface RecordingFiles {
  /** `<n>-<path-slug>[-<model>]`. */
  readonly stem: string;
  readonly capture: string;
  readonly request: string;
}

/** How a recorded exchange ended, as `.request.json`'s `response` says. */
export interface RecordedOutcome {
  readonly status: number | null;
  /** The whole response arrived and was passed on. */
  readonly complete: boolean;
  /** Body bytes recorded (after the preamble). */
  readonly bytes: number;
  /** Why it did not complete (`client closed the connection`, `upstream failed: …`, `stopped`), else null. */
  readonly ending: string | null;
}

/** `.request.json`: what the client sent, credentials written as `[redacted]`, and how the response ended. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query as the client sent them; credential query values redacted. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyEncoding: 'json' | 'utf8' | 'base64' | 'none';
  readonly body: unknown;
  readonly response: RecordedOutcome | null;
}

/** Longest slug kept from a path or a model name, so names stay well under the file system's limit. */
const MAX_SLUG = 80;

/** `/v1/chat/completions` → `v1-chat-completions`; anything but `[A-Za-z0-9._]` becomes `-`. */
export function slug(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9._]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, MAX_SLUG);
  return cleaned === '' ? 'root' : cleaned;
}

/** The file names of exchange `n`. */
export function recordingFiles(dir: string, n: number, path: string, model: string | null): RecordingFiles {
  const query = path.indexOf('?');
  const stem = `${n}-${slug(query === -1 ? path : path.slice(0, query))}${model !== null && model !== '' ? `-${slug(model)}` : ''}`;
  return { stem, capture: join(dir, `${stem}.sse`), request: join(dir, `${stem}.request.json`) };
}

/** The `n` of a recording's file name (`12-v1-responses….sse` → 12), or null. */
export function recordingNumber(fileName: string): number | null {
  const match = /^(\d+)-/.exec(fileName);
  return match === null ? null : Number(match[1]);
}

/** Header values as they may go to disk: credentials (and cookies) as `[redacted]`. */
export function redactHeaderValue(name: string, value: string): string {
  return CREDENTIAL_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
}

/** The path with credential query values (`?key=…`, `api-key=…`) as `[redacted]`; the rest as sent. */
export function redactQuery(path: string): string {
  const query = path.indexOf('?');
  if (query === -1) return path;
  const parts = path
    .slice(query + 1)
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      const key = decodeSafely(equals === -1 ? part : part.slice(0, equals)).toLowerCase();
      return equals !== -1 && CREDENTIAL_QUERY_KEYS.has(key) ? `${part.slice(0, equals)}=${REDACTED}` : part;
    });
  return `${path.slice(0, query)}?${parts.join('&')}`;
}

/**
 * The `curl -i` preamble of a response: status line, headers as received (names and order kept,
 * credentials redacted), blank line. respcat reads this framing in every command.
 */
export function renderPreamble(httpVersion: string, status: number, statusMessage: string, rawHeaders: readonly string[]): string {
  const lines = [`HTTP/${httpVersion} ${status}${statusMessage === '' ? '' : ` ${statusMessage}`}`];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    lines.push(`${name}: ${oneLine(redactHeaderValue(name, rawHeaders[i + 1] as string))}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The request as `.request.json` holds it. */
export function describeRequest(method: string, path: string, headers: Readonly<Record<string, string | string[] | undefined>>, body: Buffer): Omit<RecordedRequest, 'response'> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    kept[name] = redactHeaderValue(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return { method, path: redactQuery(path), headers: kept, ...describeBody(body) };
}

function describeBody(body: Buffer): Pick<RecordedRequest, 'bodyEncoding' | 'body'> {
  if (body.length === 0) return { bodyEncoding: 'none', body: null };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { bodyEncoding: 'base64', body: body.toString('base64') };
  }
  try {
    return { bodyEncoding: 'json', body: JSON.parse(text) as unknown };
  } catch {
    return { bodyEncoding: 'utf8', body: text };
  }
}

/** Writes `.request.json` whole: a temporary file, then a rename, so a reader never sees half of it. */
export async function writeRequestFile(path: string, request: RecordedRequest): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(request, null, 2)}\n`);
  await rename(temp, path);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}
