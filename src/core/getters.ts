// Getters for the objects the core's factories return, without `get name() { … }` in an object literal.
//
// Why: such a getter is a new closure for every object made, so no hidden class can describe the objects and
// V8 leaves each in dictionary mode: ~14 times as long to make, slower to read, and (measured) what each one
// points at survives young collections. Checking 500 small files promoted ~16 KB of garbage per file and
// spent a quarter of its time collecting (docs/benchmarks.md, session 8). Here the getter functions are
// shared, one per property name, and call a reader kept on the object: fast properties, one hidden class.

const READERS = Symbol('respcat.readers');

type Readers = Record<string, () => unknown>;
type WithReaders = { readonly [READERS]: Readers };

const shared = new Map<string, () => unknown>();

function getterFor(name: string): () => unknown {
  let getter = shared.get(name);
  if (getter === undefined) {
    getter = function (this: WithReaders): unknown {
      return (this[READERS][name] as () => unknown)();
    };
    shared.set(name, getter);
  }
  return getter;
}

/**
 * Adds to `object` an enumerable getter per entry of `readers`, returning what the reader returns; the
 * readers themselves are not enumerable, so the object looks (keys, JSON, spread, equality) as with literal getters.
 */
export function defineGetters<T extends object, R extends Readers>(object: T, readers: R): T & { readonly [K in keyof R]: ReturnType<R[K]> } {
  Object.defineProperty(object, READERS, { value: readers });
  for (const name of Object.keys(readers)) Object.defineProperty(object, name, { get: getterFor(name), enumerable: true, configurable: true });
  return object as T & { readonly [K in keyof R]: ReturnType<R[K]> };
}
