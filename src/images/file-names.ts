/** Longest name part kept from stream data, so a hostile id cannot exceed the file system's name limit. */
const MAX_STEM = 160;

/** Reduces a name from stream data to `[A-Za-z0-9._-]`, never empty, never `.`/`..` or hidden (docs/spec.md §3). */
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

/** What a file name is made of: the image's item, and which of its images it is. */
export interface NamedImage {
  readonly itemId: string;
  readonly kind: 'partial' | 'final';
  readonly index: number | null;
}

/**
 * Gives every image of a run a file name no other image of the run has (docs/spec.md §3):
 * `<base>.partial-<n>.<ext>` or `<base>.<ext>`, base from createNameAllocator. A name already given,
 * compared without case, gets `-2`, `-3` … before its extension: the final image of item `x.partial-0`
 * and partial 0 of item `x` would both be `x.partial-0.png`, and so would two partials numbered alike.
 * Call it in stream order, so the same capture always gives the same names.
 */
export function createImageNamer(): (image: NamedImage, extension: string) => string {
  const allocate = createNameAllocator();
  const taken = new Set<string>();
  return (image, extension) => {
    const base = allocate(image.itemId);
    const stem = image.kind === 'partial' ? `${base}.partial-${image.index ?? 0}` : base;
    let name = `${stem}.${extension}`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem}-${n}.${extension}`;
    taken.add(name.toLowerCase());
    return name;
  };
}
