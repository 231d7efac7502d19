/** A deterministic PRNG (mulberry32) so "random" splits are the same on every run. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits bytes at the given offsets. */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

/** Every way the tests split an input: whole, one byte at a time, every two-way split, seeded random splits. */
export function* chunkings(bytes: Uint8Array, options: { seed?: number; random?: number; maxTwoWay?: number } = {}): Generator<{ name: string; chunks: Uint8Array[] }> {
  yield { name: 'whole', chunks: [bytes] };
  yield { name: 'one byte at a time', chunks: Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)) };
  const maxTwoWay = options.maxTwoWay ?? Infinity;
  const step = bytes.length <= maxTwoWay ? 1 : Math.ceil(bytes.length / maxTwoWay);
  for (let cut = 1; cut < bytes.length; cut += step) yield { name: `split at ${cut}`, chunks: splitAt(bytes, [cut]) };
  const random = createRandom(options.seed ?? 42);
  for (let run = 0; run < (options.random ?? 20); run++) {
    const count = 1 + Math.floor(random() * 12);
    const cuts = Array.from({ length: count }, () => Math.floor(random() * bytes.length));
    yield { name: `random split #${run} at ${cuts.join(',')}`, chunks: splitAt(bytes, cuts) };
  }
}
