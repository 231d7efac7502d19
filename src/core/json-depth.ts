/**
 * How deep an event's arrays and objects may nest (docs/spec.md §10). Every later walk over event JSON
 * (`JSON.stringify` in `replay --json`, the reports and the rules) recurses, and V8's stack gives out
 * at a few thousand levels; real events nest a few dozen. An event nested deeper is reported as
 * `nesting-too-deep` and skipped, so nothing after the decoder ever sees one.
 */
export const MAX_JSON_DEPTH = 1000;

/** Whether `value` nests arrays and objects more than `max` levels deep (the value itself is level 1); walked with a stack of its own. */
export function isNestedDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop() as object;
    const depth = depths.pop() as number;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? (node as unknown[]) : Object.values(node)) {
      if (child !== null && typeof child === 'object') {
        nodes.push(child as object);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
