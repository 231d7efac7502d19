import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../input/read-input.js';
import { describeFsError } from '../input/fs-errors.js';
import { createPicker, type Capture, type CapturePicker } from './captures.js';

/** What a recording's `.request.json` says was asked: `serve DIR` answers only that method and path. */
export interface RecordedRoute {
  readonly method: string;
  /** Without the query. */
  readonly path: string;
  /** The request body's `model`, if it named one. */
  readonly model: string | null;
}

/** One capture argument of `serve`, a FILE or one recording of a DIR. */
export interface CaptureArg {
  readonly path: string;
  readonly route: RecordedRoute | null;
}

const SIDE_FILES = /\.(timing|request\.json|tmp)$/;

/**
 * Expands `serve` arguments: a FILE stays itself; a DIR (as `respcat record --out` writes it) becomes its
 * captures in recording order (`<n>-…`, by n), each with the route its `.request.json` names. A DIR with
 * no capture, or one that cannot be listed, rejects with `InputError`.
 */
export async function expandCaptureArgs(args: readonly string[]): Promise<CaptureArg[]> {
  const out: CaptureArg[] = [];
  for (const arg of args) {
    let isDirectory = false;
    try {
      isDirectory = (await stat(arg)).isDirectory();
    } catch {
      // Not there: loading it as a FILE reports that with the usual message.
    }
    if (!isDirectory) {
      out.push({ path: arg, route: null });
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(arg, { withFileTypes: true })).filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !SIDE_FILES.test(entry.name)).map((entry) => entry.name);
    } catch (error) {
      throw new InputError(arg, describeFsError(error, 'read'));
    }
    if (names.length === 0) throw new InputError(arg, 'the folder holds no capture (respcat record --out writes <n>-<path>[-<model>].sse files)');
    names.sort((a, b) => (leadingNumber(a) ?? Infinity) - (leadingNumber(b) ?? Infinity) || a.localeCompare(b));
    for (const name of names) out.push({ path: join(arg, name), route: await readRoute(join(arg, name.replace(/\.sse(\.gz)?$/, '')) + '.request.json') });
  }
  return out;
}

/** The route of a recording, or null when it has no readable `.request.json` (it is then served like a FILE). */
async function readRoute(requestPath: string): Promise<RecordedRoute | null> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(requestPath, 'utf8'));
  } catch {
    return null;
  }
  const { method, path, body } = (value !== null && typeof value === 'object' ? value : {}) as { method?: unknown; path?: unknown; body?: unknown };
  if (typeof method !== 'string' || typeof path !== 'string') return null;
  const model = body !== null && typeof body === 'object' ? (body as { model?: unknown }).model : undefined;
  const query = path.indexOf('?');
  return { method: method.toUpperCase(), path: query === -1 ? path : path.slice(0, query), model: typeof model === 'string' ? model : null };
}

/**
 * Chooses among recordings by method and path (then by model with `--match model`, as for FILEs): null
 * when no capture is a recording, so the server answers as it always has.
 */
export function createRecordingRouter(captures: readonly Capture[], match: 'model' | null) {
  const recorded = captures.filter((capture) => capture.route !== null);
  const pickers = new Map<string, CapturePicker>();
  return {
    /** Every capture is a recording: a request no recording answers is a 404. */
    onlyRecordings: recorded.length > 0 && recorded.length === captures.length,
    /** The picker for the recordings of `method` `path`, or null when none was recorded. */
    route(method: string, path: string): CapturePicker | null {
      const key = `${method} ${path}`;
      const known = pickers.get(key);
      if (known !== undefined) return known;
      const candidates = recorded.filter((capture) => capture.route?.method === method && capture.route.path === path);
      if (candidates.length === 0) return null;
      const picker = createPicker(candidates, match);
      pickers.set(key, picker);
      return picker;
    },
    /** `METHOD path` of each distinct route, for a 404's message. */
    routes(): string[] {
      return [...new Set(recorded.map((capture) => `${capture.route?.method} ${capture.route?.path}`))];
    },
  };
}

function leadingNumber(name: string): number | null {
  const match = /^(\d+)-/.exec(name);
  return match === null ? null : Number(match[1]);
}
