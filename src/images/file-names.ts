/** Longest name part kept from stream data, so a hostile id cannot exceed the file system's name limit. */
const MAX_STEM = 160;

/** Reduces a name from stream data to `[A-Za-z0-9._-]`, never empty, never `.`/`..` or hidden (SPEC §3). */
export function toSafeName(raw: string): string {
  let name = raw.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, MAX_STEM);
  if (name === '' || /^\.*$/.test(name) || name.startsWith('.')) name = `_${name}`;
  return name;
}

/**
 * Gives each item id one safe file name base for the whole run: two ids that reduce to the same
 * name get `-2`, `-3` … so they never overwrite each other.
 */
export function createNameAllocator(): (itemId: string) => string {
  const byId = new Map<string, string>();
  const taken = new Set<string>();
  return (itemId) => {
    const known = byId.get(itemId);
    if (known !== undefined) return known;
    const safe = toSafeName(itemId);
    let name = safe;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${safe}-${n}`;
    taken.add(name.toLowerCase());
    byId.set(itemId, name);
    return name;
  };
}
