/** One place where two JSON values differ: the path below the compared value, and what each side holds there. */
export interface JsonChange {
  /** Appended to the compared value's path: `.city`, `[2]`, `["a key"]`; empty for the value itself. */
  readonly path: string;
  readonly change: 'changed' | 'added' | 'removed';
  /** A's value there (null when `added`), B's value there (null when `removed`). */
  readonly a: unknown;
  readonly b: unknown;
}

/** How deep `diffJson` descends; deeper values are compared whole (iteratively) and reported at that depth. */
export const JSON_DIFF_DEPTH = 64;

/** A path segment for an object key: `.key` for identifier-like keys, `["…"]` (JSON-quoted) for any other. */
export function keySegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * The differences between two JSON values: objects key by key whatever their key order, arrays element by
 * element, anything else by value. Differences in the order they are found, keys in A's order then B's new ones.
 */
export function diffJson(a: unknown, b: unknown): JsonChange[] {
  const changes: JsonChange[] = [];
  walk(a, b, '', 0, changes);
  return changes;
}

function walk(a: unknown, b: unknown, path: string, depth: number, out: JsonChange[]): void {
  if (depth >= JSON_DIFF_DEPTH) {
    if (!isDeepEqual(a, b)) out.push({ path, change: 'changed', a, b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const shared = Math.min(a.length, b.length);
    for (let i = 0; i < shared; i++) walk(a[i], b[i], `${path}[${i}]`, depth + 1, out);
    for (let i = shared; i < a.length; i++) out.push({ path: `${path}[${i}]`, change: 'removed', a: a[i], b: null });
    for (let i = shared; i < b.length; i++) out.push({ path: `${path}[${i}]`, change: 'added', a: null, b: b[i] });
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      const segment = `${path}${keySegment(key)}`;
      if (Object.hasOwn(b, key)) walk(a[key], b[key], segment, depth + 1, out);
      else out.push({ path: segment, change: 'removed', a: a[key], b: null });
    }
    for (const key of Object.keys(b)) {
      if (!Object.hasOwn(a, key)) out.push({ path: `${path}${keySegment(key)}`, change: 'added', a: null, b: b[key] });
    }
    return;
  }
  if (a !== b) out.push({ path, change: 'changed', a, b });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether two JSON values are equal (object key order ignored), without recursion: any depth is safe. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop() as [unknown, unknown];
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
    } else if (isObject(x) || isObject(y)) {
      if (!isObject(x) || !isObject(y)) return false;
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      for (const key of keys) {
        if (!Object.hasOwn(y, key)) return false;
        stack.push([x[key], y[key]]);
      }
    } else if (x !== y) return false;
  }
  return true;
}

/**
 * Parses a JSON text that is an object or an array nested at most `maxDepth` deep (tool call arguments);
 * anything else, or text that does not parse, is `{ ok: false }` and is compared as text instead.
 */
export function parseJsonValue(text: string, maxDepth = JSON_DIFF_DEPTH): { readonly ok: true; readonly value: unknown } | { readonly ok: false } {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return { ok: false };
  if (nestingDepth(text) > maxDepth) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** How deep brackets nest in a JSON text, strings skipped (a scan, so a hostile text cannot exhaust the stack). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}
